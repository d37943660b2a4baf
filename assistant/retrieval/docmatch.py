"""What a question says about documents: names, regions, versions.

Many laws share their phrasing (every regional 优化营商环境条例 has an article
on 政务服务), so similarity alone often ranks the wrong document first. When
the question names a document, a region, or an older version, retrieval should
prefer it. This module reads those hints generically from the indexed
``DocRecord``s — no per-question rules:

- **names**: a document's title, its title without 中华人民共和国, its
  ``version_key``; and its *core* (title minus region prefix and
  条例/法/办法… suffix, at least 4 characters, e.g. 企业技术改造 for
  山东省企业技术改造条例). A name inside a longer matched name
  (企业所得税法 inside 企业所得税法实施条例) does not count;
- **regions**: provinces and large cities found in the question, matched
  against the region a document's title (or issuer) starts with;
- **versions**: superseded documents are excluded when the current version of
  their ``version_key`` is indexed, unless the question asks for an older
  version ("2020年版的…", "2020版", "修订前的…" with the document named) —
  then the matching superseded version is allowed and boosted and the current
  one damped.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.records import DocRecord
from assistant.retrieval.kinds import typed_documents
from assistant.text import (
    CJK,
    EN_VERSION_WORDS,
    REGION_PREFIX,
    REGIONS,
    TITLE_ENDINGS,
    document_mentions,
    english_terms,
    name_key,
    regions_in,
    title_key,
    without_baseline,
    without_version,
)

__all__ = ["DocMatch", "match_documents", "named_documents"]

# Multipliers on the fused score (RRF scores of the top passages differ by a
# few percent, so these decide between documents, not within one).
NAME_BOOST = 1.0  # the question names the document
CORE_BOOST = 0.6  # the question names the document's subject (its core)
REGION_BOOST = 0.3  # the question names the document's region
VERSION_BOOST = 1.0  # the question asks for this older version
CURRENT_DAMPING = 0.5  # …and this is the current version it did not ask for

_NATIONAL = "中华人民共和国"
_MIN_CORE = 4
_YEAR_MARK = re.compile(
    r"((?:19|20)\d{2})(?:-\d{1,2}-\d{1,2}|年)?(?:[那这该][一个]?)?"
    rf"(版本|版|修订|修正|的|\s*(?:{EN_VERSION_WORDS}))",
    re.I,
)
_STRONG_MARKS = {"版本", "版", "修订", "修正", *EN_VERSION_WORDS.split("|")}
_OLD_MARK = re.compile(
    r"旧版|老版|修订前|修改前|原版|上一版|之前的版本|以前的版本|old version|previous version"
)
_DATE_TAG = re.compile(r"((?:19|20)\d{2})-\d{2}-\d{2}")


def _in_order(short: str, long: str) -> bool:
    """``short``'s characters appear in ``long`` in order (北京数字经济条例 in
    北京市数字经济促进条例: a name shortened as people shorten it)."""
    chars = iter(long)
    return all(ch in chars for ch in short)


def _about(key: str) -> str:
    """What a "关于…的规定" name is about ('' for other names)."""
    m = re.search(r"关于(.+?)(?:若干问题)?(?:规定|决定|安排|解释|意见|通知|办法|批复)$", key)
    return m.group(1) if m else ""


_KIND = re.compile(r"(?:条例|办法|规定|决定|意见|法)$")


def _misremembered(key: str, title: str) -> bool:
    """A region's regulation named in other words ("河南省高新技术促进条例" for
    河南省促进高新技术产业发展条例): the same kind of text, and most of the
    name's words (character pairs, the region left out) in the title."""
    kind, other = _KIND.search(key), _KIND.search(title)
    if kind is None or other is None or kind.group() != other.group():
        return False
    core = key[: kind.start()]
    for region in regions_in(core):
        core = core.replace(region, "")
    # words every such title shares say nothing of which one is meant
    core = re.sub(r"^[省市区县]|经济特区|促进|实施|管理|若干", "", core)
    grams = [core[i : i + 2] for i in range(len(core) - 1)]
    # "中小企业发展" is not "民营企业发展": the words that lead the subject must be there
    return (
        len(grams) >= 3 and grams[0] in title and sum(g in title for g in grams) / len(grams) >= 0.6
    )


