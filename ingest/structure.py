"""Heading systems of Chinese policy texts, parsed into blocks over the cleaned text.

Two families of numbering are recognised:

* laws and regulations: ``第X编`` > ``第X分编`` > ``第X章`` > ``第X节`` headings, and
  articles ``第X条`` / ``第十七条之一``. Articles are *units* (the thing a citation
  names), not headings: a paragraph that starts with ``第X条`` plus a space.
  Inside a law, ``（一）`` items belong to their article and are never headings.
* reports and policies: ``一、`` > ``（一）``/``(一)`` > ``1.``/``1．``/``1、`` > ``（1）``
  headings, recognised only on short lines (``一是…。`` prose is not a heading).

Markdown ``#`` headings are headings whatever their text; when the text itself
is numbered (``## 第一章 总则``, ``### 第一章``) the numbering decides the rank, so
a chapter mis-marked ``###`` is still a chapter. Plain Markdown headings take the
rank the document's numbered headings gave to the same ``#`` count.

The result is a list of :class:`Block` in text order; together they cover every
non-blank character of the text exactly once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from assistant.text import chinese_number

BlockKind = Literal["title", "heading", "article", "text"]

_NUM = "零〇一二三四五六七八九十百千两"
# Zero-width spaces and BOMs survive some sources; they are layout, not text.
_SPACE = " \t\u3000\u00a0\u200b\ufeff"
_SENTENCE_END = "。！？；!?;"
_CLOSERS = "”’」』）)》"

# Ranks order the heading systems on one scale (smaller = higher). Law levels
# sit above policy levels so a policy-style item under a chapter nests inside it.
_LAW_RANK = {"编": 10, "分编": 15, "章": 20, "节": 30}
_POLICY_RANK = {"cn": 40, "paren_cn": 50, "arabic": 60, "paren_arabic": 70}

_ARTICLE_RE = re.compile(rf"第([{_NUM}]+)条(?:之([{_NUM}]+))?[{_SPACE}]")
_LAW_HEADING_RE = re.compile(rf"第([{_NUM}\d]+)(分编|编|章|节)(?:[{_SPACE}]*(.*))?$")
_MD_HEADING_RE = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t#]*$")
_POLICY_RES = (
    ("cn", re.compile(rf"[{_NUM}]+、")),
    ("paren_cn", re.compile(rf"[（(][{_NUM}]+[）)]")),
    ("paren_arabic", re.compile(r"[（(]\d{1,2}[）)]")),
    ("arabic", re.compile(r"\d{1,2}(?:[.．](?!\d)|、)")),
)
# A run-together article: sentence end, optional closer/space, then 第X条 + space.
_INLINE_ARTICLE_RE = re.compile(
    rf"(?<=[{_SENTENCE_END}])[{_CLOSERS}]*[{_SPACE}]*(第([{_NUM}]+)条(?:之[{_NUM}]+)?[{_SPACE}])"
)
_MAX_HEADING_CHARS = 40
_MAX_INLINE_TITLE_CHARS = 20


@dataclass(frozen=True)
class Block:
    """One span of the cleaned text.

    ``kind``: ``title`` (the document's own ``# title`` line, kept out of paths),
    ``heading`` (its ``path`` ends with itself), ``article`` (a 第X条 unit; ``path``
    ends with ``第X条``), ``text`` (paragraphs outside articles; ``path`` is the
    enclosing headings). ``level`` is ``len(path)``. ``start``/``end`` are
    half-open offsets, trimmed of surrounding whitespace.
    """

    kind: BlockKind
    level: int
    path: tuple[str, ...]
    start: int
    end: int


def _is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def normalize_heading(text: str) -> str:
    """Display form of a heading: ``第一章　总　　则`` → ``第一章 总则``.

    Spaces between Chinese characters are layout (justified titles, PDF
    artefacts like ``2024 年``) and are dropped; one space stays between a
    ``第X章``-style number and its title, and between two Latin words.
    """
    text = " ".join(text.replace("\u3000", " ").split())
    law = _LAW_HEADING_RE.match(text)
    if law and law.group(3):
        number = text[: law.start(3)].replace(" ", "")
        return f"{number} {normalize_heading(law.group(3))}"
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == " ":
            before, after = text[i - 1], text[i + 1]
            if _is_cjk(before) or _is_cjk(after):
                continue
        out.append(ch)
    return "".join(out)


def article_label(line: str) -> str | None:
    """``第十七条之一`` when ``line`` starts an article, else None."""
    match = _ARTICLE_RE.match(line)
    return match.group(0).rstrip(_SPACE) if match else None


def is_numbered_line(line: str) -> bool:
    """True when ``line`` opens with structure numbering: ``#``, 第X章, 第X条, 一、, （一）, 1. …"""
    line = line.lstrip(_SPACE)
    return bool(
        line.startswith("#")
        or _LAW_HEADING_RE.match(line)
        or _ARTICLE_RE.match(line)
        or _policy_marker(line)
    )


def _article_number(label: str) -> tuple[int, int]:
    match = _ARTICLE_RE.match(label + " ")
    assert match is not None
    sub = match.group(2)
    return int(chinese_number(match.group(1)) or 0), int(chinese_number(sub) or 0) if sub else 0


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, trimmed of spaces."""
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip(_SPACE + "\r")
        if stripped:
            lead = len(raw) - len(raw.lstrip(_SPACE + "\r"))
            yield pos + lead, pos + lead + len(stripped)
        pos += len(raw) + 1


def _policy_marker(line: str) -> tuple[str, re.Match[str]] | None:
    for name, pattern in _POLICY_RES:
        match = pattern.match(line)
        if match:
            return name, match
    return None


def _is_short_heading(line: str) -> bool:
    """A heading line: short, no sentence end inside or at the end."""
    if len(line) > _MAX_HEADING_CHARS:
        return False
    return not any(ch in line for ch in _SENTENCE_END + "：:")


def _inline_title(line: str, marker_end: int) -> int | None:
    """End of a short title that opens a paragraph: ``（一）加强领导。各地要…``."""
    rest = line[marker_end:]
    match = re.match(rf"[^{_SENTENCE_END}，,、：:]{{2,{_MAX_INLINE_TITLE_CHARS}}}[。：:]", rest)
    if not match or len(rest) - match.end() < 2:
        return None
    return marker_end + match.end() - 1


class _Parser:
    """Single pass over the lines; keeps the open heading stack."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks: list[Block] = []
        self.stack: list[tuple[int, str]] = []  # (rank, display text)
        self.md_ranks: dict[int, int] = {}  # '#' count -> rank of numbered headings
        self.unit: tuple[BlockKind, tuple[str, ...], int, int] | None = None
        self.last_article: tuple[int, int] | None = None

    # --- emitting ---------------------------------------------------------
    def path(self) -> tuple[str, ...]:
        return tuple(name for _, name in self.stack)

    def close_unit(self) -> None:
        if self.unit:
            kind, path, start, end = self.unit
            self.blocks.append(Block(kind, len(path), path, start, end))
            self.unit = None

    def heading(self, rank: int, name: str, start: int, end: int) -> None:
        self.close_unit()
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()
        self.stack.append((rank, name))
        path = self.path()
        self.blocks.append(Block("heading", len(path), path, start, end))

    def article(self, label: str, start: int, end: int) -> None:
        self.close_unit()
        self.last_article = _article_number(label)
        path = (*self.path(), label)
        self.unit = ("article", path, start, end)

    def paragraph(self, start: int, end: int) -> None:
        if self.unit:
            kind, path, ustart, _ = self.unit
            self.unit = (kind, path, ustart, end)
        else:
            self.unit = ("text", self.path(), start, end)

    # --- classifying --------------------------------------------------------
    def heading_rank(self, line: str) -> tuple[int, str] | None:
        """Rank for a line whose text is numbered like a heading (not Markdown)."""
        law = _LAW_HEADING_RE.match(line)
        if law and _is_short_heading(line):
            return _LAW_RANK[law.group(2)], normalize_heading(line)
        return None

    def markdown(self, hashes: int, title: str, start: int, end: int) -> None:
        ranked = self.heading_rank(title)
        if ranked is None:
            marker = _policy_marker(title)
            if marker:
                ranked = _POLICY_RANK[marker[0]], normalize_heading(title)
        if ranked is not None:
            self.md_ranks.setdefault(hashes, ranked[0])
            self.heading(ranked[0], ranked[1], start, end)
        else:
            rank = self.md_ranks.get(hashes, 10 * hashes - 5)
            self.heading(rank, normalize_heading(title), start, end)

    def line(self, start: int, end: int, is_law: bool) -> None:
        line = self.text[start:end]
        md = _MD_HEADING_RE.fullmatch(line)
        if md:
            self.markdown(len(md.group(1)), md.group(2), start, end)
            return
        ranked = self.heading_rank(line)
        if ranked:
            self.heading(ranked[0], ranked[1], start, end)
            return
        label = article_label(line)
        if label:
            self.article(label, start, end)
            self.split_run_together(start + len(label), end)
            return
        if not is_law and self.policy_heading(line, start, end):
            return
        if self.unit and self.unit[0] == "article":
            self.split_run_together(start, end)
        else:
            self.paragraph(start, end)

    def policy_heading(self, line: str, start: int, end: int) -> bool:
        marker = _policy_marker(line)
        if not marker:
            return False
        rank = _POLICY_RANK[marker[0]]
        if _is_short_heading(line) and len(line) > marker[1].end():
            self.heading(rank, normalize_heading(line), start, end)
            return True
        title_end = _inline_title(line, marker[1].end())
        if title_end is None:
            return False
        # The heading span keeps the title's 。 so blocks still cover every character.
        self.heading(rank, normalize_heading(line[:title_end]), start, start + title_end + 1)
        self.paragraph(start + title_end + 1, end)
        return True

    def split_run_together(self, start: int, end: int) -> None:
        """Extend the open article over ``[start, end)``, starting new articles
        where the source ran the next article into this paragraph."""
        pos = start
        for match in _INLINE_ARTICLE_RE.finditer(self.text, start, end):
            label = match.group(1).rstrip(_SPACE)
            number = _article_number(label)
            last = self.last_article
            expected = last is not None and (
                number == (last[0] + 1, 0) or number == (last[0], last[1] + 1)
            )
            if not expected or match.start(1) <= pos:
                continue
            self.paragraph(pos, _rstrip(self.text, pos, match.start(1)))
            self.article(label, match.start(1), match.start(1))
            pos = match.start(1)
        self.paragraph(pos, end)


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    return end


def is_law_text(text: str) -> bool:
    """True when paragraphs start with 第X条 (two or more): a law-style text."""
    count = 0
    for start, end in _lines(text):
        if _ARTICLE_RE.match(text, start, end):
            count += 1
            if count >= 2:
                return True
    return False


def parse_structure(text: str) -> list[Block]:
    """Blocks of ``text`` in order (see :class:`Block`); no structure → one text block."""
    parser = _Parser(text)
    is_law = is_law_text(text)
    lines = list(_lines(text))
    first_h1 = [i for i, (s, e) in enumerate(lines) if text.startswith("# ", s)]
    title_index = 0 if first_h1 == [0] else None
    for i, (start, end) in enumerate(lines):
        if i == title_index:
            parser.blocks.append(Block("title", 0, (), start, end))
            continue
        parser.line(start, end, is_law)
    parser.close_unit()
    return parser.blocks
