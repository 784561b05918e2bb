"""The question page names its guide and its number once, in the breadcrumb trail."""

import pytest

from questions.tests.factories import make_question, make_role

pytestmark = pytest.mark.django_db


def test_question_page_shows_its_trail_once(client):
    role = make_role(slug="data", title="Data Engineer")
    question = make_question(role=role, number=3)
    html = client.get(question.get_absolute_url()).content.decode()
    main = html[html.index('<main id="main"') : html.index("</main>")]
    trail = main[main.index('<nav aria-label="Breadcrumb"') : main.index("</nav>")]
    assert '<a href="/roles/data/">Data Engineer Interview Questions</a>' in trail
    assert '<span aria-current="page">Question 3</span>' in trail
    assert main.count("Data Engineer Interview Questions") == 1
    assert main.count("Question 3") == 1
