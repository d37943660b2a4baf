"""Footnotes: a note's text moves from the page foot to just after the sentence
holding its marker, as ``[注1：…]``, so a chunk quoting the sentence carries
its note. A note whose marker is nowhere becomes a paragraph after the one
that was open when it was read.

A module of its own, between the line rules (``ingest.linebreaks``) and the
cleaner (``ingest.clean``), which takes notes out of the lines before they
are rejoined and puts them back into the paragraphs after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text import SUPERSCRIPTS
from ingest.linebreaks import BLOCK_START, CLOSERS, SEP_RANK, Para, glue

__all__ = ["Note", "place_notes", "split_footnotes"]

_SUP_VALUE = {c: str(i) for i, c in enumerate(SUPERSCRIPTS)}
_FOOTNOTE = re.compile(rf"^\s*([{SUPERSCRIPTS}]+)\s*([^{SUPERSCRIPTS}\s].*)$")


@dataclass
class Note:
    number: str  # the marker as superscript digits
    text: str
    page: int | None
    para: int  # index of the paragraph open when the note was read


def split_footnotes(
    lines: list[tuple[str, int | None, str]],
) -> tuple[list[tuple[str, int | None, str]], list[Note]]:
    """Take footnote texts (lines opening with a superscript number) out of the flow.

    A note's ``para`` is then the index of the body line before it (-1: none).
    """
    body: list[tuple[str, int | None, str]] = []
    notes: list[Note] = []
    carry = "newline"
    i = 0
    while i < len(lines):
        line, page, sep = lines[i]
        found = _FOOTNOTE.match(line)
        if not found:
            body.append((line, page, max(sep, carry, key=SEP_RANK.__getitem__)))
            carry = "newline"
            i += 1
            continue
        text = found.group(2).strip()
        i += 1
        # Its wrapped lines follow directly, until a blank line or the page ends.
        while i < len(lines) and lines[i][2] == "newline" and not BLOCK_START.match(lines[i][0]):
            nxt = lines[i][0].strip()
            text += glue(text, nxt) + nxt
            i += 1
        notes.append(Note(found.group(1), text, page, len(body) - 1))
        carry = max(carry, sep, key=SEP_RANK.__getitem__)
    return body, notes


def place_notes(paras: list[Para], notes: list[Note], line_to_para: list[int]) -> None:
    """Put ``notes`` (from ``split_footnotes``) into ``paras`` (rejoined from its body)."""
    for note in notes:
        note.para = line_to_para[note.para] if note.para >= 0 else 0
    notes_left = _attach_notes(paras, notes)
    for note in reversed(notes_left):
        at = min(note.para + 1, len(paras))
        paras.insert(at, Para([(_note_text(note), note.page)], "\n\n", note.text))


def _note_text(note: Note) -> str:
    number = "".join(_SUP_VALUE[c] for c in note.number)
    return f"[注{number}：{note.text}]"


def _attach_notes(paras: list[Para], notes: list[Note]) -> list[Note]:
    """Put each note after the sentence holding its marker; return notes with no marker."""
    used: set[tuple[int, int]] = set()
    left = []
    for note in notes:
        place = _find_marker(paras, note, used)
        if place is None:
            left.append(note)
            continue
        index, offset = place
        used.add(place)
        text = paras[index].text
        end = _sentence_end(text, offset)
        # Later notes of the same sentence go after the earlier ones.
        while text.startswith("[注", end) and "]" in text[end:]:
            end = text.index("]", end) + 1
        _insert(paras[index], end, _note_text(note), note.page)
    return left


def _find_marker(
    paras: list[Para], note: Note, used: set[tuple[int, int]]
) -> tuple[int, int] | None:
    """(paragraph, offset after the marker): nearest before the note, else after."""
    pattern = re.compile(rf"(?<![{SUPERSCRIPTS}]){note.number}(?![{SUPERSCRIPTS}])")
    order = [*range(min(note.para, len(paras) - 1), -1, -1), *range(note.para + 1, len(paras))]
    for index in order:
        for found in reversed(list(pattern.finditer(paras[index].text))):
            if (index, found.end()) not in used and not _inside_note(
                paras[index].text, found.start()
            ):
                return index, found.end()
    return None


def _inside_note(text: str, offset: int) -> bool:
    return text.rfind("[注", 0, offset) > text.rfind("]", 0, offset)


def _sentence_end(text: str, offset: int) -> int:
    for i in range(offset, len(text)):
        if text[i] in "。！？；!?;":
            end = i + 1
            while end < len(text) and text[end] in CLOSERS + SUPERSCRIPTS:
                end += 1
            return end
    return len(text)


def _insert(para: Para, offset: int, text: str, page: int | None) -> None:
    """Insert ``text`` (of ``page``) at ``offset``, splitting the piece it falls in."""
    pos = 0
    for i, (piece, piece_page) in enumerate(para.pieces):
        if offset <= pos + len(piece):
            cut = offset - pos
            parts = [(piece[:cut], piece_page), (text, page), (piece[cut:], piece_page)]
            para.pieces[i : i + 1] = [p for p in parts if p[0]]
            return
        pos += len(piece)
    para.pieces.append((text, page))
