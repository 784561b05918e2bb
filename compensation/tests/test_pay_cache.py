"""Saving or deleting pay data makes cached public pages stale, like any content change."""

import pytest

from compensation.tests.factories import make_band, make_company_pay
from questions.models import Company
from questions.public_cache import content_version
from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db

# The pages each kind of pay row appears on.
PAGES = {
    "band": ["/salaries/paid/", "/roles/paid/"],
    "company pay": ["/salaries/paid/", "/roles/paid/", "/companies/acme/"],
}


def build_pay() -> dict:
    role = make_role(slug="paid")
    company = Company.objects.create(slug="acme", name="Acme")
    make_question(role=role, companies=[company])
    return {
        "band": make_band(role=role, source="Old band"),
        "company pay": make_company_pay(role=role, company=company, source="Old pay"),
    }


@pytest.mark.parametrize("change", ["save", "delete"])
@pytest.mark.parametrize("kind", PAGES)
def test_pay_change_makes_cached_pages_stale(client, kind, change):
    row = build_pay()[kind]
    old_source = row.source
    cached = {url: client.get(url) for url in PAGES[kind]}
    for url, response in cached.items():
        assert old_source in response.content.decode(), url
        assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 304, url
    version = content_version()

    if change == "save":
        row.source = "New source"
        row.save()
    else:
        row.delete()

    assert content_version() > version
    for url, response in cached.items():
        fresh = client.get(url, headers={"If-None-Match": response["ETag"]})
        html = fresh.content.decode()
        assert fresh.status_code == 200, url
        assert old_source not in html, url
        assert ("New source" in html) == (change == "save"), url
