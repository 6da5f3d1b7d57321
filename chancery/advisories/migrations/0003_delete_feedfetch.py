from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("advisories", "0002_feedfetch_into_importrun"),
    ]

    operations = [
        migrations.DeleteModel(name="FeedFetch"),
    ]
