from django.db import migrations, models


class Migration(migrations.Migration):
    """Every importer records its runs here: what each imports, and whether it failed."""

    dependencies = [
        ("ingest", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="importrun",
            options={"ordering": ["-started_at", "-pk"]},
        ),
        migrations.AddField(
            model_name="importrun",
            name="kind",
            # Runs recorded so far are all imports of missions.
            field=models.CharField(
                choices=[
                    ("missions", "Missions"),
                    ("advisories", "Travel advisories"),
                    ("news", "News"),
                ],
                default="missions",
                max_length=16,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="importrun",
            name="ok",
            field=models.BooleanField(
                default=True, help_text="False when the source could not be used."
            ),
        ),
        migrations.AddField(
            model_name="importrun",
            name="error",
            field=models.TextField(blank=True, help_text="Why the run failed, on one line."),
        ),
        migrations.AlterField(
            model_name="importrun",
            name="source",
            field=models.CharField(
                help_text="The source module, e.g. wikidata-csv, us, rss-atom.", max_length=32
            ),
        ),
        migrations.AlterField(
            model_name="importrun",
            name="rejections",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text='List of {"line" or "item", "reason"} for what was rejected.',
            ),
        ),
    ]
