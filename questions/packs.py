"""Content packs: one human-readable YAML file holds one whole role guide.

Why YAML: a guide is mostly long Markdown prose, and YAML's block scalars (``|``) keep
that prose readable and diff-friendly line by line; PyYAML's safe loader builds only
plain data. TOML's multi-line strings would do too, but need a third-party writer and
are noisier for nested lists of records.

The format is described by :class:`Field` specs per section, so the same description
drives validation (every problem with its location, e.g.
``questions[3].difficulty: 'extreme' is not one of easy, medium, hard``) and export.
Sections owned by other apps (pay data) register themselves in :data:`SECTIONS` from
their ``AppConfig.ready``; this module imports no other app.

Writes live in :func:`questions.services.packs.pack_import`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import URLValidator
from django.db import models

from prepsite.markdown import normalise_markdown as normalise_text

FORMAT = "prepsite-pack/1"
MAX_INT = 2_147_483_647  # the largest whole number every supported database stores
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_url_validator = URLValidator(schemes=["https", "http"])


class PackError(Exception):
    """A pack that cannot be imported; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Field:
    """One key of a pack record and the model field it fills.

    ``kind`` is one of: line (one-line text), text (Markdown, may span lines),
    int, bool, slug, url, choice, lines (list of one-line texts), ref (slug of a
    record declared elsewhere in the pack, e.g. a company).
    """

    key: str
    kind: str = "line"
    required: bool = True
    choices: tuple[str, ...] = ()
    attr: str | None = None
    default: Any = None
    nullable: bool = False

    @property
    def model_attr(self) -> str:
        return self.attr or self.key


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_value(spec: Field, value: Any, where: str, problems: list[str]) -> None:
    """Append a located message to ``problems`` when ``value`` does not fit ``spec``."""
    kind = spec.kind
    if value is None and spec.nullable:
        return
    if kind in {"line", "text", "slug", "url", "choice", "ref"}:
        if not isinstance(value, str):
            problems.append(f"{where}: expected text, got {_describe(value)}")
            return
        if spec.required and not value.strip():
            problems.append(f"{where}: must not be empty")
            return
        if kind == "line" and "\n" in value.strip():
            problems.append(f"{where}: must be a single line")
        elif kind in {"slug", "ref"} and not SLUG_RE.match(value):
            problems.append(f"{where}: {_describe(value)} is not a slug (lowercase letters, digits and hyphens)")
        elif kind == "choice" and value not in spec.choices:
            problems.append(f"{where}: {_describe(value)} is not one of {', '.join(spec.choices)}")
        elif kind == "url" and value:
            try:
                _url_validator(value)
            except ValidationError:
                problems.append(f"{where}: {_describe(value)} is not an absolute http(s) URL")
    elif kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(f"{where}: expected a whole number, got {_describe(value)}")
        elif value < 0:
            problems.append(f"{where}: must not be negative")
        elif value > MAX_INT:
            problems.append(f"{where}: {value} is too large (at most {MAX_INT:,})")
    elif kind == "bool":
        if not isinstance(value, bool):
            problems.append(f"{where}: expected true or false, got {_describe(value)}")
    elif kind == "lines":
        if not isinstance(value, list):
            problems.append(f"{where}: expected a list, got {_describe(value)}")
            return
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip() or "\n" in item.strip():
                problems.append(f"{where}[{index}]: expected one line of text, got {_describe(item)}")
    else:  # pragma: no cover - a programming error in a spec
        raise ValueError(f"unknown field kind {kind!r}")


def max_length_of(model: type[models.Model] | None, spec: Field) -> int | None:
    if model is None or spec.kind not in {"line", "slug", "url", "choice"}:
        return None
    try:
        return model._meta.get_field(spec.model_attr).max_length
    except FieldDoesNotExist:  # a pack key that is no model field has no limit here
        return None


def check_record(
    record: Any,
    specs: Iterable[Field],
    where: str,
    problems: list[str],
    extra_keys: Iterable[str] = (),
    model: type[models.Model] | None = None,
) -> bool:
    """Check one mapping against its specs (and the model's field lengths); False if no mapping."""
    if not isinstance(record, dict):
        problems.append(f"{where}: expected a mapping of keys to values, got {_describe(record)}")
        return False
    specs = list(specs)
    known = {spec.key for spec in specs} | set(extra_keys)
    for key in record:
        if key not in known:
            problems.append(f"{where}.{key}: unknown key (expected one of {', '.join(sorted(known))})")
    for spec in specs:
        if spec.key not in record:
            if spec.required:
                problems.append(f"{where}.{spec.key}: missing")
            continue
        value = record[spec.key]
        before = len(problems)
        check_value(spec, value, f"{where}.{spec.key}", problems)
        limit = max_length_of(model, spec)
        if len(problems) == before and limit and isinstance(value, str) and len(value.strip()) > limit:
            problems.append(f"{where}.{spec.key}: {len(value.strip())} characters, at most {limit}")
    return True


def choices_of(choices_class: type[models.TextChoices]) -> tuple[str, ...]:
    return tuple(choices_class.values)


def check_list(data: dict, key: str, problems: list[str], required: bool = False) -> list:
    """The list under ``key``, or [] with a located problem when it is something else."""
    value = data.get(key, [])
    if key not in data and required:
        problems.append(f"{key}: missing")
    if value is None:
        if required and key in data:
            problems.append(f"{key}: expected a list, got nothing")
        return []
    if not isinstance(value, list):
        problems.append(f"{key}: expected a list, got {_describe(value)}")
        return []
    return value


