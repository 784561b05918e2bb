"""The guide lists its questions and leaves the answers to the question pages.

The guide shows each question with its category, difficulty and the first paragraph of
why it is asked; the sample answer, tips and mistakes are on the question page, whose
htmx fragment the guide loads in place. So the guide stays small whatever the answers'
length.
"""

import pytest

from questions.models import Question, Role
from questions.services.packs import pack_import
from questions.tests.factories import make_curator, make_question, make_role
from questions.tests.shipped_packs import PACKS

pytestmark = pytest.mark.django_db

GUIDE_HTML_BUDGET = 80_000  # bytes: the public page budget in the design notes
FRAGMENT_QUERIES = 3  # the question with its guide, its skills, its tips
HTMX = {"HX-Request": "true"}


def build_guide(size: int):
    role = make_role(slug=f"answers-{size}")
    for number in range(1, size + 1):
        make_question(
            role=role,
            number=number,
            why_asked_md=f"Lead reason {number}.\n\nDeeper reason {number}.",
            sample_answer_md=f"Sample answer {number}: " + "a careful, worked answer. " * 40,
        )
    return role


@pytest.mark.parametrize("path", PACKS, ids=lambda path: path.stem)
def test_every_shipped_guide_fits_the_page_budget(client, path):
    pack_import(source=path.read_bytes())
    role = Role.objects.get(slug=path.stem)
    response = client.get(role.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="guide-question"') == Question.objects.published().filter(role=role).count() >= 1
    assert len(response.content) <= GUIDE_HTML_BUDGET, f"{len(response.content)} bytes"


def test_guide_size_does_not_grow_with_the_answers(client):
    role = build_guide(10)
    first = client.get(role.get_absolute_url())
    before = len(first.content)
    for question in Question.objects.filter(role=role):
        question.sample_answer_md = question.sample_answer_md * 10
        question.save()  # a real edit: it also makes the cached page stale
    for tip in role.questions.all()[0].tips.all():
        tip.text = tip.text * 10
        tip.save()
    after = client.get(role.get_absolute_url())
    assert after["ETag"] != first["ETag"]  # rendered again, not the cached copy
    assert "a careful, worked answer" not in after.content.decode()
    assert abs(len(after.content) - before) <= 8


def test_guide_shows_each_questions_labels_and_reason_with_a_link_to_its_page(client):
    role = build_guide(3)
    html = client.get(role.get_absolute_url()).content.decode()
    for question in role.questions.all():
        assert f'<a href="{question.get_absolute_url()}">{question.number}. {question.text}</a>' in html
        assert f"Lead reason {question.number}." in html
        assert f"Deeper reason {question.number}." not in html  # on the question page
        assert f"Sample answer {question.number}:" not in html
    assert html.count('<span class="tag tag-category">Technical</span>') == 3
    assert html.count('<span class="tag tag-medium">Medium</span>') == 3
    assert 'data-hx-target="next .guide-answer"' in html
    assert "js/guide" in html


def test_reading_time_counts_only_what_the_guide_shows(client):
    role = make_role(slug="reading")
    make_question(role=role, why_asked_md="word " * 390 + "\n\nhidden " * 2000, sample_answer_md="long " * 5000)
    html = client.get(role.get_absolute_url()).content.decode()
    assert "<dt>Reading time</dt><dd>3 min</dd>" in html  # the first paragraph and headings


def test_question_fragment_is_the_answer_without_the_page(client):
    question = make_question(why_asked_md="The reason.", sample_answer_md="The *answer*.")
    response = client.get(question.get_absolute_url(), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<h1" not in html
    assert '<h4 id="answer-' in html and "The <em>answer</em>." in html
    assert "Say the trade-off out loud." in html and "Jumping to a solution." in html
    assert "The reason." not in html  # the guide shows it already
    page = client.get(question.get_absolute_url()).content.decode()
    assert "<h1" in page and "The reason." in page and "Why interviewers ask this" in page


def test_question_fragment_is_cached_like_the_page_and_apart_from_it(client):
    question = make_question()
    fragment = client.get(question.get_absolute_url(), headers=HTMX)
    page = client.get(question.get_absolute_url())
    assert "public" in fragment["Cache-Control"] and "max-age=" in fragment["Cache-Control"]
    assert "HX-Request" in fragment["Vary"]
    assert fragment["ETag"] != page["ETag"]
    assert "<html" in page.content.decode()
    again = client.get(question.get_absolute_url(), headers={**HTMX, "If-None-Match": fragment["ETag"]})
    assert again.status_code == 304


def test_history_restore_gets_the_whole_page(client):
    question = make_question()
    response = client.get(question.get_absolute_url(), headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_question_fragment_follows_the_published_rule(client):
    draft_guide = make_role(is_published=False)
    in_draft_guide = make_question(role=draft_guide)
    draft_question = make_question(is_published=False)
    for question in (in_draft_guide, draft_question):
        assert client.get(question.get_absolute_url(), headers=HTMX).status_code == 404
    client.force_login(make_curator())  # curators preview drafts, never from the shared cache
    response = client.get(draft_question.get_absolute_url(), headers=HTMX)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("tips", [1, 12])
def test_question_fragment_query_count_is_constant(client, django_assert_num_queries, tips):
    question = make_question()
    for order in range(tips):
        question.tips.create(kind="tip", text=f"Tip {order}", order=order + 2)
    with django_assert_num_queries(FRAGMENT_QUERIES):
        response = client.get(question.get_absolute_url(), headers=HTMX)
    assert response.status_code == 200
