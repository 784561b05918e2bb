import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_state_changing_methods_are_refused_on_public_pages(client):
    assert client.post("/questions/").status_code == 405
    assert client.post("/healthz").status_code == 405


def test_server_error_page_renders_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html


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
@pytest.mark.parametrize("url", ["/", "/questions/", "/healthz", "/robots.txt", "/sitemap.xml"])
def test_head_requests_are_answered(client, url):
    """Load balancers and monitors ask with HEAD."""
    assert client.head(url).status_code == 200
