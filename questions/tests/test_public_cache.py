import pytest

from questions.tests.factories import make_question

pytestmark = pytest.mark.django_db


def test_public_pages_are_cacheable_with_an_etag(client):
    question = make_question()
    response = client.get(question.get_absolute_url())
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert response["ETag"]
    again = client.get(question.get_absolute_url(), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_cached_page_is_served_without_queries(client, django_assert_num_queries):
    question = make_question()
    client.get(question.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(question.get_absolute_url()).status_code == 200


def test_editing_content_invalidates_cached_pages(client):
    question = make_question(text="Old wording?")
    first = client.get(question.get_absolute_url())
    assert "Old wording?" in first.content.decode()
    question.text = "New wording?"
    question.save()
    second = client.get(question.get_absolute_url(), headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    assert "New wording?" in second.content.decode()
    assert second["ETag"] != first["ETag"]


def test_unpublishing_takes_the_page_down_at_once(client):
    question = make_question()
    assert client.get(question.get_absolute_url()).status_code == 200
    question.is_published = False
    question.save()
    assert client.get(question.get_absolute_url()).status_code == 404


def test_htmx_fragment_and_full_page_are_cached_apart(client):
    make_question()
    full = client.get("/questions/")
    fragment = client.get("/questions/", headers={"HX-Request": "true"})
    assert "<html" in full.content.decode()
    assert "<html" not in fragment.content.decode()
    assert full["ETag"] != fragment["ETag"]


def test_pack_import_invalidates_cached_pages(client, starter_content):
    from questions.services.packs import pack_import
    from questions.tests.factories import pack_text

    before = client.get("/roles/backend-developer/")
    pack_import(source=pack_text().replace("Backend interviews have moved", "Backend loops have moved"))
    after = client.get("/roles/backend-developer/", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert "Backend loops have moved" in after.content.decode()


def test_signed_in_users_are_never_served_from_the_shared_cache(client, django_user_model):
    question = make_question()
    client.get(question.get_absolute_url())
    client.force_login(django_user_model.objects.create_user("reader", "r@example.com", "pw"))
    response = client.get(question.get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response


def test_cached_public_pages_set_no_cookies(client):
    question = make_question()
    for _ in range(2):
        response = client.get(question.get_absolute_url())
        assert not response.cookies
        assert "csrftoken" not in response.content.decode()


def test_responses_that_set_a_cookie_are_not_cached(rf, django_user_model):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from questions.public_cache import public_page

    calls = []

    @public_page
    def view(request):
        calls.append(1)
        response = HttpResponse("hello")
        response.set_cookie("visitor", "one")
        return response

    for _ in range(2):
        request = rf.get("/cookie/")
        request.user = AnonymousUser()
        view(request)
    assert len(calls) == 2


def test_a_flash_message_is_shown_to_its_visitor_and_never_cached_for_others(client, django_user_model):
    from django.test import Client

    user = django_user_model.objects.create_user("leaver", "leaver@example.com", "pw-long-enough-1")
    client.force_login(user)
    farewell = client.post("/accounts/logout/", follow=True)
    assert "You have signed out." in farewell.content.decode()
    stranger = Client().get("/")
    assert "You have signed out." not in stranger.content.decode()
    assert "You have signed out." not in client.get("/").content.decode()  # shown once


def test_any_hx_request_value_other_than_true_cannot_poison_the_fragment_cache(client):
    make_question()
    client.get("/questions/", headers={"HX-Request": "1"})  # not htmx: django-htmx wants "true"
    fragment = client.get("/questions/", headers={"HX-Request": "true"})
    assert fragment.content.decode().startswith('<div id="results"')


def test_one_host_never_answers_for_another(client, settings):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    question = make_question()
    client.get(question.get_absolute_url(), HTTP_HOST="b.example")
    page = client.get(question.get_absolute_url(), HTTP_HOST="a.example").content.decode()
    assert 'href="http://a.example/questions/' in page
    assert "b.example" not in page


def cached_pages() -> int:
    """How many pages the cache holds: LocMemCache in development, Redis with REDIS_URL."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    if isinstance(cache._cache, dict):
        return sum("prepsite:page:" in key for key in cache._cache)
    assert isinstance(cache, RedisCache)
    return len(cache._cache.get_client().keys(cache.make_key("prepsite:page:*")))


@pytest.mark.parametrize("path", ["/", "/questions/", "/sitemap.xml"])
def test_query_strings_a_page_ignores_make_no_new_cache_entries(client, path):
    import secrets

    make_question()
    etags = {client.get(f"{path}?{secrets.token_hex(4)}={secrets.token_hex(8)}")["ETag"] for _ in range(50)}
    assert cached_pages() == 1
    assert len(etags) == 1


def test_the_question_list_is_cached_per_parameter_it_reads(client):
    make_question(text="Only the filtered one?", difficulty="hard")
    make_question(text="An easy one?", difficulty="easy")
    hard = client.get("/questions/?difficulty=hard&utm_source=mail").content.decode()
    assert "Only the filtered one?" in hard and "An easy one?" not in hard
    assert "Only the filtered one?" not in client.get("/questions/?difficulty=easy").content.decode()
    client.get("/questions/?utm_source=other&difficulty=hard")  # the same page as the first
    client.get("/questions/?difficulty=easy&page=1")  # "page" is read: its own entry
    assert cached_pages() == 3


def test_with_the_page_cache_off_every_visit_renders_and_keeps_the_headers(client, settings):
    """PAGE_CACHE=0 (the benchmark's rendered rows): nothing stored, the same ETag and Cache-Control."""
    settings.PAGE_CACHE = False
    question = make_question()
    first = client.get(question.get_absolute_url())
    second = client.get(question.get_absolute_url())
    # rendered again, not read back (its shared fragments may come from the cache: no queries)
    assert [template.name for template in second.templates][0] == "questions/question_detail.html"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "public" in second["Cache-Control"] and "max-age=" in second["Cache-Control"]
    assert client.get(question.get_absolute_url(), headers={"If-None-Match": first["ETag"]}).status_code == 304


# --- The fast path: PublicPageCacheMiddleware ------------------------------------------------


def test_a_visitors_cached_page_is_answered_before_sessions_and_users(client):
    question = make_question()
    first = client.get(question.get_absolute_url())
    assert hasattr(first.wsgi_request, "session")  # a miss: rendered by the whole stack
    second = client.get(question.get_absolute_url())
    assert not hasattr(second.wsgi_request, "session") and not hasattr(second.wsgi_request, "user")
    assert second.content == first.content
    for header in ("ETag", "Cache-Control", "Vary", "Content-Length", "Content-Security-Policy", "X-Frame-Options"):
        assert second[header] == first[header], header
    assert second["X-Content-Type-Options"] == "nosniff"
    assert int(second["Content-Length"]) == len(second.content)


def test_a_miss_reads_the_cache_once_and_stores_the_page_with_its_version(client, monkeypatch):
    from django.core.cache import cache

    from questions.public_cache import VERSION_KEY, content_version

    question = make_question()
    content_version()
    calls = []
    real_get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: calls.append(keys) or real_get_many(keys))
    client.get(question.get_absolute_url())
    assert len(calls) == 1 and calls[0][0] == VERSION_KEY  # the view reused the middleware's lookup
    version, stored = cache.get(calls[0][1])
    assert version == content_version() and stored.status_code == 200


def test_an_edit_overwrites_the_stale_entry_instead_of_adding_one(client):
    question = make_question(text="Old wording?")
    client.get(question.get_absolute_url())
    question.text = "New wording?"
    question.save()
    assert "New wording?" in client.get(question.get_absolute_url()).content.decode()
    assert cached_pages() == 1


def test_a_visitor_with_a_session_cookie_goes_through_the_stack_and_still_gets_the_cached_page(client):
    question = make_question()
    first = client.get(question.get_absolute_url())
    client.cookies["sessionid"] = "not-a-real-session"
    second = client.get(question.get_absolute_url())
    assert hasattr(second.wsgi_request, "session")
    assert second["ETag"] == first["ETag"] and second.content == first.content


def test_the_fast_path_keeps_the_htmx_variant_apart(client):
    make_question()
    for _ in range(2):
        full = client.get("/questions/")
        fragment = client.get("/questions/", headers={"HX-Request": "true"})
    assert not hasattr(fragment.wsgi_request, "session")  # served from the cache
    assert "<html" in full.content.decode() and "<html" not in fragment.content.decode()


def test_a_nul_character_is_refused_even_for_a_cached_page(client):
    client.get("/questions/")
    response = client.get("/questions/?utm_source=%00")
    assert response.status_code == 400


def test_a_conditional_request_gets_304_on_the_fast_path(client):
    question = make_question()
    etag = client.get(question.get_absolute_url())["ETag"]
    response = client.get(question.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 304 and response["ETag"] == etag
    assert not hasattr(response.wsgi_request, "session")


def test_an_unknown_host_is_refused_on_the_fast_path(client, settings):
    settings.ALLOWED_HOSTS = ["a.example"]
    question = make_question()
    assert client.get(question.get_absolute_url(), HTTP_HOST="a.example").status_code == 200
    assert client.get(question.get_absolute_url(), HTTP_HOST="evil.example").status_code == 400


def test_a_database_cache_that_does_not_answer_gives_the_503_page(client, monkeypatch):
    from django.core.cache import cache
    from django.db import OperationalError

    def database_down(keys):
        raise OperationalError("connection refused")

    monkeypatch.setattr(cache, "get_many", database_down)
    response = client.get("/questions/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
