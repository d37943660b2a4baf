"""Document metadata (title, issuer, 文号, dates, type) and version status.

Precedence, strongest first: the folder's ``policyqa.toml`` entry, the
loader's ``doc.meta``, what the text says, what the file name says. Dates are
ISO ``YYYY-MM-DD`` strings; an unknown field is an empty string.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

from assistant.records import DOC_FIELDS
from assistant.text import (
    DOC_NUMBER_RE,
    doc_type_of,
    drop_superscripts,
    normalise_doc_number,
    parse_number,
    title_key,
)
from ingest.manifest import manifest_for
from ingest.structure import is_numbered_line, normalize_heading
from ingest.types import CleanDocument

FIELDS = DOC_FIELDS

_ORGAN_SUFFIXES = (
    "人民政府", "办公厅", "办公室", "委员会", "常务委员会", "人民代表大会", "政府", "部",
    "局", "厅", "署", "院", "中心", "银行", "法院", "检察院", "总局", "联合会", "协会",
)  # fmt: skip

_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_RE = re.compile(r"((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})")
_STEM_DATE_RE = re.compile(r"\s*[（(]((?:19|20)\d{2}-\d{2}-\d{2})[)）]\s*$")
_ORDER_RE = re.compile(r"([\u4e00-\u9fff]{0,12}令)第\s*(\d{1,4})\s*号")
_EVENT_RE = re.compile(r"(通过|公布|发布|印发|修订|修正|施行)")
_NPC_RE = re.compile(
    r"([\u4e00-\u9fff]*?)第[一二三四五六七八九十]+届(全国)?人民代表大会(常务委员会)?"
)
_EFFECTIVE_RE = re.compile(
    r"本[\u4e00-\u9fff]{0,8}?自\s*(?:((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
    r"|(公布|印发|发布)之日)\s*起(?:施行|实施|执行|生效)"
)
_VALID_UNTIL_RE = re.compile(
    r"有效期(?:至|到)\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
)
_VALID_YEARS_RE = re.compile(r"有效期(?:为|暂定)?\s*([\d一二两三四五六七八九十]+)\s*年")
_ISSUE_RE = re.compile(r"第\s*\d+\s*期")
_HEAD_LINES = 15
_TAIL_LINES = 10


def _iso(year: str, month: str, day: str) -> str:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""


def parse_date(text: str) -> str:
    """First date in ``text`` (``2024年1月5日``, ``2024 年 1 月 5 日``, ``2024-01-05``) as ISO."""
    match = _DATE_RE.search(text) or _ISO_RE.search(text)
    return _iso(*match.groups()) if match else ""


def _lines(text: str) -> list[str]:
    return [line.strip(" \t\u3000\u200b") for line in text.splitlines() if line.strip()]


def _clean_title(line: str) -> str:
    line = drop_superscripts(line.lstrip("#").strip())
    return normalize_heading(line).strip("《》")


def file_stem_title(path: Path) -> str:
    """``保障中小企业款项支付条例(2020-07-05).md`` → ``保障中小企业款项支付条例``."""
    return _STEM_DATE_RE.sub("", path.stem).strip()


def _stem_date(path: Path) -> str:
    match = _STEM_DATE_RE.search(path.stem)
    return match.group(1) if match else ""


def _is_date_line(line: str) -> bool:
    return bool(_DATE_RE.fullmatch(line) or _ISO_RE.fullmatch(line))


def _is_organ(line: str) -> bool:
    return len(line) <= 30 and not _DATE_RE.search(line) and line.endswith(_ORGAN_SUFFIXES)


def _title_candidate(line: str) -> bool:
    if len(line) > 60 or "。" in line or _is_date_line(line) or is_numbered_line(line):
        return False
    title = _clean_title(line)
    return bool(doc_type_of(title)) and not _is_organ(title)


def _title_from_text(lines: list[str]) -> str:
    """The document's title: its ``# title`` line, else the last title-like short
    line before the body starts (a series name such as 大数据与决策研究 or an
    organ line comes earlier, the title sits right above the text)."""
    head = lines[:_HEAD_LINES]
    if head and head[0].startswith("# "):
        return _clean_title(head[0])
    found = ""
    for i, line in enumerate(head):
        if len(line) > 60 or ("。" in line and len(line) > 30):
            break  # the body has started
        if not _title_candidate(line) or _is_series(head, i):
            continue
        start = i
        while start > max(0, i - 3) and _title_continues(head, start - 1):
            start -= 1  # a long title wraps over several short lines
        found = "".join(_clean_title(part) for part in head[start : i + 1])
    return found


def _title_continues(head: list[str], j: int) -> bool:
    """Line ``j`` is the first part of a title that wraps onto the next line."""
    line = head[j]
    return not (
        len(line) > 40
        or line[-1] in "。；：:！？"
        or _is_date_line(line)
        or DOC_NUMBER_RE.search(line)
        or _is_organ(line)
        or line.endswith("文件")
        or _ISSUE_RE.search(line)
        or _is_series(head, j)
        or is_numbered_line(line)
        or _title_candidate(line)
    )


def _is_series(head: list[str], i: int) -> bool:
    """A periodical's name: the next line is its issue, 2024 年第 61 期."""
    return i + 1 < len(head) and bool(_ISSUE_RE.search(head[i + 1]))


