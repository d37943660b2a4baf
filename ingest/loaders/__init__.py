"""The loader registry: pick a loader by the file's real content, checked against its name.

Rules (the suffix says what the user thinks the file is; the bytes say what it is):

* a suffix we do not read (.xlsx, .png, .exe, .doc …) -> UnsupportedFormatError;
* a supported suffix whose content is another format -> UnsupportedFormatError
  ("report.pdf is HTML, not PDF"), because a lying name usually means a failed
  download or a wrong export that the user should know about;
* content wins only where the suffix is ambiguous: no suffix at all, or a text
  suffix (.txt/.md) holding a whole HTML page, since text is the catch-all;
* any parser exception that is not ours becomes an IngestError with one line.
"""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

from assistant.errors import IngestError, UnsupportedFormatError
from assistant.settings import Settings
from ingest.loaders.docx import DocxLoader
from ingest.loaders.html import HtmlLoader
from ingest.loaders.pdf import PdfLoader
from ingest.loaders.text import TextLoader
from ingest.types import LoadedDocument, Loader

__all__ = ["LOADERS", "SUPPORTED_SUFFIXES", "load", "loader_for", "sniff_format"]

log = logging.getLogger(__name__)

# Order matters for sniffing: text accepts almost anything, so it comes last.
LOADERS: list[Loader] = [PdfLoader(), DocxLoader(), HtmlLoader(), TextLoader()]
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(s for loader in LOADERS for s in loader.suffixes)
_HEAD_BYTES = 8192
_NAMES = {"pdf": "PDF", "docx": "DOCX", "html": "HTML", "text": "text"}
# Formats we recognise only to name them in the error message.
_KNOWN_OTHER = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc/.xls); save it as .docx"),
    (b"{\\rtf", "an RTF file; save it as .docx"),
)
_ZIP_KINDS = (("xl/", "an Excel workbook"), ("ppt/", "a PowerPoint file"))


def _supported() -> str:
    return ", ".join(SUPPORTED_SUFFIXES)


def _by_format(name: str) -> Loader:
    return next(loader for loader in LOADERS if loader.format == name)


def sniff_format(path: Path, head: bytes) -> str:
    """The real format: a loader's format name, or a description like "an Excel workbook"."""
    if PdfLoader().sniff(head):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    for magic, name in _KNOWN_OTHER:
        if head.startswith(magic):
            return name
    if HtmlLoader().sniff(head):
        return "html"
    if TextLoader().sniff(head):
        return "text"
    return "binary data"


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        # A zip we cannot open: let the DOCX loader report it as corrupt.
        return "docx"
    if "word/document.xml" in names:
        return "docx"
    for prefix, kind in _ZIP_KINDS:
        if any(name.startswith(prefix) for name in names):
            return kind
    return "a zip archive"


def loader_for(path: Path, head: bytes) -> Loader:
    """The loader for ``path`` given its first bytes; raise UnsupportedFormatError."""
    suffix = path.suffix.lower()
    real = sniff_format(path, head)
    if suffix and suffix not in SUPPORTED_SUFFIXES:
        what = f" (it is {real})" if real not in _NAMES else ""
        raise UnsupportedFormatError(
            f"{path.name}: unsupported file type {suffix}{what}; supported: {_supported()}"
        )
    if real not in _NAMES:
        raise UnsupportedFormatError(
            f"{path.name} is {real}, not a supported document; supported: {_supported()}"
        )
    if not suffix:
        return _by_format(real)
    claimed = next(loader for loader in LOADERS if suffix in loader.suffixes)
    if claimed.format == real:
        return claimed
    if claimed.format == "text" and real == "html":
        return _by_format("html")
    if real == "text" and claimed.format == "html":
        # An .html file with no tags up front is still read as HTML: bs4 copes.
        return claimed
    raise UnsupportedFormatError(
        f"{path.name} is {_NAMES[real]}, not {_NAMES[claimed.format]}; "
        "check the file or give it the right extension"
    )


def load(path: Path, settings: Settings) -> LoadedDocument:
    """Read one file with the right loader; every failure is an IngestError."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > settings.max_file_mb * 1024 * 1024:
            raise IngestError(
                f"file too large ({size / 1024 / 1024:.3g} MB > limit {settings.max_file_mb:g} MB)"
            )
        if size == 0:
            raise IngestError("empty file")
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
        loader = loader_for(path, head)
        return loader.load(path, settings)
    except IngestError:
        raise
    except FileNotFoundError as exc:
        raise IngestError(f"file not found: {path.name}") from exc
    except OSError as exc:
        raise IngestError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    except (RecursionError, MemoryError) as exc:
        raise IngestError(f"{path.name} is too complex to read ({type(exc).__name__})") from exc
    except Exception as exc:  # a parser bug must not escape as a traceback (STYLE: errors)
        log.debug("unexpected error loading %s", path, exc_info=True)
        reason = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
        raise IngestError(
            f"could not read {path.name}: {type(exc).__name__}{': ' + reason if reason else ''}"
        ) from exc
