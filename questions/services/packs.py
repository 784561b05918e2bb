"""Content packs as writes: export a guide to pack text, validate a parsed pack, import one.

The pack format itself (field specs, the YAML reader and writer, the section registry)
is in ``questions/packs.py``; this module is what reads and changes the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import DataError, IntegrityError, transaction
from django.db.models import F

from questions.keypoints import MAX_KEY_POINTS, phrase_problems
from questions.models import Company, KeyPoint, Question, QuestionTip, Role, Skill
from questions.pack_sections import (
    COMPANY_FIELDS,
    KEY_POINT_FIELDS,
    QUESTION_FIELDS,
    QUESTION_LIST_KEYS,
    ROLE_FIELDS,
    SKILL_FIELDS,
)
from questions.packs import (
    FORMAT,
    Field,
    PackContext,
    PackError,
    check_list,
    check_record,
    check_unique,
    check_value,
    dump_pack,
    export_value,
    import_values,
    parse_pack,
    registered_sections,
)
from questions.public_cache import content_changed
from questions.services.history import revision_record

SLUG = Field("item", "slug")


@dataclass
class PackPlan:
    """What an import does to a guide's questions, for the command's report and previews."""

    role_slug: str
    role_created: bool
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    section_counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        verb = "created" if self.role_created else "updated"
        return (
            f"{self.role_slug}: guide {verb}; questions {len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed, {len(self.unchanged)} unchanged"
        )


# --- Export ---------------------------------------------------------------------------------


def question_to_pack(question: Question) -> dict:
    data = {spec.key: export_value(spec, question) for spec in QUESTION_FIELDS}
    data["skills"] = sorted(skill.slug for skill in question.skills.all())
    data["companies"] = sorted(company.slug for company in question.companies.all())
    data["tips"] = [tip.text for tip in question.pro_tips]
    data["mistakes"] = [tip.text for tip in question.mistakes]
    data["key_points"] = [
        {spec.key: export_value(spec, point) for spec in KEY_POINT_FIELDS} for point in question.key_points.all()
    ]
    return data


def pack_export(*, role: Role) -> str:
    """The whole guide as pack text; the same database state always gives the same bytes."""
    questions = list(
        role.questions.order_by("number")
        .prefetch_related("skills", "companies", "tips", "key_points")
        .select_related("role")
    )
    sections = {section.key: section.export(role) for section in registered_sections()}
    company_slugs = {slug for question in questions for slug in question_to_pack(question)["companies"]}
    for section in registered_sections():
        for spec in section.fields:
            if spec.kind == "ref":
                company_slugs.update(item[spec.key] for item in sections[section.key])
    data: dict = {"format": FORMAT}
    data["role"] = {spec.key: export_value(spec, role) for spec in ROLE_FIELDS}
    data["skills"] = [{"slug": skill.slug, "name": skill.name} for skill in role.skills.order_by("slug")]
    data["companies"] = [
        {spec.key: export_value(spec, company) for spec in COMPANY_FIELDS}
        for company in Company.objects.filter(slug__in=company_slugs).order_by("slug")
    ]
    data["questions"] = [question_to_pack(question) for question in questions]
    data.update(sections)
    return dump_pack(data)


# --- Validation -----------------------------------------------------------------------------


def _check_questions(context: PackContext, problems: list[str]) -> None:
    items = check_list(context.data, "questions", problems, required=True)
    for index, item in enumerate(items):
        where = f"questions[{index}]"
        if not check_record(item, QUESTION_FIELDS, where, problems, extra_keys=QUESTION_LIST_KEYS, model=Question):
            continue
        if isinstance(item.get("number"), int) and item["number"] < 1:
            problems.append(f"{where}.number: must be 1 or more")
        for key, declared, section in (
            ("skills", context.skill_slugs, "skills"),
            ("companies", context.company_slugs, "companies"),
        ):
            values = item.get(key, [])
            if not isinstance(values, list):
                problems.append(f"{where}.{key}: expected a list of slugs, got {values!r}")
                continue
            for position, slug in enumerate(values):
                check_value(SLUG, slug, f"{where}.{key}[{position}]", problems)
                if isinstance(slug, str) and slug not in declared:
                    problems.append(f"{where}.{key}[{position}]: {slug!r} is not listed under {section}")
        for key in ("tips", "mistakes"):
            check_value(Field(key, "lines"), item.get(key, []), f"{where}.{key}", problems)
        _check_key_points(item.get("key_points", []), f"{where}.key_points", problems)
    check_unique(items, "slug", "questions", problems)
    check_unique(items, "number", "questions", problems)
    check_unique(items, "text", "questions", problems)


def _check_key_points(points, where: str, problems: list[str]) -> None:
    """At most six key points, each with a one-line text and a list of usable phrases."""
    if not isinstance(points, list):
        problems.append(f"{where}: expected a list of key points (text and phrases), got {points!r}"[:200])
        return
    if len(points) > MAX_KEY_POINTS:
        problems.append(f"{where}: {len(points)} key points, at most {MAX_KEY_POINTS}")
    for position, point in enumerate(points):
        at = f"{where}[{position}]"
        before = len(problems)
        if check_record(point, KEY_POINT_FIELDS, at, problems, model=KeyPoint) and len(problems) == before:
            for message in phrase_problems([phrase.strip() for phrase in point["phrases"]]):
                problems.append(f"{at}.phrases: {message}")
    check_unique(points, "text", where, problems)


def _check_against_database(context: PackContext, problems: list[str]) -> None:
    """Question slugs are global: a pack may not take over another guide's question."""
    role_slug = context.data["role"]["slug"]
    slugs = [item["slug"] for item in context.data.get("questions") or [] if isinstance(item, dict) and "slug" in item]
    taken = Question.objects.filter(slug__in=slugs).exclude(role__slug=role_slug).select_related("role")
    positions = {slug: index for index, slug in enumerate(slugs)}
    for question in taken:
        problems.append(
            f"questions[{positions[question.slug]}].slug: {question.slug!r} already belongs to the "
            f"{question.role.slug!r} guide"
        )


