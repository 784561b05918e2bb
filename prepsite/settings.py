"""Prepsite settings: one file, driven by environment variables.

Development needs no environment at all (SQLite, local-memory cache, console mail).
Production is ``DEBUG=0``; it refuses to start without ``SECRET_KEY`` and
``ALLOWED_HOSTS`` and is meant to run against PostgreSQL (``DATABASE_URL``) and Redis
(``REDIS_URL``) behind gunicorn.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


# --- Environment: every setting that varies between machines is read here. ----------
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
SQLITE_PATH = os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "60"))  # seconds a worker keeps its database connection
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "300"))
PAGE_CACHE = env_bool("PAGE_CACHE", True)  # off: every public page is rendered afresh (the benchmark's rendered rows)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))  # seconds; a hung SMTP server never hangs a request
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Prepsite <noreply@localhost>")
BACKUP_DIR = os.environ.get("BACKUP_DIR", str(BASE_DIR / "backups"))
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")  # links in scheduled mail
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))
API_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", "120"))  # API requests a minute per client address
# Sign in with GitHub or Google: each provider is on only when both its values are set.
GITHUB_CLIENT_ID = os.environ.get("GITHUB_CLIENT_ID", "")
GITHUB_CLIENT_SECRET = os.environ.get("GITHUB_CLIENT_SECRET", "")
GOOGLE_CLIENT_ID = os.environ.get("GOOGLE_CLIENT_ID", "")
GOOGLE_CLIENT_SECRET = os.environ.get("GOOGLE_CLIENT_SECRET", "")

if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key-never-used-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]", "testserver"]
else:
    missing = [name for name, value in (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS)) if not value]
    if missing:
        raise ImproperlyConfigured(f"Production mode (DEBUG=0) needs {' and '.join(missing)} in the environment.")
    if "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's hosts, not '*'.")

# --- Applications ---------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "corsheaders",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.github",
    "allauth.socialaccount.providers.google",
    "csp",
    "reversion",
    "questions",
    "compensation",
    "accounts",
    "prepsite",
]

# Cheap paths first: the header middleware (security, X-Frame-Options, CSP) wrap every
# answer; /healthz and visitors' cached pages are answered before sessions and users.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "prepsite.middleware.ContentSecurityPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # the API's CORS headers, before anything that may answer on its own
    "prepsite.middleware.HealthCheckMiddleware",
    "questions.public_cache.PublicPageCacheMiddleware",
    "prepsite.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "prepsite.two_factor.CuratorTwoFactorMiddleware",
    "prepsite.middleware.RejectNullCharactersMiddleware",
    "prepsite.middleware.NoStoreForSignedInMiddleware",
]

ROOT_URLCONF = "prepsite.urls"
WSGI_APPLICATION = "prepsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "questions.context_processors.site",
            ],
            "builtins": ["prepsite.templatetags.prepsite_tags"],
        },
    },
]

# --- Data -------------------------------------------------------------------------------
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # A database that is down or unreachable must give a quick 503, not a hung worker.
        # psycopg waits at least 2 s; `?connect_timeout=` in DATABASE_URL overrides this.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 1)
else:
    # SQLite in WAL mode with a busy timeout: readers never block the writer, and a
    # writer waits for a lock instead of failing at once. The connection is kept between
    # requests like PostgreSQL's, so the pragmas run once per connection, not per request.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds what every process must agree on: the public pages' content version,
# the cached pages and allauth's rate-limit counters (sessions live in the database).
# Redis when there is one, with short timeouts and a backend that serves without it
# while it is down; production without Redis shares the database instead (the table is
# made by `createcachetable`); only development keeps it in the process.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "prepsite.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
elif not DEBUG:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "prepsite_cache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Length is what makes a password hard to guess: at least 12 characters, no upper
    # limit Django would impose, and no composition rules (ASVS V2.1).
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
# Email and password only; nobody gets in before proving they own the address.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"  # generated by allauth, never shown
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a POST confirms, so mail scanners that follow links do not
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"  # profile questions right after sign-up
ACCOUNT_LOGOUT_REDIRECT_URL = "questions:home"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"  # links in confirmation mails
# Sign-up and password reset answer the same whether or not an address is registered.
ACCOUNT_PREVENT_ENUMERATION = True
# Rate limits stay on: an empty dict keeps allauth's defaults (sign-up 20/min per IP,
# 5 failed logins per address per 5 min, reset 5/min per address...). They count in the
# cache, which every process shares in production (Redis, else the database cache;
# see CACHES); False here would turn them off. Per-IP limits need the client's address:
# behind a load balancer every request comes from the proxy, so allauth takes the one
# the nearest ALLAUTH_TRUSTED_PROXY_COUNT proxies appended to X-Forwarded-For (read at
# the top); whatever a client writes in front is ignored, so it cannot pick the address
# its failures count against.
ACCOUNT_RATE_LIMITS: dict[str, str] = {}
ACCOUNT_SESSION_REMEMBER = None  # ask with the "Remember me" box
# A stolen session must not be enough to take the account over: adding, removing or
# making primary an email address needs the password again unless the user signed in or
# reauthenticated within ACCOUNT_REAUTHENTICATION_TIMEOUT (allauth's 300 s). Our export
# asks the same (accounts.views); deletion asks for the password on its own form.
ACCOUNT_REAUTHENTICATION_REQUIRED = True

# --- Sign in with GitHub or Google (allauth.socialaccount) -------------------------------
# A provider is offered only when its client id and secret are in the environment (read
# at the top); its app lives here, not in the database. Without one, no button shows and
# its login URL answers 404 (accounts.adapter.SocialAccountAdapter).
SOCIALACCOUNT_PROVIDERS: dict[str, dict] = {}
if GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET:
    SOCIALACCOUNT_PROVIDERS["github"] = {
        "APP": {"client_id": GITHUB_CLIENT_ID, "secret": GITHUB_CLIENT_SECRET},
        "SCOPE": ["user:email"],  # the addresses with GitHub's own "verified" flag
    }
if GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET:
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APP": {"client_id": GOOGLE_CLIENT_ID, "secret": GOOGLE_CLIENT_SECRET},
        "SCOPE": ["openid", "profile", "email"],
        "AUTH_PARAMS": {"access_type": "online"},
    }
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
# No account takeover through a provider: a provider's word that someone owns an address
# never signs them in to the local account with that address, nor connects the two.
# Such a sign-in gets allauth's enumeration-safe answer (a mail to the address saying it
# has an account); the owner signs in with the password (or resets it by mail) and then
# connects the provider from /accounts/3rdparty/.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_LOGIN_ON_GET = False  # the provider is reached by a POST (CSRF-checked), never a bare link
SOCIALACCOUNT_STORE_TOKENS = False  # we only sign people in; we never call the provider's API later

# --- Two-factor sign-in (allauth.mfa) ---------------------------------------------------
# An authenticator app (TOTP) with recovery codes for when the phone is lost. Curators
# must have one before the admin opens (prepsite.two_factor); candidates may add one.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Prepsite"
MFA_TOTP_TOLERANCE = 1  # also the codes just before and after: phone clocks drift

# --- Internationalisation ----------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files: our own files, served by WhiteNoise; no CDN, no build step. -----------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security headers (production values unless DEBUG) ----------------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
# X-Forwarded-Proto is believed only when the operator declares a proxy that sets it;
# otherwise any client reaching gunicorn directly could claim to be on HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if ALLAUTH_TRUSTED_PROXY_COUNT > 0 else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is the operator's choice.

# Content-Security-Policy on every response (django-csp): scripts, styles and everything
# else only from our own origin, never inline, so injected markup cannot run or restyle
# the page. Images may also be data: URIs (the QR code of the two-factor set-up page).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# The public API may be read from any site's scripts: GET (and HEAD) only, never with
# cookies or credentials, so no page's session can be used through it. Preflights allow
# If-None-Match (to revalidate with an ETag); scripts may read ETag and Retry-After.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET",)
CORS_ALLOW_HEADERS = ("accept", "if-none-match")
CORS_EXPOSE_HEADERS = ("ETag", "Retry-After")
CORS_PREFLIGHT_MAX_AGE = 86400

# Development prints mail to the console; production sends through the SMTP server
# named in the environment (EMAIL_HOST and friends, read at the top).
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
