"""The Curators group: exactly the permissions people who run the content need.

Content models of the catalogue (view, add, change, delete) and moderation of
interview experiences. Never users, groups or permissions: curators cannot hand out
access. Pay models add their own permissions in compensation's migration, so this app
stays unaware of that one.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Curators"
MODELS = (
    "role", "skill", "company", "question", "questiontip", "preptip", "redflag",
    "asktheinterviewer", "insight", "faq", "resource", "checklistitem", "interviewexperience",
)  # fmt: skip
ACTIONS = ("view", "add", "change", "delete")


def ensure_permissions(apps) -> None:
    """Permissions are normally made after migrate; make them now so the group can hold them."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="questions", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
