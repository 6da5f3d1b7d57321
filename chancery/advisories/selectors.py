"""Reading advisories and banners for pages, the API and feeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from chancery.core.text import isolate
from chancery.countries.models import Country
from chancery.countries.resolution import sort_key

from .coverage import names_place
from .models import Advisory, AdvisoryVersion, Banner, Level, Severity
from .sources import SOURCES

ISSUER_CODES = {module.ISSUER: module for module in SOURCES.values()}


def issuer_country_code(issuer: str) -> str:
    """The government an issuer's short name stands for ("us" → "US"); any other value (an
    ISO code, a slug) is returned as given, for the country lookup to read."""
    module = SOURCES.get(issuer.lower())
    return module.ISSUER if module else issuer


class Coverage(StrEnum):
    """How an issuer's advisory shown for a place relates to it."""

    OWN = "own"  # the issuer's advisory for the place itself
    NAMED = "named"  # its advisory for the place's state, which names the place
    STATE = "state"  # its advisory for the place's state, which says nothing of the place


@dataclass
class ShownAdvisory:
    """One issuer's advisory as shown for a place: its own, or its state's."""

    advisory: Advisory
    place: Country
    coverage: Coverage = Coverage.OWN

    @property
    def current(self) -> AdvisoryVersion:
        assert self.advisory.current is not None  # advisories_for keeps only those with one
        return self.advisory.current

    @property
    def issuer(self) -> Country:
        return self.advisory.issuer

    @property
    def destination(self) -> Country:
        return self.advisory.destination

    @property
    def last_seen_at(self) -> dt.datetime | None:
        return self.advisory.last_seen_at

    def is_stale(self, now: dt.datetime | None = None) -> bool:
        return self.advisory.is_stale(now)

    @property
    def borrowed(self) -> bool:
        return self.coverage is not Coverage.OWN

    def _names(self) -> dict[str, str]:
        return {
            "issuer": self.issuer.label_in_sentence,
            "place": self.place.label_in_sentence,
            "state": self.destination.label_in_sentence,
        }

    @property
    def note(self) -> str:
        """Why another place's advice is shown, in a sentence ("" for the place's own)."""
        if self.coverage is Coverage.NAMED:
            text = _(
                "%(issuer)s has no advisory of its own for %(place)s: its advice for "
                "%(state)s, shown here, covers %(place)s."
            )
        elif self.coverage is Coverage.STATE:
            text = _(
                "%(issuer)s has no advisory of its own for %(place)s. Shown here: its advice "
                "for %(state)s, which %(place)s is part of. That advice does not say whether "
                "it covers %(place)s."
            )
        else:
            return ""
        return capfirst(text % self._names())

    @property
    def short_note(self) -> str:
        """The same in a few words, after the level in a list ("" for the place's own)."""
        if self.coverage is Coverage.NAMED:
            return _("advice for %(state)s, which covers %(place)s") % self._names()
        if self.coverage is Coverage.STATE:
            return _("advice for %(state)s, which %(place)s is part of") % self._names()
        return ""


def _current_advisories(country: Country, issuer: Country | None) -> list[Advisory]:
    advisories = (
        Advisory.objects.filter(destination=country, current__isnull=False)
        .select_related("current", "issuer", "destination")
        .order_by("issuer__name")
    )
    if issuer is not None:
        advisories = advisories.filter(issuer=issuer)
    return list(advisories)


def advisories_for(country: Country, issuer: Country | None = None) -> list[ShownAdvisory]:
    """Each issuer's current advisory for a place (or one issuer's). For a territory, an issuer
    without an advisory of its own gives its advice for the territory's state, marked as such:
    whether the text names the territory (`Coverage.NAMED`) or not (`Coverage.STATE`)."""
    shown = [ShownAdvisory(a, country) for a in _current_advisories(country, issuer)]
    state = country.part_of
    if state is not None:
        present = {s.advisory.issuer_id for s in shown}
        for advisory in _current_advisories(state, issuer):
            if advisory.issuer_id in present:
                continue
            assert advisory.current is not None
            named = names_place(advisory.current, country)
            shown.append(
                ShownAdvisory(advisory, country, Coverage.NAMED if named else Coverage.STATE)
            )
        shown.sort(key=lambda s: sort_key(s.issuer.name))
    return shown