def _shortest(regions: set[str]) -> float:
    """How short a name may be of the title it shortens: a name with its
    region may drop more (深圳人工智能条例 for 深圳经济特区人工智能产业促进条例),
    the region already narrowing it to a few documents."""
    return 0.45 if regions else 0.7


def _glossed(key: str) -> str:
    """A name with a Latin abbreviation in it ("深圳AI条例") as the titles spell
    it (深圳人工智能条例)."""
    if not CJK.search(key):
        return key
    return re.sub(
        r"[A-Za-z&]+", lambda m: (english_terms(m.group()) or [m.group()])[0].split()[0], key
    )


def named_documents(
    mention: str, docs: Sequence[DocRecord], *, best_only: bool = False
) -> list[DocRecord]:
    """Indexed documents a name in a question stands for, the closest first:
    the same title; a longer title holding the name (款项支付条例 →
    保障中小企业款项支付条例); a shorter title the name holds; a title the name
    shortens (北京数字经济条例). Never a document of another region than the
    one the name gives (重庆市优化营商环境条例 is not 优化营商环境条例)."""
    # "北京2024年修订的优化营商环境条例": the version is chosen apart (``versions``)
    key = _glossed(re.sub(r"[的之]", "", title_key(without_version(mention))))
    if len(key) < 3:
        return []
    regions = set(regions_in(key))
    found = []
    for d in docs:
        title = title_key(d.title)
        if not regions <= set(regions_in(title)):
            continue
        if key == title:
            found.append((0, 0, d))
        elif key in title or key in re.sub(r"[的之]", "", title):
            found.append((1, len(title), d))
        elif (len(title) >= 4 and title in key) or (len(title) >= 3 and key.endswith(title)):
            # "这是专利法", "外观设计在专利法": words glued before the name
            found.append((2, -len(title), d))
        elif (
            len(key) >= 5 and len(key) >= _shortest(regions) * len(title) and _in_order(key, title)
        ):
            found.append((3, len(title), d))
        elif len(core := _about(key)) >= 4 and core in title:
            # "关于涉外民商事案件管辖的规定" for "…关于涉外民商事案件管辖若干问题的规定"
            found.append((3, len(title), d))
        elif regions and _misremembered(key, title):
            found.append((4, len(title), d))
    found.sort(key=lambda x: (x[0], x[1]))
    if found and found[0][0] == 0:
        # The exact title: 优化营商环境条例 is not also 上海市优化营商环境条例 (its
        # implementing regulation or a region's 实施《…》办法 still is named).
        found = [x for x in found if not _regional_namesake(key, title_key(x[2].title))]
    if best_only and found:
        found = [x for x in found if x[0] == found[0][0]]
    return [d for *_, d in found]


def _regional_namesake(key: str, title: str) -> bool:
    """Is ``title`` a region's document of the name ``key``: the name with a
    region before it (上海市优化营商环境条例 for 优化营商环境条例)?"""
    return title != key and title.endswith(key) and bool(regions_in(title[: -len(key)]))


@dataclass(frozen=True)
class _Profile:
    doc: DocRecord
    names: tuple[str, ...]
    core: str
    region: str
    years: frozenset[int]


def _region_of(doc: DocRecord, title: str) -> str:
    for text in (title, name_key(doc.issuer)):
        for region in REGIONS:
            if text.startswith(region):
                return region
    return ""


def _years_of(doc: DocRecord) -> frozenset[int]:
    years = {int(d[:4]) for d in (doc.issued, doc.effective) if d[:4].isdigit()}
    for text in (doc.source.rsplit("/", 1)[-1], doc.title, doc.version_key):
        years.update(int(y) for y in _DATE_TAG.findall(text))
    return frozenset(years)


