"""The growing question set: records, ids, splits, naming laws, article gold.

Every form module adds to one QuestionSet and draws from its one random
generator, so the output depends only on the inputs and the seed; the forms
must keep running in the same order for the same output.
"""

from __future__ import annotations

import collections
import hashlib
import json
import random
import re
from typing import Any

from phrases import Phrases, first_sentence
from sources import EFFECTIVE_RE, Article, Doc
from text import CN_NUM, book, norm, title_key

Record = dict[str, Any]


def sha1(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()


def split_of(qid: str) -> str:
    """sha1(id) even → tune, odd → heldout: a question keeps its split when others change."""
    return "tune" if int(sha1(qid), 16) % 2 == 0 else "heldout"


def record(
    question: str,
    answer_contains: list[str],
    evidence: str,
    source: str | None,
    qtype: str,
    form: str,
    lang: str = "zh",
    whole: str | None = None,
    history: list[dict[str, str]] | None = None,
    **extra: Any,
) -> Record:
    """A question in the dev.jsonl field order; the id is set by QuestionSet.add."""
    rec: Record = {
        "id": "",
        "question": question,
        "history": history or [],
        "answer_contains": answer_contains,
        "evidence": evidence,
        "source": source,
        "type": qtype,
        "lang": lang,
    }
    if whole is not None:
        rec["whole"] = whole
    rec["form"] = form
    rec.update(extra)
    return rec


def turns(user: str, assistant: str) -> list[dict[str, str]]:
    """A one-exchange chat history."""
    return [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]


def eligible_articles(d: Doc) -> list[Article]:
    """Articles worth asking about: not inserted, repealed, or the entry into force."""
    out = []
    for a in d.arts:
        if a.sub:
            continue
        body = a.body
        nb = norm(body)
        if EFFECTIVE_RE.match(a.paras[0]) or "（略）" in body or "删除" in nb[:12]:
            continue
        if len(nb) < 25 or len(nb) > 650:
            continue
        if re.match(rf"^第[{CN_NUM}]+条", a.paras[0]):
            continue
        out.append(a)
    return out


class QuestionSet:
    def __init__(self, laws: list[Doc], report: Doc | None, archive: list[Doc], seed: int):
        self.laws = laws
        self.report = report
        self.archive = archive
        self.rng = random.Random(seed)
        self.ph = Phrases(laws)
        self.out: list[Record] = []
        self.seen: set[str] = set()
        self.index_keys = {title_key(d.title) for d in laws}
        # a title in several files: questions must name the version
        cnt = collections.Counter(d.title for d in laws)
        self.versioned = {t for t, c in cnt.items() if c > 1}
        # source → (answer, evidence) of the entry-into-force date
        self.effective: dict[str, tuple[str, str]] = {}

    @property
    def all_docs(self) -> list[Doc]:
        return [*self.laws, *([self.report] if self.report else [])]

    def law(self, rel: str) -> Doc:
        return next(x for x in self.laws if x.rel == rel)

    def with_effective(self) -> list[Doc]:
        return [d for d in self.laws if d.rel in self.effective]

    # naming ---------------------------------------------------------------
    def ver_prefix(self, d: Doc) -> str:
        return f"{d.vdate[:4]}年版" if d.title in self.versioned else ""

    def law_name(self, d: Doc) -> str:
        return self.ver_prefix(d) + d.short

    def qtype(self, d: Doc | None, base: str) -> str:
        if d is not None and d.title in self.versioned and base in ("factoid", "list"):
            return "version"
        return base

    def is_indexed_title(self, title: str) -> bool:
        """Same title as an indexed law, or one contains the other."""
        k = title_key(title)
        if not k:
            return True
        return any(k == ik or k in ik or ik in k for ik in self.index_keys)

    def effective_turns(self, d: Doc, ans: str) -> list[dict[str, str]]:
        """A history that asked for d's entry-into-force date and got it."""
        return turns(f"{self.law_name(d)}什么时候开始施行？", f"{self.law_name(d)}自{ans}起施行。")

    # records --------------------------------------------------------------
    def add(self, rec: Record) -> Record | None:
        """Add rec unless the same question and history is already in; set its id."""
        rec.setdefault("history", [])
        key = json.dumps([rec["question"], rec["history"]], ensure_ascii=False)
        if key in self.seen:
            return None
        self.seen.add(key)
        ident = json.dumps(
            [rec["form"], rec.get("source"), rec["question"], rec["history"]], ensure_ascii=False
        )
        rec["id"] = "g-" + sha1(ident)[:12]
        self.out.append(rec)
        return rec

    # articles -------------------------------------------------------------
    def article_gold(self, d: Doc, a: Article) -> dict[str, Any] | None:
        """answer_contains, evidence (first sentence) and whole (the body) of an article."""
        body = a.body
        phrases = self.ph.pick(body, d, k=2 if len(norm(body)) > 60 else 1)
        if not phrases:
            return None
        return {
            "answer_contains": phrases,
            "evidence": first_sentence(a.paras[0]),
            "whole": body,
        }

    def article_question(self, d: Doc, a: Article, tmpl: int) -> str:
        n = a.cn
        if tmpl == 0:
            return f"{self.ver_prefix(d)}{book(d.title)}第{n}条规定了什么？"
        if tmpl == 1:
            return f"{self.law_name(d)}第{n}条的内容是什么？"
        return f"{self.law_name(d)}第{n}条怎么规定的？"
