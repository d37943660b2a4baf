"""Web pages of Chinese government sites (bs4 + lxml).

Such a page wraps one document in navigation, banners and share buttons. We
drop the chrome, find the element holding the article (known container names
first, then the element with the most paragraph text), and read the 文号 and
dates from the whole page, where sites put them in a small table above the text.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from lxml import etree

from assistant.errors import IngestError
from assistant.settings import Settings
from ingest.loaders.text import decode_text, iso_date
from ingest.types import LoadedDocument, Page

_DROP = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "template",
)
_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "table",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "center",
    "ul",
    "ol",
}
# Containers named by the content systems most government sites use (TRS, 政府网站集约化).
_MAIN_HINTS = re.compile(
    r"TRS_Editor|TRS_UEDITOR|zoom|pages_content|article|content|zwnr|main[-_]?text|"
    r"mainText|text_?con|detail|wzy|xxgk_content|article-content",
    re.I,
)
_CHROME_HINTS = re.compile(
    r"\b(nav|menu|breadcrumb|crumb|share|footer|header|banner|sidebar|"
    r"copyright|related|xgwz|location|position)\b",
    re.I,
)
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fa5]{1,15}\s*[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*[第]?\s*\d{1,5}\s*号"
)
_DATE = r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?"
_DATE_LABELS = {
    "成文日期": "issued",
    "发文日期": "issued",
    "印发日期": "issued",
    "签发日期": "issued",
    "发布日期": "published",
    "发布时间": "published",
    "公开日期": "published",
    "生效日期": "effective",
    "施行日期": "effective",
    "实施日期": "effective",
}
_LABELLED_DATE = re.compile(rf"({'|'.join(_DATE_LABELS)})\s*[:：]?[\s|]*{_DATE}")
_ISSUER = re.compile(
    r"(?:发文机关|发布机构|发文单位|来源)\s*[:：]?[\s|]*([\u4e00-\u9fa5（）()]{2,40})"
)
_META_NAMES = {
    "articletitle": "title",
    "title": "title",
    "contentsource": "issuer",
    "source": "issuer",
    "pubdate": "published",
    "firstpublishedtime": "published",
}


class HtmlLoader:
    """Main text of a web page with paragraph breaks; title, 文号 and dates in meta."""

    format = "html"
    suffixes = (".html", ".htm", ".shtml", ".xhtml")

    def sniff(self, head: bytes) -> bool:
        return looks_like_html(head)

    def load(self, path: Path, settings: Settings) -> LoadedDocument:
        markup, _ = decode_text(path.read_bytes())
        _check_depth(markup)
        try:
            soup = BeautifulSoup(markup, "lxml")
            meta = _head_meta(soup)
            for tag in soup.find_all(_DROP):
                tag.decompose()
            for tag in soup.find_all(_is_chrome):
                if not tag.decomposed:
                    tag.decompose()
            body = soup.body or soup
            main = _main_element(body)
            text = block_text(main)
            page_text = block_text(body)
        except RecursionError as exc:
            raise IngestError("HTML nested too deeply to read") from exc
        for key, value in _text_meta(page_text, soup).items():
            meta.setdefault(key, value)
        if "issued" not in meta and "published" in meta:
            meta["issued"] = meta["published"]
        if not text.strip():
            raise IngestError("no text in HTML page")
        return LoadedDocument(
            source=path, format=self.format, pages=[Page(number=None, text=text)], meta=meta
        )


def _check_depth(markup: str) -> None:
    """Refuse pathologically nested pages before bs4 walks them.

    libxml2 stops at 256 levels (real pages stay far below); bs4's tree edits
    cost O(depth) each, so a 100,000-level page would otherwise take hours.
    """
    parser = etree.HTMLParser()
    try:
        etree.fromstring(markup.encode("utf-8"), parser)
    except (etree.LxmlError, ValueError):
        return  # bs4 is more forgiving; let it try
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise IngestError("HTML nested too deeply to read (over 256 levels)")


def looks_like_html(head: bytes) -> bool:
    start = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return True
    # A fragment without <html>: it starts with a tag and contains common ones.
    return start.startswith(b"<") and any(t in start for t in (b"<div", b"<p>", b"<p ", b"<meta"))


def _is_chrome(tag: Tag) -> bool:
    if not isinstance(tag, Tag) or tag.name in ("html", "body") or tag.attrs is None:
        return False
    names = " ".join([*tag.get("class", []), tag.get("id", "") or "", tag.get("role", "") or ""])
    return (
        bool(names.strip()) and bool(_CHROME_HINTS.search(names)) and not _MAIN_HINTS.search(names)
    )


def _main_element(body: Tag) -> Tag:
    """The known content container if any, else the element with most <p> text."""
    hinted = [
        tag
        for tag in body.find_all(True)
        if _MAIN_HINTS.search(" ".join([*tag.get("class", []), tag.get("id", "") or ""]))
    ]
    hinted.sort(key=_text_len, reverse=True)
    if hinted and _text_len(hinted[0]) >= 50:
        # Wrappers like "content-wrap" hold the whole page: go down to the
        # innermost hinted element that still holds most of the text.
        best = hinted[0]
        for tag in hinted[1:]:
            if best in tag.parents and _text_len(tag) >= 0.6 * _text_len(best):
                best = tag
        return best
    scores: dict[int, tuple[int, Tag]] = {}
    for para in body.find_all("p"):
        parent = para.parent
        if isinstance(parent, Tag):
            old = scores.get(id(parent), (0, parent))[0]
            scores[id(parent)] = (old + len(para.get_text(strip=True)), parent)
    if scores:
        length, parent = max(scores.values(), key=lambda item: item[0])
        if length >= 50:
            return parent
    return body


def _text_len(tag: Tag) -> int:
    return len(tag.get_text(strip=True))


def block_text(root: Tag) -> str:
    """Text with a line break around each block element and <br>; rows as "a | b"."""
    for br in root.find_all("br"):
        br.replace_with("\n")
    for row in root.find_all("tr"):
        cells = [" ".join(c.get_text(" ", strip=True).split()) for c in row.find_all(["td", "th"])]
        row.replace_with("\n" + " | ".join(c for c in cells if c) + "\n")
    for tag in root.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = root.get_text()
    lines = [" ".join(line.replace("\xa0", " ").split(" ")).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
    return "\n\n".join(out)


def _head_meta(soup: BeautifulSoup) -> dict[str, str]:
    meta: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = _META_NAMES.get(str(tag.get("name", "")).lower())
        content = str(tag.get("content", "")).strip()
        if not key or not content or key in meta:
            continue
        if key == "published":
            found = re.search(_DATE, content)
            if found:
                meta[key] = iso_date(*found.groups())
        else:
            meta[key] = content
    return meta


def _text_meta(page_text: str, soup: BeautifulSoup) -> dict[str, str]:
    meta: dict[str, str] = {}
    h1 = soup.find("h1")
    title_tag = soup.find("title")
    if h1 is not None and h1.get_text(strip=True):
        meta["title"] = " ".join(h1.get_text(" ", strip=True).split())
    elif title_tag is not None and title_tag.get_text(strip=True):
        # "文件标题_某某人民政府门户网站" -> the part before the site name.
        meta["title"] = re.split(r"\s*[_|｜]\s*|\s+-\s+", title_tag.get_text(strip=True))[0]
    if found := DOC_NUMBER.search(page_text):
        meta["doc_number"] = re.sub(r"\s+", "", found.group(0))
    for label, *date in _LABELLED_DATE.findall(page_text):
        meta.setdefault(_DATE_LABELS[label], iso_date(*date))
    if found := _ISSUER.search(page_text):
        meta["issuer"] = found.group(1)
    return meta
