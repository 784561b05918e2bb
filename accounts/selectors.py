"""Reads that the dashboard, the practice page and the export share.

Each reader runs a fixed number of queries whatever the size of the user's history or
of the catalogue: the catalogue's totals come from ``questions.selectors`` (cached per
content version), the user's counts and review history are grouped in the database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts import scheduling
from accounts.mocks.selectors import mocks_export
from accounts.models import Practice, Profile, ReminderSent, ReviewLog
from accounts.plan.selectors import plan_export
from accounts.stories.selectors import stories_export
from compensation.selectors import salary_reports_export
from questions.models import (
    Category,
    Difficulty,
    InterviewExperience,
    InterviewRound,
    Question,
    QuestionQuerySet,
    Role,
    published_question,
)
from questions.selectors import catalogue_totals

HEATMAP_WEEKS = 12
RECENT_LIMIT = 10
BOOKMARK_LIMIT = 20


def profile_for(user) -> Profile | None:
    return Profile.objects.select_related("target_role").filter(user=user).first()


def practice_states_for(user, question_ids: Iterable[int] | None = None) -> dict[int, Practice]:
    """The user's practice rows by question id: the small fields that badges show.

    With ``question_ids``, only those questions' rows: what a page showing a few questions
    needs, whatever the number the user has practised.
    """
    rows = Practice.objects.filter(user=user)
    if question_ids is not None:
        rows = rows.filter(question_id__in=list(question_ids))
    rows = rows.only(
        "id", "question_id", "bookmarked", "times_practised", "last_rating", "last_practised", "due"
    ).with_zone()
    return {row.question_id: row for row in rows}


@dataclass
class CoverageBar:
    """A dashboard bar: of the published questions in one category, difficulty or skill, how many are practised."""

    label: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class HeatCell:
    day: date
    count: int
    x: int
    y: int

    @property
    def level(self) -> int:
        if self.count == 0:
            return 0
        if self.count == 1:
            return 1
        if self.count <= 3:
            return 2
        if self.count <= 6:
            return 3
        return 4


@dataclass
class Heatmap:
    cells: list[HeatCell]
    weeks: int = HEATMAP_WEEKS
    cell_size: int = 12
    gap: int = 3

    @property
    def width(self) -> int:
        return self.weeks * (self.cell_size + self.gap)

    @property
    def height(self) -> int:
        return 7 * (self.cell_size + self.gap)

    @property
    def active_cells(self) -> list[HeatCell]:
        return [cell for cell in self.cells if cell.count]

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells)

    @property
    def summary(self) -> str:
        days = len(self.active_cells)
        return (
            f"{self.total} rating{'s' if self.total != 1 else ''} on {days} day{'s' if days != 1 else ''} "
            f"in the last {self.weeks} weeks"
        )


@dataclass
class Dashboard:
    profile: Profile | None
    today: date
    total: int
    practised: int
    by_category: list[CoverageBar]
    by_difficulty: list[CoverageBar]
    by_skill: list[CoverageBar]
    current_streak: int
    longest_streak: int
    heatmap: Heatmap
    recent: list[ReviewLog] = field(default_factory=list)
    bookmarks: list[Practice] = field(default_factory=list)

    @property
    def days_to_interview(self) -> int | None:
        if self.profile is None or self.profile.interview_date is None:
            return None
        return (self.profile.interview_date - self.today).days


def streaks(days: set[date], today: date) -> tuple[int, int]:
    """Current and longest runs of consecutive days with a rating.

    The current streak still counts if the last rating was yesterday: today is not over.
    """
    longest = run = 0
    previous = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    cursor = today if today in days else today - timedelta(days=1)
    while cursor in days:
        current += 1
        cursor -= timedelta(days=1)
    return current, longest


def heatmap_for(counts: dict[date, int], today: date, weeks: int = HEATMAP_WEEKS) -> Heatmap:
    """Weeks as columns (Monday first), weekdays as rows, ending with the current week."""
    heatmap = Heatmap(cells=[], weeks=weeks)
    step = heatmap.cell_size + heatmap.gap
    start = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    day = start
    while day <= today:
        offset = (day - start).days
        heatmap.cells.append(HeatCell(day=day, count=counts.get(day, 0), x=(offset // 7) * step, y=(offset % 7) * step))
        day += timedelta(days=1)
    return heatmap


def _published_questions() -> Q:
    """Keeps rows whose question visitors can open: an unpublished one would be a dead link."""
    return published_question("question__")


def dashboard_for(user, *, now: datetime | None = None) -> Dashboard:
    profile = profile_for(user)
    zone = scheduling.zone_of(profile)
    today = timezone.localtime(now or timezone.now(), zone).date()

    # Coverage: the catalogue's totals (cached per content version) against the user's own
    # practised rows, grouped in the database, so neither grows with the catalogue.
    totals = catalogue_totals()
    practised = Practice.objects.filter(_published_questions(), user=user, times_practised__gt=0)
    done: dict[str, Counter] = {"category": Counter(), "difficulty": Counter()}
    for category, difficulty, count in (
        practised.values_list("question__category", "question__difficulty").annotate(count=Count("pk")).order_by()
    ):
        done["category"][category] += count
        done["difficulty"][difficulty] += count
    skill_done = dict(
        Question.skills.through.objects.filter(question__in=practised.values("question_id"))
        .values_list("skill__name")
        .annotate(count=Count("pk"))
        .order_by()
    )

    day_counts = {
        row["day"]: row["ratings"]
        for row in ReviewLog.objects.filter(user=user)
        .annotate(day=TruncDate("reviewed_at", tzinfo=zone))
        .values("day")
        .annotate(ratings=Count("pk"))
        .order_by("day")
    }
    current, longest = streaks(set(day_counts), today)

    return Dashboard(
        profile=profile,
        today=today,
        total=totals.total,
        practised=sum(done["category"].values()),
        by_category=[
            CoverageBar(label, done["category"][value], totals.by_category[value])
            for value, label in Category.choices
            if totals.by_category.get(value)
        ],
        by_difficulty=[
            CoverageBar(label, done["difficulty"][value], totals.by_difficulty[value])
            for value, label in Difficulty.choices
            if totals.by_difficulty.get(value)
        ],
        by_skill=[CoverageBar(name, skill_done.get(name, 0), total) for name, total in totals.by_skill.items()],
        current_streak=current,
        longest_streak=longest,
        heatmap=heatmap_for(day_counts, today),
        recent=list(ReviewLog.objects.filter(_published_questions(), user=user).recent(RECENT_LIMIT)),
        bookmarks=list(
            Practice.objects.filter(_published_questions(), user=user)
            .bookmarked()
            .with_question()
            .order_by("-updated_at")[:BOOKMARK_LIMIT]
        ),
    )


# --- Practice sets: what "Practise next" walks through -----------------------------------

REVIEW_SET = "review"


@dataclass(frozen=True)
class PracticeSet:
    """A role's questions, a category's, or the user's bookmarks, in guide order; or the
    user's review queue, oldest due first."""

    key: str
    label: str

    def questions(self, user) -> QuestionQuerySet:
        kind, _, value = self.key.partition(":")
        questions = Question.objects.published()
        if kind == REVIEW_SET:
            due = Practice.objects.filter(user=user, question=OuterRef("pk")).due_by(timezone.now())
            return (
                questions.annotate(due_at=Subquery(due.values("due")[:1]))
                .filter(due_at__isnull=False)
                .order_by("due_at", "pk")
            )
        if kind == "role":
            questions = questions.filter(role__slug=value)
        elif kind == "category":
            questions = questions.filter(category=value)
        elif kind == "bookmarks":
            questions = questions.filter(practices__user=user, practices__bookmarked=True)
        return questions.order_by("role__order", "role__title", "number")

    def next_after(self, user, question: Question) -> Question | None:
        """The next question of the set after this one, wrapping round; None if it has no other."""
        ids = list(self.questions(user).values_list("pk", flat=True))
        others = [pk for pk in ids if pk != question.pk]
        if not others:
            return None
        following = ids[ids.index(question.pk) + 1 :] if question.pk in ids else []
        next_id = next((pk for pk in following if pk != question.pk), others[0])
        return Question.objects.published().select_related("role").get(pk=next_id)


