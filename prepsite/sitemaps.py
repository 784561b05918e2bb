"""Every published public page, for search engines."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from questions.models import Company, Question, Role


class StaticSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["questions:home", "questions:list"]

    def location(self, item):
        return reverse(item)


class RoleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.9

    def items(self):
        return Role.objects.published().order_by("order")

    def lastmod(self, role):
        return role.updated_at


class SalarySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Role.objects.published().order_by("order")

    def location(self, role):
        return reverse("compensation:salaries", args=[role.slug])


class QuestionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Question.objects.published().order_by("role__order", "number")

    def lastmod(self, question):
        return question.updated_at


class CompanySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Company.objects.published().order_by("slug")


SITEMAPS = {
    "static": StaticSitemap,
    "roles": RoleSitemap,
    "salaries": SalarySitemap,
    "questions": QuestionSitemap,
    "companies": CompanySitemap,
}
