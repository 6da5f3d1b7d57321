"""Data changes anywhere in the directory invalidate the page cache."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from chancery.directory.signals import missions_changed

from .pagecache import bump_data_version

#: Apps whose data pages show.
DATA_APPS = frozenset({"countries", "directory", "advisories", "news", "corrections", "ingest"})


def _changed(sender: type, **kwargs: object) -> None:
    if getattr(getattr(sender, "_meta", None), "app_label", None) in DATA_APPS:
        bump_data_version()


post_save.connect(_changed, dispatch_uid="pagecache-save")
post_delete.connect(_changed, dispatch_uid="pagecache-delete")
m2m_changed.connect(_changed, dispatch_uid="pagecache-m2m")
missions_changed.connect(bump_data_version, dispatch_uid="pagecache-import")
