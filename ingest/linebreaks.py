"""Line breaks: which are layout (a visual wrap, a page break) and which the
author's, and the paragraphs the rejoined lines make.

A module of its own because both the footnote step (``ingest.footnotes``:
where a note's wrapped lines end) and the cleaner (``ingest.clean``) read
these rules; below both, they import it and it imports neither.

A paragraph is kept as (text, page) pieces, so a footnote moved into it and
``page_spans`` made from it stay exact.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.text import DOC_NUMBER_RE, SUPERSCRIPTS

__all__ = [
    "BLOCK_START",
    "CLOSERS",
    "SEP_RANK",
    "Para",
    "display_width",
    "ends_sentence",
    "glue",
    "is_heading",
    "rejoin",
    "should_join",
]

# A line ending in one of these ends its sentence (or introduces a list).
_TERMINAL = "。！？；：!?;:…"
CLOSERS = "”’」』）)》】"
# A line ending in one of these is surely continued on the next line.
_SOFT = "，、,（(《“‘【—"
_NUM = "一二三四五六七八九十百千零〇两"
BLOCK_START = re.compile(
    rf"""^\s*(?:
        [{_NUM}]+\s*[、.．]                      # 一、
      | [（(]\s*[{_NUM}]+\s*[)）]                # （一）
      | 第\s*[{_NUM}\d]+\s*[编章节条款部分]       # 第三章 / 第十条
      | \d{{1,3}}\s*[、.．](?![\d.．])           # 1. / 1、 (not 2.5)
      | [（(]\s*\d{{1,3}}\s*[)）]                # （1）
      | [①-⑳]
      | 附件\s*\d*\s*[:：]?\s*$
      | [{SUPERSCRIPTS}]+\s*\S                   # a footnote text
    )""",
    re.X,
)
_HEADING = BLOCK_START
# Markdown structure is never joined to a neighbour.
_STRUCTURAL = re.compile(r"^\s*(?:#{1,6}\s|\||>|[-*+]\s|```|<!--)")
# The break before a line, weakest first: a line's separator is the strongest it crossed.
SEP_RANK = {"newline": 0, "blank": 1, "page": 2}


def display_width(text: str) -> float:
    """Width in full-width character cells (ASCII counts half)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def is_heading(line: str) -> bool:
    """A line that opens a heading or a numbered item (一、 （一） 第X条 1. …)."""
    return bool(_HEADING.match(line)) or bool(_STRUCTURAL.match(line))


def ends_sentence(line: str) -> bool:
    core = line.rstrip(" \u3000" + SUPERSCRIPTS).rstrip(CLOSERS + SUPERSCRIPTS)
    return bool(core) and core[-1] in _TERMINAL


def should_join(prev: str, nxt: str, sep: str, full_width: float) -> bool:
    """Is ``nxt`` the continuation of the line ``prev`` (separated by ``sep``)?"""
    prev, nxt = prev.rstrip(), nxt.strip()
    if not prev or not nxt or ends_sentence(prev):
        return False
    if _STRUCTURAL.match(prev) or _STRUCTURAL.match(nxt) or BLOCK_START.match(nxt):
        return False
    if _is_doc_number_line(prev) or _is_doc_number_line(nxt):
        return False  # a 版头's 文号 stands on its own line (else it eats the title's tail)
    last, first = prev.rstrip(SUPERSCRIPTS)[-1:], nxt[0]
    if not last or not (_continues(last) and _continues(first)):
        return False
    width = display_width(prev)
    if _HEADING.match(prev):
        # A heading wraps only when its line is full; never onto a new paragraph.
        return sep == "newline" and width >= 0.9 * full_width
    if last in _SOFT:
        return True
    if sep != "blank":
        return width >= 0.8 * full_width
    # Across a blank line both sides must look like prose: a long first part,
    # and a second part that is long or ends a sentence (not a label like "山西省").
    limit = min(0.8 * full_width, 40)
    return width >= limit and (ends_sentence(nxt) or display_width(nxt) >= limit)


def _is_doc_number_line(line: str) -> bool:
    """The line is one 文号 and nothing else (沪府发〔2023〕8号)."""
    return DOC_NUMBER_RE.fullmatch(line.strip()) is not None


def _continues(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] in "PS" or ch in "%‰"


def glue(prev: str, nxt: str) -> str:
    """Chinese joins without a space; two Latin words keep one."""
    if prev[-1:].isascii() and prev[-1:].isalpha() and nxt[:1].isascii() and nxt[:1].isalpha():
        return " "
    return ""


# --- paragraphs -----------------------------------------------------------------


@dataclass
class Para:
    pieces: list[tuple[str, int | None]]
    sep: str  # separator written before this paragraph
    last_line: str

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.pieces)


def rejoin(body: list[tuple[str, int | None, str]]) -> tuple[list[Para], list[int]]:
    """(paragraphs, the paragraph of each line) for (line, page, separator) lines."""
    widths = sorted(display_width(line) for line, _, _ in body if display_width(line) >= 4)
    full_width = widths[int(0.8 * (len(widths) - 1))] if widths else 0.0
    paras: list[Para] = []
    line_to_para: list[int] = []
    for line, page, sep in body:
        if paras and should_join(paras[-1].last_line, line, sep, full_width):
            para = paras[-1]
            nxt = line.strip()
            joint = glue(para.last_line.rstrip(), nxt)
            para.pieces.append((joint + nxt, page))
            para.last_line = line
        else:
            paras.append(Para([(line, page)], "\n" if sep == "newline" else "\n\n", line))
        line_to_para.append(len(paras) - 1)
    return paras, line_to_para