def check_unique(items: list, key: str | tuple[str, ...], section: str, problems: list[str]) -> None:
    """Report rows repeating a key (or a combination of keys) that must be unique."""
    keys = (key,) if isinstance(key, str) else key
    seen: dict[Any, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict) or any(name not in item for name in keys):
            continue
        value = tuple(item[name] for name in keys)
        if not all(isinstance(part, (str, int)) for part in value):
            continue
        shown = _describe(value[0] if len(value) == 1 else value)
        if value in seen:
            problems.append(f"{section}[{index}].{keys[-1]}: duplicate {shown} (also at {section}[{seen[value]}])")
        else:
            seen[value] = index


@dataclass
class PackContext:
    """What sections share while one pack is validated or applied."""

    data: dict
    skill_slugs: set[str] = field(default_factory=set)
    company_slugs: set[str] = field(default_factory=set)
    companies: dict[str, Any] = field(default_factory=dict)  # slug -> Company, when applying


@dataclass(frozen=True)
class RowSection:
    """A list of simple rows that belong to a role and are replaced as a whole on import.

    ``company_key`` names a field holding a company slug (stored as a foreign key);
    ``scalar`` marks a section written as a plain list of strings (the checklist).
    ``keep`` limits which existing rows the import replaces (e.g. only the guide's own
    interview experiences, never those candidates submitted).
    """

    key: str
    model: Callable[[], type[models.Model]]
    fields: tuple[Field, ...]
    position: int
    related_name: str
    scalar: bool = False
    unique_key: str | tuple[str, ...] | None = None
    owned_rows: Callable[[models.QuerySet], models.QuerySet] = staticmethod(lambda rows: rows)
    extra_values: Callable[[], dict] = staticmethod(dict)
    record_check: Callable[[dict, str, list[str]], None] | None = None

    def validate(self, context: PackContext, problems: list[str]) -> None:
        items = check_list(context.data, self.key, problems)
        for index, item in enumerate(items):
            where = f"{self.key}[{index}]"
            if self.scalar:
                check_value(self.fields[0], item, where, problems)
                continue
            before = len(problems)
            if not check_record(item, self.fields, where, problems, model=self.model()):
                continue
            if self.record_check and len(problems) == before:
                self.record_check(item, where, problems)
            for spec in self.fields:
                value = item.get(spec.key)
                if spec.kind == "ref" and isinstance(value, str) and value not in context.company_slugs:
                    problems.append(f"{where}.{spec.key}: {item[spec.key]!r} is not listed under companies")
        if self.unique_key:
            check_unique(items, self.unique_key, self.key, problems)

    def rows(self, role: models.Model) -> models.QuerySet:
        return self.owned_rows(getattr(role, self.related_name).all())

    def export(self, role: models.Model) -> list:
        rows = self.rows(role).order_by("order", "pk")
        if any(spec.kind == "ref" for spec in self.fields):
            rows = rows.select_related("company")
        if self.scalar:
            return [getattr(row, self.fields[0].model_attr) for row in rows]
        # An optional value left empty is left out, so a pack that never used it exports unchanged.
        return [
            {
                spec.key: value
                for spec in self.fields
                if not ((value := export_value(spec, row)) is None and spec.nullable and not spec.required)
            }
            for row in rows
        ]

    def apply(self, role: models.Model, context: PackContext) -> None:
        model = self.model()
        self.rows(role).delete()
        objects = []
        for order, item in enumerate(context.data.get(self.key) or [], start=1):
            values = {self.fields[0].model_attr: item} if self.scalar else import_values(self.fields, item, context)
            objects.append(model(role=role, order=order, **values, **self.extra_values()))
        model.objects.bulk_create(objects)


def export_value(spec: Field, row: models.Model) -> Any:
    if spec.kind == "ref":
        return getattr(row, spec.model_attr).slug
    value = getattr(row, spec.model_attr)
    if spec.kind == "lines":
        return [line.strip() for line in value.splitlines() if line.strip()]
    return value


def import_values(specs: Iterable[Field], item: dict, context: PackContext) -> dict:
    values = {}
    for spec in specs:
        value = item.get(spec.key, spec.default)
        if spec.kind == "ref":
            values[spec.model_attr] = context.companies[value]
        elif spec.kind == "lines":
            values[spec.model_attr] = "\n".join(line.strip() for line in value or [])
        elif spec.kind == "text":
            values[spec.model_attr] = normalise_text(value)
        elif spec.kind == "line":
            values[spec.model_attr] = (value or "").strip()
        else:
            values[spec.model_attr] = value
    return values


#: Sections of a pack beyond the role, skills, companies and questions, by position.
SECTIONS: dict[str, RowSection] = {}


def register_section(section: RowSection) -> None:
    SECTIONS[section.key] = section


def registered_sections() -> list[RowSection]:
    return sorted(SECTIONS.values(), key=lambda section: section.position)


# --- Reading and writing the file -------------------------------------------------------


def parse_pack(source: str | bytes) -> dict:
    """Parse pack text; a malformed file raises PackError with the line and column."""
    try:
        data = yaml.safe_load(source)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        raise PackError([f"{where}: not valid YAML ({error.problem})"]) from error
    except yaml.YAMLError as error:
        raise PackError([f"file: not valid YAML ({error})"]) from error
    if not isinstance(data, dict):
        raise PackError(["file: expected a mapping with format, role, questions and the guide sections"])
    return data


class _PackDumper(yaml.SafeDumper):
    """Block scalars for multi-line text, so Markdown reads as written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_PackDumper.add_representer(str, _represent_str)


def dump_pack(data: dict) -> str:
    return yaml.dump(data, Dumper=_PackDumper, sort_keys=False, allow_unicode=True, width=4096, indent=2)
