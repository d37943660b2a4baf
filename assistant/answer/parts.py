"""The answer of one part of a question (``Extract``), and the answers of a
question's parts as one ("…能抵企业所得税吗？能抵多少？")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from assistant.records import Citation

__all__ = ["Extract", "merged"]


@dataclass(frozen=True)
class Extract:
    """An extractive answer: text, its citations and the pieces to stream."""

    text: str
    citations: list[Citation]
    refused: bool
    strength: float
    pieces: tuple[str, ...] = field(default=())
    lacking: str = ""  # a refusal's: what the corpus lacks (Coverage.reason)


# What a first part may name that the corpus lacks (Coverage.reason).
_NOT_HELD = frozenset({"document", "region", "sibling"})


def merged(answers: Sequence[Extract]) -> Extract:
    """Part answers as one: the answered parts in order, citations renumbered
    (a passage cited by two parts keeps one number). When the first part's
    thing is not held ("第五巡回法庭设在哪？巡回区包括哪些省份？"), the later
    parts ask of it too: its refusal is the answer."""
    if len(answers) == 1 or answers[0].lacking in _NOT_HELD:
        return answers[0]
    given = [a for a in answers if not a.refused] or list(answers[:1])
    texts: list[str] = []
    citations: list[Citation] = []
    by_chunk: dict[tuple[str, str], int] = {}
    for a in given:
        renumber: dict[int, int] = {}
        for c in a.citations:
            key = (c.chunk_id, c.span)
            if key not in by_chunk:
                by_chunk[key] = len(citations) + 1
                citations.append(replace(c, n=by_chunk[key]))
            renumber[c.n] = by_chunk[key]
        part = _renumbered(a.text, renumber)
        # two parts answered by the same quotation (or one by it and more): once
        if not any(part in t for t in texts):
            texts = [t for t in texts if t not in part] + [part]
    text = "\n".join(texts)
    refused = all(a.refused for a in answers)
    return Extract(text, citations, refused, min(a.strength for a in answers), (text,))


def _renumbered(text: str, numbers: dict[int, int]) -> str:
    return re.sub(r"\[(\d+)\]", lambda m: f"[{numbers.get(int(m.group(1)), m.group(1))}]", text)
