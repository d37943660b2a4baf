"""Word .docx files with python-docx: paragraphs and tables in document order."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from assistant.errors import IngestError, UnsupportedFormatError
from assistant.settings import Settings
from ingest.types import LoadedDocument, Page

CELL_SEPARATOR = " | "
# A .docx is a zip, and python-docx reads every part into memory and parses its
# XML: a small file that unpacks to gigabytes (a zip bomb) would exhaust memory.
# zipfile never returns more than a member's declared size, so checking the
# declared sizes bounds the work (issue #6). Real documents stay far below.
MAX_UNPACKED_XML_MB = 64
MAX_UNPACKED_MB = 256


class DocxLoader:
    """One page-less page; each table row becomes one line, cells joined by " | "."""

    format = "docx"
    suffixes = (".docx",)

    def sniff(self, head: bytes) -> bool:
        # A zip; the registry looks inside for word/document.xml.
        return head.startswith(b"PK\x03\x04")

    def load(self, path: Path, settings: Settings) -> LoadedDocument:
        try:
            with zipfile.ZipFile(path) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise IngestError("corrupt DOCX (not a readable zip archive)") from exc
        if "word/document.xml" not in {i.filename for i in infos}:
            raise UnsupportedFormatError(f"{path.name} is a zip archive, not a Word document")
        _check_unpacked_size(infos)
        try:
            document = Document(str(path))
            blocks = list(_blocks(document))
            title = (document.core_properties.title or "").strip()
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise IngestError(f"corrupt DOCX ({type(exc).__name__})") from exc
        meta = {"title": title} if title else {}
        return LoadedDocument(
            source=path,
            format=self.format,
            pages=[Page(number=None, text="\n\n".join(b for b in blocks if b.strip()))],
            meta=meta,
        )


def _check_unpacked_size(infos: list[zipfile.ZipInfo]) -> None:
    mb = 1024 * 1024
    xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    total = sum(i.file_size for i in infos)
    if xml > MAX_UNPACKED_XML_MB * mb or total > MAX_UNPACKED_MB * mb:
        raise IngestError(
            f"DOCX unpacks to {total / mb:.0f} MB ({xml / mb:.0f} MB of XML; limits "
            f"{MAX_UNPACKED_MB} MB and {MAX_UNPACKED_XML_MB} MB of XML): refused as a "
            "possible zip bomb"
        )


def _blocks(document) -> list[str]:
    """Text of body paragraphs and tables, in the order they appear."""
    out = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(Paragraph(child, document).text.rstrip())
        elif child.tag == qn("w:tbl"):
            out.append(table_text(Table(child, document)))
    return out


def table_text(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(CELL_SEPARATOR.join(cells))
    return "\n".join(rows)