def _series(lines: list[str]) -> str:
    head = lines[:_HEAD_LINES]
    for i, line in enumerate(head):
        if _is_series(head, i) and len(line) <= 30:
            return _clean_title(line)
    return ""


# A revision named within a header line ("…通过根据2021年9月29日…的决定修正").
_REVISED_RE = re.compile(r"根据" + _DATE_RE.pattern + r"[^。]*?(?:修正|修订)")


def _header_events(lines: list[str]) -> list[tuple[str, str]]:
    """(ISO date, line) of ``YYYY年M月D日 …通过/公布/修订/施行`` lines at the
    top, and of the revisions ("根据…修正") a line goes on to name."""
    events = []
    for line in lines[:_HEAD_LINES]:
        match = _DATE_RE.match(line)
        if match and _EVENT_RE.search(line, match.end()):
            dates = [match.groups()] + [m.groups() for m in _REVISED_RE.finditer(line, match.end())]
            events += [(date, line) for d in dates if (date := _iso(*d))]
    return events


def _issued(lines: list[str], events: list[tuple[str, str]]) -> str:
    versions = [date for date, line in events if not re.search(r"\s施行$", line)]
    if versions:
        return max(versions)
    for line in lines[:_HEAD_LINES] + lines[-_TAIL_LINES:]:
        if _is_date_line(line):
            return parse_date(line)
    return ""


def _effective(text: str, events: list[tuple[str, str]], issued: str) -> str:
    for date, line in events:
        if re.search(r"\s施行$", line):
            return date
    matches = list(_EFFECTIVE_RE.finditer(text))
    if not matches:
        return ""
    date, since_published = matches[-1].groups()
    return parse_date(date) if date else (issued if since_published else "")


def _expires(text: str, start: str) -> str:
    for sentence in re.split(r"[。；\n]", text):
        if "有效期" not in sentence or not re.search(r"本|施行|实施|印发之日", sentence):
            continue
        until = _VALID_UNTIL_RE.search(sentence)
        if until:
            return parse_date(until.group(1))
        years = _VALID_YEARS_RE.search(sentence)
        if years and start:
            begin = dt.date.fromisoformat(start)
            count = int(parse_number(years.group(1)) or 0)
            try:
                return (begin.replace(year=begin.year + count) - dt.timedelta(days=1)).isoformat()
            except ValueError:  # 29 February
                return (begin.replace(year=begin.year + count, day=28)).isoformat()
    return ""


def _organ_of_event(line: str) -> str:
    npc = _NPC_RE.search(line)
    if npc:
        return f"{npc.group(1)}{npc.group(2) or ''}人民代表大会{npc.group(3) or ''}"
    if "国务院" in line:
        return "国务院"
    if "最高人民法院" in line:
        return "最高人民法院"
    return ""


def _issuer(lines: list[str], events: list[tuple[str, str]]) -> str:
    tail = lines[-_TAIL_LINES:]
    for i, line in enumerate(tail):  # 落款: organ line(s) right above a date line
        if _is_date_line(line) and i and _is_organ(tail[i - 1]):
            organs = []
            j = i - 1
            while j >= 0 and _is_organ(tail[j]):
                organs.insert(0, tail[j])
                j -= 1
            return "、".join(organs)
    for _, line in events:
        organ = _organ_of_event(line)
        if organ:
            return organ
    head = lines[:_HEAD_LINES]
    for i, line in enumerate(head):  # 版头: organ line(s) near the top
        if _is_organ(line):
            organs = [line]
            for nxt in head[i + 1 :]:
                if not _is_organ(nxt):
                    break
                organs.append(nxt)
            return "、".join(organs)
    return ""


