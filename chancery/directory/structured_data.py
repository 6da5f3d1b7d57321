"""What the directory's pages say about themselves: their meta descriptions, written from the
data in the page's language, and their schema.org JSON-LD (a mission as an Embassy or a
GovernmentOffice, a hub as a collection about its country).

A description names only what its page shows: a mission without a phone is not described as
having one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from chancery.core.language import page_language
from chancery.core.structured_data import SCHEMA, SITE_NAME, absolute_url, spoken_list
from chancery.core.weblinks import email_problem, web_address_problem
from chancery.countries.models import Country, CountryKind

from .hours import WEEKDAY_CODES, WeeklyHours
from .models import Mission, MissionKind, MissionStatus, SourceLink

#: The size of a mission's card picture (`directory:mission-card`), OpenGraph's large format.
CARD_WIDTH, CARD_HEIGHT = 1200, 630
#: Search engines show about this many characters of a description; longer ones lose their end.
DESCRIPTION_LENGTH = 160

#: Kinds that are an embassy in all but name (schema.org's Embassy); every other office is a
#: GovernmentOffice. Embassy is a building (a Place) and cannot carry an email address or a
#: parent organisation, so these missions are both: the building and the office in it.
EMBASSY_KINDS = frozenset(
    {MissionKind.EMBASSY, MissionKind.HIGH_COMMISSION, MissionKind.NUNCIATURE}
)
#: Senders that are a government (whose missions belong to "the Government of …"), as opposed
#: to an international organisation, which is its own parent.
_GOVERNED_KINDS = frozenset(
    {
        CountryKind.SOVEREIGN_STATE,
        CountryKind.PARTIALLY_RECOGNISED,
        CountryKind.TERRITORY,
        CountryKind.SPECIAL_ADMINISTRATIVE_REGION,
        CountryKind.SUBNATIONAL,
    }
)
_SCHEMA_DAYS = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
_OSM_RECORD = re.compile(r"(?:node|way|relation)/[1-9][0-9]*")


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- Descriptions ------------------------------------------------------------------------------


def _mission_facts(mission: Mission, *, has_address: bool, has_hours: bool) -> list[str]:
    """What the mission page shows, most useful first (the first to stay when space is short)."""
    facts = []
    if has_address:
        facts.append(gettext("address"))
    if mission.phones:
        facts.append(ngettext("phone", "phone numbers", len(mission.phones)))
    if has_hours:
        facts.append(gettext("opening hours"))
    if mission.email:
        facts.append(gettext("email"))
    if mission.website:
        facts.append(gettext("website"))
    if mission.has_coordinates:
        facts.append(gettext("location on a map"))
    return facts


def _name_and_city(mission: Mission) -> str:
    """The mission's name, with its town when the name does not say it."""
    name = mission.title
    if mission.city and mission.city.casefold() not in name.casefold():
        return gettext("%(name)s, %(city)s") % {"name": name, "city": mission.city}
    return name


def mission_description(mission: Mission, *, has_address: bool, has_hours: bool) -> str:
    """ "Embassy of Germany in Moscow: address, phone, opening hours, and who else can help
    citizens of Germany in Russia." Facts are dropped from the end until the whole fits."""
    name = _name_and_city(mission)
    sender = mission.sending_country.label_in_sentence
    host = mission.located_in.label_in_sentence
    if mission.status == MissionStatus.CLOSED:
        return gettext("%(name)s has closed: the other missions of %(sender)s in %(host)s.") % {
            "name": name,
            "sender": sender,
            "host": host,
        }
    helpers = gettext("who else can help citizens of %(sender)s in %(host)s") % {
        "sender": sender,
        "host": host,
    }
    facts = _mission_facts(mission, has_address=has_address, has_hours=has_hours)
    while True:
        text = gettext("%(name)s: %(facts)s.") % {
            "name": name,
            "facts": spoken_list([*facts, helpers]),
        }
        if len(text) <= DESCRIPTION_LENGTH or not facts:
            return text
        facts.pop()


def _countries_phrase(count: int) -> str:
    return ngettext("%(count)s country", "%(count)s countries", count) % {"count": count}


def hub_title(country: Country, page: str) -> str:
    """The heading of a host hub ("Embassies and consulates in Russia") or a sender hub."""
    if page == "host":
        return gettext("Embassies and consulates in %(country)s") % {
            "country": country.label_in_sentence
        }
    return gettext("%(country)s's embassies and consulates abroad") % {"country": country.label}


