import pytest
from django.core.cache import cache
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_stays_200_when_the_database_does_not_answer(client, monkeypatch):
    """A worker is alive even when the database is not: restarting it would not help."""
    monkeypatch.setattr(connection, "cursor", broken_database)
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_readyz_is_200_when_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content.decode() == "database: ok\ncache: ok\n"
    assert "no-cache" in response["Cache-Control"]


def broken_database(*args, **kwargs):
    raise OperationalError("connection refused")


@pytest.mark.django_db
def test_readyz_is_a_plain_503_when_the_database_does_not_answer(client, monkeypatch):
    monkeypatch.setattr(connection, "cursor", broken_database)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "database: unavailable\ncache: ok\n"


@pytest.mark.django_db
def test_readyz_is_503_when_the_cache_loses_what_it_was_given(client, monkeypatch):
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode() == "database: ok\ncache: unavailable\n"


@pytest.mark.django_db
def test_state_changing_methods_are_refused_on_public_pages(client):
    assert client.post("/questions/").status_code == 405
    assert client.post("/healthz").status_code == 405


def test_server_error_page_renders_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html


@pytest.mark.django_db
def test_a_database_outage_is_a_plain_503_page_that_asks_the_database_nothing_more(client, monkeypatch, caplog):
    from django.db.backends.base.base import BaseDatabaseWrapper

    calls = []

    def refuse(self):
        calls.append(1)
        raise OperationalError("connection to server at 127.0.0.1 port 1 failed: Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    response = client.get("/questions/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "back in a moment" in response.content.decode()
    assert len(calls) == 1
    assert not [record for record in caplog.records if record.exc_info]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/questions/?q=%00", "/questions/?role=back%00end", "/questions/?%00=x"])
def test_a_nul_character_in_the_query_is_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_character_in_a_form_is_a_clear_400(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("n", "n@example.com", "pw-long-enough-1"))
    response = client.post("/questions/", {"set": "role:\x00"})
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/questions/", "/healthz", "/readyz", "/robots.txt", "/sitemap.xml"])
def test_head_requests_are_answered(client, url):
    """Load balancers and monitors ask with HEAD."""
    assert client.head(url).status_code == 200


@pytest.mark.django_db
def test_healthz_is_answered_before_sessions_and_users_with_the_usual_headers(client):
    response = client.get("/healthz")
    assert not hasattr(response.wsgi_request, "session") and not hasattr(response.wsgi_request, "user")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_healthz_still_refuses_an_unknown_host_and_a_post(client, settings):
    settings.ALLOWED_HOSTS = ["prepsite.example"]
    assert client.get("/healthz", HTTP_HOST="evil.example").status_code == 400
    assert client.post("/healthz", HTTP_HOST="prepsite.example").status_code == 405
