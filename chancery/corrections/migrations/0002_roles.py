"""Two roles: Editors change the directory's data and moderate suggestions; Admins may do
everything (give them is_superuser as well to manage users)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODELS = {
    "directory": ["mission"],
    "countries": ["country"],
    "corrections": ["suggestion", "missionchange", "fieldprovenance"],
    "advisories": ["banner", "advisory"],
    "news": ["article", "articlecountry", "feedsource"],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    wanted = Permission.objects.none()
    for app_label, models in EDITOR_MODELS.items():
        for model in models:
            wanted = wanted | Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__regex=r"^(view|change|add)_",
            )
    moderate = Permission.objects.filter(
        content_type__app_label="corrections", codename="moderate_suggestion"
    )
    editors.permissions.set(list(wanted) + list(moderate))
    admins, _ = Group.objects.get_or_create(name="Admins")
    admins.permissions.set(Permission.objects.all())


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Admins"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("corrections", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("directory", "0002_alter_mission_status"),
        ("countries", "0001_initial"),
        ("advisories", "0001_initial"),
        ("news", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
