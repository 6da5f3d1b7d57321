"""An issuer's relative links lead to the issuer's site, not to pages of ours that do not exist.

The US State Department's feed links some advisories to its own pages by path only
("/en/international-travel/…"); shown on /advisories/france/ such a link led to a 404 here. The
importer makes them absolute against the advisory's page on the issuer's site, and a data
migration does the same to the summaries stored before.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client

from chancery.advisories.models import AdvisoryVersion
from chancery.advisories.services import advisories_import
from chancery.advisories.sources import us_state
from chancery.core.sanitize import clean_html

from .helpers import READ_1014, UK_ALBANIA, US_1014, UsItem, current, us_rss, write

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]*)"')
TSG = "https://travel.state.gov"
#: The advisories of the real 10-14 feed with relative links, and where the links lead.
RESOLVED = {
    "FR": [f"{TSG}/en/international-travel/travel-advisories/global-events/terrorism.html"],
    "SL": [
        f"{TSG}/en/international-travel/travel-advisories/crime.html",
        f"{TSG}/en/international-travel/help-abroad/victims-crime.html",
        f"{TSG}/en/international-travel/planning/guidance/insurance.html",
    ],
    "TR": [
        f"{TSG}/content/travel/en/international-travel/before-you-go/"
        "travelers-with-special-considerations/high-risk-travelers.html"
    ],
}

migration = importlib.import_module("chancery.advisories.migrations.0005_absolute_summary_links")


def hrefs(html: str) -> list[str]:
    return HREF.findall(html)


def test_relative_links_of_the_real_us_feed_lead_to_travel_state_gov(client: Client) -> None:
    advisories_import("us", str(US_1014), now=READ_1014)
    for code, links in RESOLVED.items():
        found = hrefs(current(code).summary)
        assert set(links) <= set(found), code
        assert not [h for h in found if not h.startswith(("https://", "http://"))], code
    for slug, code in [("france", "FR"), ("sierra-leone", "SL"), ("turkiye", "TR")]:
        page = client.get(f"/advisories/{slug}/").content.decode()
        assert all(f'href="{link}"' in page for link in RESOLVED[code]), slug
        feed = client.get(f"/advisories/{slug}/changes.atom").content.decode()
        assert all(f'href="{link}"' in feed.replace("&quot;", '"') for link in RESOLVED[code])
    # "#ExternalPopup" and "#tel:…" point into the advisory's own page, as they did there.
    nepal = current("NP")
    assert f'href="{nepal.source_url}#tel:+888-407-4747"' in nepal.summary


def test_no_stored_link_is_relative() -> None:
    advisories_import("us", str(US_1014), now=READ_1014)
    advisories_import("uk", str(UK_ALBANIA), now=READ_1014)
    links = [h for s in AdvisoryVersion.objects.values_list("summary", flat=True) for h in hrefs(s)]
    assert len(links) > 1000
    assert [h for h in links if not re.match(r"(https?://[^/]|mailto:)", h)] == []
    # GOV.UK's links by path lead to GOV.UK.
    albania = current("AL", issuer="GB").summary
    assert 'href="https://www.gov.uk/foreign-travel-advice/albania/safety-and-security"' in albania


def test_resolved_links_are_sanitised_like_any_other(tmp_path: Path) -> None:
    hostile = (
        '<p><a href="/en/ok.html" onclick="alert(1)">ok</a>'
        '<a href="javascript:alert(2)">js</a>'
        '<a href="  jav&#x09;ascript:alert(3)">tab</a>'
        '<a href="data:text/html,<script>alert(4)</script>">data</a>'
        '<a href="page.html?a=1&amp;b=&quot;2&quot;">relative</a>'
        '<a href="//elsewhere.example/x">scheme-relative</a></p>'
    )
    link = f"{TSG}/content/travel/en/traveladvisories/traveladvisories/peru.html"
    advisories_import(
        "us",
        write(tmp_path / "f.xml", us_rss(UsItem("Peru", "PE", 2, description=hostile, link=link))),
    )
    summary = current("PE").summary
    assert hrefs(summary) == [
        f"{TSG}/en/ok.html",
        f"{TSG}/content/travel/en/traveladvisories/traveladvisories/page.html?a=1&amp;b=%222%22",
        "https://elsewhere.example/x",
    ]
    for forbidden in ("javascript", "onclick", "data:", "<script"):
        assert forbidden not in summary.lower()
    assert summary.count('rel="noopener noreferrer nofollow"') == 6


def test_an_advisory_page_elsewhere_does_not_become_the_base(tmp_path: Path) -> None:
    """A relative link is read against the issuer's site unless the advisory's own page is on
    it: a link elsewhere in the feed cannot send the issuer's links to another site."""
    item = UsItem(
        "Peru",
        "PE",
        2,
        description='<a href="/en/help.html">help</a>',
        link="https://other.example.org/peru/advice.html",
    )
    advisories_import("us", write(tmp_path / "f.xml", us_rss(item)))
    assert hrefs(current("PE").summary) == [f"{TSG}/en/help.html"]


def test_the_migration_fixes_stored_summaries_and_the_next_import_adds_nothing() -> None:
    """Summaries stored before links were resolved get the importer's absolute links; their
    fingerprints still match the feed, so reading it again adds no version."""
    advisories_import("us", str(US_1014), now=READ_1014)
    raw = {
        code: item.summary_html
        for item in us_state.parse(US_1014.read_bytes(), READ_1014).items
        for code in item.destinations
    }
    expected = {}
    for code in RESOLVED:
        version = current(code)
        expected[code] = version.summary
        version.summary = clean_html(raw[code])  # what was stored before
        version.save(update_fields=["summary"])
        assert any(h.startswith("/") for h in hrefs(version.summary))
    versions = AdvisoryVersion.objects.count()

    migration.absolute_links(apps, None)

    assert {code: current(code).summary for code in RESOLVED} == expected
    run = advisories_import("us", str(US_1014), now=READ_1014).run
    assert (run.created, run.updated) == (0, 0)
    assert AdvisoryVersion.objects.count() == versions
