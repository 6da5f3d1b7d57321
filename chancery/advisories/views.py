from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_safe

from chancery.core.pagecache import reads_query
from chancery.core.structured_data import spoken_list
from chancery.countries.models import Country
from chancery.countries.selectors import country_lookup

from . import selectors
from .models import Level
from .sources import SOURCES


def _country(code: str) -> Country:
    found = country_lookup(code).country
    if found is None:
        raise Http404(f"No country {code!r}")
    return found


#: The values the filters' pickers send ("" for any); "uk" is also known as "gb".
ISSUER_CODES = frozenset({"", *SOURCES, *(module.ISSUER.lower() for module in SOURCES.values())})


def _index_description(issuers: list[Country], count: int) -> str:
    if not issuers or not count:
        return gettext("What each government tells its own travellers, side by side.")
    return ngettext(
        "Travel advice for %(count)s destination from the governments of %(issuers)s, "
        "side by side, each in its own words.",
        "Travel advice for %(count)s destinations from the governments of %(issuers)s, "
        "side by side, each in its own words.",
        count,
    ) % {"count": count, "issuers": spoken_list([i.label_in_sentence for i in issuers])}


def _country_description(place: Country, advisories: list[selectors.ShownAdvisory]) -> str:
    if not advisories:
        return gettext("No government's advice for %(place)s has been imported.") % {
            "place": place.label_in_sentence
        }
    return gettext(
        "Travel advice for %(place)s from %(issuers)s, side by side, in each government's own "
        "words."
    ) % {
        "place": place.label_in_sentence,
        "issuers": spoken_list([a.issuer.label_in_sentence for a in advisories]),
    }


@reads_query(level={"", "1", "2", "3", "4"}, issuer=ISSUER_CODES, sort={"name", "level"})
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Every destination × every issuer; filter by level (and issuer), sort by name or level."""
    issuers = selectors.issuers()
    by_code = {i.iso_alpha2.lower(): i for i in issuers if i.iso_alpha2}
    level = request.GET.get("level", "")
    issuer_code = request.GET.get("issuer", "").lower()
    module = SOURCES.get(issuer_code)  # "uk" as well as "gb"
    if module is not None:
        issuer_code = module.ISSUER.lower()
    sort = "level" if request.GET.get("sort") == "level" else "name"
    chosen_level = int(level) if level in {"1", "2", "3", "4"} else None
    chosen_issuer = by_code.get(issuer_code)
    rows = selectors.world_table(level=chosen_level, issuer=chosen_issuer, sort=sort)
    context = {
        "issuers": issuers,
        "rows": [(row, [row.levels.get(i.pk) for i in issuers]) for row in rows],
        "levels": Level.choices,
        "chosen_level": chosen_level,
        "chosen_issuer": chosen_issuer,
        "sort": sort,
        "credits": [
            selectors.ISSUER_CODES[i.iso_alpha2].ATTRIBUTION
            for i in issuers
            if i.iso_alpha2 in selectors.ISSUER_CODES
        ],
        "description": _index_description(issuers, len(rows)),
    }
    return render(request, "advisories/index.html", context)


@require_safe
def country_detail(request: HttpRequest, country: str) -> HttpResponse:
    place = _country(country)
    if place.slug != country:
        return HttpResponsePermanentRedirect(reverse("advisories:country", args=[place.slug]))
    advisories = selectors.advisories_for(place)
    present = {a.issuer.pk for a in advisories}
    context = {
        "country": place,
        "advisories": [(a, selectors.attribution(a)) for a in advisories],
        "missing": [i for i in selectors.issuers() if i.pk not in present],
        "history": selectors.history(place),
        "description": _country_description(place, advisories),
    }
    return render(request, "advisories/country.html", context)
