"""Gold spans: distinctive answer phrases (answer_contains) and evidence cuts."""

from __future__ import annotations

import re

from sources import ITEM_RE, Doc
from text import CN_NUM, cjk_len, norm

CLAUSE_SPLIT = re.compile(r"[，。；：、！？“”‘’《》〈〉（）()「」,;:!?]")
# Phrases containing these say nothing on their own (they point at other text).
GENERIC_TOKENS = (
    "本法",
    "本条例",
    "本办法",
    "本规定",
    "本细则",
    "前款",
    "前条",
    "下列",
    "以下",
    "上述",
    "本条",
)


def first_sentence(body: str, limit: int = 110) -> str:
    """Up to the first 。 or ：, cut at a clause boundary when longer than limit."""
    m = re.search(r"[。：:]", body)
    s = body[: m.end()] if m else body
    if len(s) > limit:
        cut = [mm.end() for mm in re.finditer(r"[，；、]", s) if 12 <= mm.end() <= limit]
        s = s[: cut[-1] - 1] if cut else s[:limit]
    return s.strip()


def trim_evidence(ev: str, musts: list[str], limit: int = 100) -> str:
    """Cut a long evidence span at a clause boundary after its required phrases."""
    if len(ev) <= limit:
        return ev
    need = 0
    for m in musts:
        k = ev.find(m)
        if k < 0:
            return ev
        need = max(need, k + len(m))
    for mm in re.finditer(r"[，；。、]", ev):
        if mm.start() >= max(need, 30):
            return ev[: mm.start()]
    return ev


class Phrases:
    """Chooses distinctive short phrases (answer_contains candidates)."""

    LEAD = re.compile(r"^(并且|但是|或者|以及|应当|可以|对于|依法|同时|其中|按照|依照)")

    def __init__(self, docs: list[Doc]) -> None:
        self.docs = docs
        self._cache: dict[str, int] = {}

    def doc_count(self, phrase: str) -> int:
        """In how many indexed texts the phrase occurs."""
        n = norm(phrase)
        if n not in self._cache:
            self._cache[n] = sum(1 for d in self.docs if n in d.ntext)
        return self._cache[n]

    def candidates(self, text: str, max_len: int = 12) -> list[tuple[int, str]]:
        """(offset, phrase) for each clause short enough to quote, or its parts."""
        out = []
        pos = 0
        for part in CLAUSE_SPLIT.split(text):
            idx = text.find(part, pos)
            pos = max(pos, idx + len(part)) if idx >= 0 else pos
            c = part.strip()
            if not c:
                continue
            subs = [c]
            if cjk_len(c) > max_len:
                subs = [s for s in re.split(r"或者|以及|(?<!共)和|的", c) if s]
            for s in subs:
                s = self.LEAD.sub("", s).strip()
                s = re.sub(r"^(是指|是|指)", "", s)
                if _usable(s, max_len):
                    out.append((idx, s))
        return out

    def pick(self, text: str, doc: Doc, k: int = 2) -> list[str]:
        """Up to k phrases, rarest first: unique in the doc, in few other docs."""
        cands = []
        for idx, s in self.candidates(text):
            n = norm(s)
            within = doc.ntext.count(n)
            if within == 0 or n not in norm(text):
                continue
            dc = self.doc_count(s)
            score = (0 if within == 1 else 1, dc, abs(len(s) - 7))
            cands.append((score, idx, s))
        if not cands:
            return []
        cands.sort(key=lambda x: (x[0], x[1]))
        best = cands[0]
        if best[0][0] != 0 and best[0][1] > 2:
            return []
        picked = [best[2]]
        if k > 1:
            rest = [
                c
                for c in cands
                if c[2] not in best[2]
                and best[2] not in c[2]
                and c[0][0] == 0
                and c[0][1] <= 2
                and abs(c[1] - best[1]) > 4
            ]
            if rest:
                picked.append(rest[0][2])
        picked.sort(key=lambda s: norm(text).find(norm(s)))
        return picked

    def item_phrase(self, item: str, doc: Doc) -> str | None:
        """A phrase that shows a list item was quoted: the item itself when short."""
        t = ITEM_RE.sub("", item).strip().rstrip("；;。，,")
        if cjk_len(t) <= 1:
            return None
        if len(t) <= 12:
            return t
        p = self.pick(t, doc, k=1)
        if p:
            return p[0]
        cands = self.candidates(t, max_len=16)
        if cands:
            return cands[0][1]
        first = CLAUSE_SPLIT.split(t)[0]
        first = self.LEAD.sub("", first)
        head = first[:12]
        cut = max(head.rfind(ch) for ch in "对向从在为把将与的和")
        if cut >= 4 and cjk_len(head[:cut]) >= 4:
            return head[:cut]
        return first[:10] if cjk_len(first[:10]) >= 3 else None


def _usable(s: str, max_len: int) -> bool:
    if s[:1] in ("项", "条", "款", "号", "目", "的"):
        return False
    if any(tok in s for tok in GENERIC_TOKENS) or re.search(rf"第[{CN_NUM}\d(（]+[条款项]", s):
        return False
    return cjk_len(s) >= 4 and len(s) <= max_len
