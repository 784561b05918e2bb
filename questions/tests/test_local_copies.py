"""A worker's own copies of shared fragments: never served past a content change, bounded, private per use."""

import pytest
from django.core.cache import cache

from questions import public_cache
from questions.public_cache import LocalCopies, content_changed, content_fragment, local_copies

pytestmark = pytest.mark.django_db  # a content change is bumped again on commit


def test_a_warm_fragment_costs_no_cache_round_trip(monkeypatch):
    builds = []
    assert content_fragment("sample", lambda: builds.append(1) or {"html": "<p>once</p>"}) == {"html": "<p>once</p>"}
    reads = []
    real_get = cache.get
    monkeypatch.setattr(public_cache.cache, "get", lambda key, *a, **k: reads.append(key) or real_get(key, *a, **k))
    assert content_fragment("sample", lambda: builds.append(1) or {}) == {"html": "<p>once</p>"}
    assert builds == [1]
    assert reads == [public_cache.VERSION_KEY]  # the version is still read: it decides


def test_a_content_change_is_never_hidden_by_a_local_copy():
    assert content_fragment("guides", lambda: ["Backend"]) == ["Backend"]
    content_changed()
    assert content_fragment("guides", lambda: ["Backend", "SRE"]) == ["Backend", "SRE"]


def test_a_lost_version_starts_somewhere_new_so_old_copies_stay_unreachable():
    assert content_fragment("guides", lambda: ["old"]) == ["old"]
    cache.clear()  # Redis restarted, say: the version is gone, the worker's copies are not
    assert content_fragment("guides", lambda: ["new"]) == ["new"]


def test_each_use_gets_its_own_objects():
    content_fragment("rows", lambda: [{"text": "A"}])
    mine = content_fragment("rows", lambda: [])
    mine[0]["text"] = "changed by one request"
    assert content_fragment("rows", lambda: []) == [{"text": "A"}]


def test_a_draft_that_may_not_be_shared_is_not_copied_either():
    content_fragment("draft", lambda: "draft one", keep=lambda _value: False)
    assert content_fragment("draft", lambda: "draft two", keep=lambda _value: False) == "draft two"


def test_copies_are_bounded_in_bytes_oldest_unused_first():
    copies = LocalCopies(max_bytes=8_000)
    for name in "abc":
        copies.put(name, "x" * 900, seconds=60)
    assert copies.get("a") is not None  # used: now the newest
    for name in "defghij":
        copies.put(name, "x" * 900, seconds=60)
    assert copies.get("a") is not None and copies.get("b") is None
    assert sum(len(data) for _expires, data in copies._entries.values()) <= 8_000
    copies.put("huge", "x" * 5_000, seconds=60)  # more than an eighth: never kept
    assert copies.get("huge") is None


def test_copies_expire_like_the_shared_entries(monkeypatch):
    copies = LocalCopies(max_bytes=10_000)
    copies.put("page", "html", seconds=30)
    now = public_cache.time.monotonic()
    monkeypatch.setattr(public_cache.time, "monotonic", lambda: now + 31)
    assert copies.get("page") is None


@pytest.fixture(autouse=True)
def _empty_copies():
    local_copies.clear()


def test_a_content_change_bumps_again_when_its_transaction_commits(django_capture_on_commit_callbacks):
    from questions.public_cache import content_version

    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        content_changed()
        assert content_version() == before + 1  # at once
    assert content_version() == before + 2  # and after the commit
