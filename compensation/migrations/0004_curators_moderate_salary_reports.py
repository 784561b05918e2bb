"""Curators moderate salary reports; like 0002, a frozen copy of the grant."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Curators"
ACTIONS = ("view", "add", "change", "delete")


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [f"{action}_salaryreport" for action in ACTIONS]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="compensation", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        codenames = [f"{action}_salaryreport" for action in ACTIONS]
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="compensation", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("compensation", "0003_salary_reports")]

    operations = [migrations.RunPython(grant, revoke)]
