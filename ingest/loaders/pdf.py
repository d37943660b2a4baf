"""PDF files with pypdf: text per page, OCR for pages without a text layer."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

from assistant.errors import IngestError
from assistant.settings import Settings
from ingest.loaders.ocr import ocr_page
from ingest.types import LoadedDocument, Page

log = logging.getLogger(__name__)

ENCRYPTED = "encrypted PDF (password protected)"


def _open(path: Path) -> PdfReader:
    try:
        reader = PdfReader(path)
    except (PdfReadError, PyPdfError, ValueError, KeyError, OSError) as exc:
        raise IngestError(f"corrupt PDF ({_reason(exc)})") from exc
    if reader.is_encrypted:
        # An owner-password-only PDF opens with the empty user password.
        try:
            if not reader.decrypt(""):
                raise IngestError(ENCRYPTED)
        except (DependencyError, FileNotDecryptedError, PdfReadError, NotImplementedError) as exc:
            raise IngestError(ENCRYPTED) from exc
    return reader


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:120]


_PLACEHOLDER_TITLE = re.compile(
    r"(?i)^(untitled|无标题|microsoft word\b|document\d*$|\S+\.(docx?|pdf|wps)$)"
)


class PdfLoader:
    """Text per page (1-based numbers); scanned pages go through OCR."""

    format = "pdf"
    suffixes = (".pdf",)

    def sniff(self, head: bytes) -> bool:
        # The spec allows junk before the header within the first 1024 bytes.
        return b"%PDF-" in head[:1024]

    def load(self, path: Path, settings: Settings) -> LoadedDocument:
        reader = _open(path)
        try:
            count = len(reader.pages)
        except (PdfReadError, PyPdfError, ValueError, KeyError) as exc:
            raise IngestError(f"corrupt PDF ({_reason(exc)})") from exc
        if count == 0:
            raise IngestError("corrupt PDF (no pages)")
        if count > settings.max_pages:
            raise IngestError(f"PDF has {count} pages (limit {settings.max_pages})")
        pages, scanned, ocr_done = [], [], []
        for number, page in enumerate(reader.pages, start=1):
            try:
                text = page.extract_text() or ""
            except (PdfReadError, PyPdfError, ValueError, KeyError) as exc:
                raise IngestError(f"corrupt PDF page {number} ({_reason(exc)})") from exc
            if not text.strip():
                scanned.append(number)
                if settings.ocr:
                    text = ocr_page(page)
                    ocr_done.append(number)
            pages.append(Page(number=number, text=text))
        notes = []
        if ocr_done:
            notes.append(f"OCR on pages {_ranges(ocr_done)}")
        if scanned and not settings.ocr:
            notes.append(f"no text layer on pages {_ranges(scanned)} (OCR is off)")
        if not any(p.text.strip() for p in pages):
            hint = "OCR found no text" if settings.ocr else "scanned PDF and OCR is off"
            raise IngestError(f"no text in PDF ({hint})")
        return LoadedDocument(
            source=path, format=self.format, pages=pages, meta=_meta(reader), notes=notes
        )


def _meta(reader: PdfReader) -> dict[str, str]:
    try:
        info = reader.metadata
    except (PdfReadError, PyPdfError, ValueError, KeyError):
        return {}
    meta = {}
    if info is not None:
        # Producers fill in placeholders ("untitled", "Microsoft Word - x.docx").
        if info.title and info.title.strip() and not _PLACEHOLDER_TITLE.match(info.title.strip()):
            meta["title"] = info.title.strip()
        if info.author and info.author.strip():
            meta["author"] = info.author.strip()
    return meta


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> "1-3, 7"."""
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)
