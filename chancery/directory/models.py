from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import translation

from chancery.core.language import page_language
from chancery.core.weblinks import validate_mission_email, validate_web_address
from chancery.countries.models import Country

from .kinds import CONSULAR_KINDS as CONSULAR_KINDS
from .kinds import UNRANKED as UNRANKED
from .kinds import MissionKind as MissionKind
from .naming import display_name, local_town


class MissionStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    WITHDRAWN = "withdrawn", "Withdrawn from source"
    CLOSED = "closed", "Closed (reported and confirmed)"


class MissionQuerySet(models.QuerySet["Mission"]):
    def active(self) -> MissionQuerySet:
        return self.filter(status=MissionStatus.ACTIVE)


class Mission(models.Model):
    """One diplomatic or consular office, keyed on its Wikidata item."""

    wikidata_id = models.CharField(
        "Wikidata ID",
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        help_text="Empty for a mission known only from another source (OpenStreetMap).",
    )
    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=32, choices=MissionKind.choices, db_index=True)
    type_label = models.CharField(
        max_length=200, blank=True, help_text="The source's own label for the mission type."
    )
    type_wikidata_id = models.CharField(max_length=16, blank=True)

    sending_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="missions_sent"
    )
    host_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="missions_hosted"
    )
    territory = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="missions_located",
        null=True,
        blank=True,
        help_text=(
            "Where the mission stands: its host, or the host's territory its coordinates or town "
            "lie in (a consulate-general whose host is China stands in Hong Kong). Set on save."
        ),
    )
    jurisdictions = models.ManyToManyField(
        Country,
        related_name="accredited_missions",
        blank=True,
        help_text="Countries the mission is accredited to besides its host.",
    )

    city = models.CharField(
        max_length=200, blank=True, help_text="The town: a populated place, never a district."
    )
    city_source_label = models.CharField(
        max_length=200,
        blank=True,
        help_text="The place as the source names it (at times a district or a municipality).",
    )
    city_wikidata_id = models.CharField(max_length=16, blank=True)
    address = models.TextField(
        blank=True, help_text="The street address, written the way the host country writes it."
    )
    address_parts = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            'The address in parts: {"street_address", "locality", "region", "postal_code", '
            '"country_code", "language"}; empty when the source gives one line of text.'
        ),
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    phones = models.JSONField(
        default=list,
        blank=True,
        help_text='List of {"raw", "e164", "valid"}; e164 is empty when the number did not parse.',
    )
    fax = models.CharField(max_length=100, blank=True)
    email = models.CharField(max_length=254, blank=True, validators=[validate_mission_email])
    website = models.URLField(max_length=1000, blank=True, validators=[validate_web_address])
    facebook = models.CharField(max_length=200, blank=True)
    twitter = models.CharField(max_length=200, blank=True)
    youtube = models.CharField(max_length=200, blank=True)

    image_url = models.URLField(max_length=1000, blank=True, validators=[validate_web_address])
    image_author = models.CharField(max_length=1000, blank=True)
    image_licence = models.CharField(max_length=100, blank=True)
    image_licence_url = models.URLField(
        max_length=300, blank=True, validators=[validate_web_address]
    )

    services = models.JSONField(
        default=list,
        blank=True,
        help_text='What the office does for the public, as its source names it ("Passports").',
    )
    opening_hours = models.CharField(
        max_length=500,
        blank=True,
        help_text="OpenStreetMap opening_hours syntax, e.g. 'Mo-Fr 09:00-12:00,14:00-17:00'.",
    )
    names = models.JSONField(
        default=dict,
        blank=True,
        help_text="The mission's own name by language code, from Wikidata's labels.",
    )

    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(
        null=True, blank=True, help_text="When the source says the mission closed."
    )
    verified = models.BooleanField(
        default=True,
        help_text=(
            "False for a mission created from a source that editors have not confirmed "
            "(an OpenStreetMap feature that matched no known mission)."
        ),
    )

    status = models.CharField(
        max_length=16, choices=MissionStatus.choices, default=MissionStatus.ACTIVE
    )

    source = models.CharField(max_length=32, default="wikidata-csv")
    source_id = models.CharField(max_length=64)
    source_hash = models.CharField(max_length=40, blank=True, editable=False)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    last_import_run = models.ForeignKey(
        "ingest.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MissionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["host_country", "status"]),
            models.Index(fields=["territory", "status"]),
            models.Index(fields=["sending_country", "status"]),
            models.Index(fields=["source", "status"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:mission", args=[self.slug])

    @property
    def title(self) -> str:
        """The mission's name in the page's language (`naming.display_name`)."""
        return display_name(self, page_language())

    @property
    def data_name(self) -> str:
        """The name data answers give (API, exports): as stored, in English, unless the answer
        is asked for in another language (`?lang=`), which gets `title`."""
        return self.name if page_language() == "en" else self.title

    @property
    def data_town(self) -> str:
        """The town data answers give: as its source names it, or in the language asked for."""
        return self.city if page_language() == "en" else self.town

    @property
    def town(self) -> str:
        """The mission's town in the page's language (`city` is as its source names it)."""
        return local_town(self, page_language()) if self.city else ""

    @property
    def image_https_url(self) -> str:
        """The photo's address over https (Wikidata gives Commons links as http, which a page
        served over https may not load)."""
        if self.image_url.startswith("http://"):
            return "https://" + self.image_url.removeprefix("http://")
        return self.image_url

    @property
    def extra_type_label(self) -> str:
        """The source's own type when it says more than the kind (an "honorary consulate
        general" filed as a consulate); compared in English, the source's language."""
        if not self.type_label:
            return ""
        with translation.override("en"):
            kind = str(self.get_kind_display())
        return "" if self.type_label.lower() == kind.lower() else self.type_label

    @property
    def is_active(self) -> bool:
        return self.status == MissionStatus.ACTIVE

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def osm_url(self) -> str:
        if not self.has_coordinates:
            return ""
        return (
            f"https://www.openstreetmap.org/?mlat={self.latitude:.6f}&mlon={self.longitude:.6f}"
            f"#map=17/{self.latitude:.6f}/{self.longitude:.6f}"
        )

    @property
    def wikidata_url(self) -> str:
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""

    @property
    def public_id(self) -> str:
        """The mission's id in the API: its QID, or its slug when it has none."""
        return self.wikidata_id or self.slug

    @property
    def email_address(self) -> str:
        return self.email.removeprefix("mailto:")

    @property
    def place(self) -> str:
        return self.city or self.located_in.name

    @property
    def located_in(self) -> Country:
        """The place the mission stands in: its territory, else its host."""
        return self.territory or self.host_country


class SourceLink(models.Model):
    """One record of one source that describes a mission: a Wikidata item, an OpenStreetMap
    node or way (several when the office is mapped twice), a government's page.

    The link holds how the record was matched; its values (`SourceValue`) are what the record
    says, field by field. A link goes when its record leaves the source, and its values with it,
    so that a value removed at its source disappears only from that source.
    """

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="source_links")
    #: The provider: "wikidata", "osm", "govuk" (one provider may be read by several modules).
    source = models.CharField(max_length=32)
    record_id = models.CharField(
        max_length=200, help_text="Q123, node/3483711795, british-embassy-manila …"
    )
    record_url = models.URLField(max_length=1000, blank=True, validators=[validate_web_address])
    fetched_at = models.DateTimeField()
    #: How the record was tied to the mission: "id" (the same Wikidata item), "tag" (the
    #: record names the item), "score" (sender, kind, place, distance and name), "created".
    matched_by = models.CharField(max_length=16)
    score = models.FloatField(null=True, blank=True)
    #: A digest of the values: a record that says the same as last time is not rewritten.
    values_hash = models.CharField(max_length=40, blank=True, editable=False)
    last_import_run = models.ForeignKey(
        "ingest.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "record_id"], name="one_link_per_record")
        ]
        indexes = [models.Index(fields=["mission", "source"])]

    def __str__(self) -> str:
        return f"{self.source}:{self.record_id}"


class SourceValue(models.Model):
    """What one source record says about one field of its mission ("phones", "address" …)."""

    link = models.ForeignKey(SourceLink, on_delete=models.CASCADE, related_name="values")
    field = models.CharField(max_length=32)
    #: For names only: the label's language.
    language = models.CharField(max_length=16, blank=True, default="")
    value = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["link", "field", "language"], name="one_value_per_field"
            )
        ]

    def __str__(self) -> str:
        return f"{self.link} {self.field}"