def pack_validate(data: dict) -> PackContext:
    """Check a parsed pack; raise PackError listing every problem with its location."""
    problems: list[str] = []
    known = {"format", "role", "skills", "companies", "questions"} | {s.key for s in registered_sections()}
    for key in data:
        if key not in known:
            problems.append(f"{key}: unknown section (expected one of {', '.join(sorted(known))})")
    if data.get("format") != FORMAT:
        problems.append(f"format: expected {FORMAT!r}, got {data.get('format')!r}")
    if "role" not in data:
        problems.append("role: missing")
    else:
        check_record(data["role"], ROLE_FIELDS, "role", problems, model=Role)
    context = PackContext(data=data)
    for key, specs, slugs, model in (
        ("skills", SKILL_FIELDS, context.skill_slugs, Skill),
        ("companies", COMPANY_FIELDS, context.company_slugs, Company),
    ):
        items = check_list(data, key, problems)
        for index, item in enumerate(items):
            valid = check_record(item, specs, f"{key}[{index}]", problems, model=model)
            if valid and isinstance(item.get("slug"), str):
                slugs.add(item["slug"])
        check_unique(items, "slug", key, problems)
    _check_questions(context, problems)
    for section in registered_sections():
        section.validate(context, problems)
    if not problems:
        _check_against_database(context, problems)
    if problems:
        raise PackError(problems)
    return context


# --- Import ---------------------------------------------------------------------------------


def _question_values(item: dict, context: PackContext) -> dict:
    return import_values(QUESTION_FIELDS, item, context)