def practice_set_from(key: str, *, question: Question) -> tuple[PracticeSet, str]:
    """The set named by ``key``, or the question's own guide; with a notice if ``key`` was bad."""
    own_role = PracticeSet(f"role:{question.role.slug}", f"{question.role.title} guide")
    kind, _, value = (key or "").partition(":")
    if not key:
        return own_role, ""
    if kind == "bookmarks" and not value:
        return PracticeSet("bookmarks", "Your bookmarks"), ""
    if key == REVIEW_SET:
        return PracticeSet(REVIEW_SET, "Your review queue"), ""
    if kind == "category" and value in Category.values:
        return PracticeSet(key, f"{Category(value).label} questions"), ""
    if kind == "role":
        if value == question.role.slug:
            return own_role, ""
        role = Role.objects.published().filter(slug=value).first()
        if role is not None:
            return PracticeSet(key, f"{role.title} guide"), ""
    return own_role, f"There is no practice set “{key[:40]}”; practising the {own_role.label} instead."


def practice_set_choices(question: Question) -> list[tuple[str, str]]:
    return [
        (f"role:{question.role.slug}", f"{question.role.title} guide"),
        (f"category:{question.category}", f"{question.get_category_display()} questions"),
        ("bookmarks", "Your bookmarks"),
        (REVIEW_SET, "Your review queue"),
    ]


