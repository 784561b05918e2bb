"""The question list's filters: the public URL contract of ``/questions/``.

Parameters are ``role``, ``category``, ``difficulty``, ``skill``, ``company``, ``q`` and
``page``, each a slug (``?category=role-specific&difficulty=hard``). A value that names
nothing is ignored and reported as a notice, never an error page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict

from questions.models import Category, Company, Difficulty, Question, QuestionQuerySet, Role, Skill

FILTER_KEYS = ("role", "category", "difficulty", "skill", "company")
MAX_QUERY_LENGTH = 200


@dataclass
class QuestionFilter:
    roles: list[Role]
    skills: list[Skill]
    companies: list[Company]
    values: dict[str, str] = field(default_factory=dict)
    query: str = ""
    notices: list[str] = field(default_factory=list)

    @classmethod
    def from_querydict(cls, params: QueryDict) -> QuestionFilter:
        instance = cls(
            roles=list(Role.objects.published().order_by("order", "title")),
            skills=list(Skill.objects.filter(questions__is_published=True).distinct().order_by("name")),
            companies=list(Company.objects.filter(questions__is_published=True).distinct().order_by("name")),
        )
        options = instance.options()
        for key in FILTER_KEYS:
            value = params.get(key, "").strip()
            if not value:
                continue
            if value in dict(options[key]):
                instance.values[key] = value
            else:
                instance.notices.append(f"Ignored {key} “{value[:40]}”: there is no such {key}.")
        query = " ".join(params.get("q", "").split())
        if len(query) > MAX_QUERY_LENGTH:
            instance.notices.append(f"The search was cut to its first {MAX_QUERY_LENGTH} characters.")
            query = query[:MAX_QUERY_LENGTH]
        instance.query = query
        return instance

    def options(self) -> dict[str, list[tuple[str, str]]]:
        return {
            "role": [(role.slug, role.title) for role in self.roles],
            "category": list(Category.choices),
            "difficulty": list(Difficulty.choices),
            "skill": [(skill.slug, skill.name) for skill in self.skills],
            "company": [(company.slug, company.name) for company in self.companies],
        }

    def apply(self, queryset: QuestionQuerySet) -> QuestionQuerySet:
        lookups = {
            "role": "role__slug",
            "category": "category",
            "difficulty": "difficulty",
            "skill": "skills__slug",
            "company": "companies__slug",
        }
        for key, value in self.values.items():
            queryset = queryset.filter(**{lookups[key]: value})
        if self.query:
            return queryset.search(self.query)
        return queryset.order_by("role__order", "number")

    def fields(self) -> list[dict]:
        """The select boxes of the filter form, in order, with their current value."""
        names = {
            "role": ("Role", "All roles"),
            "category": ("Category", "All categories"),
            "difficulty": ("Difficulty", "Any difficulty"),
            "skill": ("Skill", "All skills"),
            "company": ("Company", "All companies"),
        }
        options = self.options()
        return [
            {"key": key, "label": label, "empty": empty, "options": options[key], "value": self.values.get(key, "")}
            for key, (label, empty) in names.items()
        ]

    @property
    def is_active(self) -> bool:
        return bool(self.values or self.query)

    def label(self, key: str) -> str:
        return dict(self.options()[key]).get(self.values.get(key, ""), "")

    def querystring(self, page: int | None = None) -> str:
        params = QueryDict(mutable=True)
        for key in FILTER_KEYS:
            if key in self.values:
                params[key] = self.values[key]
        if self.query:
            params["q"] = self.query
        if page and page > 1:
            params["page"] = str(page)
        return params.urlencode()


def filtered_questions(question_filter: QuestionFilter) -> QuestionQuerySet:
    return question_filter.apply(Question.objects.published()).with_details().distinct()
