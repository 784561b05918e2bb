"""Every write to a candidate's data: keyword-only functions, each in one transaction.

Each one that changes what the candidate's pages show ends with
``accounts.state.user_state_changed``, so what is cached from their data is drawn again.
Counters move with ``F()`` updates and the practice row is created race-safely (the
unique constraint decides, the loser of a race reads the winner's row), so double
clicks and parallel requests never make two rows or lose a count.
"""

from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts import scheduling
from accounts.models import (
    CARD_FIELDS,
    DRAFT_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    Practice,
    Profile,
    Rating,
    ReviewLog,
    card_fields,
)
from accounts.review_selectors import replayed_cards, schedule_settings_for
from accounts.state import user_state_changed
from compensation.services import salary_reports_forget
from questions.models import Question, Role
from questions.services.experiences import experiences_forget_author

User = get_user_model()
MAX_SECONDS_SPENT = 4 * 60 * 60


def practice_get_or_create(*, user, question: Question) -> Practice:
    """The user's row for this question, created if missing, safe against a parallel create."""
    try:
        return Practice.objects.get(user=user, question=question)
    except Practice.DoesNotExist:
        pass
    try:
        with transaction.atomic():  # a savepoint: the outer transaction survives a lost race
            practice = Practice.objects.create(user=user, question=question)
    except IntegrityError:
        return Practice.objects.get(user=user, question=question)
    user_state_changed(user.pk)
    return practice


@transaction.atomic
def bookmark_set(*, user, question: Question, bookmarked: bool) -> Practice:
    """Set (not flip) the bookmark, so a double click or a retried request lands in one state."""
    practice = practice_get_or_create(user=user, question=question)
    Practice.objects.filter(pk=practice.pk).update(bookmarked=bookmarked, updated_at=timezone.now())
    user_state_changed(user.pk)
    practice.refresh_from_db()
    return practice


def _checked_length(text: str, *, limit: int, what: str) -> str:
    if len(text) > limit:
        raise ValidationError(f"The {what} is {len(text):,} characters long; the limit is {limit:,}.")
    return text


#: The user's own texts on a practice record: the field, its length limit and its name.
PRACTICE_TEXTS = {"draft_md": (DRAFT_MAX_LENGTH, "answer draft"), "notes_md": (NOTES_MAX_LENGTH, "note")}


@transaction.atomic
def practice_text_save(*, user, question: Question, field: str, text: str) -> Practice:
    """Save the user's answer draft or notes for a question, within the field's limit."""
    limit, what = PRACTICE_TEXTS[field]
    text = _checked_length(text, limit=limit, what=what)
    practice = practice_get_or_create(user=user, question=question)
    Practice.objects.filter(pk=practice.pk).update(**{field: text}, updated_at=timezone.now())
    user_state_changed(user.pk)
    practice.refresh_from_db()
    return practice


@transaction.atomic
def practice_record(
    *,
    user,
    question: Question,
    rating: str,
    seconds_spent: int,
    reviewed_at: datetime | None = None,
    token: str = "",
) -> ReviewLog:
    """One rating: a review-log row, and the practice row's count, time, last rating and schedule.

    The practice row is locked (``select_for_update``) while the new card state is worked
    out from the stored one, so two tabs rating at once queue up instead of one of them
    scheduling from a stale state. A rating older than the last one (a backdated import)
    replays the question's log in time order instead. With the rating form's ``token``, a
    replay (double click, retried request) changes nothing and returns the first rating's
    row: copies posted at once queue on the same lock, so each one after the first sees
    the first one's row, and the unique constraint on (user, token) backs this up.
    """
    if rating not in Rating.values:
        raise ValidationError(f"“{rating[:20]}” is not a rating: choose Again, Hard, Good or Easy.")
    reviewed_at = reviewed_at or timezone.now()
    seconds_spent = min(max(int(seconds_spent), 0), MAX_SECONDS_SPENT)
    locked = Practice.objects.select_for_update()
    practice = locked.filter(user=user, question=question).first()
    if practice is None:  # the first rating: create the row (race-safe), then lock it
        practice = locked.get(pk=practice_get_or_create(user=user, question=question).pk)
    if token and (earlier := ReviewLog.objects.filter(user=user, token=token).first()) is not None:
        if earlier.question_id != question.pk:
            raise ValidationError("This rating form was for another question: rate this one from its own page.")
        return earlier
    settings = schedule_settings_for(user)
    review_log = ReviewLog.objects.create(
        user=user,
        question=question,
        rating=rating,
        seconds_spent=seconds_spent,
        reviewed_at=reviewed_at,
        token=token,
    )
    if practice.last_practised is None or reviewed_at >= practice.last_practised:
        card = scheduling.review(practice.card, rating, reviewed_at=reviewed_at, settings=settings)
        last_rating = rating
    else:
        card = replayed_cards(user, settings=settings, question=question)[question.pk]
        last_rating = practice.last_rating
    Practice.objects.filter(pk=practice.pk).update(
        times_practised=F("times_practised") + 1,
        last_rating=last_rating,
        updated_at=timezone.now(),
        **card_fields(card),
    )
    user_state_changed(user.pk)
    return review_log


