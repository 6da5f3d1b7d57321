"""The picture a link preview shows for a mission (its page's og:image): a map card.

Cards are drawn here (`map_cards`) and kept in the shared cache under what they show (the
coordinates, the country tinted, the drawing and the shapes files), so an entry is never stale
and missions at one place share one; the same string is the ETag, so a client that has the
card gets 304 before anything is read from the cache or drawn.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from chancery.countries.models import Country

from . import map_cards
from .models import Mission

#: How long browsers, previews' crawlers and the shared cache keep a card.
CARD_SECONDS = 86400


def atlas_dir() -> Path:
    """Where npm installs the Natural Earth shapes (`make setup`, package.json)."""
    return Path(settings.BASE_DIR) / "node_modules" / "world-atlas"


@require_safe
def mission_card(request: HttpRequest, slug: str) -> HttpResponse:
    """The mission's map card, 1200×630 PNG; the mission page's 404 for an unknown slug."""
    mission = _mission(slug)
    if mission is None and slug.upper().startswith("Q"):
        by_qid = _mission_by_wikidata_id(slug)
        if by_qid is not None:
            return HttpResponsePermanentRedirect(
                reverse("directory:mission-card", args=[by_qid.slug])
            )
    if mission is None:
        return render(
            request, "directory/not_found.html", {"code": slug, "what": "mission"}, status=404
        )
    host = host_keys(mission)
    directory = atlas_dir()
    fingerprint = map_cards.card_fingerprint(mission.latitude, mission.longitude, host, directory)
    etag = quote_etag(fingerprint)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return _cacheable(not_modified, etag)
    key = f"mission-card:{fingerprint}"
    png = cache.get(key)
    if png is None:
        png = map_cards.render_card(mission.latitude, mission.longitude, host, directory)
        cache.set(key, png, CARD_SECONDS)
    return _cacheable(HttpResponse(png, content_type="image/png"), etag)


def host_keys(mission: Mission) -> list[str]:
    """The keys of the country to tint, in the order tried: the place the mission stands in
    (a territory such as Hong Kong has its own shape), then its host; each by ISO numeric
    code, then by name (for Kosovo, which has no code)."""
    places: list[Country] = [mission.located_in]
    if mission.host_country_id != mission.located_in.pk:
        places.append(mission.host_country)
    return [key for place in places for key in (place.iso_numeric, place.name) if key]


def _cacheable(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=CARD_SECONDS)
    return response


def _mission(slug: str) -> Mission | None:
    return Mission.objects.select_related("host_country", "territory").filter(slug=slug).first()


def _mission_by_wikidata_id(wikidata_id: str) -> Mission | None:
    return Mission.objects.filter(wikidata_id=wikidata_id.upper()).only("slug").first()
