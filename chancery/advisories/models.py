"""Travel advisories by several governments, with their history, and crisis banners."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.language import page_language
from chancery.countries.models import Country

#: An advisory not seen in its issuer's feed for this long is shown as possibly out of date.
STALE_AFTER = dt.timedelta(days=8)


class Level(models.IntegerChoices):
    """Our normalised scale; each issuer's own words map onto it (see `sources`)."""

    NORMAL = 1, _("Normal precautions")
    CAUTION = 2, _("Increased caution")
    RECONSIDER = 3, _("Reconsider or avoid non-essential travel")
    DO_NOT_TRAVEL = 4, _("Do not travel")


class Advisory(models.Model):
    """What one government (the issuer) tells its travellers about one destination.

    The text lives in versions: a change adds an `AdvisoryVersion`, and `current` points to
    the newest; nothing is overwritten.
    """

    destination = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="advisories")
    issuer = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="advisories_issued")
    source = models.CharField(max_length=32, help_text="The source module, e.g. us-state.")
    current = models.ForeignKey(
        "AdvisoryVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_seen_at = models.DateTimeField(
        null=True, blank=True, help_text="When the issuer's feed last carried it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "advisories"
        constraints = [
            models.UniqueConstraint(fields=["destination", "issuer"], name="one_advisory_per_pair")
        ]
        ordering = ["destination__name", "issuer__name"]

    def __str__(self) -> str:
        return f"{self.issuer.name} on {self.destination.name}"

    def get_absolute_url(self) -> str:
        return reverse("advisories:country", args=[self.destination.slug])

    def is_stale(self, now=None) -> bool:
        """Not in the issuer's feed for more than STALE_AFTER: it may have been withdrawn."""
        now = now or timezone.now()
        return self.last_seen_at is None or now - self.last_seen_at > STALE_AFTER


class AdvisoryVersion(models.Model):
    advisory = models.ForeignKey(Advisory, on_delete=models.CASCADE, related_name="versions")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    level_text = models.CharField(
        max_length=300, help_text="The issuer's own words for the level, verbatim."
    )
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True, help_text="Sanitised HTML.")
    source_url = models.URLField(max_length=500)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(
        null=True, blank=True, help_text="When the issuer last changed it, by its own account."
    )
    date_note = models.CharField(
        max_length=200, blank=True, help_text="Why the issuer's date was not used, if it was not."
    )
    fetched_at = models.DateTimeField()
    feed = models.CharField(max_length=500, help_text="The feed or file it was read from.")
    content_hash = models.CharField(max_length=64)
    previous_level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fetched_at", "-pk"]
        indexes = [models.Index(fields=["-created_at"])]

    def __str__(self) -> str:
        return f"{self.advisory}: {self.level_text}"

    @property
    def level_changed(self) -> bool:
        return self.previous_level is not None and self.previous_level != self.level

    @property
    def level_name_for_reader(self) -> str:
        """The level on our scale in the page's language, shown beside the issuer's own words
        (which are English) on a page in another language; empty on an English page."""
        return "" if page_language() == "en" else str(self.get_level_display())


class Severity(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    CRISIS = "crisis", _("Crisis")


class BannerQuerySet(models.QuerySet["Banner"]):
    def active(self, at=None) -> BannerQuerySet:
        at = at or timezone.now()
        return self.filter(Q(starts_at__lte=at), Q(ends_at__isnull=True) | Q(ends_at__gt=at))


class Banner(models.Model):
    """An editor's notice about a country in trouble, shown between its start and end.

    A state's banner is shown in its territories only when the editor says it covers them:
    a strike in Paris is not news in Nouméa, and a crisis in a territory is not one in the
    state, so the default is the place itself.
    """

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="banners")
    headline = models.CharField(
        max_length=200, help_text='e.g. "Russia is currently at war in Ukraine."'
    )
    body = models.TextField(blank=True, help_text="Plain text; shown under the headline.")
    call_to_action = models.CharField(
        max_length=200,
        blank=True,
        help_text='Link text; empty for "Find your country\'s embassy in <country>".',
    )
    severity = models.CharField(max_length=16, choices=Severity.choices, default=Severity.WARNING)
    covers_territories = models.BooleanField(
        default=False,
        help_text="Also shown in the country's territories that have no banner of their own "
        "(for a banner on Denmark: Greenland and the Faroe Islands).",
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty: until removed.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BannerQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.headline
