"""The API's edges (``prepsite/api.py``): CORS, the rate limit, HEAD, the OpenAPI document and
the human docs page."""

import re

import pytest
from django.core.cache import cache
from django.test import override_settings

from prepsite.api import api
from prepsite.tests.test_csp import inline_code
from questions.tests.factories import make_question

pytestmark = pytest.mark.django_db

ORIGIN = {"Origin": "https://someone-elses-site.example"}


@pytest.fixture
def question(db):
    return make_question(slug="feed")


def test_get_answers_any_origin_without_credentials(client, question):
    for url in ["/api/v1/questions/", "/api/v1/questions/feed/", "/api/v1/openapi.json", "/api/v1/questions/nope/"]:
        response = client.get(url, headers=ORIGIN)
        assert response["Access-Control-Allow-Origin"] == "*", url
        assert "Access-Control-Allow-Credentials" not in response, url
    assert "ETag" in client.get("/api/v1/questions/", headers=ORIGIN)["Access-Control-Expose-Headers"]


def test_preflight_allows_get_only(client, question):
    for method in ["GET", "POST", "DELETE"]:
        response = client.options("/api/v1/questions/", headers={**ORIGIN, "Access-Control-Request-Method": method})
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Access-Control-Allow-Methods"] == "GET"
        assert "Access-Control-Allow-Credentials" not in response


def test_pages_outside_the_api_get_no_cors_headers(client, question):
    assert "Access-Control-Allow-Origin" not in client.get(question.get_absolute_url(), headers=ORIGIN)


def test_writes_are_refused(client, question):
    assert client.post("/api/v1/questions/").status_code == 405
    assert client.delete("/api/v1/questions/feed/").status_code == 405


def test_head_is_answered_like_get_without_a_body(client, question):
    get = client.get("/api/v1/questions/feed/")
    head = client.head("/api/v1/questions/feed/")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"]


@override_settings(API_RATE_LIMIT=3)
def test_too_many_requests_from_one_address_is_429_with_retry_after(client, question):
    for _ in range(3):
        assert client.get("/api/v1/questions/feed/").status_code == 200
    refused = client.get("/api/v1/questions/", headers=ORIGIN)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("Too many requests")
    assert refused["Access-Control-Allow-Origin"] == "*"  # a script can read why
    assert "no-store" in refused["Cache-Control"]
    # Another address has its own count.
    assert client.get("/api/v1/questions/feed/", REMOTE_ADDR="192.0.2.7").status_code == 200


@override_settings(API_RATE_LIMIT=1)
def test_the_limit_fails_open_when_the_cache_cannot_count(client, question, monkeypatch):
    def cannot_count(*args, **kwargs):
        raise ValueError("no such key")

    monkeypatch.setattr(cache, "incr", cannot_count)
    for _ in range(3):
        assert client.get("/api/v1/questions/feed/").status_code == 200


def test_openapi_document_describes_every_endpoint(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/v1/roles/",
        "/api/v1/roles/{slug}/",
        "/api/v1/roles/{slug}/pay/",
        "/api/v1/questions/",
        "/api/v1/questions/{slug}/",
        "/api/v1/companies/",
        "/api/v1/companies/{slug}/",
    }
    assert all(set(methods) == {"get"} for methods in document["paths"].values())
    limit = next(p for p in document["paths"]["/api/v1/questions/"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 100
    assert client.get("/api/v1/openapi.json", headers={"If-None-Match": response["ETag"]}).status_code == 304


def test_ninjas_swagger_page_is_off(client, db):
    assert client.get("/api/v1/docs").status_code == 404


@override_settings(DEBUG=False)
def test_an_address_no_endpoint_has_is_404_json(client, db):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Not found")
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")


def test_docs_page_lists_every_endpoint_and_parameter_from_the_document(client, question):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    html = response.content.decode()
    document = api.get_openapi_schema(path_params={})
    for path, methods in document["paths"].items():
        assert f"GET {path}" in html
        for parameter in methods["get"].get("parameters", []):
            assert f"<code>{parameter['name']}</code>" in html
    assert "curl 'http://testserver/api/v1/questions/?limit=2'" in html  # an example per endpoint


def test_docs_page_keeps_the_budgets_of_a_public_page(client, question):
    response = client.get("/api/v1/")
    html = response.content.decode()
    assert len(response.content) <= 80_000
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert inline_code(html) == []
    # Nothing is fetched from anywhere else: every script and stylesheet is our own file.
    for address in re.findall(r'<(?:script|link)(?! rel="canonical")[^>]+(?:src|href)="([^"]+)"', html):
        assert address.startswith("/") and not address.startswith("//"), address
    assert '<link rel="canonical" href="http://testserver/api/v1/">' in html
    assert "public" in response["Cache-Control"]


def test_footer_links_the_docs_and_the_openapi_document(client, question):
    html = client.get("/").content.decode()
    assert '<a href="/api/v1/">API</a>' in html
    assert '<a href="/api/v1/openapi.json">OpenAPI document</a>' in html
