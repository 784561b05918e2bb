"""Questions as an Anki deck (``.apkg``), made with genanki.

One note per question. The front holds the question with its category and difficulty;
the back the sample answer, the key points, the pro tips and the mistakes to avoid.

Two things make a re-import update a deck instead of duplicating it, so both are fixed
for good here: the note type's id (``NOTE_TYPE_ID``, with its fields in this order) and
each note's GUID, which comes from the question's slug (slugs are permanent, like the
URLs they make). A new field or template means a new note type id, never an edit of
this one.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable
from pathlib import Path

import genanki
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape

from prepsite.markdown import render_markdown
from questions.models import Question

NOTE_TYPE_ID = 1_607_392_319  # random, chosen once; see the module docstring

FIELDS = ["Question", "Category", "Difficulty", "Answer", "KeyPoints", "Tips", "Mistakes", "Link"]

FRONT = """<div class="meta">{{Category}} · {{Difficulty}}</div>
<div class="question">{{Question}}</div>"""

BACK = """{{FrontSide}}
<hr id="answer">
<div class="answer">{{Answer}}</div>
{{#KeyPoints}}<h3>What a strong answer covers</h3>{{KeyPoints}}{{/KeyPoints}}
{{#Tips}}<h3>Pro tips</h3>{{Tips}}{{/Tips}}
{{#Mistakes}}<h3>Mistakes to avoid</h3>{{Mistakes}}{{/Mistakes}}
<p class="link">{{Link}}</p>"""

CSS = """.card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5;
  text-align: left; color: #1a1a1a; background: #fff; max-width: 40em; margin: 0 auto; }
.nightMode.card, .night_mode .card { color: #eee; background: #1e1e1e; }
.meta { font-size: 14px; opacity: .75; }
.question { font-size: 22px; font-weight: 600; margin: .5em 0; }
h3 { font-size: 16px; margin: 1.2em 0 .3em; }
pre { overflow-x: auto; }
.link { font-size: 14px; opacity: .75; }"""

NOTE_TYPE = genanki.Model(
    NOTE_TYPE_ID,
    "Prepsite interview question",
    fields=[{"name": name} for name in FIELDS],
    templates=[{"name": "Question → answer", "qfmt": FRONT, "afmt": BACK}],
    css=CSS,
)


def deck_id(name: str) -> int:
    """A stable deck id for a deck name, in the range genanki suggests."""
    return (1 << 30) + int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) % (1 << 30)


def note_guid(question: Question) -> str:
    return genanki.guid_for("prepsite-question", question.slug)


def _tag(value: str) -> str:
    """Anki tags cannot hold spaces; ``::`` makes them a hierarchy in Anki's browser."""
    return "".join(character if not character.isspace() else "-" for character in value)


def _list(items: Iterable[str]) -> str:
    rendered = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f"<ul>{rendered}</ul>" if rendered else ""


def question_note(question: Question, *, site_url: str) -> genanki.Note:
    """The note for one question, read from ``with_details().with_key_points()``."""
    url = f"{site_url.rstrip('/')}{question.get_absolute_url()}"
    fields = [
        escape(question.text),
        escape(question.get_category_display()),
        escape(question.get_difficulty_display()),
        render_markdown(question.sample_answer_md),
        _list(point.text for point in question.key_points.all()),
        _list(tip.text for tip in question.pro_tips),
        _list(tip.text for tip in question.mistakes),
        f'<a href="{escape(url)}">{escape(url)}</a>',
    ]
    tags = [
        f"prepsite::role::{_tag(question.role.slug)}",
        f"prepsite::category::{_tag(question.category)}",
        f"prepsite::difficulty::{_tag(question.difficulty)}",
        *(f"prepsite::skill::{_tag(skill.slug)}" for skill in question.skills.all()),
    ]
    return genanki.Note(model=NOTE_TYPE, fields=fields, tags=tags, guid=note_guid(question))


def deck_package(name: str, questions: Iterable[Question], *, site_url: str) -> bytes:
    """The ``.apkg`` file for a deck called ``name`` holding ``questions``.

    ``questions`` should come from ``Question.objects.with_details().with_key_points()``
    so that building the deck costs a fixed number of queries whatever its size.
    """
    deck = genanki.Deck(deck_id(name), name)
    for question in questions:
        deck.add_note(question_note(question, site_url=site_url))
    with tempfile.TemporaryDirectory(prefix="prepsite-deck-") as folder:
        path = Path(folder) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()


def deck_filename(name: str) -> str:
    safe = "".join(character if character.isascii() and character.isalnum() else "-" for character in name.lower())
    return "-".join(part for part in safe.split("-") if part) + ".apkg"


def deck_download(request: HttpRequest, name: str, questions: Iterable[Question]) -> HttpResponse:
    """A download of the deck, with links back to the site the request came to."""
    response = HttpResponse(
        deck_package(name, questions, site_url=request.build_absolute_uri("/")),
        content_type="application/apkg",
    )
    response["Content-Disposition"] = f'attachment; filename="{deck_filename(name)}"'
    return response
