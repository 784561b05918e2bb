"""What production answers on the wire: security headers, secure cookies, hosts, proxies.

Each test starts a fresh process with production settings (``DEBUG=0``) on a throwaway
SQLite file and makes requests there, so what is pinned is what gunicorn would serve,
not the test settings.
"""

import json

import pytest
from django.test import RequestFactory

from prepsite.tests.test_settings import PRODUCTION, run_manage

PROBE = """
import json
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.conf import settings
from django.core.management import call_command
from django.test import Client

# Pages link hashed static names from collectstatic's manifest; plain names spare the
# probe a collectstatic run and change no header or cookie.
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)  # production without Redis caches in the database
user = get_user_model().objects.create_user("probe", email="probe@example.com", password="a-long-probe-password")
EmailAddress.objects.create(user=user, email="probe@example.com", verified=True, primary=True)
site = {"HTTP_HOST": "prepsite.example"}
secure = Client(**site).get("/robots.txt", secure=True)
plain = Client(**site).get("/robots.txt")
claimed = Client(**site).get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
bad_host = Client(HTTP_HOST="evil.example").get("/robots.txt", secure=True)
login = Client(**site).post(
    "/accounts/login/", {"login": "probe@example.com", "password": "a-long-probe-password"}, secure=True
)
# One client fails past the limit of 10 a minute per address; then another client,
# arriving through the same load balancer, signs in with the right password.
for number in range(11):
    Client(**site).post("/accounts/login/", {"login": f"guess{number}@example.com", "password": "wrong"},
                        secure=True, HTTP_X_FORWARDED_FOR="203.0.113.7")
other_client = Client(**site).post(
    "/accounts/login/", {"login": "probe@example.com", "password": "a-long-probe-password"},
    secure=True, HTTP_X_FORWARDED_FOR="198.51.100.20",
)
print(json.dumps({
    "other_client_login": {"status": other_client.status_code},
    "secure": {"status": secure.status_code, "headers": dict(secure.headers)},
    "plain": {"status": plain.status_code, "location": plain.get("Location", "")},
    "claimed_https": {"status": claimed.status_code},
    "bad_host": {"status": bad_host.status_code},
    "login": {
        "status": login.status_code,
        "cookies": {name: {"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"]),
                           "samesite": morsel["samesite"]} for name, morsel in login.cookies.items()},
    },
}))
"""


def probe(tmp_dir: str, **env: str) -> dict:
    result = run_manage("shell", "-c", PROBE, **PRODUCTION, SQLITE_PATH=f"{tmp_dir}/probe.sqlite3", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    return probe(str(tmp_path_factory.mktemp("production")))


@pytest.fixture(scope="module")
def behind_a_proxy(tmp_path_factory) -> dict:
    return probe(str(tmp_path_factory.mktemp("proxy")), ALLAUTH_TRUSTED_PROXY_COUNT="1")


def test_hsts_for_a_year_with_subdomains(production):
    assert production["secure"]["status"] == 200
    assert production["secure"]["headers"]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ],
)
def test_security_headers(production, header, value):
    assert production["secure"]["headers"][header] == value


def test_plain_http_is_redirected_to_https(production):
    assert production["plain"]["status"] == 301
    assert production["plain"]["location"] == "https://prepsite.example/robots.txt"


def test_session_and_csrf_cookies_are_secure(production):
    assert production["login"]["status"] == 302  # signed in, so both cookies were set
    cookies = production["login"]["cookies"]
    assert {"sessionid", "csrftoken"} <= cookies.keys()
    assert cookies["sessionid"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert cookies["csrftoken"]["secure"] is True


def test_an_unknown_host_is_a_400(production):
    assert production["bad_host"]["status"] == 400


def test_without_a_declared_proxy_x_forwarded_proto_is_not_believed(production):
    assert production["claimed_https"]["status"] == 301  # still sent to HTTPS: the header is ignored


def test_behind_a_declared_proxy_x_forwarded_proto_is_believed(behind_a_proxy):
    assert behind_a_proxy["claimed_https"]["status"] == 200
    assert behind_a_proxy["plain"]["status"] == 301


def test_without_a_declared_proxy_everyone_shares_the_proxys_login_limit(production):
    assert production["other_client_login"]["status"] == 200  # refused: the form again


def test_behind_a_declared_proxy_one_clients_failures_do_not_lock_out_another(behind_a_proxy):
    assert behind_a_proxy["other_client_login"]["status"] == 302


def test_development_does_not_believe_x_forwarded_proto_either(settings):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    request = RequestFactory().get("/", headers={"X-Forwarded-Proto": "https"})
    assert request.is_secure() is False
