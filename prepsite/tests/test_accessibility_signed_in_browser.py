"""axe-core finds no serious or critical problem on any signed-in page, light or dark, at
360 px and 1280 px: a candidate's own pages (dashboard, review, practice, stories, mocks,
plan, profile, account), the public pages as they see them, allauth's account pages and
the two-factor pages, including the code page half-way through signing in.

The candidate has history on every feature (``site_for_crawl`` in this folder's
conftest), and the pages are the crawl's (``prepsite/tests/crawl.py``), one per view
plus the seeds, so a signed-in page added later is checked once something links to it.
"""

import pytest
from django.urls import reverse

from accounts.tests.factories import client_signed_in_with_password
from prepsite.tests.axe import axe_context, signed_in_cookie, violations_everywhere
from prepsite.tests.crawl import candidate_seeds, crawl, two_factor_clients

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(browser, axe_script, live_server, client, paths) -> dict:
    context = axe_context(browser, axe_script=axe_script, color_scheme="light")
    context.add_cookies([signed_in_cookie(client, live_server)])
    found = violations_everywhere(context.new_page(), live_server.url, paths)
    context.close()
    return found


def test_every_kind_of_signed_in_page_passes_axe(live_server, browser, axe_script, site_for_crawl):
    client = client_signed_in_with_password(site_for_crawl.candidate)
    result = crawl(client, candidate_seeds(site_for_crawl), per_kind=1)
    assert result.broken == []
    paths = result.one_per_view()
    found = check(browser, axe_script, live_server, client, paths)
    assert found == {}, f"{len(found)} of {len(paths) * 4} checks failed"


def test_the_two_factor_pages_pass_axe(live_server, browser, axe_script, site_for_crawl):
    halfway, signed_in = two_factor_clients(site_for_crawl)
    result = crawl(signed_in, [reverse("mfa_index")], per_kind=1, within=("/accounts/",))
    assert result.broken == []
    found = check(browser, axe_script, live_server, signed_in, result.one_per_view())
    found |= check(browser, axe_script, live_server, halfway, [reverse("mfa_authenticate")])
    assert found == {}
