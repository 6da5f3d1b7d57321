"""System checks: a deployment that forgot to compile the translations serves English pages
under /fr/ without a word; `manage.py check` (and every server start) says so."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.checks import register


@register()
def translations_compiled(app_configs: object = None, **kwargs: object) -> list[CheckWarning]:
    problems = []
    for directory in settings.LOCALE_PATHS:
        for source in sorted(Path(directory).glob("*/LC_MESSAGES/django.po")):
            compiled = source.with_suffix(".mo")
            if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
                problems.append(
                    CheckWarning(
                        f"{compiled} is missing or older than {source.name}: pages in "
                        f"{source.parent.parent.name} would show the old or English text.",
                        hint="Run `make setup` (pybabel compile) after changing translations.",
                        id="chancery.W001",
                    )
                )
    return problems
