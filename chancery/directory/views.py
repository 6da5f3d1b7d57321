"""Directory pages: home, host, sender, pair and mission. Thin: selectors do the reading."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_safe

from chancery.core.fragments import cached_value
from chancery.core.language import page_language
from chancery.core.pagecache import FREE_TEXT, reads_query
from chancery.core.structured_data import request_canonical_url, website
from chancery.countries.models import Country
from chancery.countries.resolution import sort_key
from chancery.countries.selectors import country_lookup, country_suggestions

from . import selectors, structured_data
from .addresses import address_lines
from .hours import hours_status, hours_week
from .listing import mission_groups
from .models import Mission
from .selectors import MissionGroup
from .sourcing import rank_of
from .timezones import time_zone_at
from .vcard import mission_vcard as mission_vcard_text


def _not_found(request: HttpRequest, code: str, page: str = "host") -> HttpResponse:
    """A 404 that suggests countries with a similar name, linked to the same kind of page."""
    suggestions = [
        (country, reverse(f"directory:{page}", args=[country.slug]))
        for country in country_suggestions(code)
    ]
    context = {"code": code, "what": "country", "suggestions": suggestions}
    return render(request, "directory/not_found.html", context, status=404)


def _resolve(request: HttpRequest, code: str, page: str) -> Country | HttpResponse:
    lookup = country_lookup(code)
    if lookup.country is None:
        return _not_found(request, code, page)
    return lookup.country


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    counts = selectors.directory_counts()
    context = {
        "counts": counts,
        # Nationalities, not every sender: Quebec keeps its page, but holds no passport.
        "senders": selectors.country_choices(nationalities=True),
        "places": selectors.country_choices(places=True),
        "description": structured_data.home_description(counts),
        "structured_data": website(
            reverse("directory:home"), reverse("search:search"), page_language()
        ),
    }
    return render(request, "directory/home.html", context)


@reads_query(**{"from": FREE_TEXT, "in": FREE_TEXT})
@require_safe
def find(request: HttpRequest) -> HttpResponse:
    """Where the home page's two pickers lead: the pair, host or sender page."""
    sender_code = request.GET.get("from", "").strip()
    host_code = request.GET.get("in", "").strip()
    sender = country_lookup(sender_code).country if sender_code else None
    host = country_lookup(host_code).country if host_code else None
    if sender_code and sender is None:
        return _not_found(request, sender_code, "sender")
    if host_code and host is None:
        return _not_found(request, host_code, "host")
    if sender and host:
        return redirect("directory:pair", sender=sender.slug, host=host.slug)
    if host:
        return redirect("directory:host", host=host.slug)
    if sender:
        return redirect("directory:sender", sender=sender.slug)
    return redirect("directory:home")


@require_safe
def country_index(request: HttpRequest) -> HttpResponse:
    places = selectors.country_list_places()
    context = {
        "places": places,
        "description": structured_data.country_index_description(len(places)),
    }
    return render(request, "directory/country_index.html", context)


def _listing(country: Country, page: str) -> dict[str, object]:
    """A hub's list of missions, rendered, with its counts: the same for every visitor until
    the data changes, so it is kept as a fragment (an editor, who bypasses the page cache,
    gets it from there too).

    A state's host hub lists the missions standing in it, then those in each of its
    territories in a section of their own ("In Hong Kong"); each mission is counted once."""
    if page == "host":
        groups = selectors.missions_in_host_grouped(country)
        parts = selectors.missions_in_territories_grouped(country)
    else:
        groups = selectors.missions_from_sender_grouped(country)
        parts = []
    all_groups = [*groups, *(group for part in parts for group in part.groups)]
    return {
        "listing": mission_groups(_linked(country, page, groups), _prefix(page)),
        "territory_listings": [
            (
                part.territory,
                mission_groups(
                    _linked(part.territory, page, part.groups),
                    f"{part.territory.slug}-{_prefix(page)}",
                    heading="h3",
                ),
                sum(len(group.missions) for group in part.groups),
            )
            for part in parts
        ],
        "has_map": any(
            mission.latitude is not None for group in all_groups for mission in group.missions
        ),
        "group_count": len({group.country.slug for group in all_groups}),
        "mission_count": sum(len(group.missions) for group in all_groups),
    }


def _prefix(page: str) -> str:
    return "from" if page == "host" else "in"


def _linked(
    country: Country, page: str, groups: list[MissionGroup]
) -> list[tuple[MissionGroup, str]]:
    """Each group with the address of its pair page."""
    if page == "host":
        pair_url = reverse("directory:pair", args=["__other__", country.slug])
    else:
        pair_url = reverse("directory:pair", args=[country.slug, "__other__"])
    return [(group, pair_url.replace("__other__", group.country.slug)) for group in groups]