def host_description(country: Country, *, mission_count: int, group_count: int) -> str:
    host = country.label_in_sentence
    if not mission_count:
        return gettext(
            "No foreign embassy or consulate is listed in %(host)s. Choose your nationality to "
            "see which of your country's missions covers it from abroad."
        ) % {"host": host}
    return ngettext(
        "Find your country's embassy or consulate in %(host)s: %(count)s foreign mission, "
        "of %(countries)s, listed by country.",
        "Find your country's embassy or consulate in %(host)s: %(count)s foreign missions, "
        "of %(countries)s, listed by country.",
        mission_count,
    ) % {
        "host": host,
        "count": intcomma(mission_count),
        "countries": _countries_phrase(group_count),
    }


def sender_description(country: Country, *, mission_count: int, group_count: int) -> str:
    sender = country.label_in_sentence
    if not mission_count:
        return gettext("No missions abroad are listed for %(country)s.") % {"country": sender}
    return ngettext(
        "The %(count)s embassy, consulate or other mission of %(sender)s abroad, in "
        "%(countries)s, listed by country.",
        "All %(count)s embassies, consulates and other missions of %(sender)s abroad, in "
        "%(countries)s, listed by country.",
        mission_count,
    ) % {
        "sender": sender,
        "count": intcomma(mission_count),
        "countries": _countries_phrase(group_count),
    }


def _named(missions: Sequence[Mission], shown: int = 2) -> str:
    """The first missions' names and how many more: "A, B and 3 others"."""
    names = [mission.title for mission in missions[:shown]]
    rest = len(missions) - shown
    if rest > 0:
        names.append(ngettext("%(count)s other", "%(count)s others", rest) % {"count": rest})
    return spoken_list(names)


def pair_description(
    sender: Country, host: Country, *, resident: Sequence[Mission], accredited: Sequence[Mission]
) -> str:
    values = {
        "sender": _sentence_case(sender.label_in_sentence),
        "host": host.label_in_sentence,
    }
    if resident:
        return ngettext(
            "%(sender)s has %(count)s mission in %(host)s: %(names)s.",
            "%(sender)s has %(count)s missions in %(host)s: %(names)s.",
            len(resident),
        ) % {**values, "count": len(resident), "names": _named(resident)}
    if accredited:
        return ngettext(
            "%(sender)s has no embassy in %(host)s; the %(names)s is accredited to it.",
            "%(sender)s has no embassy in %(host)s; the %(names)s are accredited to it.",
            len(accredited),
        ) % {**values, "names": _named(accredited)}
    return (
        gettext(
            "%(sender)s has no embassy or consulate in %(host)s, and none of its missions "
            "elsewhere is listed as accredited to %(host)s."
        )
        % values
    )


def home_description(counts: dict[str, int]) -> str:
    return gettext(
        "%(missions)s embassies, consulates and other missions of %(senders)s countries and "
        "governments, in %(hosts)s countries and territories."
    ) % {
        "missions": intcomma(counts["missions"]),
        "senders": counts["senders"],
        "hosts": counts["hosts"],
    }


def country_index_description(place_count: int) -> str:
    return ngettext(
        "The foreign embassies and consulates in %(count)s country or territory, and its own "
        "missions abroad.",
        "The foreign embassies and consulates in each of %(count)s countries and territories, "
        "and each one's own missions abroad.",
        place_count,
    ) % {"count": intcomma(place_count)}


# --- JSON-LD -----------------------------------------------------------------------------------


def country_thing(country: Country) -> dict[str, Any]:
    """A country as schema.org knows it: a Country, an area, or an organisation."""
    if country.kind in (CountryKind.SOVEREIGN_STATE, CountryKind.PARTIALLY_RECOGNISED):
        kind = "Country"
    elif country.kind == CountryKind.INTERNATIONAL_ORGANISATION:
        kind = "Organization"
    else:
        kind = "AdministrativeArea"
    thing: dict[str, Any] = {"@type": kind, "name": country.label}
    if country.wikidata_url:
        thing["sameAs"] = country.wikidata_url
    return thing


def _government(country: Country) -> dict[str, Any]:
    """Whom a mission belongs to: the sending government, or the organisation itself."""
    if country.kind in _GOVERNED_KINDS:
        return {
            "@type": "GovernmentOrganization",
            "name": gettext("Government of %(country)s") % {"country": country.label_in_sentence},
        }
    organisation: dict[str, Any] = {"@type": "Organization", "name": country.label}
    if country.wikidata_url:
        organisation["sameAs"] = country.wikidata_url
    return organisation


def _address(mission: Mission) -> dict[str, Any]:
    place = mission.located_in
    parts = mission.address_parts or {}
    fields = {
        "streetAddress": parts.get("street_address"),
        "addressLocality": parts.get("locality") or mission.city,
        "addressRegion": parts.get("region"),
        "postalCode": parts.get("postal_code"),
        "addressCountry": (parts.get("country_code") or place.iso_alpha2 or place.name),
    }
    return {"@type": "PostalAddress", **{key: value for key, value in fields.items() if value}}


