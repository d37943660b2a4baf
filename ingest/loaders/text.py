"""Plain text and Markdown: encoding detection and the law-file header block.

Chinese offices still save text as GBK/GB18030; we decode with UTF-8 first,
then ask charset-normalizer, and read any GB family guess as GB18030 (its
superset, so no character of a GBK file is lost).

Law files in the corpus (../shared/corpus/laws) open with a header block::

    # 中华人民共和国专利法
    1984年3月12日 第六届全国人民代表大会常务委员会第四次会议通过
    ...
    <!-- INFO END -->

The header goes into ``meta``; its dated lines (通过, 修正, 公布, 施行) stay
in the page text too, as the document's first paragraph: "最初是什么时候通过
的" is asked and must be answered with a citation.
"""

from __future__ import annotations

import re
from pathlib import Path

from charset_normalizer import from_bytes

from assistant.errors import IngestError
from assistant.settings import Settings
from ingest.types import LoadedDocument, Page

_GB_FAMILY = {"gbk", "gb2312", "gb18030", "cp936", "hz", "hz_gb_2312", "euc_cn"}
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_INFO_END = "<!-- INFO END -->"
_DATE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
_EVENT_LINE = re.compile(rf"^\s*{_DATE}\s*(.*?)[\s\u3000）)]*$")
# The event word at the end of a header line, with its ordinal ("第二次修正").
_EVENT_WORD = re.compile(
    r"((?:第[一二三四五六七八九十]+次)?(?:通过|修正|修订|公布|发布|施行|批准|废止|印发|颁布))\s*$"
)
_EFFECTIVE_IN_BODY = re.compile(rf"自{_DATE}起(?:施行|实施|生效)")
# The rest of a header line cut off by INFO END: "会议通过）".
_HEADER_TAIL = re.compile(r"^[^。\n]{0,40}(?:通过|修正|修订|公布|施行)[）)]?\s*$")


def iso_date(year: str, month: str, day: str) -> str:
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes of a text file; return (text, encoding). Raise IngestError."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise IngestError(f"cannot decode text as {encoding}: {exc.reason}") from exc
    if b"\x00" in data:
        raise IngestError("not a text file (binary content)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    encoding = best.encoding.lower() if best is not None else None
    if encoding is None or encoding in _GB_FAMILY:
        encoding = "gb18030"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise IngestError(
            "cannot decode text (not UTF-8, GB18030 or another known encoding)"
        ) from exc
    if _looks_binary(text):
        raise IngestError("not a text file (binary content or unknown encoding)")
    return text, encoding


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls > max(2, len(text) // 100)


def looks_like_text(head: bytes) -> bool:
    """Cheap sniff on the first bytes: no NULs (unless UTF-16 BOM) and decodable."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        # The head may end inside a multibyte character: try dropping up to 3 bytes.
        for cut in range(4):
            try:
                decoded = head[: len(head) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
            return not _looks_binary(decoded)
    best = from_bytes(head).best()
    return best is not None and not _looks_binary(str(best))


def parse_header(text: str) -> tuple[str, dict[str, str]]:
    """Split a law file into (body, meta); text without a header is returned as is."""
    lines = text.split("\n")
    if not lines or not lines[0].startswith("# "):
        return text, {}
    if _INFO_END in text:
        head, body = text.split(_INFO_END, 1)
        header_lines = head.split("\n")
    else:
        # No end marker: the header is the title plus the dated event lines under it.
        end = 1
        while end < len(lines) and (not lines[end].strip() or _EVENT_LINE.match(lines[end])):
            end += 1
        header_lines = lines[:end]
        if not any(_EVENT_LINE.match(line) for line in header_lines):
            return text, {"title": lines[0][2:].strip()}
        body = "\n".join(lines[end:])
    meta = {"title": header_lines[0][2:].strip()}
    events = [line.strip() for line in header_lines[1:] if line.strip()]
    body = _take_cut_header_tail(events, body)
    meta.update(_event_meta(events))
    if "effective" not in meta and (found := _EFFECTIVE_IN_BODY.search(body)):
        meta["effective"] = iso_date(*found.groups())
    history = "\n".join(line for line in events if _EVENT_LINE.match(line))
    body = body.lstrip("\n")
    return (f"{history}\n\n{body}" if history else body), meta


def _take_cut_header_tail(events: list[str], body: str) -> str:
    """A header line cut by INFO END continues in the body ("…第二次" / "会议通过）")."""
    if not events or _EVENT_WORD.search(events[-1].rstrip("）) \u3000")):
        return body
    stripped = body.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    if _HEADER_TAIL.match(first):
        events[-1] = events[-1] + first.strip()
        return rest
    return body


def _event_meta(events: list[str]) -> dict[str, str]:
    meta: dict[str, str] = {}
    labelled: list[tuple[str, str]] = []  # (iso date, "2020年7月5日 公布")
    for line in events:
        found = _EVENT_LINE.match(line)
        if not found:
            continue
        year, month, day, rest = found.groups()
        word = _EVENT_WORD.search(rest.rstrip("）) \u3000"))
        label = word.group(1) if word else rest.strip()
        date_text = f"{int(year)}年{int(month)}月{int(day)}日"
        labelled.append((iso_date(year, month, day), f"{date_text} {label}".strip()))
        if label.endswith("施行"):
            meta["effective"] = iso_date(year, month, day)
    if labelled:
        meta["events"] = "; ".join(label for _, label in labelled)
        dated = [(iso, label) for iso, label in labelled if not label.endswith("施行")]
        meta["issued"] = max(dated or labelled)[0]
    return meta


class TextLoader:
    """UTF-8 / GB18030 / UTF-16 text and Markdown files, as one page-less page."""

    format = "text"
    suffixes = (".txt", ".md", ".markdown", ".text")

    def sniff(self, head: bytes) -> bool:
        return looks_like_text(head)

    def load(self, path: Path, settings: Settings) -> LoadedDocument:
        text, encoding = decode_text(path.read_bytes())
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        body, meta = parse_header(text)
        notes = [] if encoding in ("utf-8", "utf-8-sig") else [f"decoded as {encoding}"]
        return LoadedDocument(
            source=path,
            format=self.format,
            pages=[Page(number=None, text=body)],
            meta=meta,
            notes=notes,
        )
