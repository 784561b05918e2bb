"""Back-fill the schedule of every practice row by replaying its review log through FSRS.

It calls ``accounts.scheduling.replay_each``, the same pure function (no models, no database)
the rating service and ``profile_update`` use, so a back-filled row equals what rating
those reviews today would store. Reversing leaves the columns to the schema migration.
"""

from django.db import migrations

from accounts import scheduling


def settings_for(profile) -> scheduling.ScheduleSettings:
    if profile is None:
        return scheduling.ScheduleSettings()
    return scheduling.ScheduleSettings(
        zone=scheduling.zone_named(profile.time_zone),
        interview_date=profile.interview_date,
        desired_retention=profile.desired_retention,
    )


def backfill(apps, schema_editor):
    Practice = apps.get_model("accounts", "Practice")
    Profile = apps.get_model("accounts", "Profile")
    ReviewLog = apps.get_model("accounts", "ReviewLog")
    user_ids = ReviewLog.objects.values_list("user_id", flat=True).distinct().order_by("user_id")
    for user_id in user_ids.iterator():
        settings = settings_for(Profile.objects.filter(user_id=user_id).first())
        rows = (
            ReviewLog.objects.filter(user_id=user_id)
            .order_by("reviewed_at", "pk")
            .values_list("question_id", "rating", "reviewed_at")
        )
        cards = scheduling.replay_each(rows.iterator(), settings=settings)
        practices = list(Practice.objects.filter(user_id=user_id, question_id__in=list(cards)))
        for practice in practices:
            card = cards[practice.question_id]
            practice.card_state, practice.card_step = card.state, card.step
            practice.stability, practice.difficulty = card.stability, card.difficulty
            practice.due, practice.last_practised = card.due, card.last_review
        Practice.objects.bulk_update(
            practices, ["card_state", "card_step", "stability", "difficulty", "due", "last_practised"], batch_size=500
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_review_schedule")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
