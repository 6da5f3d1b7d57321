"""Keep the search index in step with the data: any change to a mission or country bumps it."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from chancery.countries.models import Country
from chancery.directory.models import Mission
from chancery.directory.signals import missions_changed

from .services import bump_version


def _changed(**_kwargs: object) -> None:
    # Now, for this process and the current transaction; again once the data is committed,
    # for the other processes.
    bump_version()
    transaction.on_commit(bump_version)


for _model in (Mission, Country):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"search-save-{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"search-delete-{_model.__name__}")


@receiver(m2m_changed, sender=Mission.jurisdictions.through, dispatch_uid="search-jurisdictions")
def _jurisdictions_changed(**kwargs: object) -> None:
    _changed(**kwargs)


@receiver(missions_changed, dispatch_uid="search-import")
def _imported(**_kwargs: object) -> None:
    bump_version()