def _doc_number(lines: list[str], events: list[tuple[str, str]]) -> str:
    for line in lines[:_HEAD_LINES]:
        if DOC_NUMBER_RE.search(line):
            return normalise_doc_number(line)
    orders = [m for _, line in events for m in _ORDER_RE.finditer(line)]
    if orders:
        prefix = orders[-1].group(1).removeprefix("中华人民共和国")
        return f"{prefix}第{orders[-1].group(2)}号"
    return ""


def extract_metadata(doc: CleanDocument, path: Path | str | None = None) -> dict[str, str]:
    """Metadata of one document: the keys in ``FIELDS`` (``version_key`` included).

    ``path`` (default ``doc.source``) names the file for the title and date
    fallbacks and the manifest lookup. Extra keys from ``doc.meta`` and the
    manifest (``series``, ``author``, ``status``) are kept.
    """
    path = Path(path) if path is not None else doc.source
    lines = _lines(doc.text)
    events = _header_events(lines)
    stem = _stem_date(path)
    issued = _issued(lines, events) or stem
    # A file named by a later revision's date than its header gives ("…实施条例
    # (2019-04-23)" of a header dated 2007) holds that revision.
    revised = stem if stem[:4] > issued[:4] else ""
    guessed = {
        "title": _title_from_text(lines) or file_stem_title(path),
        "issuer": _issuer(lines, events),
        "doc_number": _doc_number(lines, events),
        "issued": issued,
        "effective": _effective(doc.text, events, issued),
        "series": _series(lines),
        "revised": revised,
    }
    meta = {**guessed, **{k: v for k, v in doc.meta.items() if v}, **manifest_for(path)}
    meta["doc_number"] = normalise_doc_number(meta.get("doc_number", ""))
    for key in ("issued", "effective", "expires"):
        if meta.get(key):
            meta[key] = parse_date(meta[key]) or meta[key]
    meta.setdefault("expires", "")
    if not meta["expires"]:
        meta["expires"] = _expires(doc.text, meta.get("effective") or meta.get("issued", ""))
    meta["doc_type"] = meta.get("doc_type") or doc_type_of(meta["title"])
    meta["version_key"] = title_key(meta["title"])
    return {key: meta.get(key, "") for key in FIELDS} | {
        k: v for k, v in meta.items() if k not in FIELDS and v
    }


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def resolve_versions(docs: list[dict], today: dt.date) -> dict[str, str]:
    """Status of each document (by ``doc_id``): ``current`` or ``superseded``.

    Documents sharing a ``version_key`` are versions of one text, ordered by
    ``issued`` (else ``effective``); texts of one date and 文号 are one version. The newest version already in force
    (``effective`` ≤ today, or ``issued`` when there is no effective date) is
    ``current`` and every older one ``superseded``. A newer version not yet in
    force is also ``current``: the one in force still governs today, and
    calling the coming one "superseded" would be false; their ``effective``
    dates tell them apart. A manual ``status`` (or ``status_override``) wins.
    """
    groups: dict[str, list[dict]] = defaultdict(list)
    for doc in docs:
        groups[doc.get("version_key") or doc["doc_id"]].append(doc)
    status: dict[str, str] = {}
    for versions in groups.values():
        ordered = sorted(versions, key=_version_date)
        in_force = [d for d in ordered if (_day(d.get("effective")) or _version_date(d)) <= today]
        current = in_force[-1] if in_force else ordered[-1]
        reached = False
        for doc in ordered:
            reached = reached or doc is current
            # Another text of the same edition (same date and 文号: a PDF and a
            # web page of one notice) is no older version of it (issue #11).
            same = _edition(doc) == _edition(current)
            status[doc["doc_id"]] = "current" if reached or same else "superseded"
    for doc in docs:
        manual = doc.get("status_override") or doc.get("status")
        if manual in ("current", "superseded"):
            status[doc["doc_id"]] = manual
    return status


def _version_date(doc: dict) -> dt.date:
    return _day(doc.get("issued")) or _day(doc.get("effective")) or dt.date.min


def _edition(doc: dict) -> tuple[dt.date, str]:
    return _version_date(doc), doc.get("doc_number") or ""
