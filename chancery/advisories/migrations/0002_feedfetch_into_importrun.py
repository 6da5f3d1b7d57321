"""Advisory runs join every other importer's runs: each FeedFetch becomes an ImportRun."""

from django.db import migrations

BATCH = 500


def fetches_to_runs(apps, schema_editor):
    FeedFetch = apps.get_model("advisories", "FeedFetch")
    ImportRun = apps.get_model("ingest", "ImportRun")
    runs = []
    for fetch in FeedFetch.objects.order_by("pk").iterator(chunk_size=BATCH):
        rejections = list(fetch.rejected or [])
        runs.append(
            ImportRun(
                kind="advisories",
                source=fetch.source,
                location=fetch.location,
                started_at=fetch.started_at,
                finished_at=fetch.finished_at or fetch.started_at,
                ok=fetch.ok,
                error=fetch.error,
                rows_read=fetch.items,
                created=fetch.created,
                updated=fetch.changed,
                unchanged=fetch.unchanged,
                rejected=len(rejections),
                rejections=rejections,
            )
        )
    ImportRun.objects.bulk_create(runs, batch_size=BATCH)


def runs_to_fetches(apps, schema_editor):
    FeedFetch = apps.get_model("advisories", "FeedFetch")
    ImportRun = apps.get_model("ingest", "ImportRun")
    runs = ImportRun.objects.filter(kind="advisories")
    FeedFetch.objects.bulk_create(
        [
            FeedFetch(
                source=run.source,
                location=run.location[:500],
                started_at=run.started_at,
                finished_at=run.finished_at,
                ok=run.ok,
                error=run.error,
                items=run.rows_read,
                created=run.created,
                changed=run.updated,
                unchanged=run.unchanged,
                rejected=run.rejections,
            )
            for run in runs.order_by("pk").iterator(chunk_size=BATCH)
        ],
        batch_size=BATCH,
    )
    runs.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("advisories", "0001_initial"),
        ("ingest", "0002_importrun_kind_ok_error"),
    ]

    operations = [
        migrations.RunPython(fetches_to_runs, runs_to_fetches),
    ]
