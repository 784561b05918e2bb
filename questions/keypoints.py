"""Which of a question's key points a candidate's own answer touched: a pure phrase match.

Why a phrase match and not a score: the result is a hint shown beside the candidate's
self-rating, never a grade, so it has to be explainable ("you said 'read replica'") and
predictable. Both the answer and each phrase are reduced to a list of word stems:
lowercased, punctuation dropped, plurals and -ing/-ed endings cut back
("caches", "caching", "cached" all become "cach"). A phrase matches when its stems
appear in the answer in the same order, next to each other, so a word is only ever
matched whole ("cat" never matches inside "concatenate").

No database here: practice mode, mock transcripts and anything else call
:func:`key_points_match` with whatever key points they loaded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol

KEY_POINT_TEXT_MAX = 200
PHRASE_MAX = 60
MAX_PHRASES = 8
MAX_KEY_POINTS = 6

_WORD_RE = re.compile(r"[^\W_]+")
_APOSTROPHES = str.maketrans("", "", "'\u2019")
_KEEP_FINAL_S = ("ss", "us", "is")  # class, status, analysis: not plurals


class HasPhrases(Protocol):
    @property
    def phrase_list(self) -> list[str]: ...


class KeyPointMatch(NamedTuple):
    key_point: HasPhrases
    hit: bool
    matched_phrase: str  # the first phrase found, "" on a miss


def _undouble(stem: str) -> str:
    """'runn' -> 'run', 'stopp' -> 'stop'; 'call', 'pass' and 'buzz' keep their pair."""
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiouylsz":
        return stem[:-1]
    return stem


def stem(word: str) -> str:
    """A crude English stem: enough to make plural, -ing and -ed forms of a word agree."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(_KEEP_FINAL_S):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = _undouble(word[: -len(suffix)])
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def normalise(text: str) -> list[str]:
    """The word stems of ``text``, in order: case, accents, apostrophes and punctuation gone."""
    folded = unicodedata.normalize("NFKD", text or "").casefold().translate(_APOSTROPHES)
    return [stem(word) for word in _WORD_RE.findall(folded)]


def _contains(words: Sequence[str], phrase: Sequence[str]) -> bool:
    size = len(phrase)
    if not size or size > len(words):
        return False
    phrase = tuple(phrase)
    return any(tuple(words[start : start + size]) == phrase for start in range(len(words) - size + 1))


def key_points_match(text: str, key_points: Iterable[HasPhrases]) -> list[KeyPointMatch]:
    """For each key point in order: whether ``text`` says one of its phrases, and which."""
    words = normalise(text)
    results = []
    for key_point in key_points:
        found = next((phrase for phrase in key_point.phrase_list if _contains(words, normalise(phrase))), "")
        results.append(KeyPointMatch(key_point, bool(found), found))
    return results


def phrase_lines(phrases: str) -> list[str]:
    """Phrases as stored (one per line) to a list, blank lines dropped."""
    return [line.strip() for line in (phrases or "").splitlines() if line.strip()]


def phrase_problems(phrases: list[str]) -> list[str]:
    """What is wrong with a key point's phrases, as messages without a location."""
    if not phrases:
        return ["at least one phrase"]
    problems = []
    if len(phrases) > MAX_PHRASES:
        problems.append(f"{len(phrases)} phrases, at most {MAX_PHRASES}")
    for phrase in phrases:
        if len(phrase) > PHRASE_MAX:
            problems.append(f"{phrase[:20]!r}…: {len(phrase)} characters, at most {PHRASE_MAX}")
        elif not normalise(phrase):
            problems.append(f"{phrase!r} has no words to match")
    return problems
