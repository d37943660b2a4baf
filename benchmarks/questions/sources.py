"""The law texts: parsing a file into header, articles and paragraphs; reading the archive."""

from __future__ import annotations

import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from text import CN_NUM, cn2int, loose, norm, strip_cn, title_key

ART_RE = re.compile(rf"^第([{CN_NUM}]+)条(之[一二三四五六七八九十]+)?[\s\u3000]+")
# An article run into the previous paragraph after its 。 or ；.
RUN_RE = re.compile(rf"(?<=[。；])[\s\u3000]*(?=第([{CN_NUM}]+)条[\s\u3000])")
PSEUDO_RE = re.compile(r"^([一二三四五六七八九十]+)、")
ITEM_RE = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")
HEAD_DATE_RE = re.compile(r"^(\d{4}年\d{1,2}月\d{1,2}日)")
EFFECTIVE_RE = re.compile(r"^本(?:法|条例|办法|规定|安排|细则|决定|规则)自(.{2,20}?)起施行")
_ZERO_WIDTH = "\u200b\ufeff\u200c\u200d\u2060"


@dataclass
class Article:
    """A 第N条 article, or a 一、 section in a document without articles."""

    label: str
    cn: str  # the number as written (二十三)
    num: int
    sub: bool  # 第N条之一: an inserted article, outside the numbering
    paras: list[str]

    @property
    def body(self) -> str:
        return "\n".join(self.paras)


class Doc:
    """One law file (or the report): title, header lines, articles, paragraphs."""

    def __init__(self, text: str, rel: str | None, filename: str) -> None:
        self.rel = rel  # value for the "source" field; None for archive laws
        self.filename = filename
        self.text = text
        self.ntext = norm(text)
        m = re.search(r"\((\d{4})-(\d{2})-(\d{2})\)", filename)
        self.vdate = m.group(0)[1:-1] if m else ""
        lines = text.splitlines()
        self.title, start = _title(lines)
        self.header, body = _header_and_body(lines, start)
        self.arts: list[Article] = []  # real 第N条 articles
        self.paras: list[str] = []  # all body paragraphs (report, sentences)
        seq = self._parse_articles(body)
        # 一、二、 sections, only in docs without 第N条
        self.pseudo = [] if self.arts else _pseudo_sections(seq)

    @cached_property
    def loose(self) -> str:
        return loose(self.text)

    @property
    def short(self) -> str:
        return strip_cn(self.title)

    @property
    def sections(self) -> list[Article]:
        return self.arts or self.pseudo

    def _parse_articles(self, body: list[str]) -> list[str | None]:
        """Fill arts and paras; return the paragraphs with None at headings."""
        last = 0
        cur: Article | None = None
        seq: list[str | None] = []
        for raw in body:
            p = raw.strip()
            if not p.strip(_ZERO_WIDTH):
                continue
            if p.startswith("#"):
                cur = None  # an article never runs past a heading
                seq.append(None)
                continue
            for piece in _split_runs(p, last):
                if not piece:
                    continue
                self.paras.append(piece)
                seq.append(piece)
                m = ART_RE.match(piece)
                if m:
                    cur = Article(
                        label=piece[: m.end()].strip(),
                        cn=m.group(1),
                        num=cn2int(m.group(1)),
                        sub=bool(m.group(2)),
                        paras=[piece[m.end() :].strip()],
                    )
                    self.arts.append(cur)
                    if not m.group(2):
                        last = cur.num
                elif cur is not None:
                    cur.paras.append(piece)
        return seq

    def effective(self) -> tuple[str, str, Article | None] | None:
        """(answer, evidence, article) for the entry-into-force date, or None."""
        for art in reversed(self.arts):
            m = EFFECTIVE_RE.match(art.paras[0])
            if m:
                return m.group(1), m.group(0), art
        for h in self.header:
            m = re.match(r"^(\d{4}年\d{1,2}月\d{1,2}日)[\s\u3000]*施行$", h)
            if m:
                return m.group(1), h, None
        return None

    def adopted(self) -> tuple[str, str] | None:
        """(date, header line) of the first 通过 line."""
        for h in self.header:
            m = re.match(r"^(\d{4}年\d{1,2}月\d{1,2}日)[\s\u3000]+.*通过$", h)
            if m:
                return m.group(1), h
        return None


def _title(lines: list[str]) -> tuple[str, int]:
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return line[2:].strip(), i + 1
    return "", 0


