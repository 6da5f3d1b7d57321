from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("advisories", "0003_delete_feedfetch"),
    ]

    operations = [
        migrations.AddField(
            model_name="banner",
            name="covers_territories",
            field=models.BooleanField(
                default=False,
                help_text="Also shown in the country's territories that have no banner of their "
                "own (for a banner on Denmark: Greenland and the Faroe Islands).",
            ),
        ),
    ]
