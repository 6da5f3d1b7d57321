from __future__ import annotations

from django.db import models

from chancery.core.language import bare_language, page_language

from .forms import with_article as with_article


class CountryKind(models.TextChoices):
    SOVEREIGN_STATE = "sovereign_state", "Sovereign state"
    PARTIALLY_RECOGNISED = "partially_recognised", "Disputed or partially recognised"
    TERRITORY = "territory", "Dependent territory"
    SPECIAL_ADMINISTRATIVE_REGION = "special_administrative_region", "Special administrative region"
    TREATY_AREA = "treaty_area", "Area under an international treaty"
    SUBNATIONAL = "subnational", "Sub-national government"
    INTERNATIONAL_ORGANISATION = "international_organisation", "International organisation"
    OTHER = "other", "Other"


#: Kinds shown as places in pickers and the country index (a traveller can be "in" them).
PLACE_KINDS = (
    CountryKind.SOVEREIGN_STATE,
    CountryKind.PARTIALLY_RECOGNISED,
    CountryKind.TERRITORY,
    CountryKind.SPECIAL_ADMINISTRATIVE_REGION,
    CountryKind.TREATY_AREA,
)
#: Kinds whose people hold its passport: a nationality to choose ("Your nationality").
NATIONALITY_KINDS = (CountryKind.SOVEREIGN_STATE, CountryKind.PARTIALLY_RECOGNISED)


class Country(models.Model):
    """A sending or host entity: a state, a territory, a region or an organisation.

    ISO codes are optional: Kosovo, the Order of Malta, Quebec or the EU are first-class. Every
    ISO 3166-1 place exists (`places.world_sync`), whether or not a source names it; one that no
    source has named yet has no Wikidata ID.
    """

    wikidata_id = models.CharField("Wikidata ID", max_length=16, unique=True, null=True, blank=True)
    other_wikidata_ids = models.JSONField(
        default=list, blank=True, help_text="Further Wikidata items that stand for this entity."
    )
    iso_alpha2 = models.CharField("ISO alpha-2", max_length=2, unique=True, null=True, blank=True)
    iso_alpha3 = models.CharField("ISO alpha-3", max_length=3, unique=True, null=True, blank=True)
    iso_numeric = models.CharField("ISO numeric", max_length=3, null=True, blank=True)
    kind = models.CharField(max_length=32, choices=CountryKind.choices, db_index=True)
    part_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="territories",
        help_text="The state a territory is part of (Hong Kong: China; Greenland: Denmark).",
    )
    name = models.CharField(max_length=200, help_text="English display name.")
    names = models.JSONField(default=dict, blank=True, help_text="Names by language code.")
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names: official, short and source labels."
    )
    slug = models.SlugField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        """The ISO alpha-2 code where there is one, else the slug (stable either way)."""
        return self.iso_alpha2 or self.slug

    def localized_name(self, language: str | None = None) -> str:
        return localized(self.name, self.names, bare_language(language or page_language()))

    @property
    def name_in_sentence(self) -> str:
        """'the United States', 'Germany': the name as it reads inside a sentence."""
        return with_article(self.name)

    @property
    def label(self) -> str:
        """The name in the language of the page (CLDR names, falling back to English)."""
        return self.localized_name()

    @property
    def label_in_sentence(self) -> str:
        """`label` as it reads inside a sentence: with its article in English ('the
        Netherlands'); other languages' sentences are written around the bare name."""
        return self.name_in_sentence if page_language() == "en" else self.label

    @property
    def is_place(self) -> bool:
        return self.kind in PLACE_KINDS

    @property
    def is_territory(self) -> bool:
        """Part of a state that answers for it abroad (Hong Kong, New Caledonia, Greenland)."""
        return self.part_of_id is not None

    @property
    def wikidata_url(self) -> str:
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""


def localized(name: str, names: dict[str, str] | None, language: str) -> str:
    """A country's name in `language` (a bare code), falling back to its English `name`."""
    return (names or {}).get(language) or name
