"""Say when another version of a cited article reads differently (issue #5).

Answers use the version in force; when an older version of the same document
is indexed and its article of the same number says something else (保障中小企业
款项支付条例 2020 vs 2025: the large-firm payment term), the answer says so
and cites the other text, labelled by status. The reverse holds too: an
answer that cites a superseded version (the user asked for it) points to the
article now in force when that differs.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer.citations import make_citation
from assistant.records import Answer, ChunkRecord, DocRecord, Passage
from assistant.store import Store
from assistant.text import EN_VERSION_WORDS, Sentence, without_baseline

_ARTICLE = re.compile(r"^第[零一二三四五六七八九十百千〇\d]+条(之[一二三四五六七八九十]+)?$")


def _article(chunk: ChunkRecord) -> str:
    last = chunk.section_path[-1] if chunk.section_path else ""
    return last if _ARTICLE.match(last) else ""


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _other_versions(doc: DocRecord, store: Store) -> list[DocRecord]:
    if not doc.version_key:
        return []
    return [
        d for d in store.documents() if d.version_key == doc.version_key and d.doc_id != doc.doc_id
    ]


def _same_article(doc: DocRecord, article: str, store: Store) -> list[ChunkRecord]:
    return [c for c in store.doc_chunks(doc.doc_id) if _article(c) == article]


def _bigrams(text: str) -> set[str]:
    plain = _plain(re.sub(r"^第[^条]{1,8}条", "", text.strip()))
    return {plain[i : i + 2] for i in range(len(plain) - 1)}


def _counterpart(text: str, doc: DocRecord, store: Store) -> tuple[str, list[ChunkRecord]] | None:
    """The article of ``doc`` that covers the same matter as ``text``.

    Articles are renumbered between versions (the payment term for 机关、事业
    单位 is 第八条 in 2020 and 第九条 in 2025), so the counterpart is the most
    similar article by character bigrams, not the one with the same number.
    """
    articles: dict[str, list[ChunkRecord]] = {}
    for chunk in store.doc_chunks(doc.doc_id):
        if art := _article(chunk):
            articles.setdefault(art, []).append(chunk)
    mine = _bigrams(text)
    best, best_score = None, 0.0
    for art, chunks in articles.items():
        theirs = _bigrams("".join(c.text for c in chunks))
        score = len(mine & theirs) / max(1, len(mine | theirs))
        if score > best_score:
            best, best_score = art, score
    if best is None or best_score < MIN_SIMILARITY:
        return None
    return best, articles[best]


MIN_SIMILARITY = 0.35  # below this the "counterpart" is about something else


# The version a question asks of: "2020年版", "2025年修订的", "2020年公布的那一版".
_ASKED_VERSION = re.compile(
    rf"((?:19|20)\d{{2}})\s*(?:年?[^，。？?]{{0,6}}?(?:版|修订|修正)|(?:{EN_VERSION_WORDS})\b)",
    re.I,
)


def _year(doc: DocRecord) -> str:
    """The year of the revision the text is (a later one its file is named by)."""
    return (doc.extra.get("revised") or doc.issued or doc.effective)[:4]


def _years(doc: DocRecord) -> set[str]:
    """The years a question may name the text by: issued, in force, revised."""
    return {d[:4] for d in (doc.issued, doc.effective, doc.extra.get("revised", "")) if d}


def _label(doc: DocRecord) -> str:
    return "现行版本" if doc.status == "current" else "已被替代的版本"


def _asked_year(answer: Answer) -> str:
    """The year of the one version the question asks of ('' when none is
    asked, or two are compared: "2020年版…2025年版的第二十四条")."""
    asked = without_baseline(answer.standalone_question or answer.question)
    years = set(_ASKED_VERSION.findall(asked))
    return years.pop() if len(years) == 1 else ""


def _since(answer: Answer, year: str) -> bool:
    """Does the question ask how things stand since that revision ("2008年修正后")?"""
    asked = answer.standalone_question or answer.question
    return (
        re.search(rf"{year}\s*年?[^，。？?]{{0,6}}?(?:修订|修正)(?:以?后|之后)", asked) is not None
    )


def _of_another_version(answer: Answer, store: Store) -> Answer | None:
    """The answer, saying so, when the question asks of one version ("2020年版
    …多少日内") and the cited article is another version's, with nothing like
    it in the version asked of — else None. What the corpus does give is
    quoted; the asked version's silence is the answer."""
    year = _asked_year(answer)
    if not year:
        return None
    for cited in answer.citations:
        doc = store.document(cited.doc_id)
        chunks = store.chunks([cited.chunk_id])
        if doc is None or not chunks or _year(doc) == year:
            return None  # answered from the version asked of (or no version at all)
        others = [d for d in _other_versions(doc, store) if _year(d) == year]
        if not others:
            continue
        article = _article(chunks[0])
        mine = "".join(c.text for c in _same_article(doc, article, store)) if article else ""
        if _counterpart(mine or chunks[0].text, others[0], store) is not None:
            return None  # the version note below says how the asked version reads
        lead = (
            f"资料库中所问的{year}年版《{others[0].title}》没有相应规定。"
            f"以下出自{_label(doc)}《{doc.title}》({_year(doc)})：\n"
        )
        return replace(answer, text=lead + answer.text, refused=True)
    return None


def _of_no_version(answer: Answer, store: Store) -> Answer | None:
    """The answer, saying so, when the question asks of a version ("2022年修订版")
    that none of the cited document's indexed versions is — else None. A text
    held in one version is its last revision: an earlier revision's wording
    ("2007年修订的科学技术进步法" of the 2021 text) is not held either — but
    how things stand since it ("2008年修正后" of the 2020 text) is."""
    year = _asked_year(answer)
    if not year or not answer.citations:
        return None
    doc = store.document(answer.citations[0].doc_id)
    group = [doc, *_other_versions(doc, store)] if doc is not None else []
    if not group or any(year in _years(d) for d in group):
        return None  # the asked one
    if len(group) < 2 and year < _year(doc) and _since(answer, year):
        return None
    held = "、".join(f"{y}年版" for y in sorted({_year(d) for d in group}))
    lead = f"资料库中没有{year}年版《{doc.title}》（现有{held}）。以下出自{_label(doc)}({_year(doc)})：\n"
    return replace(answer, text=lead + answer.text, refused=True)


def add_version_notes(answer: Answer, store: Store) -> Answer:
    if answer.refused or not answer.citations:
        return answer
    flagged = _of_no_version(answer, store) or _of_another_version(answer, store)
    if flagged is not None:
        return flagged
    citations = list(answer.citations)
    notes: list[str] = []
    seen: set[tuple[str, str]] = set()
    for cited in answer.citations:
        doc = store.document(cited.doc_id)
        chunks = store.chunks([cited.chunk_id])
        if doc is None or not chunks or not (article := _article(chunks[0])):
            continue
        mine = "".join(c.text for c in _same_article(doc, article, store))
        for other in _other_versions(doc, store):
            found = _counterpart(mine, other, store)
            if found is None or (other.doc_id, found[0]) in seen:
                continue
            other_article, theirs = found
            seen.add((other.doc_id, other_article))
            if _bigrams("".join(c.text for c in theirs)) == _bigrams(mine):
                continue  # same wording: nothing to say
            n = len(citations) + 1
            first = theirs[0]
            span = Sentence(first.text.strip(), 0, len(first.text))
            citations.append(make_citation(n, Passage(first, other, 0.0, n), [span]))
            year = _year(other)
            notes.append(
                f"（注：{_label(other)}《{other.title}》"
                + (f"({year})" if year else "")
                + f"{other_article}的相应规定与此不同，见[{n}]。）"
            )
    if not notes:
        return answer
    return replace(answer, text=answer.text + "\n" + "\n".join(notes), citations=citations)


__all__ = ["add_version_notes"]
