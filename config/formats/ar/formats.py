"""Arabic dates: Django's own formats, and the two it leaves out, made of its own parts (left
out, they would fall back to the American "12/05/2026 2:03 م", month first). The date in
figures (the news article's byline) is the short date."""

from django.conf.locale.ar.formats import DATE_FORMAT, SHORT_DATE_FORMAT, TIME_FORMAT  # type: ignore[import-untyped]

DATETIME_FORMAT = f"{DATE_FORMAT} {TIME_FORMAT}"
SHORT_DATETIME_FORMAT = f"{SHORT_DATE_FORMAT} {TIME_FORMAT}"
NUMERIC_DATE_FORMAT = SHORT_DATE_FORMAT
