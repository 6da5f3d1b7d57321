from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from chancery.core.language import page_language
from chancery.core.weblinks import validate_mission_email, validate_web_address
from chancery.countries.models import Country


class MissionKind(models.TextChoices):
    EMBASSY = "embassy", _("Embassy")
    HIGH_COMMISSION = "high_commission", _("High Commission")
    CONSULATE_GENERAL = "consulate_general", _("Consulate-General")
    CONSULATE = "consulate", _("Consulate")
    VICE_CONSULATE = "vice_consulate", _("Vice-Consulate")
    HONORARY_CONSULATE = "honorary_consulate", _("Honorary Consulate")
    NUNCIATURE = "nunciature", _("Apostolic Nunciature")
    PERMANENT_MISSION = "permanent_mission", _("Permanent Mission")
    DELEGATION = "delegation", _("Delegation")
    REPRESENTATIVE_OFFICE = "representative_office", _("Representative Office")
    INTERESTS_SECTION = "interests_section", _("Interests Section")
    LIAISON_OFFICE = "liaison_office", _("Liaison Office")
    OTHER = "other", _("Diplomatic Mission")

    # A kind has two ranks because two questions are asked of it. A listing shows every office
    # a country has and orders them as declared above: the embassy and its peers, the
    # consular posts down to honorary consulates, then the rest. "Who can help" ranks only the
    # offices whose career staff help citizens, by where a traveller should go first: an
    # interests section acts as the embassy where there is none, so it comes before the
    # offices that seldom do consular work; honorary consulates, permanent missions and
    # delegations are not among them.

    @classmethod
    def listing_rank(cls, kind: str) -> int:
        """Where missions of this kind come in a listing (an unknown kind comes last)."""
        return _LISTING_RANK.get(kind, UNRANKED)

    @classmethod
    def career(cls) -> tuple[MissionKind, ...]:
        """The offices whose career staff help citizens, in the order a traveller should try them."""
        return _CAREER

    @classmethod
    def help_rank(cls, kind: str) -> int:
        """Where a career office of this kind comes in "who can help" (others come last)."""
        return _HELP_RANK.get(kind, UNRANKED)

    @classmethod
    def is_career(cls, kind: str) -> bool:
        return kind in _HELP_RANK

    @classmethod
    def label_of(cls, kind: str) -> str:
        """The kind's name in the page's language; an unknown kind is shown as it is."""
        return str(_LABELS.get(kind, kind))


#: The rank of a kind outside an order: after every ranked one.
UNRANKED = 99
_LABELS = dict(MissionKind.choices)
_LISTING_RANK: dict[str, int] = {kind: rank for rank, kind in enumerate(MissionKind.values)}
_CAREER = (
    MissionKind.EMBASSY,
    MissionKind.HIGH_COMMISSION,
    MissionKind.CONSULATE_GENERAL,
    MissionKind.CONSULATE,
    MissionKind.VICE_CONSULATE,
    MissionKind.INTERESTS_SECTION,
    MissionKind.REPRESENTATIVE_OFFICE,
    MissionKind.LIAISON_OFFICE,
    MissionKind.NUNCIATURE,
    MissionKind.OTHER,
)
_HELP_RANK: dict[str, int] = {kind: rank for rank, kind in enumerate(_CAREER)}


#: Kinds headed by career staff that are named after their city rather than the host country.
CONSULAR_KINDS = frozenset(
    {
        MissionKind.CONSULATE_GENERAL,
        MissionKind.CONSULATE,
        MissionKind.VICE_CONSULATE,
        MissionKind.HONORARY_CONSULATE,
    }
)


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
        """The mission's own name in the page's language (Wikidata's label), else the name
        made from its kind, sender and place."""
        return self.names.get(page_language()) or self.name

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
