"""Full-text search on PostgreSQL: ``QuestionSearch`` rows kept by a trigger, and their GIN index.

The table exists on every database (so the model state is the same everywhere and
``makemigrations`` stays clean on both); the trigger, the backfill and the GIN index are
PostgreSQL's own and are made only there. SQLite searches with a plain match.

The vector weighs the question text A, "why asked" B and the answer C, in the ``english``
configuration that ``QuestionQuerySet.search`` parses queries with (``SEARCH_CONFIG``).
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

VECTOR = """
    setweight(to_tsvector('english', coalesce({row}text, '')), 'A')
    || setweight(to_tsvector('english', coalesce({row}why_asked_md, '')), 'B')
    || setweight(to_tsvector('english', coalesce({row}sample_answer_md, '')), 'C')
"""

CREATE = f"""
CREATE FUNCTION questions_search_row_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO questions_questionsearch (question_id, vector)
    VALUES (NEW.id, {VECTOR.format(row="NEW.")})
    ON CONFLICT (question_id) DO UPDATE SET vector = EXCLUDED.vector;
    RETURN NULL;
END
$$;
CREATE TRIGGER questions_search_row
    AFTER INSERT OR UPDATE OF text, why_asked_md, sample_answer_md ON questions_question
    FOR EACH ROW EXECUTE FUNCTION questions_search_row_write();
INSERT INTO questions_questionsearch (question_id, vector)
    SELECT id, {VECTOR.format(row="")} FROM questions_question
    ON CONFLICT (question_id) DO UPDATE SET vector = EXCLUDED.vector;
CREATE INDEX question_search_gin ON questions_questionsearch USING gin (vector);
"""  # noqa: S608 - constant SQL, no outside input

DROP = """
DROP INDEX IF EXISTS question_search_gin;
DROP TRIGGER IF EXISTS questions_search_row ON questions_question;
DROP FUNCTION IF EXISTS questions_search_row_write();
"""


def create_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("questions", "0005_list_indexes")]

    operations = [
        migrations.CreateModel(
            name="QuestionSearch",
            fields=[
                (
                    "question",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_row",
                        serialize=False,
                        to="questions.question",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        migrations.RunPython(create_search, drop_search, elidable=False),
    ]
