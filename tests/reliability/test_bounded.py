"""Bounded work (issue #6): a PDF with thousands of pages, decompression bombs,
deeply nested HTML and oversized files are refused quickly, with a clear
message and bounded memory. Each case loads in a fresh process, which reports
its error, time and peak RSS.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from assistant.errors import IngestError
from assistant.settings import Settings
from ingest.loaders import load

REPO = Path(__file__).resolve().parents[2]
SETTINGS = Settings(data_dir=Path(tempfile.gettempdir()) / "policyqa-bounded", ocr=False)

PROBE = """
import json, resource, sys, time
from pathlib import Path
from assistant.settings import Settings
from assistant.errors import AssistantError
from ingest.loaders import load
t = time.perf_counter()
try:
    load(Path(sys.argv[1]), Settings(data_dir=Path(sys.argv[2]), ocr=False))
    error = None
except AssistantError as exc:
    error = str(exc)
# VmHWM, not ru_maxrss: ru_maxrss survives fork + exec and would report pytest's peak.
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")]
rss = int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"error": error, "seconds": time.perf_counter() - t, "rss_mb": rss / 1024}))
"""


def probe(path: Path, tmp_path: Path) -> dict:
    """Load ``path`` in a fresh process; its error, time and peak RSS."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(path), str(tmp_path / "data")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def baseline_rss(tmp_path_factory: pytest.TempPathFactory) -> float:
    """Peak RSS of the probe loading a tiny text file (imports included)."""
    tmp = tmp_path_factory.mktemp("baseline")
    small = tmp / "small.txt"
    small.write_text("第一条 为了测试，制定本办法。\n", "utf-8")
    return probe(small, tmp)["rss_mb"]


def test_pdf_with_thousands_of_pages_is_refused_quickly(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(3000):
        writer.add_blank_page(width=595, height=842)
    path = tmp_path / "many.pdf"
    writer.write(str(path))
    t = time.perf_counter()
    with pytest.raises(IngestError, match=r"3000 pages \(limit 2000\)"):
        load(path, SETTINGS)
    assert time.perf_counter() - t < 10


def _flate_bomb_pdf(path: Path, expanded_mb: int, unit: bytes = b" ") -> Path:
    """One page whose content stream inflates to ``expanded_mb`` MB of ``unit`` repeated."""
    comp = zlib.compressobj(9)
    block = unit * ((1 << 20) // len(unit))
    stream = b"".join(comp.compress(block) for _ in range(expanded_mb)) + comp.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def _docx_bomb(path: Path, expanded_mb: int) -> Path:
    """A .docx whose word/document.xml inflates to ``expanded_mb`` MB."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>"
    )
    para = b"<w:p><w:r><w:t>" + "第一条 测试。".encode() * 8 + b"</w:t></w:r></w:p>"
    ct = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        b'"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        b'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="word/document.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head)
            chunk = para * ((1 << 20) // len(para))
            for _ in range(expanded_mb):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("unit", [b" ", b"BT (x) Tj ET\n"], ids=["spaces", "text-operators"])
def test_pdf_flate_bomb_is_bounded(tmp_path: Path, baseline_rss: float, unit: bytes) -> None:
    path = _flate_bomb_pdf(tmp_path / "bomb.pdf", expanded_mb=400, unit=unit)
    assert path.stat().st_size < 2 * 1024 * 1024
    got = probe(path, tmp_path)
    assert got["error"], "a page of 400 MB of spaces must not load as a document"
    assert got["seconds"] < 60
    assert got["rss_mb"] - baseline_rss < 300, got


@pytest.mark.slow
def test_docx_zip_bomb_is_refused_with_bounded_memory(tmp_path: Path, baseline_rss: float) -> None:
    path = _docx_bomb(tmp_path / "bomb.docx", expanded_mb=300)
    assert path.stat().st_size < 5 * 1024 * 1024
    got = probe(path, tmp_path)
    assert got["error"] and "unpack" in got["error"], got
    assert got["seconds"] < 10
    assert got["rss_mb"] - baseline_rss < 100, got


def test_deeply_nested_html_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 100_000 + "深" + "</div>" * 100_000, "utf-8")
    t = time.perf_counter()
    with pytest.raises(IngestError, match="nested too deeply"):
        load(path, SETTINGS)
    assert time.perf_counter() - t < 10


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: 60 MB that take no disk
        f.truncate(60 * 1024 * 1024)
    t = time.perf_counter()
    with pytest.raises(IngestError, match=r"file too large \(60 MB > limit 50 MB\)"):
        load(path, SETTINGS)
    assert time.perf_counter() - t < 1
