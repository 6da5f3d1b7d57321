"""Every change to the data bumps the data version (`versions`), which the page cache, the
cached fragments and the search index all follow.

Saves and deletes of the data apps' models are seen through Django's own signals. Writes that
bypass them (an import's bulk inserts and updates) send `data_changed` once they are committed.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

from .versions import bump_data_version

#: Sent after data has been changed in bulk and committed (an import run), with `source`.
data_changed = Signal()

#: Apps whose data pages show.
DATA_APPS = frozenset({"countries", "directory", "advisories", "news", "corrections", "ingest"})


def _saved_or_deleted(sender: type, **_kwargs: object) -> None:
    if getattr(getattr(sender, "_meta", None), "app_label", None) not in DATA_APPS:
        return
    # Now, for this process and the current transaction; again once the data is committed,
    # for the other processes, which might otherwise cache what they read before the commit
    # under the new version.
    bump_data_version()
    transaction.on_commit(bump_data_version)


post_save.connect(_saved_or_deleted, dispatch_uid="data-version-save")
post_delete.connect(_saved_or_deleted, dispatch_uid="data-version-delete")
m2m_changed.connect(_saved_or_deleted, dispatch_uid="data-version-m2m")
data_changed.connect(bump_data_version, dispatch_uid="data-version-bulk")
