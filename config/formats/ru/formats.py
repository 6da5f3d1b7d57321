"""Russian dates: Django's own formats, but the day and month in the genitive ("5 декабря", as
its DATE_FORMAT writes them, not "5 Декабрь"). The date in figures (the news article's byline)
is the short date."""

from django.conf.locale.ru.formats import SHORT_DATE_FORMAT as NUMERIC_DATE_FORMAT  # type: ignore[import-untyped]

MONTH_DAY_FORMAT = "j E"

__all__ = ["MONTH_DAY_FORMAT", "NUMERIC_DATE_FORMAT"]
