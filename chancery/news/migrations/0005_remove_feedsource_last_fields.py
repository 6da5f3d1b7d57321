from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_feedsource_last_run_into_importrun"),
    ]

    operations = [
        migrations.RemoveField(model_name="feedsource", name="last_added"),
        migrations.RemoveField(model_name="feedsource", name="last_error"),
        migrations.RemoveField(model_name="feedsource", name="last_fetched_at"),
    ]
