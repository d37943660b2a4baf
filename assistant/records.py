"""Records the store keeps and the answer chain passes around.

Provenance is data: every chunk knows its document, section path, page and
character offsets; every document knows its issuer, 文号, dates and version
status.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any, Literal

# The metadata fields a document record carries (ingest fills them).
DOC_FIELDS = ("title", "issuer", "doc_number", "issued", "effective", "expires", "doc_type",
              "version_key")  # fmt: skip
Turn = dict[str, str]  # one turn of a conversation: {"role": "user"|"assistant", "content": …}
Status = Literal["current", "superseded"]  # the version status ingest records
# What a reader needs to know, today: the version status plus the dates.
Validity = Literal["current", "superseded", "expired", "pending"]
VALIDITY_LABELS: dict[str, str] = {
    "current": "现行有效",
    "superseded": "已被替代",
    "expired": "已失效",
    "pending": "尚未施行",
}


def validity_of(
    status: str, effective: str = "", expires: str = "", today: date | None = None
) -> Validity:
    """Superseded beats dates; past ``expires`` is expired; before ``effective``, pending."""
    iso = (today or date.today()).isoformat()
    if status == "superseded":
        return "superseded"
    if expires and expires[:10] < iso:
        return "expired"
    if effective and effective[:10] > iso:
        return "pending"
    return "current"


def validity_label(validity: str) -> str:
    return VALIDITY_LABELS.get(validity, validity or "未知")


@dataclass(frozen=True)
class DocRecord:
    """One document, known by its content (issue #11): the same text ingested
    from several places is one record listing every place in ``sources``."""

    doc_id: str
    title: str
    source: str  # the primary source's path as given to ingest (or the upload's stored path)
    issuer: str = ""
    doc_number: str = ""  # 文号, e.g. 桂政办发〔2024〕5号
    issued: str = ""  # ISO date
    effective: str = ""
    expires: str = ""
    doc_type: str = ""
    version_key: str = ""
    status: Status = "current"
    chunk_ids: tuple[str, ...] = ()
    content_hash: str = ""  # sha256 of the cleaned text + metadata: unchanged → skip
    text_hash: str = ""  # sha256 of the normalised text alone: the document's identity
    # Where the text was ingested from, primary first: (location, shown path).
    # A location is an absolute path (inside the data folder: relative to it,
    # so the folder can move); the shown path is relative to the folder that
    # was ingested, the only form users see.
    sources: tuple[tuple[str, str], ...] = ()
    added_at: str = ""  # ISO timestamp of the first ingest
    updated_at: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # series, author, events, notes…
    # What the document cites, read at ingest (references.citation_rows); None
    # for records written before this existed: then the chunks are read.
    citations: tuple[tuple[Any, ...], ...] | None = None

    @property
    def chunks(self) -> int:
        return len(self.chunk_ids)

    @property
    def shown_source(self) -> str:
        """The primary source as users see it: relative to the folder it was
        ingested from (records older than ``sources``: the file name)."""
        return self.sources[0][1] if self.sources else PurePath(self.source).name

    @property
    def shown_sources(self) -> list[str]:
        return [shown for _, shown in self.sources] or [self.shown_source]

    @property
    def year(self) -> int | None:
        day = self.issued or self.effective
        return int(day[:4]) if day[:4].isdigit() else None

    def validity(self, today: date | None = None) -> Validity:
        return validity_of(self.status, self.effective, self.expires, today)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["chunk_ids"] = list(self.chunk_ids)
        data["sources"] = [list(s) for s in self.sources]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocRecord:
        data = dict(data)
        data["chunk_ids"] = tuple(data.get("chunk_ids", ()))
        data["sources"] = tuple(tuple(s) for s in data.get("sources") or ())
        if data.get("citations") is not None:
            data["citations"] = tuple(tuple(row) for row in data["citations"])
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})

    def summary(self) -> dict[str, Any]:
        """The public listing (`policy-qa docs --json`): shown paths only,
        never the server's absolute ones."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "source": self.shown_source,
            "sources": self.shown_sources,
            "issuer": self.issuer,
            "doc_number": self.doc_number,
            "issued": self.issued,
            "effective": self.effective,
            "expires": self.expires,
            "status": self.status,
            "validity": self.validity(),
            "chunks": self.chunks,
        }


@dataclass(frozen=True)
class ChunkRecord:
    chunk_id: str
    doc_id: str
    text: str
    section_path: tuple[str, ...] = ()
    page: int | None = None
    page_end: int | None = None
    start: int = 0  # character offsets into the document's cleaned text
    end: int = 0

    @property
    def section(self) -> str:
        return " > ".join(self.section_path)


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its document and its rank/score for this query."""

    chunk: ChunkRecord
    doc: DocRecord
    score: float  # fused score (higher is better)
    rank: int  # 1-based
    dense_score: float | None = None  # cosine similarity, when the dense side found it
    keyword_score: float | None = None  # BM25 score, when the keyword side found it

    @property
    def chunk_id(self) -> str:
        return self.chunk.chunk_id


@dataclass(frozen=True)
class Citation:
    n: int  # the [n] used in the answer text
    chunk_id: str
    doc_id: str
    title: str
    source: str
    section: str  # "第八章 附则 > 第九十二条"
    page: int | None
    text: str  # the whole chunk text
    span: str  # the cited sentence(s) inside the chunk
    status: Status = "current"
    doc_number: str = ""
    issuer: str = ""
    issued: str = ""
    validity: Validity = "current"  # as of the answer
    expires: str = ""

    def __post_init__(self) -> None:
        if self.status == "superseded":  # whatever the dates say
            object.__setattr__(self, "validity", "superseded")


@dataclass
class Answer:
    question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    refused: bool = False
    passages: list[Passage] = field(default_factory=list)  # retrieved, in rank order
    standalone_question: str = ""  # after follow-up rewriting
    generator: str = "extractive"  # or the LLM backend name
    notice: str = ""  # one-line note, e.g. "LLM unavailable; showing the extractive answer"
    timings_ms: dict[str, float] = field(default_factory=dict)
