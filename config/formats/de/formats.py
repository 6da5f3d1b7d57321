"""The date in figures (the news article's byline) is this language's short date; every other
format is Django's own for the language."""

from django.conf.locale.de.formats import SHORT_DATE_FORMAT as NUMERIC_DATE_FORMAT  # type: ignore[import-untyped]

__all__ = ["NUMERIC_DATE_FORMAT"]
