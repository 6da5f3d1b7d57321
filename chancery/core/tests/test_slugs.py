"""The one unique-slug rule that missions, countries and articles share."""

from __future__ import annotations

import pytest

from chancery.core.slugs import slug_base, slug_unique, slug_unique_in
from chancery.countries.models import Country


def test_slug_base_cuts_and_falls_back() -> None:
    assert slug_base("Embassy of Germany in Russia", max_length=180, fallback="mission") == (
        "embassy-of-germany-in-russia"
    )
    assert (
        slug_base("Republic " * 30, max_length=100, fallback="country")
        == (("republic-" * 12)[:100])
    )
    assert slug_base("!!!", max_length=100, fallback="article") == "article"


def test_slug_unique_prefers_the_base_then_the_qualifier_then_a_number() -> None:
    taken: set[str] = set()
    assert slug_unique("congo", taken, qualifier="CG") == "congo"
    assert slug_unique("congo", taken, qualifier="CD") == "congo-cd"
    assert slug_unique("congo", taken, qualifier="CD") == "congo-2"
    assert slug_unique("congo", taken) == "congo-3"
    assert taken == {"congo", "congo-cd", "congo-2", "congo-3"}


def test_slug_unique_without_a_qualifier_counts() -> None:
    taken = {"news", "news-2"}
    assert slug_unique("news", taken) == "news-3"


@pytest.mark.django_db
def test_slug_unique_in_reads_the_taken_slugs_from_the_rows() -> None:
    country = Country.objects.exclude(iso_alpha2=None).first()
    assert country is not None
    assert slug_unique_in(Country.objects.all(), country.slug, qualifier="X1") == (
        f"{country.slug}-x1"
    )
    assert slug_unique_in(Country.objects.exclude(pk=country.pk), country.slug) == country.slug