def _country_page(request: HttpRequest, code: str, page: str) -> HttpResponse:
    """The host page ("in Russia") or the sender page ("Germany abroad") of one country."""
    country = _resolve(request, code, page)
    if isinstance(country, HttpResponse):
        return country
    if country.slug != code:
        return HttpResponsePermanentRedirect(reverse(f"directory:{page}", args=[country.slug]))
    listing = cached_value("listing", (page, country.pk), lambda: _listing(country, page))
    describe = (
        structured_data.host_description if page == "host" else structured_data.sender_description
    )
    description = describe(
        country, mission_count=listing["mission_count"], group_count=listing["group_count"]
    )
    context = {
        "country": country,
        **listing,
        "description": description,
        "structured_data": structured_data.hub_json_ld(
            country,
            page_url=request_canonical_url(request),
            name=structured_data.hub_title(country, page),
            description=description,
            mission_count=listing["mission_count"],
        ),
    }
    return render(request, f"directory/{page}_detail.html", context)


@require_safe
def host_detail(request: HttpRequest, host: str) -> HttpResponse:
    return _country_page(request, host, "host")


@require_safe
def sender_detail(request: HttpRequest, sender: str) -> HttpResponse:
    return _country_page(request, sender, "sender")


@require_safe
def pair_detail(request: HttpRequest, sender: str, host: str) -> HttpResponse:
    sending = _resolve(request, sender, "sender")
    if isinstance(sending, HttpResponse):
        return sending
    hosting = _resolve(request, host, "host")
    if isinstance(hosting, HttpResponse):
        return hosting
    if (sending.slug, hosting.slug) != (sender, host):
        return HttpResponsePermanentRedirect(
            reverse("directory:pair", args=[sending.slug, hosting.slug])
        )
    # Who can help there comes from the assist app's `{% help_block %}` in the template.
    pair = selectors.mission_pair(sending, hosting)
    description = structured_data.pair_description(
        sending, hosting, resident=pair.resident, accredited=pair.accredited
    )
    return render(request, "directory/pair_detail.html", {"pair": pair, "description": description})


@require_safe
def mission_detail(request: HttpRequest, slug: str) -> HttpResponse:
    mission = selectors.mission_get(slug)
    if mission is None and slug.upper().startswith("Q"):
        by_qid = selectors.mission_get_by_wikidata_id(slug)
        if by_qid is not None:
            return HttpResponsePermanentRedirect(by_qid.get_absolute_url())
    if mission is None:
        return render(
            request, "directory/not_found.html", {"code": slug, "what": "mission"}, status=404
        )
    time_zone = time_zone_at(
        mission.latitude, mission.longitude, mission.located_in.iso_alpha2 or ""
    )
    hours = hours_week(mission.opening_hours, time_zone=time_zone)
    lines = (
        address_lines(mission.address_parts, country_code=mission.located_in.iso_alpha2 or "")
        if mission.address_parts
        else mission.address.splitlines()
    )
    links = sorted(mission.source_links.all(), key=lambda link: rank_of(link.source))
    description = structured_data.mission_description(
        mission, has_address=bool(lines), has_hours=hours is not None
    )
    context = {
        "mission": mission,
        "title": mission.title,
        "address_lines": lines,
        "hours": hours,
        "hours_status": hours_status(
            mission.opening_hours,
            time_zone=time_zone,
            country_code=mission.located_in.iso_alpha2 or "",
        )
        if hours
        else None,
        "links": links,
        "photo_licence": _photo_licence(mission),
        # In the alphabetical order of the page's language.
        "jurisdictions": sorted(mission.jurisdictions.all(), key=lambda c: sort_key(c.label)),
        "map_points": [
            [
                round(mission.latitude, 5),
                round(mission.longitude, 5),
                mission.title,
                mission.get_absolute_url(),
                mission.town or mission.located_in.label,
            ]
        ]
        if mission.latitude is not None and mission.longitude is not None
        else [],
        "description": description,
        "structured_data": structured_data.mission_json_ld(
            mission,
            page_url=request_canonical_url(request),
            description=description,
            hours=hours,
            links=links,
        ),
        "og_image": structured_data.mission_card_image(mission),
    }
    return render(request, "directory/mission_detail.html", context)


def _photo_licence(mission: Mission) -> str:
    """The photo's licence for its credit line, linked to the licence text when known."""
    if mission.image_licence and mission.image_licence_url:
        return format_html(
            '<a href="{}" rel="license noopener">{}</a>',
            mission.image_licence_url,
            mission.image_licence,
        )
    return mission.image_licence


@require_safe
def mission_vcard(request: HttpRequest, slug: str) -> HttpResponse:
    """The mission as a vCard file, to save in a phone's contacts."""
    mission = selectors.mission_get(slug)
    if mission is None:
        return render(
            request, "directory/not_found.html", {"code": slug, "what": "mission"}, status=404
        )
    response = HttpResponse(
        mission_vcard_text(mission, base_url=request.build_absolute_uri("/").rstrip("/")),
        content_type="text/vcard; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{mission.slug}.vcf"'
    return response
