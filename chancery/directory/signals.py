"""Signals other apps listen to when directory data changes in bulk."""

from django.dispatch import Signal

#: Sent after a bulk change to missions has been committed (an import run), with `source`.
missions_changed = Signal()
