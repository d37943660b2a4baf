"""Check a generated answer against its sources before it is shown.

A wrong amount costs money, so an LLM answer passes only when every [n] points
at a cited chunk and every figure in it (Arabic or Chinese numerals, percents,
money, dates, durations, article numbers) occurs in a cited source. Figures
are compared by kind and value (``text.figures``), so 三十日 in the answer
matches 30日 in the law and 百分之二十 matches 20%.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.records import Citation, Passage
from assistant.text import drop_superscripts, figures, for_match

__all__ = ["Verdict", "verify"]

_CITE = re.compile(r"\[(\d+)\]")
_LIST_MARK = re.compile(r"^\s*\d+[.、)]\s", re.M)  # "1. " list numbering is not a claim


@dataclass(frozen=True)
class Verdict:
    ok: bool
    problems: list[str] = field(default_factory=list)


def _sources(cited: Sequence[Citation | Passage]) -> dict[int, str]:
    """[n] → the text a claim citing it may rely on (chunk + title + 文号)."""
    out: dict[int, str] = {}
    for i, c in enumerate(cited, start=1):
        if isinstance(c, Passage):
            out[i] = f"{c.chunk.text}\n{c.doc.title}\n{c.chunk.section}\n{c.doc.doc_number}"
        else:
            out[c.n] = f"{c.text}\n{c.title}\n{c.section}\n{c.doc_number}"
    return out


def verify(answer_text: str, cited: Sequence[Citation | Passage]) -> Verdict:
    """Every [n] maps to a cited chunk; every figure occurs in a cited chunk.

    ``cited`` is the answer's citations (their ``n``), or the passages in
    prompt order ([1] is the first passage)."""
    problems: list[str] = []
    sources = _sources(cited)
    refs = [int(n) for n in _CITE.findall(answer_text)]
    for n in sorted(set(refs)):
        if n not in sources:
            problems.append(f"citation [{n}] points at no source")
    if not refs:
        problems.append("the answer cites no source")
    used = [sources[n] for n in set(refs) if n in sources] or list(sources.values())
    found = [f for s in used for f in figures(drop_superscripts(s), labels=True)]
    known = {f.key for f in found}
    # A bare number in the answer ("25") may stand for any figure of that value
    # but a percentage ("25家" holds 25, not 25%).
    plain_values = {round(f.value, 6) for f in found if f.kind != "percent"}
    plain = for_match("".join(used))
    claims = _LIST_MARK.sub(" ", _CITE.sub(" ", drop_superscripts(answer_text)))
    for f in figures(claims, labels=True):
        if f.key in known or for_match(f.text) in plain:
            continue
        if f.kind == "number" and round(f.value, 6) in plain_values:
            continue
        shown = unicodedata.normalize("NFKC", f.text).strip()
        problems.append(f"figure {shown} is not in the cited sources")
    return Verdict(not problems, problems)
