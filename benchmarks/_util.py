"""Helpers shared by the benchmark scripts (not part of the package)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Defaults read only the repository (issue #11): the bundled corpus (17 national
# laws + the report), the tests' local regulations and dev questions. The 40
# laws and the 3,504-file archive are passed by path (see the README's figures).
CORPUS_DIR = REPO / "corpus"
FIXTURE_LAWS = REPO / "tests" / "fixtures" / "laws"
DEV_FILE = REPO / "tests" / "fixtures" / "dev.jsonl"
GET_DATA = (
    "the project's data folder (shared/corpus/laws, shared/corpus/lawrefbook-scale.tar.gz) "
    "holds them; they come from the public LawRefBook/Laws repository"
)


def law_file(name: str) -> Path:
    """A law text in the repository: bundled, else a local one of the test fixtures."""
    bundled = CORPUS_DIR / name
    return bundled if bundled.exists() else FIXTURE_LAWS / name


def dev_questions(path: Path = DEV_FILE) -> list[str]:
    import json

    return [json.loads(line)["question"] for line in path.read_text("utf-8").splitlines()]


@contextmanager
def timer(store: dict[str, float], key: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        store[key] = store.get(key, 0.0) + time.perf_counter() - start


def percentiles(values: list[float]) -> tuple[float, float]:
    """(p50, p95) of a list of numbers."""
    if not values:
        return (float("nan"), float("nan"))
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def repeat(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def make_text_pdfs(folder: Path, files: int = 5, pages: int = 20) -> list[Path]:
    """Chinese text PDFs (reportlab, STSong-Light) with headers, footers and page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = law_file("中小企业促进法(2017-09-01).md").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in body.split("<!-- INFO END -->")[-1].splitlines() if ln.strip()]
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for f in range(files):
        path = folder / f"bench-{f}.pdf"
        c = canvas.Canvas(str(path), pagesize=A4)
        k = 0
        for p in range(pages):
            c.setFont("STSong-Light", 9)
            c.drawString(60, 810, "某某市人民政府公报 2024年第1期")
            c.drawString(290, 30, f"- {p + 1} -")
            c.setFont("STSong-Light", 11)
            y = 780
            while y > 60:
                text = lines[k % len(lines)]
                k += 1
                for i in range(0, len(text), 38):
                    c.drawString(60, y, text[i : i + 38])
                    y -= 16
                    if y <= 60:
                        break
            c.showPage()
        c.save()
        out.append(path)
    return out
