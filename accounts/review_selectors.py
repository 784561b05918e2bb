"""Reads for the review schedule: the queue and the dashboard's forecast (the header's count is
``accounts.state.due_count``).

Each reader runs a fixed number of queries whatever the length of the review log: due
counts are grouped by day in the database, retention by category and rating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts import scheduling
from accounts.models import Practice, Profile, Rating, ReviewLog
from questions.models import Category, Question

FORECAST_DAYS = 14


def schedule_settings_for(user) -> scheduling.ScheduleSettings:
    """The user's schedule settings, the defaults if they have no profile yet."""
    profile = Profile.objects.filter(user=user).only("time_zone", "interview_date", "desired_retention").first()
    return profile.schedule_settings if profile else scheduling.ScheduleSettings()


def replayed_cards(
    user, *, settings: scheduling.ScheduleSettings, question: Question | None = None
) -> dict[int, scheduling.CardState]:
    """Each practised question's card state (by question id), replayed from the review log."""
    logs = ReviewLog.objects.filter(user=user)
    if question is not None:
        logs = logs.filter(question=question)
    rows = logs.order_by("reviewed_at", "pk").values_list("question_id", "rating", "reviewed_at")
    return scheduling.replay_each(rows.iterator(), settings=settings)


@dataclass
class ReviewQueue:
    due: list[Practice]
    next_due: datetime | None
    new_questions: list[Question] = field(default_factory=list)
    new_per_day: int = 0
    new_left_today: int = 0
    profile: Profile | None = None


def review_queue_for(user, *, profile: Profile | None, now: datetime | None = None) -> ReviewQueue:
    """What is due now (oldest due first), when the next one is due, and new questions to start."""
    now = now or timezone.now()
    zone = scheduling.zone_of(profile)
    practices = Practice.objects.filter(user=user)
    due = list(practices.due_by(now).with_question().order_by("due", "pk"))
    next_due = practices.scheduled().filter(due__gt=now).order_by("due").values_list("due", flat=True).first()
    queue = ReviewQueue(due=due, next_due=next_due, profile=profile)
    if profile is None or profile.target_role_id is None:
        return queue
    today_start = scheduling.start_of_day(scheduling.local_day(now, zone), zone)
    started_today = (
        ReviewLog.objects.filter(user=user)
        .values("question")
        .annotate(first=Min("reviewed_at"))
        .filter(first__gte=today_start)
        .count()
    )
    queue.new_per_day = profile.new_per_day
    queue.new_left_today = max(0, profile.new_per_day - started_today)
    practised = Practice.objects.filter(user=user, question=OuterRef("pk"), times_practised__gt=0)
    queue.new_questions = list(
        Question.objects.published()
        .filter(role_id=profile.target_role_id)
        .exclude(Exists(practised))
        .select_related("role")
        .order_by("number")[: queue.new_left_today]
    )
    return queue


@dataclass
class ForecastDay:
    day: date
    count: int
    x: int = 0
    y: int = 0
    height: int = 0


@dataclass
class Forecast:
    """Questions due per day for the next two weeks (today includes what is overdue)."""

    days: list[ForecastDay]
    bar_width: int = 22
    gap: int = 6
    chart_height: int = 120
    label_height: int = 18

    @property
    def width(self) -> int:
        return len(self.days) * (self.bar_width + self.gap)

    @property
    def height(self) -> int:
        return self.chart_height + self.label_height

    @property
    def total(self) -> int:
        return sum(day.count for day in self.days)

    @property
    def summary(self) -> str:
        busiest = max(self.days, key=lambda day: day.count)
        if not busiest.count:
            return f"Nothing due in the next {len(self.days)} days"
        return (
            f"{self.total} question{'s' if self.total != 1 else ''} due in the next {len(self.days)} days; "
            f"the busiest day is {busiest.day:%a %d %b} with {busiest.count}"
        )


def forecast_for(counts: dict[date, int], today: date, days: int = FORECAST_DAYS) -> Forecast:
    """Bars with their SVG geometry worked out here, so the template only writes attributes."""
    forecast = Forecast(days=[ForecastDay(today + timedelta(days=offset), 0) for offset in range(days)])
    for entry in forecast.days:
        entry.count = counts.get(entry.day, 0)
    tallest = max((entry.count for entry in forecast.days), default=0) or 1
    for index, entry in enumerate(forecast.days):
        entry.height = round(forecast.chart_height * entry.count / tallest)
        if entry.count and entry.height < 2:
            entry.height = 2
        entry.x = index * (forecast.bar_width + forecast.gap)
        entry.y = forecast.chart_height - entry.height
    return forecast


@dataclass
class CategoryRetention:
    label: str
    recalled: int
    reviews: int

    @property
    def percent(self) -> int:
        return round(100 * self.recalled / self.reviews) if self.reviews else 0


@dataclass
class ScheduleSummary:
    due_today: int
    due_this_week: int
    forecast: Forecast
    retention: list[CategoryRetention]


def due_counts_by_day(user, *, zone, today: date, days: int = FORECAST_DAYS) -> dict[date, int]:
    """Questions due on each of ``days`` local days from ``today`` (overdue counts today), in one query.

    The dashboard's forecast and the dated plan's review sessions both read it.
    """
    horizon = scheduling.start_of_day(today + timedelta(days=days), zone)
    per_day = (
        Practice.objects.filter(user=user)
        .scheduled()
        .filter(due__lt=horizon)
        .annotate(day=TruncDate("due", tzinfo=zone))
        .values("day")
        .annotate(due_count=Count("pk"))
        .order_by("day")
    )
    counts: dict[date, int] = {}
    for row in per_day:
        day = max(row["day"], today)  # overdue is due today
        counts[day] = counts.get(day, 0) + row["due_count"]
    return counts


def schedule_summary_for(user, *, profile: Profile | None, now: datetime | None = None) -> ScheduleSummary:
    """The dashboard's schedule figures: due today and this week, the forecast, retention (two queries)."""
    now = now or timezone.now()
    zone = scheduling.zone_of(profile)
    today = scheduling.local_day(now, zone)
    forecast = forecast_for(due_counts_by_day(user, zone=zone, today=today), today)

    recalled = Q(rating__in=[Rating.HARD, Rating.GOOD, Rating.EASY])
    by_category = {
        row["question__category"]: row
        for row in ReviewLog.objects.filter(user=user)
        .values("question__category")
        .annotate(reviews=Count("pk"), recalled=Count("pk", filter=recalled))
        .order_by()
    }
    retention = [
        CategoryRetention(label, by_category[value]["recalled"], by_category[value]["reviews"])
        for value, label in Category.choices
        if value in by_category
    ]
    return ScheduleSummary(
        due_today=forecast.days[0].count,
        due_this_week=sum(entry.count for entry in forecast.days[:7]),
        forecast=forecast,
        retention=retention,
    )
