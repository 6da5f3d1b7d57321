"""Reading import runs, for the admin, the API and the pages that show a source's last run."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ImportRun


def import_run_list() -> QuerySet[ImportRun]:
    """Every importer's runs, newest first."""
    return ImportRun.objects.order_by("-started_at", "-pk")


def import_run_last(kind: str, location: str) -> ImportRun | None:
    """The newest run of `kind` that read `location`, or None when it was never read."""
    return import_run_list().filter(kind=kind, location=location).first()
