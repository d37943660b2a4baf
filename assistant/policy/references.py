"""Documents a text cites (《title》, 桂政发〔2024〕5号) and whether we hold them.

`resolve_references` turns the citations of every indexed document into one
status per cited document: who cites it (document + section) and whether its
own text is in the corpus. The answer chain uses
`missing_reference_for_question` to say "《…》 is cited by 《report》 but its
text is not in the corpus yet" instead of answering from the citing report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.records import ChunkRecord, DocRecord
from assistant.text import (
    DOCUMENT_REF_TYPES,
    Cite,
    Reference,
    RefType,
    document_citations,
    normalise_doc_number,
    title_key,
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
        return self.ref_type in DOCUMENT_REF_TYPES

    @property
    def label(self) -> str:
        return f"《{self.title}》" if self.title else self.doc_number

    def describe(self) -> str:
        citers = "、".join(dict.fromkeys(f"《{c.doc_title}》" for c in self.cited_by))
        if self.present:
            return f"{self.label} 被 {citers} 引用，全文已在语料库中。"
        return f"{self.label} 被 {citers} 引用，但其全文尚未收入语料库。"


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
    by_title = {title_key(d.title): d for d in docs if d.title}
    by_number = {normalise_doc_number(d.doc_number): d for d in docs if d.doc_number}
    # Every title's tails of six or more characters, first title first: a
    # cited title is found by one lookup, not a scan of every title (at 300k
    # chunks the scan per citation took minutes).
    by_tail: dict[str, DocRecord] = {}
    for title, d in by_title.items():
        for i in range(len(title) - 5):
            by_tail.setdefault(title[i:], d)
    targets: dict[tuple[str, str], DocRecord | None] = {}
    found: dict[str, dict] = {}
    for doc in docs:
        for section, chunk_id, ref in citations.get(doc.doc_id, ()):
            memo = (ref.ref_type, ref.key)
            if memo not in targets:
                targets[memo] = _target(ref, by_title, by_number, by_tail)
            target = targets[memo]
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


def _target(ref: Reference, by_title, by_number, by_tail) -> DocRecord | None:
    key = ref.key
    if ref.ref_type == "doc_number":
        return by_number.get(key)
    if key in by_title:
        return by_title[key]
    # Indexed titles often carry the issuer in front: "广西壮族自治区人民政府关于…的意见".
    return by_tail.get(key) if len(key) >= 6 else None


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
        key = title_key(status.title)
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
    q = title_key(question)
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


__all__ = ["CitedBy", "RefStatus", "missing_reference_for_question", "resolve_references"]