def _profile(doc: DocRecord) -> _Profile:
    title = name_key(doc.title)
    names = {title, name_key(doc.version_key)}
    if title.startswith(_NATIONAL):
        names.add(title[len(_NATIONAL) :])
    core = REGION_PREFIX.sub("", title.removeprefix(_NATIONAL)).removeprefix("关于")
    ending = next((e for e in TITLE_ENDINGS if core.endswith(e)), "")
    core = core[: len(core) - len(ending)]
    names = {n for n in names if len(n) >= 2}
    return _Profile(
        doc=doc,
        names=tuple(sorted(names, key=len, reverse=True)),
        core=core if len(core) >= _MIN_CORE and core not in names else "",
        region=_region_of(doc, title),
        years=_years_of(doc),
    )


@dataclass
class _Corpus:
    profiles: list[_Profile]
    chunk_doc: dict[str, str]
    groups: dict[str, list[_Profile]]  # version_key -> versions, when 2+ indexed


_cache: dict[tuple, _Corpus] = {}
_cache_lock = threading.Lock()
# The store hands out one tuple per generation: the same object is the same
# corpus, without building a key over thousands of records per question.
_last: tuple[Sequence[DocRecord], _Corpus] | None = None


def _corpus(docs: Sequence[DocRecord]) -> _Corpus:
    global _last
    last = _last
    if last is not None and last[0] is docs and isinstance(docs, tuple):
        return last[1]
    key = tuple((d.doc_id, d.updated_at, d.status, d.chunks, d.version_key) for d in docs)
    with _cache_lock:
        if key in _cache:
            _last = (docs, _cache[key])
            return _cache[key]
    profiles = [_profile(d) for d in docs]
    groups: dict[str, list[_Profile]] = {}
    for p in profiles:
        if p.doc.version_key:
            groups.setdefault(p.doc.version_key, []).append(p)
    corpus = _Corpus(
        profiles=profiles,
        chunk_doc={c: d.doc_id for d in docs for c in d.chunk_ids},
        groups={k: v for k, v in groups.items() if len(v) > 1},
    )
    with _cache_lock:
        if len(_cache) >= 4:
            _cache.clear()
        _cache[key] = corpus
        _last = (docs, corpus)
    return corpus


@dataclass
class DocMatch:
    """The hints found in one question, ready for fusion."""

    chunk_doc: dict[str, str]  # chunk id -> doc id, for every indexed chunk
    named: list[str] = field(default_factory=list)  # doc ids the question names
    by_name: set[str] = field(default_factory=set)  # of those, named by name, not by a core
    regions: tuple[str, ...] = ()
    excluded: set[str] = field(default_factory=set)  # superseded versions to drop
    requested: list[str] = field(default_factory=list)  # older versions asked for
    dated: list[str] = field(default_factory=list)  # versions asked for by year, current too
    boosts: dict[str, float] = field(default_factory=dict)  # doc id -> multiplier
    spoken_of: list[str] = field(default_factory=list)  # "报告里…": doc ids of that kind
    content_query: str = ""  # the query minus document names, when it named any

    def factor(self, doc_id: str) -> float:
        return self.boosts.get(doc_id, 1.0)


def _named_spans(query: str, profiles: list[_Profile], regions: tuple[str, ...], raw: str):  # type: ignore[no-untyped-def]
    """doc_id -> (start, end, weight) of the longest name the query contains;
    a name given in short (北京数字经济条例) counts as the document's name."""
    found: dict[str, tuple[int, int, float]] = {}
    docs = [p.doc for p in profiles]
    for mention in document_mentions(raw):
        key = name_key(mention)
        at = query.find(key)
        matched = named_documents(mention, docs, best_only=True)
        if at >= 0 and matched:
            for doc in matched:
                found[doc.doc_id] = (at, at + len(key), NAME_BOOST)
    for p in profiles:
        for name in p.names:  # longest first
            at = query.find(name)
            if at >= 0:
                found[p.doc.doc_id] = (at, at + len(name), NAME_BOOST)
                break
        else:
            # A core alone is ambiguous across regions: a question naming
            # another region does not mean this document.
            if p.core and (not regions or not p.region or p.region in regions):
                at = query.find(p.core)
                if at >= 0:
                    found[p.doc.doc_id] = (at, at + len(p.core), CORE_BOOST)
    spans = list(found.values())
    return {
        doc_id: span
        for doc_id, span in found.items()
        if not any(s <= span[0] and span[1] <= e and e - s > span[1] - span[0] for s, e, _ in spans)
    }


