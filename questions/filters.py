"""The question list's filters: the public URL contract of ``/questions/``.

Parameters are ``role``, ``category``, ``difficulty``, ``skill``, ``company``, ``q`` and
``page``, each a slug (``?category=role-specific&difficulty=hard``). A value that names
nothing is ignored and reported as a notice, never an error page.

Signed-in users may also filter on their own state ("bookmarked", "practised"...). That
state lives in another app, which ``questions`` must not import, so such filters are
*registered* here by their owner (see ``register_personal_filter``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from questions.models import Category, Company, Difficulty, Question, QuestionQuerySet, Role, Skill

FILTER_KEYS = ("role", "category", "difficulty", "skill", "company")
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class PersonalFilter:
    """A filter on the signed-in user's own state, contributed by the app that owns it."""

    key: str
    label: str
    any_label: str
    choices: tuple[tuple[str, str], ...]
    apply: Callable[[QuestionQuerySet, Any, str], QuestionQuerySet]


PERSONAL_FILTERS: dict[str, PersonalFilter] = {}


def register_personal_filter(personal_filter: PersonalFilter) -> None:
    PERSONAL_FILTERS[personal_filter.key] = personal_filter


def query_params() -> tuple[str, ...]:
    """Every query parameter the question list reads: the page cache keys on these only."""
    return (*FILTER_KEYS, *PERSONAL_FILTERS, "q", "page")


@dataclass
class QuestionFilter:
    roles: list[Role]
    skills: list[Skill]
    companies: list[Company]
    values: dict[str, str] = field(default_factory=dict)
    query: str = ""
    notices: list[str] = field(default_factory=list)
    user: Any = None
    personal_values: dict[str, str] = field(default_factory=dict)
    unknown: dict[str, str] = field(default_factory=dict)  # filter values that name nothing, by key

    @classmethod
    def from_querydict(cls, params: QueryDict, user: Any = None) -> QuestionFilter:
        signed_in = user is not None and user.is_authenticated
        instance = cls(
            roles=list(Role.objects.published().order_by("order", "title")),
            skills=list(Skill.objects.filter(questions__in=Question.objects.published()).distinct().order_by("name")),
            companies=list(
                Company.objects.filter(questions__in=Question.objects.published()).distinct().order_by("name")
            ),
            user=user if signed_in else None,
        )
        for key, personal_filter in PERSONAL_FILTERS.items():
            value = params.get(key, "").strip()
            if not value:
                continue
            if not signed_in:
                instance.notices.append(f"Ignored {key} “{value[:40]}”: sign in to filter by your own progress.")
            elif value in dict(personal_filter.choices):
                instance.personal_values[key] = value
            else:
                instance.notices.append(f"Ignored {key} “{value[:40]}”: there is no such {key}.")
        options = instance.options()
        for key in FILTER_KEYS:
            value = params.get(key, "").strip()
            if not value:
                continue
            if value in dict(options[key]):
                instance.values[key] = value
            else:
                instance.unknown[key] = value
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
        for key, value in self.personal_values.items():
            queryset = PERSONAL_FILTERS[key].apply(queryset, self.user, value)
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
        fields = [
            {"key": key, "label": label, "empty": empty, "options": options[key], "value": self.values.get(key, "")}
            for key, (label, empty) in names.items()
        ]
        if self.user is not None:  # filters on one's own progress, for signed-in users only
            fields += [
                {
                    "key": key,
                    "label": personal.label,
                    "empty": personal.any_label,
                    "options": personal.choices,
                    "value": self.personal_values.get(key, ""),
                }
                for key, personal in PERSONAL_FILTERS.items()
            ]
        return fields

    @property
    def is_active(self) -> bool:
        return bool(self.values or self.query or self.personal_values)

    def querystring(self, page: int | None = None) -> str:
        params = QueryDict(mutable=True)
        for key in FILTER_KEYS:
            if key in self.values:
                params[key] = self.values[key]
        for key, value in self.personal_values.items():
            params[key] = value
        if self.query:
            params["q"] = self.query
        if page and page > 1:
            params["page"] = str(page)
        return params.urlencode()


def filtered_questions(question_filter: QuestionFilter) -> QuestionQuerySet:
    return question_filter.apply(Question.objects.published()).with_details().distinct()
