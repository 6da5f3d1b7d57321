"""Signals for the apps that keep rows pointing at countries."""

from django.dispatch import Signal

#: Sent inside the transaction, just before a country that two sources named differently is
#: deleted in favour of the one it turned out to be, with `previous` and `target`: whatever
#: must survive the merge (missions, their accreditations) moves from `previous` to `target`
#: now; rows left behind are deleted with `previous` or, when protected, stop the merge.
country_merging = Signal()
