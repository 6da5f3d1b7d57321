"""Stored summaries get what the importer now gives new ones: the issuer's relative links
made absolute against the issuer's site (a link such as "/en/international-travel/…" in a US
advisory led to a page of ours that does not exist).

Fixing the stored text once keeps the job in one place, the importer: every reader of a summary
(the pages, the Atom feeds, the API) then shows it as stored, and none has to repair it. The
content fingerprints are left alone: they are taken before links are resolved. The sanitiser and
the choice of base are the importer's, so that the links pass the same checks as at import.
"""

from django.db import migrations

from chancery.advisories.sources.base import links_base
from chancery.core.sanitize import HTMLTooComplex, clean_html

BATCH = 500

#: Each source's SITE_URL when this migration was written (the sources may change later).
SITES = {
    "us": "https://travel.state.gov/",
    "uk": "https://www.gov.uk/",
    "ca": "https://travel.gc.ca/",
}


def absolute_links(apps, schema_editor):
    AdvisoryVersion = apps.get_model("advisories", "AdvisoryVersion")
    versions = (
        AdvisoryVersion.objects.filter(summary__contains="href=", advisory__source__in=SITES)
        .select_related("advisory")
        .only("pk", "summary", "source_url", "advisory__source")
        .order_by("pk")
    )
    changed = []
    for version in versions.iterator(chunk_size=BATCH):
        base = links_base(SITES[version.advisory.source], version.source_url)
        try:
            summary = clean_html(version.summary, base_url=base)
        except HTMLTooComplex:
            continue  # cannot happen to a summary that was sanitised once; kept as it is
        if summary != version.summary:
            version.summary = summary
            changed.append(version)
    AdvisoryVersion.objects.bulk_update(changed, ["summary"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("advisories", "0004_banner_covers_territories"),
    ]

    operations = [
        # Backwards, the absolute links stay: they lead where the relative ones meant to.
        migrations.RunPython(absolute_links, migrations.RunPython.noop),
    ]
