"""Check a generated answer against its sources before it is shown.

A wrong amount costs money, so an LLM answer passes only when every [n] points
at a cited chunk and every figure in it (Arabic or Chinese numerals, percents,
dates) occurs in a cited source. Figures are compared by value after
normalising both sides (NFKC, ％→%, footnote marks dropped), so 三十日 in the
answer matches 30日 in the law and 百分之二十 matches 20%.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from .cn import BIG_UNITS, chinese_number
from .records import Citation, Passage
from .sentences import SUPERSCRIPTS

__all__ = ["Verdict", "figures", "verify"]

_CN = "零〇一二两三四五六七八九十百千万亿"
# A Chinese numeral counts as a figure only with a unit or marker around it,
# so words such as 统一 / 一批 / 一是 are not read as numbers.
_CN_UNITS = "元日天月年倍家项所人次周位个条款%"
_NUMBER = re.compile(
    r"百分之(?P<pct>[" + _CN + r"]+|\d+(?:\.\d+)?)"
    r"|(?P<ar>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<armul>[万亿])?\s*(?P<arpct>%)?"
    r"|(?P<cn>[" + _CN + r"]{2,}|[" + _CN + r"](?=[" + _CN_UNITS + r"]))(?P<cnpct>%)?"
)
_CITE = re.compile(r"\[(\d+)\]")
_LIST_MARK = re.compile(r"^\s*\d+[.、)]\s", re.M)  # "1. " list numbering is not a claim


@dataclass(frozen=True)
class Verdict:
    ok: bool
    problems: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    text = text.translate({ord(c): None for c in SUPERSCRIPTS})
    return unicodedata.normalize("NFKC", text)


def _cn_value(text: str) -> float | None:
    return chinese_number(text)


def figures(text: str) -> list[tuple[str, float, bool]]:
    """The figures in a text: (as written, value, is_percent). 第X条 labels are
    kept (they are checked too: a wrong article number misleads)."""
    out = []
    text = _LIST_MARK.sub(" ", _CITE.sub(" ", _norm(text)))
    for m in _NUMBER.finditer(text):
        if m.group("pct") is not None:
            raw = m.group("pct")
            value = float(raw) if raw[0].isdigit() else _cn_value(raw)
            pct = True
        elif m.group("ar") is not None:
            value = float(m.group("ar").replace(",", ""))
            value *= BIG_UNITS.get(m.group("armul") or "", 1)
            pct = bool(m.group("arpct"))
        else:
            value = _cn_value(m.group("cn"))
            pct = bool(m.group("cnpct"))
        if value is not None:
            out.append((m.group(0).strip(), value, pct))
    return out


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
    known = {(v, p) for s in used for _, v, p in figures(s)}
    plain = _norm("".join(used)).replace(" ", "")
    for raw, value, pct in figures(answer_text):
        if (value, pct) in known or raw.replace(" ", "") in plain:
            continue
        problems.append(f"figure {raw} is not in the cited sources")
    return Verdict(not problems, problems)
