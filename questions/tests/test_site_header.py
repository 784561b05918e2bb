"""The site header links to the guides this instance publishes, and to nothing else."""

import re

import pytest

from questions.context_processors import header_guides
from questions.tests.factories import make_role

pytestmark = pytest.mark.django_db


def header_links(html: str) -> list[str]:
    nav = html[html.index('<nav aria-label="Main">') : html.index("</nav>")]
    return re.findall(r'<a href="(/[^"]*)"', nav)


def test_header_links_each_published_guide_in_order_and_no_other(client):
    make_role(slug="sre", title="Site Reliability Engineer", order=2)
    make_role(slug="data", title="Data Engineer", order=1)
    make_role(slug="unfinished", title="Unfinished Guide", order=0, is_published=False)
    html = client.get("/").content.decode()
    links = header_links(html)
    assert [link for link in links if link.startswith("/roles/")] == ["/roles/data/", "/roles/sre/"]
    assert "Unfinished Guide" not in html and "backend-developer" not in html
    for link in links:
        assert client.get(link).status_code == 200, link


def test_header_marks_the_guide_being_read(client):
    role = make_role(slug="data", title="Data Engineer")
    html = client.get(role.get_absolute_url()).content.decode()
    assert '<a href="/roles/data/" aria-current="page">Data Engineer</a>' in html


def test_header_guides_cost_one_query_until_content_changes(django_assert_num_queries):
    role = make_role(slug="data", title="Data Engineer")
    with django_assert_num_queries(1):
        header_guides()
    with django_assert_num_queries(0):
        assert header_guides() == [{"title": "Data Engineer", "url": "/roles/data/"}]
    role.is_published = False
    role.save()
    with django_assert_num_queries(1):
        assert header_guides() == []
