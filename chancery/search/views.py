from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.http import require_safe

from chancery.core.language import page_language
from chancery.core.pagecache import FREE_TEXT, reads_query
from chancery.countries.models import Country
from chancery.directory.models import MissionKind
from chancery.directory.naming import town_in_language

from .presenters import search_payload
from .services import DEFAULT_LIMIT, MAX_QUERY_LENGTH, search

#: How the page names the kind a query asked for ("Showing embassies of …").
ASKED_KIND_PLURALS = {
    "embassy": pgettext_lazy("search results: showing …", "embassies"),
    "high_commission": pgettext_lazy("search results: showing …", "high commissions"),
    "consulate": pgettext_lazy("search results: showing …", "consulates"),
    "consulate_general": pgettext_lazy("search results: showing …", "consulates-general"),
    "honorary_consulate": pgettext_lazy("search results: showing …", "honorary consulates"),
    "vice_consulate": pgettext_lazy("search results: showing …", "vice-consulates"),
    "nunciature": pgettext_lazy("search results: showing …", "nunciatures"),
    "permanent_mission": pgettext_lazy("search results: showing …", "permanent missions"),
    "mission": pgettext_lazy("search results: showing …", "missions"),
}


def _name_countries(payload: dict) -> None:
    """Each country on the page gets `label` (its name in the page's language) and, in the
    line saying how the query was read, `label_in_sentence`."""
    interpretation = payload["interpretation"]
    read = [ref for ref in (interpretation["sending"], interpretation["host"]) if ref]
    refs = read + [
        ref
        for result in payload["results"]
        for ref in (result["host_country"], result["territory"])
    ]
    language = page_language()
    names: dict[str, dict[str, str]] = {}
    if language != "en" and refs:
        names = dict(
            Country.objects.filter(slug__in={ref["slug"] for ref in refs}).values_list(
                "slug", "names"
            )
        )
    for ref in refs:
        ref["label"] = (names.get(ref["slug"]) or {}).get(language) or ref["name"]
    for ref in read:
        ref["label_in_sentence"] = ref["name_in_sentence"] if language == "en" else ref["label"]
    city = interpretation.get("city")
    if city:
        places = tuple(ref["code"] for ref in (interpretation["host"],) if ref and ref.get("code"))
        interpretation["city_label"] = town_in_language(city, "", places, language)


def _notices(payload: dict) -> list[str]:
    """The search's notices, in the page's language."""
    if not payload["truncated"]:
        return payload["notices"]
    cut = f"The query was cut to its first {MAX_QUERY_LENGTH} characters."
    return [
        ngettext(
            "The query was cut to its first %(count)d character.",
            "The query was cut to its first %(count)d characters.",
            MAX_QUERY_LENGTH,
        )
        % {"count": MAX_QUERY_LENGTH},
        *(notice for notice in payload["notices"] if notice != cut),
    ]


@reads_query(q=FREE_TEXT)
@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    """Results for ?q=, with how the query was read; an empty form without one."""
    query = request.GET.get("q", "")
    payload = (
        search_payload(search(query, DEFAULT_LIMIT * 2), page_language()) if query.strip() else None
    )
    if payload:
        for result in payload["results"]:
            result["kind_label"] = MissionKind.label_of(result["kind"])
        _name_countries(payload)
    return render(
        request,
        "search/results.html",
        {
            "q": query,
            "payload": payload,
            "notices": _notices(payload) if payload else [],
            "asked_kind": ASKED_KIND_PLURALS.get(
                (payload or {}).get("interpretation", {}).get("kind") or "",
                ASKED_KIND_PLURALS["mission"],
            ),
            # Results are a view of pages indexed on their own: search engines skip them.
            "noindex": True,
            "canonical_query": {"q": query.strip()},
        },
    )