# --- Data export ------------------------------------------------------------------------------


def export_for(user) -> dict:
    """Everything the user owns, as plain data for one JSON file."""
    profile = profile_for(user)
    practices = Practice.objects.filter(user=user).with_question().order_by("question__role__order", "question__number")
    reviews = ReviewLog.objects.filter(user=user).select_related("question").order_by("reviewed_at", "pk")
    return {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("email")
            ],
            # GitHub or Google accounts it signs in with; what the provider sent is kept too.
            "connected_accounts": [
                {
                    "provider": account.provider,
                    "uid": account.uid,
                    "connected_at": account.date_joined,
                    "last_login": account.last_login,
                    "profile_from_provider": account.extra_data,
                }
                for account in SocialAccount.objects.filter(user=user).order_by("provider", "uid")
            ],
        },
        "profile": None
        if profile is None
        else {
            "target_role": profile.target_role.slug if profile.target_role else None,
            "interview_date": profile.interview_date,
            "experience_level": profile.experience_level,
            "time_zone": profile.time_zone,
            "desired_retention": profile.desired_retention,
            "new_per_day": profile.new_per_day,
            "reminders_enabled": profile.reminders_enabled,
            "reminder_hour": profile.reminder_hour,
        },
        "practice": [
            {
                "question": practice.question.slug,
                "question_text": practice.question.text,
                "bookmarked": practice.bookmarked,
                "notes_md": practice.notes_md,
                "draft_md": practice.draft_md,
                "times_practised": practice.times_practised,
                "last_practised": practice.last_practised,
                "last_rating": practice.last_rating,
                "schedule": {
                    "state": practice.get_card_state_display(),
                    "step": practice.card_step,
                    "stability": practice.stability,
                    "difficulty": practice.difficulty,
                    "due": practice.due,
                },
            }
            for practice in practices
        ],
        "reviews": [
            {
                "question": review.question.slug,
                "rating": review.rating,
                "seconds_spent": review.seconds_spent,
                "reviewed_at": review.reviewed_at,
            }
            for review in reviews
        ],
        "review_reminders_sent": [
            {"day": sent.day, "due_count": sent.due_count, "sent_at": sent.sent_at}
            for sent in ReminderSent.objects.filter(user=user).order_by("day")
        ],
        "stories": stories_export(user),
        "plan_tasks": plan_export(user),
        "mocks": mocks_export(user),
        "salary_reports": salary_reports_export(user),
        "interview_experiences": [
            {
                "company": experience.company.name,
                "role": experience.role.slug,
                "month": experience.month,
                "year": experience.year,
                "difficulty": experience.difficulty,
                "summary_md": experience.summary_md,
                "rounds": [
                    {"kind": interview_round.kind, "description_md": interview_round.description_md}
                    for interview_round in experience.rounds.all()
                ],
                "linked_questions": [question.slug for question in experience.linked_questions.all()],
                "questions_asked": experience.questions_asked,
                "outcome": experience.outcome,
                "takeaway": experience.takeaway,
                "tip": experience.tip,
                "status": experience.status,
                "reject_reason": experience.reject_reason,
                "moderation_note": experience.moderation_note,
                "moderated_at": experience.moderated_at,
                "redacted_at": experience.redacted_at,
                "created_at": experience.created_at,
            }
            for experience in InterviewExperience.objects.filter(submitted_by=user)
            .select_related("company", "role")
            .prefetch_related(
                Prefetch("rounds", queryset=InterviewRound.objects.order_by("order", "pk")),
                Prefetch("linked_questions", queryset=Question.objects.only("slug").order_by("slug")),
            )
            .order_by("created_at", "pk")
        ],
    }
