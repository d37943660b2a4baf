"""Hostile input (issue #6): random text and bytes never crash ingest with
anything but the project's own errors, chunks keep their invariants, and
oversized or explosive files are refused quickly with bounded memory.

Upload names, oversize, wrong and empty files through the page are covered in
``tests/ui/test_library.py``; the cases it lacks (random names, look-alike
separators, a lying file type) are at the end of this file.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from assistant.errors import AssistantError, IngestError
from assistant.settings import Settings
from assistant.tokens import count_tokens
from ingest.chunker import chunk_document
from ingest.clean import clean_document, normalize_whitespace, remove_digit_spaces
from ingest.loaders import load
from ingest.structure import parse_structure
from ingest.types import CleanDocument, LoadedDocument, Page

REPO = Path(__file__).resolve().parents[2]
SETTINGS = Settings(data_dir=Path(tempfile.gettempdir()) / "policyqa-hostile", ocr=False)
SMALL = SETTINGS.with_overrides(chunk_max_tokens=40, chunk_min_tokens=10)

# Pieces that steer random text into the parsers' interesting paths.
PIECES = [
    "第一条",
    "第十二条 ",
    "第一章　总　　则",
    "## 第二章 ",
    "# 标题",
    "第三节",
    "（一）",
    "(二)",
    "一、",
    "1.",
    "¹",
    "²",
    "。",
    "；",
    "，",
    "、",
    "！",
    "？",
    "\n",
    "\n\n",
    "\r\n",
    "\f",
    " ",
    "\u3000",
    "\u200b",
    "\ufeff",
    "\t",
    "2024 年7 月",
    "- 3 -",
    "第 5 页",
    "<!-- INFO END -->",
    "企业所得税",
    "（20.13%）",
    "本办法自2024年1月1日起施行。",
    "」",
    "》",
    "\x00",
    "\ud7ff",
]
hostile_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60).map(
    "".join
)
FAST = hyp_settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- pure cleaning steps, structure, chunking ------------------------------------------


@FAST
@given(hostile_text)
def test_whitespace_steps_never_fail(text: str) -> None:
    out = normalize_whitespace(text)
    assert "\r" not in out and "\n\n\n" not in out
    assert len(remove_digit_spaces(out)) <= len(out)


@FAST
@given(hostile_text)
def test_parse_structure_offsets_stay_in_the_text(text: str) -> None:
    blocks = parse_structure(text)
    last = 0
    for block in blocks:
        assert 0 <= block.start <= block.end <= len(text)
        assert block.start >= last, "blocks overlap or go backwards"
        assert block.level == len(block.path)
        last = block.end


def _clean(pages: list[str]) -> CleanDocument:
    loaded = LoadedDocument(
        source=Path("hostile.txt"),
        format="pdf",
        pages=[Page(number=i + 1, text=t) for i, t in enumerate(pages)],
    )
    return clean_document(loaded)


@FAST
@given(st.lists(hostile_text, min_size=1, max_size=4))
def test_clean_document_spans_cover_the_text(pages: list[str]) -> None:
    doc = _clean(pages)
    if doc.text:
        spans = doc.page_spans
        assert spans[0][0] == 0 and spans[-1][1] == len(doc.text)
        assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))


@FAST
@given(st.lists(hostile_text, min_size=1, max_size=4), st.sampled_from([SETTINGS, SMALL]))
def test_chunks_are_exact_slices_within_the_token_limit(pages: list[str], s: Settings) -> None:
    doc = _clean(pages)
    chunks = chunk_document(doc, s)
    last = 0
    for chunk in chunks:
        assert chunk.text == doc.text[chunk.start : chunk.end]
        assert chunk.text.strip()
        assert chunk.start >= last
        assert count_tokens(chunk.text) <= s.chunk_max_tokens
        last = chunk.end


# --- loaders on random bytes -----------------------------------------------------------

SUFFIXES = [".pdf", ".docx", ".html", ".htm", ".txt", ".md", "", ".xlsx"]
MAGIC = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body><p>", b"\xef\xbb\xbf", b"\xff\xfe"]


@hyp_settings(max_examples=150, deadline=None)
@given(st.sampled_from(SUFFIXES), st.sampled_from(MAGIC), st.binary(max_size=600))
def test_loaders_raise_only_our_errors_on_random_bytes(
    suffix: str, magic: bytes, data: bytes
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"random{suffix}"
        path.write_bytes(magic + data)
        try:
            doc = load(path, SETTINGS)
        except AssistantError as exc:
            assert str(exc).strip()
            return
        # Whatever loads must flow through the rest of ingest too.
        chunk_document(clean_document(doc), SETTINGS)


def _mutations(seed_file: Path, rng_seed: int, count: int) -> list[bytes]:
    import random

    rng = random.Random(rng_seed)
    base = seed_file.read_bytes()
    out = []
    for _ in range(count):
        data = bytearray(base)
        for _ in range(rng.randint(1, 20)):
            i = rng.randrange(len(data))
            data[i] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(1, len(data))]
        out.append(bytes(data))
    return out


def _small_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("第一条 为了测试，制定本办法。")
    d.save(str(path))
    return path


def _small_pdf(path: Path) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    c.drawString(60, 780, "第一条 为了测试，制定本办法。")
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_loaders_raise_only_our_errors_on_damaged_real_files(tmp_path: Path, kind: str) -> None:
    seed = (_small_pdf if kind == "pdf" else _small_docx)(tmp_path / f"seed.{kind}")
    for i, data in enumerate(_mutations(seed, rng_seed=len(kind), count=60)):
        path = tmp_path / f"m{i}.{kind}"
        path.write_bytes(data)
        with contextlib.suppress(AssistantError):
            load(path, SETTINGS)


# --- bounded work ------------------------------------------------------------------------

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


# --- upload names (cases tests/ui/test_library.py lacks) -----------------------------------


@hyp_settings(max_examples=300, deadline=None)
@given(st.text(max_size=120), st.sampled_from([".pdf", ".txt", ".md", ".docx", ".exe", ""]))
def test_any_upload_name_stays_inside_the_uploads_folder(stem: str, suffix: str) -> None:
    from ui.library import stored_path

    s = Settings(data_dir=Path(tempfile.gettempdir()) / "policyqa-names")
    try:
        target = stored_path(s, stem + suffix)
    except IngestError:
        return
    assert target.parent == s.uploads_dir.resolve()
    assert target.suffix in (".pdf", ".txt", ".md", ".docx", ".html", ".htm")
    assert not target.name.startswith(".") and "/" not in target.name and "\x00" not in target.name


@pytest.mark.parametrize(
    "name",
    [
        "a\x00b.txt",
        "..／..／etc／passwd.txt",  # full-width solidus
        "..\u2215x.txt",  # division slash
        "report\u202etxt.exe",  # right-to-left override
        "con.txt\n.exe",
        "%2e%2e%2fescape.txt",
    ],
)
def test_odd_upload_names_are_refused_or_made_safe(name: str) -> None:
    from ui.library import stored_path

    s = Settings(data_dir=Path(tempfile.gettempdir()) / "policyqa-names")
    try:
        target = stored_path(s, name)
    except IngestError:
        return
    assert target.parent == s.uploads_dir.resolve()
    assert target.suffix != ".exe" and "\x00" not in target.name


def test_upload_with_a_lying_type_is_refused(tmp_path: Path) -> None:
    from assistant.store import Store
    from ui.library import Library

    s = Settings(data_dir=tmp_path / "data", admin_password="pw")
    fake = tmp_path / "image.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    results = Library(s, Store(s)).upload([(fake, "通知.pdf")], is_admin=True)
    assert [r.status for r in results] == ["failed"]
    assert "PNG" in results[0].reason
    assert not any(s.uploads_dir.iterdir())
