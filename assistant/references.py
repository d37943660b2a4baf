"""Documents a text cites (《title》, 桂政发〔2024〕5号) and whether we hold them.

`resolve_references` turns the citations of every indexed document into one
status per cited document: who cites it (document + section) and whether its
own text is in the corpus. The answer chain uses
`missing_reference_for_question` to say "《…》 is cited by 《report》 but its
text is not in the corpus yet" instead of answering from the citing report.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from assistant.records import ChunkRecord, DocRecord

RefType = Literal["law", "policy", "report", "project", "publication", "doc_number", "other"]
DOCUMENT_TYPES = ("law", "policy", "doc_number")

DOC_NUMBER_RE = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{2,12})\s*[〔\[［(（【]\s*(?P<year>\d{4})\s*[〕\]］)）】]\s*(?P<n>\d+)\s*号"
)
# Words that end the prose before a 文号's issuer abbreviation.
_ORG_LEAD = re.compile(r".*(?:出台|印发|发布|根据|依据|按照|参照|详见|见|的|和|及|与|了|以|为|在)")
_LAW_END = ("法", "法典", "条例")
_POLICY_END = (
    "意见",
    "方案",
    "措施",
    "通知",
    "决定",
    "规划",
    "纲要",
    "计划",
    "办法",
    "细则",
    "规定",
    "规则",
    "指引",
    "指南",
    "目录",
    "清单",
    "领域",
    "标准",
    "政策",
    "公告",
    "通告",
    "批复",
    "安排",
)
_REPORT_END = ("报告", "公报", "年鉴", "白皮书", "蓝皮书", "统计", "数据")
_PUBLICATION_END = (
    "研究",
    "参考",
    "动态",
    "通讯",
    "简报",
    "学报",
    "杂志",
    "期刊",
    "论坛",
    "周刊",
    "月刊",
    "日报",
)
_PREFIXES = ("中华人民共和国",)


@dataclass(frozen=True)
class Reference:
    text: str  # the cited title (without 《》) or the normalised 文号
    raw: str  # exactly as written, e.g. 《广西实施新一轮工业振兴三年行动方案》
    start: int
    end: int
    ref_type: RefType

    @property
    def key(self) -> str:
        return (
            normalise_doc_number(self.text)
            if self.ref_type == "doc_number"
            else normalise_title(self.text)
        )


@dataclass(frozen=True)
class CitedBy:
    doc_id: str
    doc_title: str
    section: str
    chunk_id: str


@dataclass(frozen=True)
class RefStatus:
    key: str  # normalised title or 文号
    title: str  # as first cited ('' for a bare 文号)
    doc_number: str
    ref_type: RefType
    cited_by: tuple[CitedBy, ...]
    present: bool
    doc_id: str = ""  # the document in the corpus, when present

    @property
    def is_document(self) -> bool:
        """A policy or law (not a report, a statistics bulletin or a journal)."""
        return self.ref_type in DOCUMENT_TYPES

    @property
    def label(self) -> str:
        return f"《{self.title}》" if self.title else self.doc_number

    def describe(self) -> str:
        citers = "、".join(dict.fromkeys(f"《{c.doc_title}》" for c in self.cited_by))
        if self.present:
            return f"{self.label} 被 {citers} 引用，全文已在语料库中。"
        return f"{self.label} 被 {citers} 引用，但其全文尚未收入语料库。"


def normalise_title(title: str) -> str:
    """Compare titles: no 《》〈〉, no 中华人民共和国 prefix, no spaces, NFKC."""
    text = unicodedata.normalize("NFKC", title)
    text = re.sub(r"[《》〈〉<>\s\u3000\"“”]", "", text)
    text = re.sub(r"\(\d{4}-\d{2}-\d{2}\)$", "", text)  # file-name version tag
    for prefix in _PREFIXES:
        text = text.replace(prefix, "")
    return text


def normalise_doc_number(number: str) -> str:
    """桂政发[2024]5号 / 桂政发（2024）5号 → 桂政发〔2024〕5号."""
    m = DOC_NUMBER_RE.search(number)
    if not m:
        return re.sub(r"\s", "", number)
    return f"{_trim_org(m.group('org'))}〔{m.group('year')}〕{int(m.group('n'))}号"


def _trim_org(org: str) -> str:
    org = _ORG_LEAD.sub("", org) or org
    return org[-8:]


def classify_title(title: str, before: str = "") -> RefType:
    """What kind of publication a 《title》 names; `before` is the text just ahead of it."""
    core = normalise_title(title)
    if "课题" in before[-8:]:
        return "project"
    if core.endswith(_REPORT_END) or "统计公报" in core:
        return "report"
    if core.endswith(_LAW_END):
        return "law"
    if core.endswith("决定") and re.search("法|条例", core):
        return "law"  # 关于修改〈…法〉的决定
    if core.endswith(_POLICY_END):
        return "policy"
    if core.endswith(_PUBLICATION_END):
        return "publication"
    return "other"


def _titles(text: str) -> list[tuple[int, int]]:
    """Spans of outermost 《…》, nesting allowed (河南省实施《中小企业促进法》办法)."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "《":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
        elif ch == "\n" and depth:
            depth = 0  # an unclosed 《 does not swallow the rest of the text
    return spans


