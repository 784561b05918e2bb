"""Reads of mocks that pages and the export share, each in a fixed number of queries.

Also the "like the real thing" presets: each guide's are worked out from its own mix of
published questions per category, so a guide heavy on technical questions gets a round
heavy on them too.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch

from accounts.mocks.models import Mock, MockQuestion
from accounts.stories.models import STORY_CATEGORIES
from questions.models import Category, KeyPoint, Question, QuestionTip, Role


@dataclass(frozen=True)
class PresetKind:
    key: str
    name: str
    count: int
    minutes: int
    categories: tuple[str, ...] = tuple(Category.values)


PRESET_KINDS = (
    PresetKind("screen", "Phone screen", count=3, minutes=5),
    PresetKind("round", "Full round", count=6, minutes=7),
    PresetKind("behavioral", "Behavioral round", count=4, minutes=8, categories=STORY_CATEGORIES),
)


@dataclass(frozen=True)
class Preset:
    role: Role
    kind: PresetKind
    mix: dict[str, int]  # category -> number of questions, in Category order

    @property
    def value(self) -> str:
        return f"{self.role.slug}:{self.kind.key}"

    @property
    def total_minutes(self) -> int:
        return self.kind.count * self.kind.minutes

    @property
    def mix_label(self) -> str:
        return ", ".join(f"{number} {Category(category).label.lower()}" for category, number in self.mix.items())


def preset_mix(counts: dict[str, int], *, size: int) -> dict[str, int]:
    """``size`` questions shared among categories in proportion to ``counts`` (largest remainder).

    Empty if the categories hold fewer than ``size`` questions between them.
    """
    total = sum(counts.values())
    if total < size or size <= 0:
        return {}
    shares = {category: number * size / total for category, number in counts.items() if number}
    mix = {category: int(share) for category, share in shares.items()}
    by_remainder = sorted(shares, key=lambda category: (-(shares[category] - mix[category]), -counts[category]))
    for category in by_remainder[: size - sum(mix.values())]:
        mix[category] += 1
    return {category: mix[category] for category in Category.values if mix.get(category)}


@dataclass
class Guide:
    role: Role
    counts: dict[str, int]  # published questions per category
    presets: list[Preset]


def guides_for_mocks() -> list[Guide]:
    """Every published guide with its question counts per category and its presets (two queries)."""
    roles = list(Role.objects.published().order_by("order", "title"))
    counts: dict[int, dict[str, int]] = {role.pk: {} for role in roles}
    rows = Question.objects.published().values_list("role_id", "category").annotate(number=Count("pk"))
    for role_id, category, number in rows.order_by():
        counts.setdefault(role_id, {})[category] = number
    guides = []
    for role in roles:
        presets = []
        for kind in PRESET_KINDS:
            mix = preset_mix({c: n for c, n in counts[role.pk].items() if c in kind.categories}, size=kind.count)
            if mix:
                presets.append(Preset(role=role, kind=kind, mix=mix))
        guides.append(Guide(role=role, counts=counts[role.pk], presets=presets))
    return guides


def preset_named(value: str) -> Preset | None:
    for guide in guides_for_mocks():
        for preset in guide.presets:
            if preset.value == value:
                return preset
    return None


def mocks_for_list(user):
    """The user's mocks, newest first, with their guide and number of questions."""
    return user.mocks.select_related("role").annotate(question_count=Count("items"))


def current_item(mock: Mock) -> MockQuestion | None:
    """The question being answered, with its guide, or ``None`` once the mock is finished."""
    if mock.is_finished:
        return None
    return mock.items.select_related("question__role").filter(position=mock.position).first()


def transcript_items(mock: Mock) -> list[MockQuestion]:
    """Every question of the mock with all the transcript shows (four queries in all)."""
    questions = Question.objects.select_related("role").prefetch_related(
        Prefetch("tips", queryset=QuestionTip.objects.order_by("kind", "order", "pk")),
        Prefetch("key_points", queryset=KeyPoint.objects.order_by("order", "pk")),
    )
    return list(mock.items.prefetch_related(Prefetch("question", queryset=questions)).order_by("position"))


def mocks_export(user) -> list[dict]:
    """Every mock with its questions and answers, as plain data (two queries)."""
    items = MockQuestion.objects.select_related("question").order_by("position")
    mocks = user.mocks.select_related("role").prefetch_related(Prefetch("items", queryset=items))
    return [
        {
            "guide": mock.role.slug,
            "categories": mock.categories,
            "preset": mock.preset,
            "minutes_per_question": mock.minutes_per_question,
            "hide_difficulty": mock.hide_difficulty,
            "shuffled": mock.shuffled,
            "started_at": mock.started_at,
            "finished_at": mock.finished_at,
            "questions": [
                {
                    "question": item.question.slug,
                    "answer_md": item.answer_md,
                    "started_at": item.started_at,
                    "answered_at": item.answered_at,
                    "seconds_taken": item.seconds_taken,
                    "over_time": item.over_time,
                    "rating": item.rating,
                }
                for item in mock.items.all()
            ],
        }
        for mock in mocks.order_by("started_at", "pk")
    ]
