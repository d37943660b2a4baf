"""Cleaning: loaded pages -> one text with the page of every character.

The official characters are kept (no NFKC: full-width brackets and U+3000 in
headings are part of the text the structure parser and citations rely on).
What changes is layout: odd spaces, running headers and page numbers, lines
broken by visual wrap or by a page break, spaces LibreOffice puts between
digits and Chinese, and footnote texts, which move next to their markers.

Paragraphs are kept as lists of (text, page) pieces while lines are rejoined
and footnotes move, so ``page_spans`` stays exact. Which line breaks are
layout is decided in ``ingest.linebreaks``; where notes go, in
``ingest.footnotes``.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ingest.footnotes import place_notes, split_footnotes
from ingest.linebreaks import SEP_RANK, Para, ends_sentence, rejoin
from ingest.types import CleanDocument, LoadedDocument

_CJK = "\u3400-\u9fff\uf900-\ufaff"
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\t]")
_PAGE_NUMBER = re.compile(
    r"""^\s*(?:
        [-—–－~\s]*\d{1,4}[-—–－~\s]*
      | 第\s*\d+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?
      | 共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页
      | \d{1,4}\s*[/／]\s*\d{1,4}
      | (?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?
      | [-—–－]\s*[ivxlcIVXLC]+\s*[-—–－]
    )\s*$""",
    re.X | re.I,
)
_CJK_SPACE_DIGIT = re.compile(rf"(?<=[{_CJK}])[ ]+(?=\d)")
_DIGIT_SPACE_CJK = re.compile(rf"(\d+(?:[.．]\d+)*)[ ]+(?=[{_CJK}])")


# --- pure str -> str steps ----------------------------------------------------


def normalize_whitespace(text: str) -> str:
    """Drop zero-width marks, odd spaces -> " ", strip line ends, collapse blank runs.

    U+3000 stays: it is part of headings such as ``第一章　总　　则``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = "\n".join(line.rstrip(" \u3000") for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def remove_digit_spaces(text: str) -> str:
    """``2024 年7 月`` -> ``2024年7月``: the spaces LibreOffice puts around digits.

    A number opening a line and followed by a space is a section number
    (``1 范围``, ``3.1 术语``) unless a date follows, so it is left alone.
    """
    text = _CJK_SPACE_DIGIT.sub("", text)

    def fix(match: re.Match[str]) -> str:
        start = match.start()
        at_line_start = start == 0 or text[start - 1] == "\n"
        if at_line_start and text[match.end()] != "年":
            return match.group(0)
        return match.group(1)

    return _DIGIT_SPACE_CJK.sub(fix, text)


def is_page_number(line: str) -> bool:
    """ "- 3 -", "第 3 页", "3/10", "Page 3", a bare number."""
    return bool(line.strip()) and bool(_PAGE_NUMBER.match(line))


def strip_running_lines(pages: list[str]) -> list[str]:
    """Drop page numbers and headers/footers repeated on at least half the pages."""
    split = [[line for line in page.split("\n")] for page in pages]
    need = max(2, math.ceil(len(pages) / 2))
    top: Counter[str] = Counter()
    bottom: Counter[str] = Counter()
    for lines in split:
        filled = [line for line in lines if line.strip()]
        top.update({_line_key(line) for line in filled[:2]})
        bottom.update({_line_key(line) for line in filled[-2:]})
    top_keys = {key for key, n in top.items() if n >= need}
    bottom_keys = {key for key, n in bottom.items() if n >= need}
    return ["\n".join(_trim(lines, top_keys, bottom_keys)) for lines in split]


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def _trim(lines: list[str], top_keys: set[str], bottom_keys: set[str]) -> list[str]:
    lines = list(lines)
    for keys, index in ((top_keys, 0), (bottom_keys, -1)):
        dropped = 0
        while lines and dropped < 3:
            if not lines[index].strip():
                lines.pop(index)
                continue
            line = lines[index]
            # Running headers and footers are labels, never sentences.
            repeated = _line_key(line) in keys and not ends_sentence(line)
            if is_page_number(line) or repeated:
                lines.pop(index)
                dropped += 1
                continue
            break
    return lines


# --- the document -------------------------------------------------------------


def clean_document(loaded: LoadedDocument) -> CleanDocument:
    """Clean a loaded document into one text with exact page spans."""
    texts = [normalize_whitespace(page.text) for page in loaded.pages]
    if len(texts) > 1 or any(page.number is not None for page in loaded.pages):
        texts = strip_running_lines(texts)
    texts = [remove_digit_spaces(text) for text in texts]
    lines = _lines(texts, [page.number for page in loaded.pages])
    body, notes = split_footnotes(lines)
    paras, line_to_para = rejoin(body)
    place_notes(paras, notes, line_to_para)
    text, spans = _emit(paras)
    return CleanDocument(
        source=loaded.source,
        format=loaded.format,
        text=text,
        page_spans=spans,
        meta=dict(loaded.meta),
        notes=list(loaded.notes),
    )


def _lines(texts: list[str], numbers: list[int | None]) -> list[tuple[str, int | None, str]]:
    """(line, page, separator before it) for every non-blank line."""
    out = []
    pending = "newline"
    for index, (text, number) in enumerate(zip(texts, numbers, strict=True)):
        if index:
            pending = "page"
        for line in text.split("\n"):
            if not line.strip():
                pending = max(pending, "blank", key=SEP_RANK.__getitem__)
                continue
            out.append((line, number, pending))
            pending = "newline"
    return out


def _emit(paras: list[Para]) -> tuple[str, list[tuple[int, int, int | None]]]:
    chunks: list[str] = []
    spans: list[tuple[int, int, int | None]] = []
    pos = 0
    for index, para in enumerate(paras):
        pieces = list(para.pieces)
        if index:
            # The separator belongs to the page of the text before it.
            chunks.append(para.sep)
            _extend(spans, pos, pos + len(para.sep), spans[-1][2] if spans else pieces[0][1])
            pos += len(para.sep)
        for piece, page in pieces:
            chunks.append(piece)
            _extend(spans, pos, pos + len(piece), page)
            pos += len(piece)
    return "".join(chunks), spans


def _extend(
    spans: list[tuple[int, int, int | None]], start: int, end: int, page: int | None
) -> None:
    if start == end:
        return
    if spans and spans[-1][2] == page and spans[-1][1] == start:
        spans[-1] = (spans[-1][0], end, page)
    else:
        spans.append((start, end, page))
