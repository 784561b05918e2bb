"""The parts of guide and question pages that every reader shares, kept under the content version.

Signed-in readers never get a cached page, but the guide and a question's header, answer,
key points and neighbours are the same for them as for anyone: those are rendered once per
content version (``questions.public_cache.content_fragment``) and only the reader's own
state is added per request.
"""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from questions.models import KeyPoint, PrepTip
from questions.tests.factories import admin_edit_question, make_question, make_role

pytestmark = pytest.mark.django_db

# A signed-in reader whose page comes from warm fragments: session and user. The question,
# its neighbours, related questions and the guide's sections are kept under the content
# version and the header's due count under the reader's data version (accounts.state);
# only the reader's practice states are read again.
SIGNED_IN_SESSION = 2
QUESTION_WARM_SIGNED_IN = SIGNED_IN_SESSION + 1  # practice states
GUIDE_WARM_SIGNED_IN = SIGNED_IN_SESSION


def without_csrf_tokens(html: str) -> str:
    """A page's HTML with its CSRF tokens blanked: they are masked afresh on every request."""
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", html)


@pytest.fixture
def reader(client):
    client.force_login(User.objects.create_user("reader", password="reader-password-1"))
    return client


def test_signed_in_question_page_reads_the_question_once_per_content_version(reader, django_assert_num_queries):
    question = make_question(sample_answer_md="Cache the *feed* per user.", key_points=[("Fans out", ["fan out"])])
    first = reader.get(question.get_absolute_url()).content.decode()
    with django_assert_num_queries(QUESTION_WARM_SIGNED_IN):
        again = reader.get(question.get_absolute_url()).content.decode()
    assert without_csrf_tokens(again) == without_csrf_tokens(first)
    assert "Cache the <em>feed</em> per user." in again and "Fans out" in again
    assert 'href="/me/"' in again  # the reader's own header, not a visitor's


def test_signed_in_guide_page_reads_the_guide_once_per_content_version(reader, django_assert_num_queries):
    role = make_role(intro_md="What **these** interviews test.")
    make_question(role=role, text="How would you shard it?")
    first = reader.get(role.get_absolute_url()).content.decode()
    with django_assert_num_queries(GUIDE_WARM_SIGNED_IN):
        again = reader.get(role.get_absolute_url()).content.decode()
    assert without_csrf_tokens(again) == without_csrf_tokens(first)
    assert "What <strong>these</strong> interviews test." in again and "How would you shard it?" in again


def test_admin_edit_shows_at_once_to_signed_in_readers(reader, curator):
    question = make_question(sample_answer_md="The old answer.")
    assert "The old answer." in reader.get(question.get_absolute_url()).content.decode()
    curator_client = Client()
    curator_client.force_login(curator)
    admin_edit_question(curator_client, question, sample_answer_md="The **new** answer.")
    html = reader.get(question.get_absolute_url()).content.decode()
    assert "The <strong>new</strong> answer." in html and "The old answer." not in html


def test_a_new_key_point_alone_refreshes_the_question_page(reader):
    question = make_question()
    assert "Names the bottleneck" not in reader.get(question.get_absolute_url()).content.decode()
    KeyPoint.objects.create(question=question, order=1, text="Names the bottleneck", phrases="bottleneck")
    assert "Names the bottleneck" in reader.get(question.get_absolute_url()).content.decode()


def test_a_changed_guide_section_shows_at_once(reader):
    role = make_role()
    tip = PrepTip.objects.create(role=role, title="Sketch it first", body_md="b", days_before_min=1, days_before_max=2)
    assert "Sketch it first" in reader.get(role.get_absolute_url()).content.decode()
    tip.title = "Draw the boxes"
    tip.save()
    html = reader.get(role.get_absolute_url()).content.decode()
    assert "Draw the boxes" in html and "Sketch it first" not in html


