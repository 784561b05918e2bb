"""The shared fixed-window limit: counts per action and key, tells how long to wait, fails closed."""

import pytest
from django.test import RequestFactory

from prepsite import ratelimit
from prepsite.ratelimit import Limit, consume


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_hits_up_to_the_limit_pass_and_the_next_one_says_how_long_to_wait(monkeypatch):
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_200_000.0 + 25)  # 25 s into a 60 s window
    rule = Limit("test-share", limit=3, period=60)
    assert [consume(rule, "user:1") for _ in range(3)] == [None, None, None]
    assert consume(rule, "user:1") == 35


def test_keys_and_actions_are_counted_apart():
    rule = Limit("test-share", limit=1, period=60)
    assert consume(rule, "user:1") is None
    assert consume(rule, "user:1") is not None
    assert consume(rule, "user:2") is None
    assert consume(Limit("test-other", limit=1, period=60), "user:1") is None


def test_a_new_window_starts_counting_again(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    rule = Limit("test-window", limit=1, period=60)
    assert consume(rule, "k") is None
    assert consume(rule, "k") is not None
    now[0] += 60
    assert consume(rule, "k") is None


def test_a_cache_that_cannot_count_refuses_unless_told_to_fail_open(monkeypatch):
    from django.core.cache import cache

    def broken_incr(*args, **kwargs):
        raise ValueError("not answering")

    monkeypatch.setattr(cache, "incr", broken_incr)
    rule = Limit("test-outage", limit=100, period=60)
    assert consume(rule, "k") is not None
    assert consume(rule, "k", fail_open=True) is None


def test_client_address_is_the_one_allauth_uses():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    assert ratelimit.client_address(request) == "203.0.113.9"
