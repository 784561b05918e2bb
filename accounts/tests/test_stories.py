"""The STAR story bank: CRUD, validation, links, the strong marker, who sees what, counts."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Story, StoryLink
from accounts.stories import services as story_services
from accounts.stories.models import happened_error
from accounts.tests.factories import client_for, client_signed_in_with_password, make_story, story_fields
from accounts.tests.test_dashboard import DASHBOARD_QUERIES
from questions.models import Skill
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db

# session, user, the stories with their link counts, their skills; the header's guides and due count
LIST_QUERIES = 6
# session, user, question, its skills, tips, key points, companies, previous, next (no related: no shared
# skill), the practice states, the story bank (stories, links); the header's guides and due count
QUESTION_PAGE_QUERIES = 14


def form_data(**overrides) -> dict:
    data = {key: str(value) for key, value in story_fields().items()}
    return data | overrides


def behavioral(**overrides):
    return make_question(category="behavioral", **overrides)


def link(story, question) -> None:
    story_services.story_link_set(story=story, question=question, linked=True)


# --- Create, edit, delete --------------------------------------------------------------------


def test_creating_a_story_saves_it_with_its_skills_and_shows_it(alice):
    design = Skill.objects.create(slug="design", name="System design")
    client = client_for(alice)
    assert client.get(reverse("accounts:story_create")).status_code == 200
    response = client.post(
        reverse("accounts:story_create"), form_data(skills=[str(design.pk)], action_md="I <script>x()</script> *led*.")
    )
    story = alice.stories.get()
    assert response["Location"] == reverse("accounts:story", args=[story.pk])
    assert list(story.skills.all()) == [design]
    page = client.get(response["Location"]).content.decode()
    assert "The migration that slipped" in page and "System design" in page
    assert "<em>led</em>" in page and "<script>" not in page  # Markdown through the sanitiser
    assert f"March {timezone.localdate().year - 1}" in page
    assert "The migration that slipped" in client.get(reverse("accounts:stories")).content.decode()


def test_editing_a_story_changes_its_text_date_and_skills(alice):
    old = Skill.objects.create(slug="old", name="Old")
    new = Skill.objects.create(slug="new", name="New")
    story = make_story(alice, skills=[old])
    client = client_for(alice)
    form = client.get(reverse("accounts:story_edit", args=[story.pk])).content.decode()
    assert "Our billing migration was a week late." in form  # the form starts from what is saved
    assert form.count(" checked") == 1 and "selected>March</option>" in form
    response = client.post(
        reverse("accounts:story_edit", args=[story.pk]),
        form_data(title="A better title", happened_month="11", skills=[str(new.pk)]),
    )
    assert response["Location"] == reverse("accounts:story", args=[story.pk])
    story.refresh_from_db()
    assert (story.title, story.happened_month, list(story.skills.all())) == ("A better title", 11, [new])


def test_deleting_a_story_asks_first_then_deletes_it_and_its_links(alice):
    story = make_story(alice)
    question = behavioral()
    link(story, question)
    client = client_for(alice)
    assert "Delete the story" in client.get(reverse("accounts:story_delete", args=[story.pk])).content.decode()
    assert Story.objects.filter(pk=story.pk).exists()  # GET deletes nothing
    response = client.post(reverse("accounts:story_delete", args=[story.pk]))
    assert response["Location"] == reverse("accounts:stories")
    assert not Story.objects.exists() and not StoryLink.objects.exists()
    assert question.__class__.objects.filter(pk=question.pk).exists()


# --- Validation --------------------------------------------------------------------------------


def test_a_rejected_story_keeps_what_was_typed_and_says_what_is_wrong(alice):
    response = client_for(alice).post(
        reverse("accounts:story_create"),
        form_data(result_md="", situation_md="Typed with care & kept", happened_month="13"),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Typed with care &amp; kept" in page and "The migration that slipped" in page
    assert "Write the result: a STAR story needs all four parts." in page
    assert "Choose a month from January to December." in page
    assert not Story.objects.exists()


@pytest.mark.parametrize(
    ("month", "year", "message"),
    [
        ("0", None, "Choose a month from January to December."),
        ("6", "1900", "Give a year from 1950 to"),
        ("6", "next", "Give a year from 1950 to"),
        ("6", "later", "Give the year as a number, e.g. 2023."),
        ("", None, "Choose the month it happened."),
    ],
)
def test_when_it_happened_must_be_a_real_past_month(alice, month, year, message):
    this_year = timezone.localdate().year
    year = {None: str(this_year - 1), "next": str(this_year + 1)}.get(year, year)
    response = client_for(alice).post(
        reverse("accounts:story_create"), form_data(happened_month=month, happened_year=year)
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Story.objects.exists()


@pytest.mark.parametrize(
    ("month", "year", "error"),
    [
        (6, 2026, ""),  # this month
        (1, 1950, ""),
        (7, 2026, "July 2026 is still to come: a story is something that already happened."),
        (1, 2027, "Give a year from 1950 to 2026."),
        (12, 1949, "Give a year from 1950 to 2026."),
        (13, 2020, "Choose a month from January to December."),
    ],
)
def test_happened_error_allows_past_months_only(month, year, error):
    assert happened_error(month, year, today=date(2026, 6, 15)) == error


def test_this_month_is_allowed(alice):
    today = timezone.localdate()
    make_story(alice, happened_month=today.month, happened_year=today.year)
    assert alice.stories.count() == 1


def test_the_service_refuses_a_future_date_and_saves_nothing(alice):
    with pytest.raises(ValidationError):
        make_story(alice, happened_year=timezone.localdate().year + 2)
    story = make_story(alice)
    with pytest.raises(ValidationError):
        story_services.story_update(story=story, skills=[], **story_fields(title="Changed", happened_month=14))
    story.refresh_from_db()
    assert story.title == "The migration that slipped"


# --- Other users' stories ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["accounts:story", "accounts:story_edit", "accounts:story_delete"])
def test_another_users_story_pages_are_404(alice, bob, name):
    story = make_story(alice)
    assert client_for(bob).get(reverse(name, args=[story.pk])).status_code == 404


def test_another_users_story_cannot_be_edited_or_deleted(alice, bob):
    story = make_story(alice)
    bobs = client_for(bob)
    assert (
        bobs.post(reverse("accounts:story_edit", args=[story.pk]), form_data(title="Bob was here")).status_code == 404
    )
    assert bobs.post(reverse("accounts:story_delete", args=[story.pk])).status_code == 404
    story.refresh_from_db()
    assert story.title == "The migration that slipped"


def test_another_users_story_cannot_be_linked_or_unlinked(alice, bob):
    story = make_story(alice)
    linked, unlinked = behavioral(), behavioral()
    link(story, linked)
    bobs = client_for(bob)
    url = reverse("accounts:story_link", args=[unlinked.slug])
    assert bobs.post(url, {"story": story.pk, "linked": "1"}).status_code == 404
    url = reverse("accounts:story_link", args=[linked.slug])
    assert bobs.post(url, {"story": story.pk, "linked": "0"}).status_code == 404
    assert list(StoryLink.objects.values_list("question_id", flat=True)) == [linked.pk]


def test_the_list_shows_only_ones_own_stories(alice, bob):
    make_story(alice, title="Alice's outage")
    make_story(bob, title="Bob's launch")
    page = client_for(alice).get(reverse("accounts:stories")).content.decode()
    assert "Alice&#x27;s outage" in page and "Bob" not in page


# --- Linking -----------------------------------------------------------------------------------


def test_linking_and_unlinking_is_a_plain_form_post_back_to_the_page(alice):
    story = make_story(alice)
    question = behavioral()
    client = client_for(alice)
    url = reverse("accounts:story_link", args=[question.slug])
    response = client.post(url, {"story": story.pk, "linked": "1", "next": question.get_absolute_url()})
    assert response["Location"] == question.get_absolute_url()
    client.post(url, {"story": story.pk, "linked": "1"})  # a double click makes no second row
    assert StoryLink.objects.filter(story=story, question=question).count() == 1
    client.post(url, {"story": story.pk, "linked": "0"})
    assert not StoryLink.objects.exists()
    assert client.get(url).status_code == 405


def test_only_published_story_questions_can_be_linked(alice):
    story = make_story(alice)
    technical = make_question(category="technical")
    client = client_for(alice)
    response = client.post(reverse("accounts:story_link", args=[technical.slug]), {"story": story.pk, "linked": "1"})
    assert response.status_code == 302
    assert "only be linked to published behavioral" in client.get(response["Location"]).content.decode()
    draft = behavioral(is_published=False)
    assert (
        client.post(reverse("accounts:story_link", args=[draft.slug]), {"story": story.pk, "linked": "1"}).status_code
        == 404
    )
    hidden_guide = behavioral(role=make_role(is_published=False))
    with pytest.raises(ValidationError):
        link(story, hidden_guide)
    assert not StoryLink.objects.exists()


def test_a_bad_link_form_is_an_error_message_not_a_500(alice):
    question = behavioral()
    client = client_for(alice)
    response = client.post(reverse("accounts:story_link", args=[question.slug]), {"story": "x", "linked": "1"})
    assert response.status_code == 302
    assert "Choose one of your stories to link." in client.get(response["Location"]).content.decode()
    assert (
        client.post(reverse("accounts:story_link", args=[question.slug]), {"story": "999", "linked": "1"}).status_code
        == 404
    )


def test_writing_a_story_from_a_question_links_it(alice):
    question = behavioral()
    client = client_for(alice)
    form = client.get(reverse("accounts:story_create") + f"?question={question.slug}").content.decode()
    assert question.text in form
    response = client.post(
        reverse("accounts:story_create"), form_data(question=question.slug, next=question.get_absolute_url())
    )
    assert response["Location"] == question.get_absolute_url()
    assert list(StoryLink.objects.values_list("question_id", flat=True)) == [question.pk]


def test_a_story_is_strong_from_three_linked_questions(alice):
    story = make_story(alice)
    questions = [behavioral(), make_question(category="situational"), make_question(category="culture-fit")]
    for question in questions[:2]:
        link(story, question)
    client = client_for(alice)
    assert "Strong story" not in client.get(reverse("accounts:stories")).content.decode()
    assert Story.objects.with_link_counts().get().is_strong is False
    link(story, questions[2])
    assert "Strong story" in client.get(reverse("accounts:stories")).content.decode()
    assert "Strong story" in client.get(questions[0].get_absolute_url()).content.decode()
    assert "Strong story" in client.get(reverse("accounts:story", args=[story.pk])).content.decode()


def test_links_to_unpublished_questions_do_not_count_towards_strong(alice):
    story = make_story(alice)
    questions = [behavioral() for _ in range(3)]
    for question in questions:
        link(story, question)
    questions[0].is_published = False
    questions[0].save()
    assert Story.objects.with_link_counts().get().link_count == 2
    assert "Strong story" not in client_for(alice).get(reverse("accounts:stories")).content.decode()


# --- Where stories show ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "shown"),
    [
        ("behavioral", True),
        ("situational", True),
        ("culture-fit", True),
        ("technical", False),
        ("role-specific", False),
    ],
)
def test_question_page_shows_stories_for_story_categories_only(alice, category, shown):
    story = make_story(alice, title="Alice's outage")
    question = make_question(category=category)
    if shown:
        link(story, question)
    page = client_for(alice).get(question.get_absolute_url()).content.decode()
    assert ("Your stories for this" in page) is shown
    assert ("Alice&#x27;s outage" in page) is shown


def test_visitors_never_see_the_story_section_nor_a_cached_signed_in_page(alice):
    story = make_story(alice, title="Alice's outage")
    question = behavioral()
    link(story, question)
    visitor = Client()
    before = visitor.get(question.get_absolute_url())
    assert "public" in before["Cache-Control"]  # the visitor's page is cached...
    signed_in = client_for(alice).get(question.get_absolute_url())
    assert "private" in signed_in["Cache-Control"]
    assert "Alice&#x27;s outage" in signed_in.content.decode()
    for response in (before, visitor.get(question.get_absolute_url())):  # ...and never the signed-in one
        assert "Your stories for this" not in response.content.decode()
        assert "outage" not in response.content.decode()


def test_question_page_offers_unlinked_stories_and_unlinks_linked_ones(alice):
    linked, other = make_story(alice, title="Linked one"), make_story(alice, title="Other one")
    question = behavioral()
    link(linked, question)
    page = client_for(alice).get(question.get_absolute_url()).content.decode()
    section = page.split("Your stories for this", 1)[1]
    assert f'<option value="{other.pk}">' in section and f'<option value="{linked.pk}">' not in section
    assert "Unlink" in section


def test_practice_mode_shows_the_story_section(alice):
    story = make_story(alice, title="Alice's outage")
    question = behavioral()
    link(story, question)
    page = client_for(alice).get(reverse("accounts:practice", args=[question.slug])).content.decode()
    assert "Your stories for this" in page and "Alice&#x27;s outage" in page


def render_linked(user, questions) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load story_tags %}{% for q in questions %}{% linked_stories q %}{% endfor %}")
    return template.render(Context({"request": request, "questions": questions}))


def test_linked_stories_shows_each_questions_stories_one_click_away(alice, bob, django_assert_num_queries):
    first, second = behavioral(), behavioral()
    story = make_story(alice, title="Alice's outage")
    link(story, first)
    make_story(bob, title="Bob's launch")
    with django_assert_num_queries(2):  # the story bank, once for all the questions
        html = render_linked(alice, [first, second, first])
    assert html.count("<details") == 2 and "Alice&#x27;s outage" in html and "Bob" not in html
    assert "<strong>three</strong>" in html  # the STAR text, rendered


def test_linked_stories_is_empty_for_visitors():
    from django.contrib.auth.models import AnonymousUser

    assert render_linked(AnonymousUser(), [behavioral()]).strip() == ""


# --- Dashboard ---------------------------------------------------------------------------------


def test_dashboard_lists_behavioral_questions_without_a_story_in_the_target_guide(alice):
    guide, other_guide = make_role(), make_role()
    with_story = behavioral(role=guide, text="Tell me about a conflict?")
    without = behavioral(role=guide, text="Tell me about a failure?")
    behavioral(role=other_guide, text="Elsewhere?")
    make_question(role=guide, category="technical", text="Technical one?")
    behavioral(role=guide, text="Draft one?", is_published=False)
    link(make_story(alice), with_story)
    client = client_for(alice)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert without.text in page and "Elsewhere?" in page  # no target guide: all published
    assert with_story.text not in page and "Technical one?" not in page and "Draft one?" not in page
    services.profile_update(user=alice, target_role=guide, interview_date=None, experience_level="", time_zone="UTC")
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert without.text in page and "Elsewhere?" not in page


@pytest.mark.parametrize("size", [2, 20])
def test_dashboard_story_section_keeps_the_query_count(alice, django_assert_num_queries, size):
    role = make_role()
    services.profile_update(
        user=alice, target_role=role, interview_date=date(2030, 1, 1), experience_level="", time_zone="UTC"
    )
    questions = [behavioral(role=role) for _ in range(2 * size)]
    for question in questions[:size]:
        link(make_story(alice), question)
    client = client_for(alice)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        page = client.get(reverse("accounts:dashboard")).content.decode()
    assert questions[size].text in page and questions[0].text not in page
    assert ("And 10 more" in page) is (size == 20)


# --- Query counts ------------------------------------------------------------------------------


def build_stories(user, size: int) -> list:
    """``size`` stories, each with two skills and linked to two of ``size + 1`` behavioral questions."""
    role = make_role()
    skills = [Skill.objects.create(slug=f"skill-{size}-{n}", name=f"Skill {n}") for n in range(2)]
    questions = [behavioral(role=role) for _ in range(size + 1)]
    for index in range(size):
        story = make_story(user, skills=skills, title=f"Story {index}")
        link(story, questions[index])
        link(story, questions[index + 1])
    return questions


@pytest.mark.parametrize("size", [2, 20])
def test_story_list_query_count_is_constant(alice, django_assert_num_queries, size):
    build_stories(alice, size)
    client = client_for(alice)
    with django_assert_num_queries(LIST_QUERIES):
        page = client.get(reverse("accounts:stories")).content.decode()
    assert page.count('class="story-row"') == size


@pytest.mark.parametrize("size", [2, 20])
def test_question_page_query_count_with_stories_is_constant(alice, django_assert_num_queries, size):
    questions = build_stories(alice, size)
    client = client_for(alice)
    with django_assert_num_queries(QUESTION_PAGE_QUERIES):
        page = client.get(questions[1].get_absolute_url()).content.decode()
    assert page.count("Unlink") == 2


# --- Export and deletion -----------------------------------------------------------------------


def test_stories_are_in_the_export(alice, bob):
    design = Skill.objects.create(slug="design", name="Design")
    question = behavioral()
    link(make_story(alice, skills=[design]), question)
    make_story(bob, title="Bob's launch")
    data = client_signed_in_with_password(alice).get(reverse("accounts:export")).json()
    assert data["stories"] == [
        {
            **story_fields(),
            "skills": ["design"],
            "questions": [question.slug],
            "created_at": data["stories"][0]["created_at"],
            "updated_at": data["stories"][0]["updated_at"],
        }
    ]


def test_deleting_the_account_deletes_its_stories_and_links(alice, bob):
    question = behavioral()
    link(make_story(alice), question)
    link(make_story(bob), question)
    services.account_delete(user=alice)
    assert list(Story.objects.values_list("user_id", flat=True)) == [bob.pk]
    assert StoryLink.objects.count() == 1
