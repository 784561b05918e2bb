"""Reads that the dashboard, the practice page and the export share.

Each reader runs a fixed number of queries whatever the size of the user's history:
totals are folded in Python from one row per question (the catalogue, not the
history), and review history is grouped by day in the database.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts import scheduling
from accounts.mocks.selectors import mocks_export
from accounts.models import Practice, Profile, ReminderSent, ReviewLog
from accounts.plan.selectors import plan_export
from accounts.stories.selectors import stories_export
from questions.models import Category, Difficulty, InterviewExperience, Question, QuestionQuerySet, Role

HEATMAP_WEEKS = 12
RECENT_LIMIT = 10
BOOKMARK_LIMIT = 20


def profile_for(user) -> Profile | None:
    return Profile.objects.select_related("target_role").filter(user=user).first()


def practice_states_for(user) -> dict[int, Practice]:
    """The user's practice rows by question id: the small fields that badges show."""
    rows = (
        Practice.objects.filter(user=user)
        .only("id", "question_id", "bookmarked", "times_practised", "last_rating", "last_practised", "due")
        .with_zone()
    )
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


def _published_questions() -> dict:
    """A lookup keeping rows whose question visitors can open: an unpublished one would be a dead link."""
    return {"question__in": Question.objects.published()}


def dashboard_for(user, *, now: datetime | None = None) -> Dashboard:
    profile = profile_for(user)
    zone = scheduling.zone_of(profile)
    today = timezone.localtime(now or timezone.now(), zone).date()

    practised_here = Practice.objects.filter(user=user, question=OuterRef("pk"), times_practised__gt=0)
    rows = list(
        Question.objects.published()
        .annotate(practised=Exists(practised_here))
        .values_list("id", "category", "difficulty", "practised")
        .order_by()
    )
    practised_ids = {question_id for question_id, _, _, practised in rows if practised}
    totals: dict[str, Counter] = {"category": Counter(), "difficulty": Counter()}
    done: dict[str, Counter] = {"category": Counter(), "difficulty": Counter()}
    for _question_id, category, difficulty, practised in rows:
        totals["category"][category] += 1
        totals["difficulty"][difficulty] += 1
        if practised:
            done["category"][category] += 1
            done["difficulty"][difficulty] += 1

    skill_links = (
        Question.skills.through.objects.filter(**_published_questions())
        .values_list("question_id", "skill__name")
        .order_by("skill__name")
    )
    skill_total: dict[str, int] = defaultdict(int)
    skill_done: dict[str, int] = defaultdict(int)
    for question_id, skill_name in skill_links:
        skill_total[skill_name] += 1
        skill_done[skill_name] += question_id in practised_ids

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
        total=len(rows),
        practised=len(practised_ids),
        by_category=[
            CoverageBar(label, done["category"][value], totals["category"][value])
            for value, label in Category.choices
            if totals["category"][value]
        ],
        by_difficulty=[
            CoverageBar(label, done["difficulty"][value], totals["difficulty"][value])
            for value, label in Difficulty.choices
            if totals["difficulty"][value]
        ],
        by_skill=[CoverageBar(name, skill_done[name], skill_total[name]) for name in skill_total],
        current_streak=current,
        longest_streak=longest,
        heatmap=heatmap_for(day_counts, today),
        recent=list(ReviewLog.objects.filter(user=user, **_published_questions()).recent(RECENT_LIMIT)),
        bookmarks=list(
            Practice.objects.filter(user=user, **_published_questions())
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
        "interview_experiences": [
            {
                "company": experience.company.name,
                "role": experience.role.slug,
                "summary_md": experience.summary_md,
                "questions_asked": experience.questions_asked,
                "outcome": experience.outcome,
                "takeaway": experience.takeaway,
                "tip": experience.tip,
                "status": experience.status,
                "created_at": experience.created_at,
            }
            for experience in InterviewExperience.objects.filter(submitted_by=user)
            .select_related("company", "role")
            .order_by("created_at", "pk")
        ],
    }
