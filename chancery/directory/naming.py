"""Names for missions, built from their kind, sender, place and town, in every site language.

The stored name is English ("Embassy of Germany in Russia"); a page in another language shows
the same name written in that language's grammar ("Ambassade d’Allemagne en Russie",
"Deutsche Botschaft in Russland", "Посольство Германии в России"), from the place forms of
`countries.forms` and the town names of `countries.towns`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import translation

from chancery.countries.forms import PlaceForms, arabic_li, in_town, place_forms
from chancery.countries.models import Country, with_article
from chancery.countries.towns import TOWN_LANGUAGES, town_name

from .kinds import CONSULAR_KINDS, MissionKind

if TYPE_CHECKING:
    from .models import Mission

# The source's type labels (case-insensitive) → kind. Labels not listed map to OTHER and are
# reported by the importer. A consular agency is the lowest career consular post (Vienna
# Convention on Consular Relations, art. 9), so it sits with vice-consulates.
TYPE_LABEL_KINDS: dict[str, MissionKind] = {
    "embassy": MissionKind.EMBASSY,
    "embassy of the united states": MissionKind.EMBASSY,
    "high commission": MissionKind.HIGH_COMMISSION,
    "british high commission": MissionKind.HIGH_COMMISSION,
    "australian high commission": MissionKind.HIGH_COMMISSION,
    "consulate general": MissionKind.CONSULATE_GENERAL,
    "consulate-general": MissionKind.CONSULATE_GENERAL,
    "consulate general of sweden": MissionKind.CONSULATE_GENERAL,
    "consulate general of belgium": MissionKind.CONSULATE_GENERAL,
    "deputy high commission": MissionKind.CONSULATE_GENERAL,
    "consulate": MissionKind.CONSULATE,
    "consular office": MissionKind.CONSULATE,
    "consulates of sweden": MissionKind.CONSULATE,
    "assistant high commission": MissionKind.CONSULATE,
    "vice-consulate": MissionKind.VICE_CONSULATE,
    "vice consulate": MissionKind.VICE_CONSULATE,
    "consular agency": MissionKind.VICE_CONSULATE,
    "honorary consulate": MissionKind.HONORARY_CONSULATE,
    "honorary consulate general": MissionKind.HONORARY_CONSULATE,
    "apostolic nunciature": MissionKind.NUNCIATURE,
    "permanent mission": MissionKind.PERMANENT_MISSION,
    "apostolic delegation": MissionKind.DELEGATION,
    "delegation": MissionKind.DELEGATION,
    "quebec government office": MissionKind.DELEGATION,
    "de facto embassy": MissionKind.REPRESENTATIVE_OFFICE,
    "de facto consulate": MissionKind.REPRESENTATIVE_OFFICE,
    "representative office": MissionKind.REPRESENTATIVE_OFFICE,
    "taipei representative office": MissionKind.REPRESENTATIVE_OFFICE,
    "trade office": MissionKind.REPRESENTATIVE_OFFICE,
    "interests section": MissionKind.INTERESTS_SECTION,
    "liaison office": MissionKind.LIAISON_OFFICE,
    "diplomatic mission": MissionKind.OTHER,
    "diplomatic mission of el salvador": MissionKind.OTHER,
}


def kind_for_label(label: str) -> tuple[MissionKind, bool]:
    """The kind for a source type label, and whether the label is known."""
    kind = TYPE_LABEL_KINDS.get(" ".join(label.casefold().split()))
    return (kind, True) if kind else (MissionKind.OTHER, False)


def mission_name(kind: str, sender: str, host: str, city: str = "") -> str:
    """'Embassy of Germany in Russia', 'Consulate-General of France in Saint Petersburg'.

    Names are stored data, always in English whatever language the request is in."""
    with translation.override("en"):
        label = str(MissionKind(kind).label)
    place = city if (kind in CONSULAR_KINDS and city) else with_article(host)
    if kind == MissionKind.NUNCIATURE:
        return f"{label} in {place}"
    if kind == MissionKind.PERMANENT_MISSION:
        return f"{label} of {with_article(sender)} to {place}"
    return f"{label} of {with_article(sender)} in {place}"


K = MissionKind

#: The kind's noun in each language that writes "<kind> <of sender> <where>".
_KIND_NOUNS: dict[str, dict[str, str]] = {
    "fr": {
        K.EMBASSY: "Ambassade",
        K.HIGH_COMMISSION: "Haut-commissariat",
        K.CONSULATE_GENERAL: "Consulat général",
        K.CONSULATE: "Consulat",
        K.VICE_CONSULATE: "Vice-consulat",
        K.HONORARY_CONSULATE: "Consulat honoraire",
        K.NUNCIATURE: "Nonciature apostolique",
        K.PERMANENT_MISSION: "Mission permanente",
        K.DELEGATION: "Délégation",
        K.REPRESENTATIVE_OFFICE: "Bureau de représentation",
        K.INTERESTS_SECTION: "Section d’intérêts",
        K.LIAISON_OFFICE: "Bureau de liaison",
        K.OTHER: "Mission diplomatique",
    },
    "es": {
        K.EMBASSY: "Embajada",
        K.HIGH_COMMISSION: "Alta Comisión",
        K.CONSULATE_GENERAL: "Consulado General",
        K.CONSULATE: "Consulado",
        K.VICE_CONSULATE: "Viceconsulado",
        K.HONORARY_CONSULATE: "Consulado Honorario",
        K.NUNCIATURE: "Nunciatura Apostólica",
        K.PERMANENT_MISSION: "Misión Permanente",
        K.DELEGATION: "Delegación",
        K.REPRESENTATIVE_OFFICE: "Oficina de Representación",
        K.INTERESTS_SECTION: "Sección de Intereses",
        K.LIAISON_OFFICE: "Oficina de Enlace",
        K.OTHER: "Misión Diplomática",
    },
    "de": {
        K.EMBASSY: "Botschaft",
        K.HIGH_COMMISSION: "Hochkommissariat",
        K.CONSULATE_GENERAL: "Generalkonsulat",
        K.CONSULATE: "Konsulat",
        K.VICE_CONSULATE: "Vizekonsulat",
        K.HONORARY_CONSULATE: "Honorarkonsulat",
        K.NUNCIATURE: "Apostolische Nuntiatur",
        K.PERMANENT_MISSION: "Ständige Vertretung",
        K.DELEGATION: "Delegation",
        K.REPRESENTATIVE_OFFICE: "Vertretung",
        K.INTERESTS_SECTION: "Interessenvertretung",
        K.LIAISON_OFFICE: "Verbindungsbüro",
        K.OTHER: "Diplomatische Vertretung",
    },
    "ru": {
        K.EMBASSY: "Посольство",
        K.HIGH_COMMISSION: "Высокая комиссия",
        K.CONSULATE_GENERAL: "Генеральное консульство",
        K.CONSULATE: "Консульство",
        K.VICE_CONSULATE: "Вице-консульство",
        K.HONORARY_CONSULATE: "Почётное консульство",
        K.NUNCIATURE: "Апостольская нунциатура",
        K.PERMANENT_MISSION: "Постоянное представительство",
        K.DELEGATION: "Делегация",
        K.REPRESENTATIVE_OFFICE: "Представительство",
        K.INTERESTS_SECTION: "Секция интересов",
        K.LIAISON_OFFICE: "Бюро связи",
        K.OTHER: "Дипломатическое представительство",
    },
    "ar": {
        K.EMBASSY: "سفارة",
        K.HIGH_COMMISSION: "المفوضية العليا",
        K.CONSULATE_GENERAL: "القنصلية العامة",
        K.CONSULATE: "قنصلية",
        K.VICE_CONSULATE: "نيابة قنصلية",
        K.HONORARY_CONSULATE: "القنصلية الفخرية",
        K.NUNCIATURE: "السفارة البابوية",
        K.PERMANENT_MISSION: "البعثة الدائمة",
        K.DELEGATION: "بعثة",
        K.REPRESENTATIVE_OFFICE: "مكتب تمثيل",
        K.INTERESTS_SECTION: "قسم رعاية مصالح",
        K.LIAISON_OFFICE: "مكتب اتصال",
        K.OTHER: "البعثة الدبلوماسية",
    },
}
#: Languages with localised mission names (English is the stored name).
NAMED_LANGUAGES = frozenset(_KIND_NOUNS)

#: German kinds named with the country's adjective, and their nouns' gender: "Deutsche
#: Botschaft", "Deutsches Generalkonsulat" (strong declension, nominative, no article).
_GERMAN_ADJECTIVE_KINDS: dict[str, str] = {
    K.EMBASSY: "e",
    K.HIGH_COMMISSION: "es",
    K.CONSULATE_GENERAL: "es",
    K.CONSULATE: "es",
    K.VICE_CONSULATE: "es",
    K.HONORARY_CONSULATE: "es",
}
#: Arabic kinds whose noun carries the article, so the sender follows with li- ("القنصلية
#: العامة لفرنسا"); the others take the sender as a construct ("سفارة ألمانيا").
_ARABIC_DEFINITE = frozenset(
    {K.HIGH_COMMISSION, K.CONSULATE_GENERAL, K.HONORARY_CONSULATE, K.PERMANENT_MISSION, K.OTHER}
)


def _where(kind: str, place: Country, town: str, language: str) -> str:
    if kind in CONSULAR_KINDS and town:
        return in_town(town, language)
    return place_forms(place, language).where


def _sender_part(kind: str, sender: PlaceForms, language: str) -> str:
    if language == "ar":
        return arabic_li(sender.of) if kind in _ARABIC_DEFINITE else sender.of
    return sender.of


def localised_mission_name(
    kind: str, sender: Country, place: Country, town: str, language: str
) -> str:
    """The mission's name in `language`, written as a speaker would: "Ambassade d’Allemagne en
    Russie", "Embajada de Alemania en Rusia", "Deutsche Botschaft in Russland", "Посольство
    Германии в России", "سفارة ألمانيا في روسيا". `town` is already in that language."""
    noun = _KIND_NOUNS[language].get(kind, _KIND_NOUNS[language][K.OTHER])
    where = _where(kind, place, town, language)
    if kind == K.NUNCIATURE:
        return f"{noun} {where}"
    forms = place_forms(sender, language)
    if language == "de" and forms.adjective and kind in _GERMAN_ADJECTIVE_KINDS:
        adjective = forms.adjective[:1].upper() + forms.adjective[1:]
        return f"{adjective}{_GERMAN_ADJECTIVE_KINDS[kind]} {noun} {where}"
    return f"{noun} {_sender_part(kind, forms, language)} {where}"