@transaction.atomic
def practice_reschedule(*, user) -> int:
    """Replay every practised question of the user with their current settings.

    Called when the interview date, time zone or desired retention changes: the due
    times depend on them, and the stored state must stay what a replay of the log gives.
    Returns the number of rows rescheduled.
    """
    practices = list(Practice.objects.select_for_update().filter(user=user).order_by("pk"))
    cards = replayed_cards(user, settings=schedule_settings_for(user))
    changed = []
    for practice in practices:
        card = cards.get(practice.question_id)
        if card is not None:
            for name, value in card_fields(card).items():
                setattr(practice, name, value)
            changed.append(practice)
    Practice.objects.bulk_update(changed, CARD_FIELDS, batch_size=500)
    user_state_changed(user.pk)
    return len(changed)


@transaction.atomic
def practice_clear(*, practice: Practice) -> None:
    """Forget one question: its practice row and its review history."""
    ReviewLog.objects.filter(user=practice.user_id, question=practice.question_id).delete()
    practice.delete()
    user_state_changed(practice.user_id)


@transaction.atomic
def progress_reset(*, user, keep_notes: bool) -> None:
    """Start over: review history and counts go; bookmarks, notes and drafts go too unless kept."""
    ReviewLog.objects.filter(user=user).delete()
    if keep_notes:
        practices = Practice.objects.filter(user=user)
        practices.update(
            times_practised=0,
            last_rating="",
            updated_at=timezone.now(),
            **card_fields(scheduling.CardState()),
        )
        practices.filter(bookmarked=False, notes_md="", draft_md="").delete()
    else:
        Practice.objects.filter(user=user).delete()
    user_state_changed(user.pk)


#: Profile fields the schedule depends on: changing one replays the user's log.
SCHEDULE_FIELDS = ("interview_date", "time_zone", "desired_retention")


@transaction.atomic
def profile_update(
    *,
    user,
    target_role: Role | None,
    interview_date,
    experience_level: str,
    time_zone: str,
    desired_retention: float | None = None,
    new_per_day: int | None = None,
    reminders_enabled: bool | None = None,
    reminder_hour: int | None = None,
) -> Profile:
    """Save the profile; the schedule settings left as ``None`` keep their current value."""
    profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
    before = {name: getattr(profile, name) for name in SCHEDULE_FIELDS}
    profile.target_role = target_role
    profile.interview_date = interview_date
    profile.experience_level = experience_level
    profile.time_zone = time_zone
    optional = {
        "desired_retention": desired_retention,
        "new_per_day": new_per_day,
        "reminders_enabled": reminders_enabled,
        "reminder_hour": reminder_hour,
    }
    for name, value in optional.items():
        if value is not None:
            setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    user_state_changed(user.pk)
    if any(getattr(profile, name) != value for name, value in before.items()):
        practice_reschedule(user=user)
    return profile


def _sessions_end(*, user) -> None:
    """End every stored session signed in as this user (other devices, old browsers).

    Sessions live in the database (Django's ``db`` or ``cached_db`` engine), and their
    data is encoded, so the live ones are read and the user's deleted through the engine,
    which also clears ``cached_db``'s copy in the cache. An engine without a table
    (``cache``, ``signed_cookies``) cannot be searched; its sessions expire by themselves
    and name a user that no longer exists.
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return
    rows = store_class.get_model_class().objects.filter(expire_date__gt=timezone.now())
    user_id = str(user.pk)
    for row in rows.only("session_key", "session_data").iterator(chunk_size=1000):
        if row.get_decoded().get(SESSION_KEY) == user_id:
            store_class(session_key=row.session_key).delete()


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete the user and, by cascade, everything they own (profile, practice, reviews, emails).

    Their interview experiences that are not public (pending, rejected, withdrawn) are
    deleted; approved ones stay on the site, detached from them.

    The caller logs the current session out; every other session of the user is
    deleted too, so no session row keeps their address or id for its remaining weeks.
    Salary reports not yet approved are deleted; approved ones stay in the figures
    without an author.
    """
    _sessions_end(user=user)
    experiences_forget_author(user=user)  # approved reports stay, detached by SET_NULL
    salary_reports_forget(user=user)
    User.objects.filter(pk=user.pk).delete()
