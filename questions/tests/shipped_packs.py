"""The content packs that ship, as test parameters, and the bars some of them do not meet yet.

Every pack in ``questions/packs/`` is a parameter, found by globbing, so a new guide is
tested without naming it anywhere. Where a shipped guide is known to fall short of a
bar, the gap is listed in :data:`KNOWN_GAPS` and that guide's test is marked
``xfail(strict=True)``: the gap stays visible in every run, and closing it turns the run
red until its entry is removed.
"""

import pytest

from questions.tests.factories import PACKS_DIR

PACKS = sorted(PACKS_DIR.glob("*.yaml"))

#: (pack, check) -> why that shipped guide does not meet the bar yet (issue 15).
KNOWN_GAPS: dict[tuple[str, str], str] = {}


def packs_for(check: str) -> list:
    """Every pack as a test parameter, with the known gap for ``check`` marked as such."""
    params = []
    for path in PACKS:
        reason = KNOWN_GAPS.get((path.stem, check))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params
