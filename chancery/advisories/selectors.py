"""Reading advisories and banners for pages, the API and feeds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core.text import isolate
from chancery.countries.models import Country
from chancery.countries.resolution import sort_key

from .models import Advisory, AdvisoryVersion, Banner, Level, Severity
from .sources import SOURCES

ISSUER_CODES = {module.ISSUER: module for module in SOURCES.values()}


def issuer_country_code(issuer: str) -> str:
    """The government an issuer's short name stands for ("us" → "US"); any other value (an
    ISO code, a slug) is returned as given, for the country lookup to read."""
    module = SOURCES.get(issuer.lower())
    return module.ISSUER if module else issuer


def advisories_for(country: Country, issuer: Country | None = None) -> list[Advisory]:
    advisories = (
        Advisory.objects.filter(destination=country, current__isnull=False)
        .select_related("current", "issuer", "destination")
        .order_by("issuer__name")
    )
    if issuer is not None:
        advisories = advisories.filter(issuer=issuer)
    return list(advisories)


def attribution(advisory: Advisory) -> str:
    module = ISSUER_CODES.get(advisory.issuer.iso_alpha2 or "")
    return module.ATTRIBUTION if module else ""


def issuers() -> list[Country]:
    """Every government whose advisories we hold, by name."""
    return list(Country.objects.filter(advisories_issued__isnull=False).distinct().order_by("name"))


@dataclass
class WorldRow:
    country: Country
    levels: dict[int, Advisory] = field(default_factory=dict)  # issuer id → advisory

    @property
    def highest(self) -> int:
        return max((a.current.level for a in self.levels.values() if a.current), default=0)


def world_table(
    *, level: int | None = None, issuer: Country | None = None, sort: str = "name"
) -> list[WorldRow]:
    """One row per destination, one advisory per issuer. Filter: rows where `issuer` (or any
    issuer) gives `level`. Sort by name or by the highest level any issuer gives."""
    rows: dict[int, WorldRow] = {}
    for advisory in Advisory.objects.filter(current__isnull=False).select_related(
        "destination", "issuer", "current"
    ):
        row = rows.setdefault(advisory.destination_id, WorldRow(advisory.destination))
        row.levels[advisory.issuer_id] = advisory
    result = list(rows.values())
    if level is not None:
        result = [
            row
            for row in result
            if any(
                a.current and a.current.level == level
                for issuer_id, a in row.levels.items()
                if issuer is None or issuer_id == issuer.pk
            )
        ]
    if sort == "level":
        result.sort(key=lambda r: (-r.highest, sort_key(r.country.label)))
    else:
        result.sort(key=lambda r: sort_key(r.country.label))
    return result


def history(country: Country) -> list[AdvisoryVersion]:
    return list(
        AdvisoryVersion.objects.filter(advisory__destination=country)
        .select_related("advisory__issuer")
        .order_by("-fetched_at", "-pk")
    )


def recent_changes(country: Country | None = None, limit: int = 50) -> QuerySet[AdvisoryVersion]:
    versions = AdvisoryVersion.objects.select_related(
        "advisory__issuer", "advisory__destination"
    ).order_by("-created_at", "-pk")
    if country is not None:
        versions = versions.filter(advisory__destination=country)
    return versions[:limit]


@dataclass
class ShownBanner:
    """A banner as pages show it: an editor's, or one derived from a level-4 advisory."""

    country: Country
    headline: str
    body: str
    call_to_action: str
    severity: str
    derived: bool
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None

    @property
    def link(self) -> str:
        return reverse("directory:host", args=[self.country.slug])

    @property
    def link_text(self) -> str:
        return self.call_to_action or _("Find your country's embassy in %(place)s") % {
            "place": self.country.label_in_sentence
        }


def active_banners(
    country: Country | None = None, at: dt.datetime | None = None
) -> list[ShownBanner]:
    """Editors' banners in force now, plus a derived banner for every country that some issuer
    rates level 4, unless an editor's banner for that country is in force."""
    at = at or timezone.now()
    editorial = Banner.objects.active(at).select_related("country")
    if country is not None:
        editorial = editorial.filter(country=country)
    shown = [
        ShownBanner(
            b.country,
            b.headline,
            b.body,
            b.call_to_action,
            b.severity,
            False,
            b.starts_at,
            b.ends_at,
        )
        for b in editorial
    ]
    covered = {b.country.pk for b in shown}
    severe = Advisory.objects.filter(current__level=Level.DO_NOT_TRAVEL).select_related(
        "destination", "issuer", "current"
    )
    if country is not None:
        severe = severe.filter(destination=country)
    derived: dict[int, list[Advisory]] = {}
    for advisory in severe.order_by("destination__name", "issuer__name"):
        if advisory.destination_id not in covered:
            derived.setdefault(advisory.destination_id, []).append(advisory)
    for advisories in derived.values():
        place = advisories[0].destination
        # Translators: separates what each government says about the same country.
        says = _("; ").join(
            _("%(issuer)s says “%(level_text)s”")
            % {"issuer": a.issuer.label_in_sentence, "level_text": isolate(a.current.level_text)}
            for a in advisories
            if a.current
        )
        says = says[:1].upper() + says[1:]
        shown.append(
            ShownBanner(
                country=place,
                headline=_("Travel warning for %(place)s. %(statements)s.")
                % {"place": place.label_in_sentence, "statements": says},
                body=_("Are you in %(place)s and need consular assistance?")
                % {"place": place.label_in_sentence},
                call_to_action="",
                severity=Severity.CRISIS,
                derived=True,
            )
        )
    order: dict[str, int] = {Severity.CRISIS: 0, Severity.WARNING: 1, Severity.INFO: 2}
    shown.sort(key=lambda b: (order.get(b.severity, 3), b.country.name))
    return shown