def pack_import(*, source: str | bytes, dry_run: bool = False, actor: User | None = None) -> PackPlan:
    """Import a pack (see ``_pack_import``); a row the database refuses is a listed problem.

    Validation catches what it can name; anything it misses (a constraint, a value
    too long for a column) still rolls the whole import back and comes out as a
    PackError, never a server error.
    """
    try:
        return _pack_import(source=source, dry_run=dry_run, actor=actor)
    except (IntegrityError, DataError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise PackError([f"database: refused the pack, nothing was imported ({first_line})"]) from error


@transaction.atomic
def _pack_import(*, source: str | bytes, dry_run: bool = False, actor: User | None = None) -> PackPlan:
    """Create or update one guide from pack text, all or nothing.

    Questions are matched by slug; the role's questions missing from the pack are
    removed, and every other section is replaced by the pack's rows, so the guide ends
    exactly as the file describes it. Skills and companies are upserted by slug and
    never removed (other guides may use them). With ``dry_run`` the plan is computed
    and everything is rolled back.

    History: each question the pack removes is recorded before removal (so it can be
    recovered), then the guide, its sections and its questions with their tips and key
    points are recorded in one revision by ``actor``; see ``questions/history.py``.
    """
    data = parse_pack(source)
    context = pack_validate(data)
    role_data = data["role"]

    role = Role.objects.filter(slug=role_data["slug"]).first()
    plan = PackPlan(role_slug=role_data["slug"], role_created=role is None)
    existing = {}
    if role is not None:
        existing = {
            question.slug: question
            for question in role.questions.prefetch_related("skills", "companies", "tips", "key_points").select_related(
                "role"
            )
        }
    for item in data["questions"]:
        if item["slug"] not in existing:
            plan.added.append(item["slug"])
        elif question_to_pack(existing[item["slug"]]) == _normalised_question(item, context):
            plan.unchanged.append(item["slug"])
        else:
            plan.changed.append(item["slug"])
    incoming = {item["slug"] for item in data["questions"]}
    plan.removed = sorted(slug for slug in existing if slug not in incoming)
    plan.section_counts = {section.key: len(data.get(section.key) or []) for section in registered_sections()}

    for item in data.get("skills") or []:
        Skill.objects.update_or_create(slug=item["slug"], defaults={"name": item["name"].strip()})
    for item in data.get("companies") or []:
        context.companies[item["slug"]] = Company.objects.update_or_create(
            slug=item["slug"], defaults=import_values(COMPANY_FIELDS[1:], item, context)
        )[0]
    role_values = import_values(ROLE_FIELDS[1:], role_data, context)
    role, _ = Role.objects.update_or_create(slug=role_data["slug"], defaults=role_values)
    role.skills.set(Skill.objects.filter(slug__in=[item["slug"] for item in data.get("skills") or []]))

    if not dry_run:
        for question in role.questions.filter(slug__in=plan.removed):
            revision_record(question, actor=actor, comment=f"Removed by importing the {role.slug} pack")
    _apply_questions(role, data["questions"], plan, context)
    for section in registered_sections():
        section.apply(role, context)

    if dry_run:
        transaction.set_rollback(True)
        return plan
    sections = [row for section in registered_sections() for row in section.rows(role)]
    questions = role.questions.prefetch_related("tips", "key_points")
    revision_record(role, *sections, *questions, actor=actor, comment=f"Imported from the {role.slug} pack")
    transaction.on_commit(content_changed)
    return plan


def _normalised_question(item: dict, context: PackContext) -> dict:
    """A pack question as export would write it, to tell changed from unchanged."""
    values = _question_values(item, context)
    data = {spec.key: values[spec.model_attr] for spec in QUESTION_FIELDS}
    data["skills"] = sorted(item.get("skills") or [])
    data["companies"] = sorted(item.get("companies") or [])
    data["tips"] = [text.strip() for text in item.get("tips") or []]
    data["mistakes"] = [text.strip() for text in item.get("mistakes") or []]
    data["key_points"] = [
        {
            spec.key: export_value(spec, KeyPoint(**import_values(KEY_POINT_FIELDS, point, context)))
            for spec in KEY_POINT_FIELDS
        }
        for point in item.get("key_points") or []
    ]
    return data


def _apply_questions(role: Role, items: list[dict], plan: PackPlan, context: PackContext) -> None:
    role.questions.filter(slug__in=plan.removed).delete()
    # Move every kept question out of the way first, so renumbering never trips the
    # unique (role, number) constraint halfway through.
    role.questions.update(number=F("number") + 1_000_000)
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    tips, key_points = [], []
    for item in items:
        question, _ = Question.objects.update_or_create(
            slug=item["slug"], defaults={"role": role, **_question_values(item, context)}
        )
        question.skills.set([skills[slug] for slug in item.get("skills") or []])
        question.companies.set([context.companies[slug] for slug in item.get("companies") or []])
        for kind, key in ((QuestionTip.Kind.TIP, "tips"), (QuestionTip.Kind.MISTAKE, "mistakes")):
            tips.extend(
                QuestionTip(question=question, kind=kind, text=text.strip(), order=order)
                for order, text in enumerate(item.get(key) or [], start=1)
            )
        key_points.extend(
            KeyPoint(question=question, order=order, **import_values(KEY_POINT_FIELDS, point, context))
            for order, point in enumerate(item.get("key_points") or [], start=1)
        )
    QuestionTip.objects.filter(question__role=role).delete()
    QuestionTip.objects.bulk_create(tips)
    KeyPoint.objects.filter(question__role=role).delete()
    KeyPoint.objects.bulk_create(key_points)
