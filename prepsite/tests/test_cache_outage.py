"""Redis down: pages are served without the cache, the outage is logged once, /readyz says 503.

Redis is never stopped here (others share it): the cache points at a closed port, or at
a listener that accepts connections and never answers.
"""

import logging

import pytest
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from accounts.tests.factories import PASSWORD, client_for, make_user
from prepsite import cache as tolerant
from prepsite.tests.listeners import silent_listener
from questions.tests.factories import make_question

pytestmark = pytest.mark.django_db


def point_cache_at(settings, url: str) -> None:
    tolerant.OUTAGES.clear()
    settings.CACHES = {
        "default": {
            "BACKEND": "prepsite.cache.TolerantRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def redis_refuses(settings):
    """Nothing listens on port 1; the URL carries a password that must not reach the log."""
    point_cache_at(settings, "redis://:hunter2@127.0.0.1:1/6")
    yield
    tolerant.OUTAGES.clear()


@pytest.fixture
def redis_hangs(settings):
    """A listener that accepts connections and never says a word."""
    with silent_listener() as (port, accepted):
        point_cache_at(settings, f"redis://127.0.0.1:{port}/6")
        yield accepted
    tolerant.OUTAGES.clear()


def cache_warnings(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "prepsite.cache"]


def assert_no_traceback(caplog):
    assert not [record for record in caplog.records if record.exc_info], caplog.text


def test_public_pages_render_uncached_while_redis_refuses(client, redis_refuses, caplog, monkeypatch):
    monkeypatch.setattr(tolerant, "RETRY_SECONDS", 0)  # every operation tries Redis again
    question = make_question(text="Still served?")
    for _ in range(3):
        for url in ("/", "/questions/", question.get_absolute_url()):
            response = client.get(url)
            assert response.status_code == 200
    assert "Still served?" in response.content.decode()
    assert_no_traceback(caplog)
    assert len(cache_warnings(caplog)) == 1
    assert "is not answering" in caplog.text
    assert "hunter2" not in caplog.text


def test_signed_in_pages_work_while_redis_refuses(redis_refuses, caplog):
    question = make_question()
    signed_in = client_for(make_user())
    assert signed_in.get(reverse("accounts:dashboard")).status_code == 200
    assert signed_in.get(question.get_absolute_url()).status_code == 200
    assert signed_in.post(reverse("accounts:bookmark", args=[question.slug]), {"bookmarked": "1"}).status_code == 302
    assert_no_traceback(caplog)


def test_sign_in_is_refused_not_broken_while_redis_refuses(client, redis_refuses, caplog):
    """The login rate limit cannot count without its cache, so it fails closed: a 429, no 500."""
    make_user(email="reader@example.com")
    response = client.post(reverse("account_login"), {"login": "reader@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert_no_traceback(caplog)


def test_readyz_is_503_while_redis_refuses(client, redis_refuses):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode() == "database: ok\ncache: unavailable\n"


def test_a_redis_that_never_answers_is_left_alone_between_retries(client, redis_hangs, caplog):
    make_question()
    for _ in range(5):
        assert client.get("/questions/").status_code == 200
    assert client.get("/readyz").status_code == 503
    # One connection tried and timed out; every later operation skipped Redis.
    assert len(redis_hangs) == 1
    assert len(cache_warnings(caplog)) == 1
    assert_no_traceback(caplog)


def test_the_cache_coming_back_is_logged_and_used_again(redis_refuses, caplog, monkeypatch):
    from django.core.cache import cache
    from django.core.cache.backends.redis import RedisCache

    monkeypatch.setattr(tolerant, "RETRY_SECONDS", 0)
    answers = iter([RedisConnectionError("down"), "back"])

    def flaky_get(self, key, default=None, version=None):
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(RedisCache, "get", flaky_get)
    with caplog.at_level(logging.INFO, logger="prepsite.cache"):
        assert cache.get("key", "missed") == "missed"
        assert cache.get("key", "missed") == "back"
    messages = [record.getMessage() for record in cache_warnings(caplog)]
    assert len(messages) == 2
    assert "is not answering" in messages[0]
    assert "answers again" in messages[1]


def test_an_edit_while_redis_refuses_is_not_an_error(redis_refuses):
    question = make_question(text="Before?")
    question.text = "After?"
    question.save()  # the content-version bump cannot reach Redis; saving still works


def test_the_redis_client_is_built_once_per_pool_not_per_operation(settings):
    """Django makes a ``redis.Redis`` per operation; ours keeps one (building one costs more than a GET)."""
    from django.core.cache import caches

    point_cache_at(settings, "redis://127.0.0.1:1/6")  # nothing is sent: building a client connects nowhere
    client = caches["default"]._cache
    assert isinstance(client, tolerant.ClientPerPool)
    assert client.get_client("a") is client.get_client("b", write=True)