def _telephone(mission: Mission) -> str:
    for phone in mission.phones:
        if phone.get("e164") and phone.get("valid"):
            return phone["e164"]
    return next((phone.get("raw", "") for phone in mission.phones if phone.get("raw")), "")


def opening_hours_specification(hours: WeeklyHours | None) -> list[dict[str, Any]]:
    """The week's confirmed opening intervals, the days with the same interval together
    (unconfirmed hours, "by appointment", are left out: a reader would take them as open)."""
    days_by_interval: dict[tuple[str, str], list[str]] = {}
    for day in hours.days if hours else ():
        for opens, closes in day.intervals:
            days_by_interval.setdefault((opens, closes), []).append(
                f"{SCHEMA}/{_SCHEMA_DAYS[WEEKDAY_CODES.index(day.code)]}"
            )
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": days,
            "opens": opens,
            # schema.org's day ends at 23:59:59; "24:00" is not a time it reads.
            "closes": "23:59:59" if closes == "24:00" else closes,
        }
        for (opens, closes), days in days_by_interval.items()
    ]


def _same_as(mission: Mission, links: Iterable[SourceLink]) -> list[str]:
    """The mission's records elsewhere: its Wikidata item, its OpenStreetMap objects and its
    own social media pages."""
    same = [mission.wikidata_url] if mission.wikidata_url else []
    same += [
        f"https://www.openstreetmap.org/{link.record_id}"
        for link in links
        if link.source == "osm" and _OSM_RECORD.fullmatch(link.record_id)
    ]
    if mission.facebook:
        same.append(f"https://www.facebook.com/{mission.facebook}")
    if mission.twitter:
        same.append(f"https://x.com/{mission.twitter}")
    if mission.youtube:
        same.append(f"https://www.youtube.com/channel/{mission.youtube}")
    return list(dict.fromkeys(same))


def mission_type(mission: Mission) -> str | list[str]:
    if mission.kind in EMBASSY_KINDS:
        return ["Embassy", "GovernmentOffice"]
    return "GovernmentOffice"


def mission_json_ld(
    mission: Mission,
    *,
    page_url: str,
    description: str,
    hours: WeeklyHours | None,
    links: Iterable[SourceLink],
) -> dict[str, Any]:
    """The mission as schema.org Embassy or GovernmentOffice, with what the page shows of it."""
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": mission_type(mission),
        "@id": f"{page_url}#mission",
        "name": mission.title,
        "description": description,
        "mainEntityOfPage": page_url,
        "address": _address(mission),
        "parentOrganization": _government(mission.sending_country),
    }
    if mission.name != mission.title:
        data["alternateName"] = mission.name
    if mission.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": round(mission.latitude or 0, 6),
            "longitude": round(mission.longitude or 0, 6),
        }
        data["hasMap"] = mission.osm_url
    if telephone := _telephone(mission):
        data["telephone"] = telephone
    if mission.fax:
        data["faxNumber"] = mission.fax
    # Addresses that could lead elsewhere than they read are shown as text, never as links.
    if mission.email_address and not email_problem(mission.email_address, allow_mailto=True):
        data["email"] = mission.email_address
    if mission.website and not web_address_problem(mission.website):
        data["url"] = mission.website
    if specification := opening_hours_specification(hours):
        data["openingHoursSpecification"] = specification
    if same_as := _same_as(mission, links):
        data["sameAs"] = same_as
    if mission.image_url:
        data["image"] = mission.image_https_url
    if mission.opened_on:
        data["foundingDate"] = mission.opened_on.isoformat()
    return data


def mission_card_image(mission: Mission) -> dict[str, Any]:
    """The picture of a mission's link preview: its card (name, town, photo or map)."""
    return {
        "url": reverse("directory:mission-card", args=[mission.slug]),
        "width": CARD_WIDTH,
        "height": CARD_HEIGHT,
        "alt": _name_and_city(mission),
    }


def hub_json_ld(
    country: Country, *, page_url: str, name: str, description: str, mission_count: int
) -> dict[str, Any]:
    """A host or sender hub: a collection page about its country."""
    return {
        "@context": SCHEMA,
        "@type": "CollectionPage",
        "@id": page_url,
        "url": page_url,
        "name": name,
        "description": description,
        "inLanguage": page_language(),
        "about": country_thing(country),
        "mainEntity": {"@type": "ItemList", "numberOfItems": mission_count},
        "isPartOf": {"@type": "WebSite", "name": SITE_NAME, "url": absolute_url("/")},
    }
