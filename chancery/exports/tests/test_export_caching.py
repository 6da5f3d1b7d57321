"""Every download under /exports/ (each format, full and CC0, whole or filtered, plain or
gzipped) can be revalidated: a strong ETag and a Last-Modified, and a 304 Not Modified for
If-None-Match or If-Modified-Since while the data is unchanged; HEAD answers the same headers."""

from __future__ import annotations

import gzip

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.test import Client

from chancery.directory.models import Mission
from chancery.exports.formats import FORMATS

from .helpers import GERMAN_EMBASSY_IN_RUSSIA, body

pytestmark = pytest.mark.django_db

#: Every export file, full and CC0: "/exports/missions.csv", "/exports/missions-cc0.csv" …
FILES = [f"/exports/{fmt.filename}" for fmt in FORMATS.values()]
#: A filtered export is made per request, not kept as a file.
FILTERED = {"host": "RU"}
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def _strong(etag: str) -> bool:
    return etag.startswith('"') and etag.endswith('"') and len(etag) > 2


def _assert_revalidates(client: Client, url: str, query: dict[str, str], **headers: str) -> str:
    """The answer has a strong ETag and a Last-Modified, and each gives a 304 on its own."""
    first = client.get(url, query, **headers)
    assert first.status_code == 200
    assert body(first)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert _strong(etag), etag
    assert modified.endswith(" GMT")
    for condition in ({"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_MODIFIED_SINCE": modified}):
        again = client.get(url, query, **headers, **condition)
        assert again.status_code == 304, (url, query, condition)
        assert again.content == b""
        assert again["ETag"] == etag
        assert again["Last-Modified"] == modified
    stale = client.get(url, query, **headers, HTTP_IF_NONE_MATCH='"an-older-version"')
    assert stale.status_code == 200
    assert body(stale)
    return etag


@pytest.mark.parametrize("url", FILES)
def test_every_export_file_revalidates(client: Client, url: str) -> None:
    plain = _assert_revalidates(client, url, {})
    zipped = _assert_revalidates(client, url, {}, **GZIP)
    assert plain != zipped


@pytest.mark.parametrize("url", FILES)
def test_every_filtered_export_revalidates(client: Client, url: str) -> None:
    response = client.get(url, FILTERED)
    assert isinstance(response, StreamingHttpResponse)
    assert not isinstance(response, FileResponse)
    body(response)
    plain = _assert_revalidates(client, url, FILTERED)
    zipped = _assert_revalidates(client, url, FILTERED, **GZIP)
    assert plain != zipped


def test_each_file_and_query_has_its_own_tag(client: Client) -> None:
    tags = set()
    for url in FILES:
        for query in ({}, FILTERED, {"host": "FR"}):
            response = client.get(url, query)
            body(response)
            tags.add(response["ETag"])
    assert len(tags) == len(FILES) * 3


def test_a_streamed_export_on_another_host_spelling_revalidates(client: Client) -> None:
    """A Host the site keeps no files for is streamed: with its own tag, as the rows name it."""
    etag = _assert_revalidates(client, FILES[0], {}, HTTP_HOST="localhost:8001")
    own = client.get(FILES[0])
    body(own)
    assert own["ETag"] != etag


def test_the_streamed_gzip_is_the_same_bytes_every_time(client: Client) -> None:
    """A strong ETag promises the same bytes: the gzip stream carries no time or random
    padding, and unpacks to the plain stream."""
    first = body(client.get(FILES[0], FILTERED, **GZIP))
    second = body(client.get(FILES[0], FILTERED, **GZIP))
    assert first == second
    assert gzip.decompress(first) == body(client.get(FILES[0], FILTERED))
    assert b"embassy-of-germany-in-russia" in gzip.decompress(first)


@pytest.mark.parametrize("query", [{}, FILTERED])
def test_a_change_of_data_changes_the_tag(client: Client, query: dict[str, str]) -> None:
    first = client.get(FILES[0], query)
    body(first)
    mission = Mission.objects.get(wikidata_id=GERMAN_EMBASSY_IN_RUSSIA)
    mission.name = "Embassy of Germany in Moscow (renamed)"
    mission.save()
    changed = client.get(FILES[0], query, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert mission.name.encode() in body(changed)


@pytest.mark.parametrize("query", [{}, FILTERED])
def test_head_answers_the_headers_of_get(client: Client, query: dict[str, str]) -> None:
    get = client.get(FILES[0], query)
    body(get)
    head = client.head(FILES[0], query)
    assert head.status_code == 200
    assert body(head) == b""
    for name in ("ETag", "Last-Modified", "Content-Type", "Content-Disposition", "Link", "Vary"):
        assert head[name] == get[name], name
    assert client.head(FILES[0], query, HTTP_IF_NONE_MATCH=get["ETag"]).status_code == 304