def test_a_curators_preview_of_a_draft_is_never_shared(client, curator):
    question = make_question(is_published=False, sample_answer_md="Secret draft answer.")
    draft_role = make_role(is_published=False, lead="A secret guide.")
    client.force_login(curator)
    assert client.get(question.get_absolute_url()).status_code == 200
    assert client.get(draft_role.get_absolute_url()).status_code == 200
    client.force_login(User.objects.create_user("candidate", password="candidate-password-1"))
    assert client.get(question.get_absolute_url()).status_code == 404
    assert client.get(draft_role.get_absolute_url()).status_code == 404


def test_a_published_question_previewed_by_a_curator_reads_the_same_for_everyone(curator, reader):
    question = make_question(sample_answer_md="Shared answer.")
    curator_client = Client()
    curator_client.force_login(curator)
    assert "Shared answer." in curator_client.get(question.get_absolute_url()).content.decode()
    html = reader.get(question.get_absolute_url()).content.decode()
    assert "Shared answer." in html and 'class="draft-banner"' not in html


LIST_WARM_SIGNED_IN = SIGNED_IN_SESSION + 1  # practice states (the filter choices are shared too)


def test_signed_in_list_reads_its_rows_once_per_content_version(reader, django_assert_num_queries):
    role = make_role()
    for number in range(1, 4):
        make_question(role=role, number=number, text=f"Row {number}?")
    first = reader.get("/questions/?difficulty=medium").content.decode()
    with django_assert_num_queries(LIST_WARM_SIGNED_IN):
        again = reader.get("/questions/?difficulty=medium").content.decode()
    assert without_csrf_tokens(again) == without_csrf_tokens(first)
    assert again.count('class="question-row"') == 3 and "3 questions" in again


def test_a_new_question_shows_in_the_list_at_once(reader):
    role = make_role()
    make_question(role=role, number=1, text="The first one?")
    assert "1 question" in reader.get("/questions/").content.decode()
    make_question(role=role, number=2, text="The second one?")
    html = reader.get("/questions/").content.decode()
    assert "2 questions" in html and "The second one?" in html


def test_a_page_past_the_end_still_says_so_when_the_rows_are_shared(reader):
    make_question()
    reader.get("/questions/")
    html = reader.get("/questions/?page=9").content.decode()
    assert "There is no page 9; showing page 1." in html and 'class="question-row"' in html


def test_a_request_reads_the_content_version_once(reader, monkeypatch):
    from questions import public_cache

    question = make_question()
    reader.get(question.get_absolute_url())
    reads = []
    real_get, real_get_many = public_cache.cache.get, public_cache.cache.get_many

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    def counting_get_many(keys, *args, **kwargs):
        reads.extend(keys)
        return real_get_many(keys, *args, **kwargs)

    monkeypatch.setattr(public_cache.cache, "get", counting_get)
    monkeypatch.setattr(public_cache.cache, "get_many", counting_get_many)
    reader.get(question.get_absolute_url())
    assert reads.count(public_cache.VERSION_KEY) == 1
    public_cache.content_changed()  # outside a request every call reads the cache again
    assert public_cache.content_version() == real_get(public_cache.VERSION_KEY)


def test_the_guides_in_place_answer_is_shared_but_a_drafts_is_not(client, curator, django_assert_num_queries):
    htmx = {"HTTP_HX_REQUEST": "true"}
    published = make_question(sample_answer_md="A *shared* answer.")
    draft = make_question(is_published=False, sample_answer_md="A draft answer.")
    client.force_login(curator)
    assert client.get(draft.get_absolute_url(), **htmx).status_code == 200
    client.force_login(User.objects.create_user("candidate", password="candidate-password-1"))
    assert client.get(draft.get_absolute_url(), **htmx).status_code == 404
    first = client.get(published.get_absolute_url(), **htmx).content.decode()
    with django_assert_num_queries(SIGNED_IN_SESSION):
        again = client.get(published.get_absolute_url(), **htmx).content.decode()
    assert again == first and "A <em>shared</em> answer." in again and "<html" not in again
