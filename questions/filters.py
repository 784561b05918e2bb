"""The question list's filters: the public URL contract of ``/questions/``.

Parameters are ``role``, ``category``, ``difficulty``, ``skill``, ``company``, ``q`` and
``page``, each a slug (``?category=role-specific&difficulty=hard``). A value that names
nothing is ignored and reported as a notice, never an error page.

Signed-in users may also filter on their own state ("bookmarked", "practised"...). That
state lives in another app, which ``questions`` must not import, so such filters are
*registered* here by their owner (see ``register_personal_filter``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import QueryDict

from questions.models import Category, Company, Difficulty, Question, QuestionQuerySet, Role, Skill
from questions.public_cache import content_fragment

FILTER_KEYS = ("role", "category", "difficulty", "skill", "company")
LIST_DEFERRED = ("why_asked_md", "sample_answer_md")
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
        choices = filter_choices()
        instance = cls(
            roles=choices["role"],
            skills=choices["skill"],
            companies=choices["company"],
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
        """Filter, then search or order. Skill and company filters are ``EXISTS`` subqueries,
        not joins, so no row comes out twice and the list needs no ``DISTINCT``."""
        lookups = {"role": "role__slug", "category": "category", "difficulty": "difficulty"}
        tags = {"skill": Question.skills.through, "company": Question.companies.through}
        for key, value in self.values.items():
            if key in tags:
                link = tags[key].objects.filter(question=OuterRef("pk"), **{f"{key}__slug": value})
                queryset = queryset.filter(Exists(link))
            else:
                queryset = queryset.filter(**{lookups[key]: value})
        for key, value in self.personal_values.items():
            queryset = PERSONAL_FILTERS[key].apply(queryset, self.user, value)
        if self.query:
            return queryset.search(self.query)
        return queryset.in_guide_order()

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


def filter_choices() -> dict[str, list]:
    """The roles, skills and companies the filter form offers: those with published questions.

    Each is a scan of the catalogue, so they are cached per content version."""
    return content_fragment("filter-choices", _filter_choices)


def _filter_choices() -> dict[str, list]:
    published = Question.objects.published()
    return {
        "role": list(Role.objects.published().order_by("order", "title").only("slug", "title")),
        "skill": list(
            Skill.objects.filter(Exists(published.filter(skills=OuterRef("pk")))).order_by("name").only("slug", "name")
        ),
        "company": list(
            Company.objects.filter(Exists(published.filter(companies=OuterRef("pk"))))
            .order_by("name")
            .only("slug", "name")
        ),
    }


SEARCH_IDS_CACHED_MAX = 2_000


class RankedResults:
    """A search's matches in rank order, as a sequence the paginator slices: the ids come
    ranked (from the cache), and a slice loads only its own questions, in that order."""

    def __init__(self, ids: list[int], questions: QuestionQuerySet):
        self.ids = ids
        self.questions = questions

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        wanted = self.ids[index]
        if not isinstance(index, slice):
            return self.questions.get(pk=wanted)
        by_id = self.questions.order_by().in_bulk(wanted)
        return [by_id[pk] for pk in wanted if pk in by_id]


def question_results(question_filter: QuestionFilter) -> tuple[QuestionQuerySet | RankedResults, int]:
    """What ``/questions/`` pages through, and how many there are.

    Counting the matches and ranking a search read every match (for a search on SQLite,
    every question's text), so both are cached per content version and filter: a count,
    or a search's ranked ids (up to ``SEARCH_IDS_CACHED_MAX``; beyond, a count), which
    every page of that search then reads from. Filters on a user's own progress change
    with every rating and are read afresh."""
    questions = filtered_questions(question_filter)
    if question_filter.personal_values:
        return questions, questions.count()
    digest = hashlib.sha256(question_filter.querystring().encode()).hexdigest()[:32]
    if question_filter.query:
        ids = content_fragment(
            f"search-ids:{digest}", lambda: list(questions.values_list("pk", flat=True)[: SEARCH_IDS_CACHED_MAX + 1])
        )
        if len(ids) <= SEARCH_IDS_CACHED_MAX:
            return RankedResults(ids, questions), len(ids)
    return questions, content_fragment(f"list-count:{digest}", questions.count)


def filtered_questions(question_filter: QuestionFilter) -> QuestionQuerySet:
    """What a list page shows of each question: its card, without the answer texts."""
    return question_filter.apply(Question.objects.published()).with_details().defer(*LIST_DEFERRED)
