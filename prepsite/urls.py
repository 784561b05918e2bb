from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from prepsite import views
from prepsite.api import api_urls
from prepsite.api import docs as api_docs
from prepsite.middleware import HEALTH_PATH
from prepsite.sitemaps import SITEMAPS
from questions.public_cache import public_page

# The admin signs in through allauth, so its rate limits and verification apply there too.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Prepsite admin"
admin.site.site_title = "Prepsite admin"
admin.site.index_title = "Guides, questions, pay and contributions"

urlpatterns = [
    path("", include("questions.urls")),
    path("", include("compensation.urls")),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # The API's root is its human docs page; ninja's own root view would only answer 404.
    path("api/v1/", api_docs, name="api_docs"),
    path("api/v1/", api_urls()),
    path("admin/markdown-preview/", views.markdown_preview, name="markdown_preview"),
    path("admin/", admin.site.urls),
    path(HEALTH_PATH.removeprefix("/"), views.healthz, name="healthz"),  # answered by HealthCheckMiddleware
    path("readyz", views.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("privacy/", views.privacy, name="privacy"),
    path("sitemap.xml", public_page(sitemap, reads=("p",)), {"sitemaps": SITEMAPS}, name="sitemap"),
]

handler404 = "prepsite.views.page_not_found"
