"""Hostile input (issue #6): random text and bytes never crash ingest with
anything but the project's own errors, and chunks keep their invariants.
Oversized and explosive files: ``test_bounded.py``.

Upload names, oversize, wrong and empty files through the page are covered in
``tests/ui/test_library.py``; the cases it lacks (random names, look-alike
separators, a lying file type) are at the end of this file.
"""

from __future__ import annotations

import contextlib
import itertools
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from assistant.errors import AssistantError, IngestError
from assistant.settings import Settings
from assistant.text.tokens import count_tokens
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
    from assistant.store.store import Store
    from ui.library import Library

    s = Settings(data_dir=tmp_path / "data", admin_password="pw")
    fake = tmp_path / "image.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    results = Library(s, Store(s)).upload([(fake, "通知.pdf")], is_admin=True)
    assert [r.status for r in results] == ["failed"]
    assert "PNG" in results[0].reason
    assert not any(s.uploads_dir.iterdir())
