"""The Python ceiling for `make bench-load`: a bare Django view that returns bytes from the
cache, with nothing else (no middleware, no database), under the same app server."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

BODY_FILE = Path(os.environ.get("BENCH_BODY_FILE", "/dev/null"))

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-only",
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    )

import django  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

django.setup()


def page(request):
    body = cache.get("body")
    if body is None:
        body = BODY_FILE.read_bytes()
        cache.set("body", body, None)
    return HttpResponse(body, content_type="text/html; charset=utf-8")


urlpatterns = [path("", page)]
application = get_wsgi_application()
