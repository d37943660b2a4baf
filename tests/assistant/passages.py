"""Passages built by hand from the real corpus texts (for answer-side tests)."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.records import ChunkRecord, DocRecord, Passage
from tests.conftest import SEED_FILE, law_path

REPORT_TITLE = "科技赋能广西产业链聚链集群发展的对策研究"


def law_articles(filename: str) -> list[str]:
    """The articles of a law file (each starts with 第X条)."""
    text = law_path(filename).read_text(encoding="utf-8").split("<!-- INFO END -->")[-1]
    parts = re.split(r"\n(?=第[一二三四五六七八九十百零]+条)", text)
    return [p.strip() for p in parts if p.strip().startswith("第")]


def seed_paragraphs() -> list[str]:
    text = Path(SEED_FILE).read_text(encoding="utf-8")
    return [p.strip() for p in re.split(r"\n\s*\n", text) if len(p.strip()) > 40]


def passage(
    text: str,
    rank: int = 1,
    *,
    title: str = "中华人民共和国企业所得税法",
    doc_id: str = "doc",
    status: str = "current",
    issued: str = "",
    dense: float | None = 0.9,
    section: tuple[str, ...] = (),
) -> Passage:
    chunk = ChunkRecord(f"{doc_id}-{rank}", doc_id, text, section, None, None, 0, len(text))
    doc = DocRecord(doc_id, title, f"{doc_id}.md", status=status, issued=issued)  # type: ignore[arg-type]
    return Passage(chunk, doc, score=1.0 / rank, rank=rank, dense_score=dense)


def articles_with(filename: str, needles: list[str], title: str, **kw: object) -> list[Passage]:
    """Passages for the articles holding each needle, in the order given."""
    arts = law_articles(filename)
    out = []
    for needle in needles:
        text = next(a for a in arts if needle in a)
        label = re.match(r"第[一二三四五六七八九十百零]+条", text)
        section = (label.group(),) if label else ()
        out.append(
            passage(text, len(out) + 1, title=title, doc_id=filename, section=section, **kw)  # type: ignore[arg-type]
        )
    return out


def report_passages(needles: list[str]) -> list[Passage]:
    paras = seed_paragraphs()
    out = []
    for needle in needles:
        text = next(p for p in paras if needle in p)
        out.append(passage(text, len(out) + 1, title=REPORT_TITLE, doc_id="report"))
    return out
