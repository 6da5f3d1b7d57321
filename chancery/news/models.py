"""Diplomatic news: articles written by editors or read from feeds, tagged with countries."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from chancery.core.weblinks import validate_web_address
from chancery.countries.models import Country
from chancery.ingest.models import ImportKind, ImportRun
from chancery.ingest.selectors import import_run_last


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class BodyFormat(models.TextChoices):
    MARKDOWN = "markdown", "Markdown"
    HTML = "html", "HTML (from a feed)"


class FeedSource(models.Model):
    """A news feed read by `ingest_news --all`; each reading is an import run of its address."""

    name = models.CharField(max_length=200)
    url = models.CharField(max_length=500, unique=True, help_text="An https URL or a local path.")
    enabled = models.BooleanField(default=True)
    licence = models.CharField(
        max_length=200, blank=True, help_text="The licence the publisher gives its texts under."
    )
    licence_url = models.URLField(max_length=500, blank=True, validators=[validate_web_address])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def last_run(self) -> ImportRun | None:
        """The latest reading of the feed's address, or None when it was never read."""
        return import_run_last(ImportKind.NEWS, self.url)


class ArticleQuerySet(models.QuerySet["Article"]):
    def visible(self, at=None) -> ArticleQuerySet:
        """Published, or scheduled and due: what the public sees."""
        at = at or timezone.now()
        return self.filter(
            Q(status=ArticleStatus.PUBLISHED) | Q(status=ArticleStatus.SCHEDULED),
            published_at__lte=at,
        )


class Article(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True, help_text="One or two sentences, plain text.")
    body = models.TextField(
        blank=True, help_text="Markdown (written here) or HTML (from a feed); sanitised on save."
    )
    body_format = models.CharField(
        max_length=16, choices=BodyFormat.choices, default=BodyFormat.MARKDOWN
    )
    body_html = models.TextField(
        blank=True, editable=False, help_text="The body, rendered and sanitised."
    )
    status = models.CharField(
        max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        default=timezone.now,
        db_index=True,
        help_text="A future date with status Scheduled publishes it then.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)
    author = models.CharField(max_length=200, blank=True)
    source_name = models.CharField(max_length=200, blank=True)
    source_url = models.URLField(max_length=1000, blank=True, validators=[validate_web_address])
    image_url = models.URLField(max_length=1000, blank=True, validators=[validate_web_address])
    image_credit = models.CharField(max_length=300, blank=True)
    countries = models.ManyToManyField(
        Country, through="ArticleCountry", related_name="articles", blank=True
    )
    feed = models.ForeignKey(
        FeedSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    excluded_countries = models.JSONField(
        default=list, blank=True, help_text="Country ids an editor removed: never tagged again."
    )
    guid = models.CharField(max_length=500, blank=True, db_index=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        day = timezone.localtime(self.published_at)
        return reverse(
            "news:article",
            kwargs={
                "year": day.year,
                "month": f"{day.month:02d}",
                "day": f"{day.day:02d}",
                "slug": self.slug,
            },
        )

    @property
    def is_visible(self) -> bool:
        return self.status in (ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED) and (
            self.published_at <= timezone.now()
        )


class ArticleCountry(models.Model):
    """An article's country, with the tagger's score; editors may add, remove or pin tags."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    country = models.ForeignKey(Country, on_delete=models.CASCADE)
    score = models.FloatField(default=0.0)
    by_editor = models.BooleanField(default=False, help_text="Set or confirmed by an editor.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "country"], name="one_tag_per_country")
        ]
        ordering = ["-score"]

    def __str__(self) -> str:
        return f"{self.article} — {self.country}"
