import pytest

from questions.models import Company, Skill
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db


def listed_slugs(response) -> list[str]:
    return [question.slug for question in response.context["page"].object_list]


@pytest.fixture
def catalogue(db):
    backend = make_role(slug="backend", title="Backend")
    sre = make_role(slug="sre", title="SRE")
    caching = Skill.objects.create(slug="caching", name="Caching")
    stripe = Company.objects.create(slug="stripe", name="Stripe")
    return {
        "feed": make_question(
            role=backend, slug="feed", text="Design a feed", category="technical", difficulty="hard", skills=[caching]
        ),
        "story": make_question(role=backend, slug="story", text="Tell me a story", category="behavioral"),
        "pay": make_question(
            role=backend, slug="pay", text="Idempotent payments", difficulty="easy", companies=[stripe]
        ),
        "pager": make_question(role=sre, slug="pager", text="Paged at night", category="situational"),
        "hidden": make_question(role=backend, slug="hidden", text="Design a secret feed", is_published=False),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("role=sre", ["pager"]),
        ("category=behavioral", ["story"]),
        ("difficulty=hard", ["feed"]),
        ("skill=caching", ["feed"]),
        ("company=stripe", ["pay"]),
        ("role=backend&difficulty=easy", ["pay"]),
        ("", ["feed", "story", "pay", "pager"]),
    ],
)
def test_filters_by_slug_parameters(client, catalogue, query, expected):
    response = client.get(f"/questions/?{query}")
    assert sorted(listed_slugs(response)) == sorted(expected)


def test_unpublished_questions_are_never_listed(client, catalogue):
    assert "hidden" not in listed_slugs(client.get("/questions/?q=secret"))


def test_text_matches_rank_above_answer_matches(client, catalogue):
    role = catalogue["feed"].role
    make_question(role=role, slug="answer-only", text="Something else", sample_answer_md="Use a queue here.")
    make_question(role=role, slug="why-only", text="Another thing", why_asked_md="Queues matter.")
    make_question(role=role, slug="in-text", text="How do queues work?")
    assert listed_slugs(client.get("/questions/?q=queue")) == ["in-text", "why-only", "answer-only"]


def test_every_search_word_must_match(client, catalogue):
    assert listed_slugs(client.get("/questions/?q=design+feed")) == ["feed"]
    assert listed_slugs(client.get("/questions/?q=design+nothing")) == []


def test_invalid_values_are_ignored_with_a_notice(client, catalogue):
    response = client.get("/questions/?difficulty=extreme&role=nope&page=abc")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ignored difficulty “extreme”" in html
    assert "Ignored role “nope”" in html
    assert "Ignored page “abc”" in html
    assert len(listed_slugs(response)) == 4


def test_page_out_of_range_shows_the_first_page_with_a_notice(client, catalogue):
    response = client.get("/questions/?page=50")
    assert response.status_code == 200
    assert "There is no page 50" in response.content.decode()


def test_empty_results_say_so_and_offer_to_clear(client, catalogue):
    html = client.get("/questions/?q=kubernetes").content.decode()
    assert "No questions match these filters." in html
    assert 'href="/questions/">Clear all filters' in html


def test_results_are_paginated(client, db):
    role = make_role()
    for number in range(1, 46):
        make_question(role=role, number=number)
    first = client.get("/questions/")
    assert len(listed_slugs(first)) == 20
    third = client.get("/questions/?page=3")
    assert len(listed_slugs(third)) == 5
    assert 'rel="prev" href="?page=2"' in third.content.decode()


def test_htmx_request_returns_only_the_results_fragment(client, catalogue):
    response = client.get("/questions/?difficulty=hard", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.startswith('<div id="results"')
    assert "<html" not in html and "<form" not in html
    assert response["HX-Push-Url"] == "/questions/?difficulty=hard"
    assert "HX-Request" in response["Vary"]


def test_filter_state_lives_in_the_url(client, catalogue):
    html = client.get("/questions/?category=behavioral&q=story").content.decode()
    assert '<option value="behavioral" selected>' in html
    assert 'value="story"' in html
    assert '<link rel="canonical" href="http://testserver/questions/?category=behavioral&amp;q=story">' in html


def test_htmx_results_update_the_live_status_out_of_band(client, catalogue):
    html = client.get("/questions/?difficulty=hard", headers={"HX-Request": "true"}).content.decode()
    assert '<p id="results-status" class="visually-hidden" role="status" data-hx-swap-oob="true">1 question' in html
    full = client.get("/questions/?difficulty=hard").content.decode()
    assert full.count('id="results-status"') == 1


def test_active_filters_offer_to_clear_them_with_the_results(client, catalogue):
    html = client.get("/questions/?difficulty=hard", headers={"HX-Request": "true"}).content.decode()
    assert '· <a href="/questions/">Clear filters</a>' in html


def test_htmx_history_restore_gets_the_whole_page(client, catalogue):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    client.get("/questions/?difficulty=hard", headers={"HX-Request": "true"})  # the fragment, now cached
    html = client.get("/questions/?difficulty=hard", headers=headers).content.decode()
    assert "<html" in html and '<option value="hard" selected>' in html


def test_cached_counts_results_and_choices_follow_a_content_change(client, catalogue):
    """Counts, a search's ranked results and the filter choices are cached per content
    version: a new question shows in all of them at once."""
    assert client.get("/questions/?q=design").context["page"].paginator.count == 1
    assert client.get("/questions/?category=technical").context["page"].paginator.count == 2
    observability = Skill.objects.create(slug="observability", name="Observability")
    make_question(role=catalogue["feed"].role, slug="design-alerts", text="Design alerting", skills=[observability])
    searched = client.get("/questions/?q=design")
    assert sorted(listed_slugs(searched)) == ["design-alerts", "feed"]
    assert searched.context["page"].paginator.count == 2
    assert client.get("/questions/?category=technical").context["page"].paginator.count == 3
    assert "observability" in dict(client.get("/questions/").context["filter"].options()["skill"])
    catalogue["feed"].is_published = False
    catalogue["feed"].save()
    assert listed_slugs(client.get("/questions/?q=design")) == ["design-alerts"]
