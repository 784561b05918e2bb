"""The full-text search index, on PostgreSQL only.

A GIN index on the weighted search vector of ``questions.models.question_search_vector``
(PostgreSQL reads it only for that exact expression). SQLite searches with a plain
match and has no such index, so the operation does nothing there; it changes no model
state, so ``makemigrations`` stays clean on both databases.
"""

from django.db import migrations

from questions.models import SEARCH_INDEX_NAME, question_search_vector


def search_index(apps):
    from django.contrib.postgres.indexes import GinIndex

    return GinIndex(question_search_vector(), name=SEARCH_INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("questions", "Question"), search_index(apps))


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("questions", "Question"), search_index(apps))


class Migration(migrations.Migration):
    dependencies = [("questions", "0004_list_indexes")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