def _header_and_body(lines: list[str], start: int) -> tuple[list[str], list[str]]:
    """Header lines end at <!-- INFO END -->, or else with the leading dated lines."""
    end_info = next((i for i, line in enumerate(lines) if "<!-- INFO END -->" in line), None)
    if end_info is not None and end_info >= start:
        return [x.strip() for x in lines[start:end_info] if x.strip()], lines[end_info + 1 :]
    header = []
    i = start
    while i < len(lines) and (not lines[i].strip() or HEAD_DATE_RE.match(lines[i].strip())):
        if lines[i].strip():
            header.append(lines[i].strip())
        i += 1
    return header, lines[i:]


def _split_runs(p: str, last: int) -> list[str]:
    """Split off articles run into a paragraph; only where the numbering continues."""
    pieces: list[str] = []
    pos = 0
    for m in RUN_RE.finditer(p):
        if cn2int(m.group(1)) == last + 1 + len(pieces):
            pieces.append(p[pos : m.start()].strip())
            pos = m.end()
    pieces.append(p[pos:].strip())
    return pieces


def _pseudo_sections(seq: list[str | None]) -> list[Article]:
    out: list[Article] = []
    cur: Article | None = None
    for p in seq:
        if p is None:
            cur = None
            continue
        m = PSEUDO_RE.match(p)
        if m and not ITEM_RE.match(p):
            cur = Article(m.group(0), m.group(1), cn2int(m.group(1)), False, [p[m.end() :].strip()])
            out.append(cur)
        elif cur is not None:
            cur.paras.append(p)
    return out


def load_dir_docs(folder: Path, rel_prefix: str) -> list[Doc]:
    return [
        Doc(f.read_text(encoding="utf-8"), rel_prefix + f.name, f.name)
        for f in sorted(folder.glob("*.md"))
    ]


# ----------------------------------------------------------------- the archive

# Archive laws on these subjects are too close to the indexed ones to be sure
# the corpus cannot answer them, so they never become refusals.
RELATED_WORDS = (
    "中小企业",
    "营商",
    "科技",
    "科学技术",
    "成果转化",
    "税",
    "采购",
    "外商",
    "外资",
    "专利",
    "数字经济",
    "高新技术",
    "个体工商户",
    "公平竞争",
    "款项",
    "长江",
    "水污染",
    "创新",
    "民营",
    "动能",
    "技术改造",
    "人工智能",
    "仲裁",
    "巡回法庭",
    "涉外",
    "香港",
    "企业",
    "产业",
    "投资",
    "招标",
    "知识产权",
    "发票",
    "征收",
)
NATIONAL_DIRS = (
    "宪法相关法",
    "民法商法",
    "行政法",
    "经济法",
    "社会法",
    "诉讼与非诉讼程序法",
    "行政法规",
)


def iter_archive(path: Path) -> Iterator[tuple[str, str]]:
    """Yield (member path, text) for every .md in a tar(.gz) or a directory."""
    if path.is_dir():
        for f in sorted(path.rglob("*.md")):
            yield str(f.relative_to(path)), f.read_text(encoding="utf-8", errors="replace")
        return
    files = {}
    with tarfile.open(path, "r|*") as tf:  # stream: no seeking in the gzip
        for m in tf:
            if m.isfile() and m.name.endswith(".md"):
                fh = tf.extractfile(m)
                if fh is not None:
                    files[m.name] = fh.read().decode("utf-8", errors="replace")
    for name in sorted(files):
        yield name, files[name]


def _archive_doc(name: str, text: str) -> Doc | None:
    """The member as a refusal candidate, or None if it is off-limits or unusable."""
    parts = Path(name).parts
    base = Path(name).name
    if base.startswith("_") or base == "README.md" or "模版" in base or "案例" in parts:
        return None
    chongqing = any(p.startswith("重庆") for p in parts)
    national = any(p in NATIONAL_DIRS for p in parts) and "DLC" not in parts
    if not (chongqing or national):
        return None
    d = Doc(text, None, base)
    if not d.title or len(d.arts) < 8:
        return None
    if chongqing and not d.title.startswith("重庆市"):
        return None
    if any(w in d.title for w in RELATED_WORDS) or "修正案" in d.title or "决定" in d.title:
        return None
    return d


def select_archive(archive_path: Path) -> list[Doc]:
    """Un-indexed candidate laws: Chongqing regulations and national laws on
    unrelated subjects, one (latest) version per title."""
    best: dict[str, Doc] = {}
    for name, text in iter_archive(archive_path):
        d = _archive_doc(name, text)
        if d is None:
            continue
        key = title_key(d.title)
        if key not in best or d.vdate > best[key].vdate:
            best[key] = d
    return [best[k] for k in sorted(best)]
