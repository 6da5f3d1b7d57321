"""English dates as the site writes them: day first, the month in words, so that no reader has
to guess which number is the day ("5 December 2026"; "5 Dec 2026" where space is short).

`NUMERIC_DATE_FORMAT` is the date in figures that the news article's byline keeps ("Published
on 13/11/2012", as the product's reference page writes it); every language of the site defines
it (config/formats/<language>/), as its own short date.
"""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
NUMERIC_DATE_FORMAT = "d/m/Y"
FIRST_DAY_OF_WEEK = 1
