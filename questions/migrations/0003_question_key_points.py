"""Key points of a question, and the Curators group's permissions to edit them.

The grant is this migration's own frozen copy of what ``curator_models()`` now lists
(it gained ``KeyPoint``), as data migrations must keep; it reuses 0002's helper that
creates permissions before ``post_migrate`` would.
"""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

GROUP = "Curators"
CODENAMES = [f"{action}_keypoint" for action in ("view", "add", "change", "delete")]


def grant(apps, schema_editor):
    import_module("questions.migrations.0002_curators_group").ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="questions", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="questions", codename__in=CODENAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0002_curators_group"),
    ]

    operations = [
        migrations.CreateModel(
            name="KeyPoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("order", models.PositiveIntegerField(default=0)),
                ("text", models.CharField(help_text="The idea, e.g. 'estimates load first'.", max_length=200)),
                (
                    "phrases",
                    models.TextField(
                        help_text="One match phrase or synonym per line (1 to 8, each at most 60 characters). Matching ignores case and punctuation and accepts plurals and -ing/-ed forms."
                    ),
                ),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="key_points", to="questions.question"
                    ),
                ),
            ],
            options={
                "ordering": ["question", "order", "pk"],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