def attribution(advisory: Advisory | ShownAdvisory) -> str:
    if isinstance(advisory, ShownAdvisory):
        advisory = advisory.advisory
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
    """A banner as pages show it: an editor's, or one derived from a level-4 advisory. Shown
    for a territory under its state's banner, `shown_for` is the territory."""

    country: Country
    headline: str
    body: str
    call_to_action: str
    severity: str
    derived: bool
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    shown_for: Country | None = None

    @property
    def place(self) -> Country:
        """Where the reader is: the territory the banner is shown for, else its country."""
        return self.shown_for or self.country

    @property
    def link(self) -> str:
        # An editor's own words name the banner's country; ours name the reader's place.
        target = self.country if self.call_to_action else self.place
        return reverse("directory:host", args=[target.slug])

    @property
    def link_text(self) -> str:
        return self.call_to_action or _("Find your country's embassy in %(place)s") % {
            "place": self.place.label_in_sentence
        }

    @property
    def note(self) -> str:
        """Why a state's banner is shown for its territory ("" for the place's own)."""
        if self.shown_for is None:
            return ""
        return _("Notice for %(state)s, which covers %(place)s.") % {
            "state": self.country.label_in_sentence,
            "place": self.shown_for.label_in_sentence,
        }


def _editorial(banner: Banner, shown_for: Country | None = None) -> ShownBanner:
    return ShownBanner(
        banner.country,
        banner.headline,
        banner.body,
        banner.call_to_action,
        banner.severity,
        False,
        banner.starts_at,
        banner.ends_at,
        shown_for,
    )


def _derived(advisories: list[Advisory], shown_for: Country | None = None) -> ShownBanner:
    """The banner for a place that issuers rate level 4, in their own words."""
    place = advisories[0].destination
    # Translators: separates what each government says about the same country.
    says = _("; ").join(
        _("%(issuer)s says “%(level_text)s”")
        % {"issuer": a.issuer.label_in_sentence, "level_text": isolate(a.current.level_text)}
        for a in advisories
        if a.current
    )
    return ShownBanner(
        country=place,
        headline=_("Travel warning for %(place)s. %(statements)s.")
        % {"place": place.label_in_sentence, "statements": capfirst(says)},
        body=_("Are you in %(place)s and need consular assistance?")
        % {"place": (shown_for or place).label_in_sentence},
        call_to_action="",
        severity=Severity.CRISIS,
        derived=True,
        shown_for=shown_for,
    )


def _banners_of(country: Country | None, at: dt.datetime) -> list[ShownBanner]:
    """Editors' banners in force for a place (or all), plus a derived banner for every place
    some issuer rates level 4, unless an editor's banner for that place is in force."""
    editorial = Banner.objects.active(at).select_related("country")
    if country is not None:
        editorial = editorial.filter(country=country)
    shown = [_editorial(b) for b in editorial]
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
    shown.extend(_derived(advisories) for advisories in derived.values())
    return shown


def _banners_from_state(territory: Country, at: dt.datetime) -> list[ShownBanner]:
    """A territory without a banner of its own: its state's editorial banners that cover its
    territories, else a derived one from the state's level-4 advisories that name it."""
    state = territory.part_of
    if state is None:
        return []
    editorial = Banner.objects.active(at).filter(country=state, covers_territories=True)
    shown = [_editorial(b, shown_for=territory) for b in editorial.select_related("country")]
    if shown:
        return shown
    severe = [
        s.advisory
        for s in advisories_for(territory)
        if s.coverage is Coverage.NAMED and s.current.level == Level.DO_NOT_TRAVEL
    ]
    return [_derived(severe, shown_for=territory)] if severe else []


_SEVERITY_ORDER: dict[str, int] = {Severity.CRISIS: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _in_order(banners: list[ShownBanner]) -> list[ShownBanner]:
    return sorted(banners, key=lambda b: (_SEVERITY_ORDER.get(b.severity, 3), b.country.name))


def active_banners(
    country: Country | None = None, at: dt.datetime | None = None
) -> list[ShownBanner]:
    """The banners in force now for a place, or for every place. A territory without a banner
    of its own shows its state's where the banner or the state's advisory covers it."""
    at = at or timezone.now()
    shown = _banners_of(country, at)
    if country is not None and not shown:
        shown = _banners_from_state(country, at)
    return _in_order(shown)


def banners_about(countries: Iterable[Country], at: dt.datetime | None = None) -> list[ShownBanner]:
    """The banners in force for several places (an article's countries), each once."""
    at = at or timezone.now()
    shown: dict[tuple[int, str], ShownBanner] = {}
    for country in countries:
        for banner in active_banners(country, at):
            shown.setdefault((banner.country.pk, banner.headline), banner)
    return _in_order(list(shown.values()))
