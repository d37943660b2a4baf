"""The data that flows through ingest, and the loader protocol.

load (one module per format) -> LoadedDocument
clean (pure str -> str steps)  -> CleanDocument
chunk (structure-aware)        -> list[ChunkDraft]
index (ingest.pipeline)        -> chunks in the store, a FileResult per file
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from assistant.settings import Settings


@dataclass
class Page:
    """Text of one source page; ``number`` is 1-based, None for page-less formats."""

    number: int | None
    text: str


@dataclass
class LoadedDocument:
    """What a loader read from one file, before cleaning."""

    source: Path
    format: str  # "pdf", "docx", "html", "text"
    pages: list[Page]
    # Metadata the format itself carries. Known keys: title, issuer, doc_number,
    # issued, effective (ISO dates YYYY-MM-DD), doc_type, author, series, events.
    meta: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # e.g. "OCR on pages 3, 4"


@dataclass
class CleanDocument:
    """Cleaned full text, with the page each character range came from."""

    source: Path
    format: str
    text: str
    # (start, end, page) half-open ranges covering ``text`` in order.
    page_spans: list[tuple[int, int, int | None]]
    meta: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        for start, end, page in self.page_spans:
            if start <= offset < end:
                return page
        return self.page_spans[-1][2] if self.page_spans else None


@dataclass
class ChunkDraft:
    """One chunk before it gets an id: text plus where it sits in the document."""

    text: str
    section_path: tuple[str, ...]  # e.g. ("第八章 附则", "第九十二条")
    start: int  # offsets into CleanDocument.text, half-open
    end: int
    page: int | None = None
    page_end: int | None = None


@runtime_checkable
class Loader(Protocol):
    """One file format. ``sniff`` decides by content, not by the file name."""

    format: str
    suffixes: tuple[str, ...]

    def sniff(self, head: bytes) -> bool:
        """True when the first bytes of a file look like this format."""
        ...

    def load(self, path: Path, settings: Settings) -> LoadedDocument:
        """Read ``path``; raise an ``IngestError`` subclass with a one-line reason."""
        ...


@dataclass
class FileResult:
    path: str  # as given to ingest (a folder argument joined with the file's place)
    status: str  # added | updated | unchanged | removed | failed
    title: str = ""
    doc_id: str = ""
    chunks: int = 0
    reason: str = ""


@dataclass
class IngestSummary:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    embedded: int = 0  # chunks embedded in this run
    total_chunks: int = 0  # live chunks in the store afterwards
    total_documents: int = 0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def line(self) -> str:
        counts = ", ".join(
            f"{self.count(s)} {s}" for s in ("added", "updated", "unchanged", "removed", "failed")
        )
        return (
            f"{counts}; {self.embedded} chunks embedded; index holds {self.total_documents} "
            f"documents, {self.total_chunks} chunks; {self.seconds:.1f} s"
        )
