"""The data that flows through ingest, and the loader protocol.

load (one module per format) -> LoadedDocument
clean (pure str -> str steps)  -> CleanDocument
chunk (structure-aware)        -> list[ChunkDraft]
index (ingest.pipeline)        -> chunks in the store
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