def find_references(text: str) -> list[Reference]:
    """Cited titles and 文号 in text, in order of appearance."""
    refs = []
    for s, e in _titles(text):
        inner = text[s + 1 : e - 1].strip()
        if len(normalise_title(inner)) < 2:
            continue
        refs.append(
            Reference(inner, text[s:e], s, e, classify_title(inner, text[max(0, s - 8) : s]))
        )
    for m in DOC_NUMBER_RE.finditer(text):
        org = _trim_org(m.group("org"))
        start = m.end("org") - len(org)
        raw = text[start : m.end()]
        refs.append(Reference(normalise_doc_number(raw), raw, start, m.end(), "doc_number"))
    return sorted(refs, key=lambda r: r.start)


# (section, chunk id, reference): what one passage of a document cites.
Cite = tuple[str, str, Reference]


def document_citations(chunks: Sequence[ChunkRecord]) -> list[Cite]:
    """Everything a document's chunks cite (the expensive, per-document part)."""
    return [(c.section, c.chunk_id, ref) for c in chunks for ref in find_references(c.text)]


def citation_rows(cites: Sequence[Cite]) -> tuple[tuple[Any, ...], ...]:
    """``document_citations`` as plain rows, to keep in a document record."""
    return tuple(
        (section, chunk_id, r.text, r.raw, r.start, r.end, r.ref_type)
        for section, chunk_id, r in cites
    )


def citations_from_rows(rows: Sequence[Sequence[Any]]) -> list[Cite]:
    return [
        (str(section), str(chunk_id), Reference(str(text), str(raw), int(s), int(e), ref_type))
        for section, chunk_id, text, raw, s, e, ref_type in rows
    ]


def resolve_references(
    docs: Sequence[DocRecord],
    chunks_by_doc: Mapping[str, Sequence[ChunkRecord]] | None = None,
    *,
    citations: Mapping[str, Sequence[Cite]] | None = None,
) -> list[RefStatus]:
    """One status per cited document: citing docs + sections, present or missing.

    Give either the chunks of each document or, when they were read before,
    each document's ``document_citations``."""
    if citations is None:
        chunks_by_doc = chunks_by_doc or {}
        citations = {d.doc_id: document_citations(chunks_by_doc.get(d.doc_id, ())) for d in docs}
    by_title = {normalise_title(d.title): d for d in docs if d.title}
    by_number = {normalise_doc_number(d.doc_number): d for d in docs if d.doc_number}
    found: dict[str, dict] = {}
    for doc in docs:
        for section, chunk_id, ref in citations.get(doc.doc_id, ()):
            target = _target(ref, by_title, by_number, docs)
            if target is not None and target.doc_id == doc.doc_id:
                continue  # a document naming itself is not a citation
            entry = found.setdefault(ref.key, {"ref": ref, "target": target, "cited_by": []})
            cite = CitedBy(doc.doc_id, doc.title, section, chunk_id)
            if all((c.doc_id, c.section) != (cite.doc_id, cite.section) for c in entry["cited_by"]):
                entry["cited_by"].append(cite)
    statuses = []
    for key, entry in found.items():
        ref, target = entry["ref"], entry["target"]
        is_number = ref.ref_type == "doc_number"
        statuses.append(
            RefStatus(
                key=key,
                title=target.title
                if is_number and target is not None
                else ("" if is_number else ref.text),
                doc_number=ref.text
                if is_number
                else (target.doc_number if target is not None else ""),
                ref_type=ref.ref_type,
                cited_by=tuple(entry["cited_by"]),
                present=target is not None,
                doc_id=target.doc_id if target is not None else "",
            )
        )
    return sorted(statuses, key=lambda s: (s.present, not s.is_document, s.key))


def _target(ref: Reference, by_title, by_number, docs: Sequence[DocRecord]) -> DocRecord | None:
    if ref.ref_type == "doc_number":
        return by_number.get(ref.key)
    if ref.key in by_title:
        return by_title[ref.key]
    if len(ref.key) >= 6:
        # Indexed titles often carry the issuer in front: "广西壮族自治区人民政府关于…的意见".
        for title, doc in by_title.items():
            if title.endswith(ref.key):
                return doc
    return None


def _common_run(a: str, b: str) -> int:
    """Length of the longest common substring."""
    best, prev = 0, [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def _score(question: str, status: RefStatus) -> float:
    if status.doc_number and normalise_doc_number(status.doc_number) in question:
        return 1000.0
    if status.title:
        key = normalise_title(status.title)
        if key in question:
            return 500.0 + len(key)
        run = _common_run(question, key)
        # A distinctive part: long enough not to be "广西实施" or "若干政策".
        if run >= 6 and run >= 0.4 * len(key):
            return float(run) + run / len(key)
    return 0.0


def missing_reference_for_question(
    question: str, ref_statuses: Sequence[RefStatus]
) -> RefStatus | None:
    """The cited-but-missing document a question is about, if any.

    None when the question names no cited document, or when a document we do
    hold matches it at least as well.
    """
    q = normalise_title(question)
    best: tuple[float, RefStatus] | None = None
    for status in ref_statuses:
        if not status.is_document:
            continue
        score = _score(q, status)
        if score and (best is None or score > best[0]):
            best = (score, status)
    if best is None or best[1].present:
        return None
    return best[1]


__all__ = [
    "Cite",
    "CitedBy",
    "RefStatus",
    "Reference",
    "citation_rows",
    "citations_from_rows",
    "classify_title",
    "document_citations",
    "find_references",
    "missing_reference_for_question",
    "normalise_doc_number",
    "normalise_title",
    "resolve_references",
]
