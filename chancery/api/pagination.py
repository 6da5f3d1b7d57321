"""Pages of API lists: `limit` and `offset` bounded in the schema, so a number the database
cannot take (SQLite and PostgreSQL hold 64-bit integers) is a 422 naming the parameter."""

from __future__ import annotations

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 100
MAX_LIMIT: int = settings.NINJA_PAGINATION_MAX_LIMIT
#: Far beyond any list the API serves (missions number in the tens of thousands); an offset past
#: the end of the data is an empty page, one past this bound a 422.
MAX_OFFSET = 10_000_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """`?limit=&offset=` with both ends of each bounded (ninja bounds neither offset's top nor,
    unless configured, the limit's)."""

    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}."
        )
        offset: int = Field(
            0,
            ge=0,
            le=MAX_OFFSET,
            description=f"Items to skip, 0 to {MAX_OFFSET:,}; past the end, the page is empty.",
        )
