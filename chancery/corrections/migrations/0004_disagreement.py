"""Sources that disagree become suggestions; the roles get the source records' permissions
(Admins all of them, Editors to view them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def grant_source_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    sources = Permission.objects.filter(
        content_type__app_label="directory", content_type__model__in=["sourcelink", "sourcevalue"]
    )
    for admins in Group.objects.filter(name="Admins"):
        admins.permissions.add(*sources)
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.add(*sources.filter(codename__startswith="view_"))


class Migration(migrations.Migration):
    dependencies = [
        ("corrections", "0003_addresses_read_as_browsers_do"),
        ("directory", "0005_sources"),
    ]

    operations = [
        migrations.AlterField(
            model_name="suggestion",
            name="kind",
            field=models.CharField(
                choices=[
                    ("correction", "Correction"),
                    ("closed_or_moved", "Closed or moved"),
                    ("new_mission", "Missing mission"),
                    ("conflict", "Import conflict"),
                    ("disagreement", "Sources disagree"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(grant_source_permissions, migrations.RunPython.noop),
    ]