def display_name(mission: Mission, language: str) -> str:
    """What a page in `language` calls the mission (`shown_name`)."""
    own = mission.names.get(language)
    if own or language not in NAMED_LANGUAGES:
        return own or mission.name  # no related row is read for an English page
    return shown_name(
        name=mission.name,
        names=mission.names,
        kind=mission.kind,
        sender=mission.sending_country,
        place=mission.located_in,
        town=local_town(mission, language) if mission.city else "",
        english_town=mission.city,
        language=language,
    )


def shown_name(
    *,
    name: str,
    names: dict[str, str],
    kind: str,
    sender: Country,
    place: Country,
    town: str,
    english_town: str,
    language: str,
) -> str:
    """A mission's own name in `language` (Wikidata's label), else its generated name written
    in that language, else its stored name: an editor's own wording is never rewritten.
    `town` is the town in `language`, `english_town` as the source names it."""
    own = names.get(language)
    if own:
        return own
    if language not in NAMED_LANGUAGES:
        return name
    if name != mission_name(kind, sender.name, place.name, english_town):
        return name
    return localised_mission_name(kind, sender, place, town, language)


def local_town(mission: Mission, language: str) -> str:
    """The mission's town in `language`, else as its source names it."""
    if language not in TOWN_LANGUAGES or not mission.city:
        return mission.city
    return town_in_language(
        mission.city,
        mission.city_wikidata_id,
        (mission.located_in.iso_alpha2, mission.host_country.iso_alpha2),
        language,
    )


def town_in_language(
    city: str, item: str, place_codes: tuple[str | None, ...], language: str
) -> str:
    """A town in `language` (`countries.towns`), given the ISO codes of the places it may lie
    in, its territory's first."""
    codes = tuple(code for code in place_codes if code)
    return town_name(city, item, codes, language)
