"""Facts read from a span of a clause: who it names, which departments,
industries and dates; and the card every reading of a clause starts from.

Every fact keeps its offsets in the passage text, so the page can highlight
it and ``proposer.validate_card`` can reject what a model invented.
"""

from __future__ import annotations

import re

from assistant.policy import patterns as P
from assistant.policy.cards import Fact, MeasureCard
from assistant.records import ChunkRecord, DocRecord
from assistant.text import own_region

DATE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"


def entities_in(text: str, start: int, end: int) -> list[Fact]:
    found = []
    for m in P.ENTITY_RE.finditer(text, start, end):
        # "非居民企业" must not also yield "居民企业"; regex alternation is
        # longest-first, so overlapping shorter names never appear here.
        found.append(Fact(P.ENTITY_ALIASES[m.group()], m.group(), m.start(), m.end()))
    return found


def departments_in(text: str, start: int, end: int) -> list[Fact]:
    found: dict[str, Fact] = {}
    for regex in (P.DEPT_LABEL_RE, P.DEPT_BY_RE, P.DEPT_RE, P.DEPT_HEAD_RE, P.DEPT_APPLY_RE):
        for m in regex.finditer(text, start, end):
            name = m.group("dept").strip()
            if any(name in f.value or f.value in name for f in found.values()):
                continue
            s = m.start("dept") + (len(m.group("dept")) - len(m.group("dept").lstrip()))
            found[name] = Fact(name, name, s, s + len(name))
    return sorted(found.values(), key=lambda f: f.start)


def validity_in(text: str, doc: DocRecord) -> tuple[str, str]:
    valid_from, valid_to = doc.effective, doc.expires
    if m := re.search("自" + DATE + r"起(?:施行|执行|实施)", text):
        valid_from = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    if m := re.search(r"有效期至" + DATE, text):
        valid_to = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    return valid_from, valid_to


INDUSTRY_RE = re.compile(
    r"农、林、牧、渔业|制造业|工业|集成电路|软件|人工智能|数字经济|新能源|生物医药|新材料|"
    r"高端装备|电子信息|公共基础设施|环境保护、节能节水|木材加工|食品加工|大数据"
)


# "购置用于环境保护、节能节水、安全生产等专用设备": what the equipment is for,
# not who may claim.
_EQUIPMENT_RE = re.compile(r"[^，,。；;]{0,15}?设备")


def industries_in(text: str, start: int, end: int) -> list[Fact]:
    seen: dict[str, Fact] = {}
    for m in INDUSTRY_RE.finditer(text, start, end):
        if m.group() == "工业" and text[m.end() : m.end() + 2] == "企业":
            continue  # 工业企业 is a definition branch, not an industry scope
        if _EQUIPMENT_RE.match(text, m.end(), end):
            continue
        seen.setdefault(m.group(), Fact(m.group(), m.group(), m.start(), m.end()))
    return list(seen.values())


def base_card(chunk: ChunkRecord, doc: DocRecord, article: str, s: int, e: int) -> MeasureCard:
    text = chunk.text
    valid_from, valid_to = validity_in(text[s:e], doc)
    region = own_region(doc.title, doc.issuer)
    return MeasureCard(
        card_id="",
        kind="support",
        doc_id=doc.doc_id,
        doc_title=doc.title,
        chunk_id=chunk.chunk_id,
        article=article,
        section=chunk.section,
        text=text[s:e],
        start=s,
        end=e,
        region=region,
        doc_number=doc.doc_number,
        doc_type=doc.doc_type,
        status=doc.status,
        valid_from=valid_from,
        valid_to=valid_to,
    )


__all__ = ["INDUSTRY_RE", "base_card", "departments_in", "entities_in", "industries_in"]