def _version_requests(
    query: str, corpus: _Corpus, named: set[str]
) -> tuple[list[str], set[str], list[str]]:
    """(requested superseded doc ids, their groups' current doc ids, every
    version of a group the question names by its year)."""
    asked = without_baseline(query)  # "和2020年版相比，新版…" asks of the new one
    marks = [(int(y), m.strip().lower() in _STRONG_MARKS) for y, m in _YEAR_MARK.findall(asked)]
    old = bool(_OLD_MARK.search(asked))
    requested: list[str] = []
    damped: set[str] = set()
    dated: list[str] = []
    for key, versions in corpus.groups.items():
        group_named = any(p.doc.doc_id in named for p in versions) or name_key(key) in query
        years = {y for y, strong in marks if strong or group_named}
        dated += [p.doc.doc_id for p in versions if p.years & years]
        older = [p for p in versions if p.doc.status == "superseded"]
        targets = [p for p in older if p.years & years]
        if not targets and old and group_named and older:
            targets = [
                max(older, key=lambda p: (p.doc.issued or p.doc.effective, max(p.years, default=0)))
            ]
        if targets:
            requested += [p.doc.doc_id for p in targets]
            damped |= {p.doc.doc_id for p in versions if p.doc.status == "current"}
    return requested, damped, dated


def _content_query(query: str, spans: dict[str, tuple[int, int, float]], versioned: bool) -> str:
    """``query`` without the document names (and version marks) it contains.

    Names and "2020年版" select a document, which the boosts already do;
    left in, they make every chunk that repeats the title (施行 articles,
    headers) look relevant inside that document.
    """
    cut = [(s, e) for s, e, w in spans.values() if w == NAME_BOOST]
    if versioned:
        cut += [m.span() for m in _YEAR_MARK.finditer(query)]
    if not cut:
        return ""
    kept = "".join(ch for i, ch in enumerate(query) if not any(s <= i < e for s, e in cut))
    kept = kept.strip("的之对在中,，:：、 ")
    return kept if len(re.findall(r"\w", kept)) >= _MIN_CORE else ""


def match_documents(
    query: str, docs: Sequence[DocRecord], *, include_superseded: bool = False
) -> DocMatch:
    """Read document hints from ``query`` (already normalised) against ``docs``."""
    corpus = _corpus(docs)
    q = name_key(query)
    regions = tuple(r for r in REGIONS if r in q)
    spans = _named_spans(q, corpus.profiles, regions, query)
    requested, damped, dated = _version_requests(q, corpus, set(spans))
    typed = typed_documents(q, [p.doc for p in corpus.profiles], CORE_BOOST)
    boosts: dict[str, float] = {}
    for p in corpus.profiles:
        doc_id = p.doc.doc_id
        factor = 1.0 + (spans[doc_id][2] if doc_id in spans else 0.0)
        if p.region and p.region in regions:
            factor += REGION_BOOST
        if doc_id in requested:
            factor += VERSION_BOOST
        factor += typed.get(doc_id, 0.0)
        if doc_id in damped:
            factor *= CURRENT_DAMPING
        if factor != 1.0:
            boosts[doc_id] = factor
    excluded: set[str] = set()
    if not include_superseded:
        for versions in corpus.groups.values():
            if any(p.doc.status == "current" for p in versions):
                excluded |= {
                    p.doc.doc_id
                    for p in versions
                    if p.doc.status == "superseded" and p.doc.doc_id not in requested
                }
    return DocMatch(
        chunk_doc=corpus.chunk_doc,
        named=sorted(spans, key=lambda d: spans[d][0]),
        by_name={d for d, (*_, weight) in spans.items() if weight == NAME_BOOST},
        regions=regions,
        excluded=excluded,
        requested=requested,
        dated=dated,
        boosts=boosts,
        spoken_of=sorted(d for d, b in typed.items() if b == CORE_BOOST),
        content_query=_content_query(q, spans, bool(requested)),
    )
