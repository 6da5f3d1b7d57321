"""A feed source's last reading becomes an import run of its address, as new readings are."""

from django.db import migrations


def last_readings_to_runs(apps, schema_editor):
    FeedSource = apps.get_model("news", "FeedSource")
    ImportRun = apps.get_model("ingest", "ImportRun")
    ImportRun.objects.bulk_create(
        [
            ImportRun(
                kind="news",
                source="rss-atom",
                location=source.url,
                started_at=source.last_fetched_at,
                finished_at=source.last_fetched_at,
                ok=not source.last_error,
                error=source.last_error,
                # A failed reading added nothing; the count kept was the one before it.
                created=0 if source.last_error else source.last_added,
            )
            for source in FeedSource.objects.filter(last_fetched_at__isnull=False).order_by("pk")
        ]
    )


def runs_to_last_readings(apps, schema_editor):
    FeedSource = apps.get_model("news", "FeedSource")
    ImportRun = apps.get_model("ingest", "ImportRun")
    for source in FeedSource.objects.all():
        run = (
            ImportRun.objects.filter(kind="news", location=source.url)
            .order_by("-started_at", "-pk")
            .first()
        )
        if run is not None:
            source.last_fetched_at = run.started_at
            source.last_error = run.error
            source.last_added = run.created
            source.save(update_fields=["last_fetched_at", "last_error", "last_added"])


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_addresses_read_as_browsers_do"),
        ("ingest", "0002_importrun_kind_ok_error"),
    ]

    operations = [
        migrations.RunPython(last_readings_to_runs, runs_to_last_readings),
    ]
