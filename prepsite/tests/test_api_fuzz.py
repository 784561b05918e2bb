"""schemathesis fuzzes the API against its own OpenAPI document, in process through the
WSGI application: for generated parameters no endpoint answers 5xx, and every answer
(200s and the documented 4xx alike) matches the status, content type and schema the
document gives it. A bounded, derandomised run, so it takes seconds and fails the same
way twice; the database holds published and draft content, under the slugs the document gives as
examples, so generated requests reach real rows as well as missing ones.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from compensation.tests.factories import make_band, make_company_pay
from prepsite.wsgi import application
from questions.models import Company, InterviewExperience, Skill
from questions.tests.factories import make_question, make_role


def served(environ, start_response):
    """The site as a WSGI server runs it: the server always gives the client's address."""
    environ.setdefault("REMOTE_ADDR", "192.0.2.1")
    return application(environ, start_response)


@pytest.fixture
def api_schema(db, wsgi_keeps_connections):
    guide = make_role(slug="backend-developer", title="Backend Developer")
    draft = make_role(slug="draft", title="Draft", is_published=False)
    skill = Skill.objects.create(slug="databases", name="Databases")
    stripe = Company.objects.create(slug="stripe", name="Stripe", website="https://stripe.com/")
    key_points = [("Caches", ["cache"])]
    make_question(role=guide, slug="sql-vs-nosql", skills=[skill], companies=[stripe], key_points=key_points)
    make_question(role=guide, slug="hidden", is_published=False, companies=[stripe])
    make_question(role=draft, slug="in-draft", companies=[stripe])
    InterviewExperience.objects.create(company=stripe, role=guide, summary_md="Live coding.", outcome="offer",
                                       questions_asked="Idempotency?", status="approved")  # fmt: skip
    make_band(role=guide, level="senior", years_min=6, years_max=None)
    make_company_pay(role=guide, company=stripe)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", served)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=10,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_answers_match_the_openapi_document(case):
    case.call_and_validate()
