"""Questions the passage-picking answer cannot serve well on its own.

- A question that names a document the corpus cites but does not hold: say
  which document cites it and that its text is missing, instead of answering
  from elsewhere (issue #5). Only when the question names it: a question
  about an indexed document that merely shares words with a cited one is
  answered from the indexed one.
- A firm describing itself ("我们是…企业，员工90人，能享受哪些政策？"): match its
  facts against the corpus's measure cards and list what applies, with each
  condition's status and the clause cited. Only when the question is about
  the asker's own firm (我们, 我司, 本公司…).

Both return an ``Extract`` (or None), so the chain treats them like the
extractive answer: same citations, same streaming, same verification.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.answer.citations import make_citation
from assistant.answer.named import named_ids, unknown_documents
from assistant.answer.parts import Extract
from assistant.policy.catalog import measure_cards, reference_statuses
from assistant.policy.checks import ConditionCheck
from assistant.policy.matching import match
from assistant.policy.profile import FirmProfile, parse_profile_from_text
from assistant.policy.references import missing_reference_for_question
from assistant.policy.report import cite, label
from assistant.policy.results import MatchResult
from assistant.records import Citation, Passage
from assistant.store import Store
from assistant.text import (
    DOC_NUMBER_RE,
    OWN_FIRM,
    Sentence,
    analyse,
    coverage,
    match_form,
    question_terms,
    split_context,
    title_key,
)

# "What applies to us" in general; a question about one named support
# ("能申请房租补贴吗？") is answered from its clause instead.
APPLICABILITY = re.compile(
    r"(?:能|可以|可)享受|适用哪些|符合哪些|(?:哪些|什么)(?:政策|支持|优惠|扶持|措施|补贴|奖励)"
)
# The asker speaks of its own firm: "我们是…", "我司…", "本公司…".
SELF = re.compile(rf"{OWN_FIRM}|我家")
# A question about what a text says: "报告提到了哪些", "条例里有什么".
_OF_A_TEXT = re.compile(r"报告|(?:条例|法|办法|文件)(?:里|中|上)")
MAX_MEASURES = 4
_MARK = {"met": "✓", "not_met": "✗", "unknown": "？"}


def missing_document_answer(question: str, store: Store) -> Extract | None:
    """The cited-but-missing document the question names, if any (its own
    words: a document the conversation named before is only its context)."""
    _, question = split_context(question)
    ask = analyse(question)
    # "按原中外合资经营企业法设立的公司…": a former law asked of in the light of
    # the one that replaced it, which the corpus holds.
    named = unknown_documents(ask, store.documents())
    indexed_numbers = {d.doc_number for d in store.documents()}
    named += [
        m.group() for m in DOC_NUMBER_RE.finditer(question) if m.group() not in indexed_numbers
    ]
    statuses = reference_statuses(store)
    if named:
        status = missing_reference_for_question(" ".join(named), statuses)
    else:
        # A name without 《》 or a strong type word (…行动方案) still names a
        # missing document when the question holds its cited title, or the
        # title's last 8+ characters (工业振兴三年行动方案).
        status = missing_reference_for_question(question, statuses)
        if status is not None and not _holds_title(question, status.title):
            status = None
    if status is None or _former(question, status.title):
        return None
    # "增值税法施行以后，增值税暂行条例还有效吗": the question also names the
    # document that cites the missing one; that document answers it.
    asked = named_ids(ask, store.documents())
    if any(c.doc_id in asked for c in status.cited_by):
        return None
    citations: list[Citation] = []
    cite = status.cited_by[0] if status.cited_by else None
    if cite is not None:
        chunks = store.chunks([cite.chunk_id])
        doc = store.document(cite.doc_id)
        if chunks and doc is not None:
            p = Passage(chunks[0], doc, 1.0, 1)
            span = _sentence_with(chunks[0].text, status.title or status.doc_number)
            citations.append(make_citation(1, p, [span]))
    citers = "、".join(dict.fromkeys(f"《{c.doc_title}》" for c in status.cited_by))
    text = (
        f"{status.label}的全文尚未收入资料库，无法据其原文回答。"
        f"资料库中只有{citers}提到它" + ("[1]" if citations else "") + "。"
        "管理员可将该文件加入 corpus/ 后运行 policy-qa ingest，或在“文档库”页上传。"
    )
    return Extract(text, citations, True, 0.0, (text,))


def _former(question: str, title: str) -> bool:
    """Does the question call the document a former one (原…法, 旧…条例)?"""
    name = re.escape(title.removeprefix("中华人民共和国"))
    return bool(re.search(rf"(?:原|旧|原来的|已废止的)《?(?:中华人民共和国)?{name}", question))


def _holds_title(question: str, title: str) -> bool:
    key, asked = title_key(title), title_key(question)
    return any(key[i:] in asked for i in range(max(1, len(key) - 7)))


def _sentence_with(text: str, needle: str) -> Sentence:
    pos = text.find(needle) if needle else -1
    if pos < 0:
        return Sentence(text.strip(), 0, len(text))
    start = max(text.rfind(ch, 0, pos) for ch in "。！？\n") + 1
    ends = [i for i in (text.find(ch, pos) for ch in "。！？\n") if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return Sentence(text[start:end].strip(), start, end)


def special_reply(
    question: str, standalone: str, store: Store, fallback: Extract | None = None
) -> Extract | None:
    """The missing-document reply or the firm's matched clauses, when the
    question (``standalone``: made to stand alone) is about them. A follow-up
    of its own ("怎么减肥最快？" after a firm's question) is not the firm's
    question again, though it carries its case."""
    reply = missing_document_answer(standalone, store)
    if reply is None and speaks_of_the_firm(question):
        reply = firm_match_answer(standalone, store, fallback)
    return reply


def speaks_of_the_firm(question: str) -> bool:
    """Does the asker's own question (not the case a follow-up carries) ask
    what applies, or speak of its firm ("如果我们有200人呢")?"""
    return bool(APPLICABILITY.search(question) or SELF.search(question))


def firm_profile(question: str) -> FirmProfile | None:
    """The firm's facts when the question is "what applies to us", else None."""
    if not APPLICABILITY.search(question) or not SELF.search(question):
        return None
    if _OF_A_TEXT.search(question):
        return None  # "…报告提到了哪些优惠政策": what a text says, not the calculator
    profile = parse_profile_from_text(question)
    facts = (
        profile.employees,
        profile.total_assets_wan,
        profile.taxable_income_wan,
        profile.annual_revenue_wan,
        profile.size,
        profile.vat_status,
    )
    said = profile.qualifications or profile.activities or profile.entity_type != "企业"
    if all(f is None for f in facts) and not said:
        return None  # only an industry: ordinary retrieval serves it better
    return profile


def firm_match_answer(
    question: str, store: Store, fallback: Extract | None = None
) -> Extract | None:
    """Clauses that apply to the firm the question describes, each cited, with
    the check that decides it; what one more fact would decide comes after."""
    profile = firm_profile(question)
    if profile is None:
        return None
    matched = match(profile, measure_cards(store))
    met = [r for r in matched if r.status == "met" and not r.why.startswith("界定")]
    partial = [r for r in matched if r.status == "partial"]
    topical = _on_topic(question, met + partial)[:MAX_MEASURES]
    met = [r for r in met if r not in topical]
    partial = [r for r in partial if r not in topical]
    room = MAX_MEASURES - len(topical)
    shown = topical + met[:room] + partial[: max(0, room - len(met[:room]))][:2]
    if not shown:
        return None
    builder = _Builder(store)
    lines = ["根据资料库中的条款，与贵企业情况相关的规定如下（请以原文为准）："]
    heading = {"met": "符合", "partial": "可能适用（需补充信息）", "not_met": "不符合"}
    for r in shown:
        n = builder.cite(r.card.chunk_id, r.card.text)
        grant = label(r)
        what = f"{grant}，" if grant else ""
        lines.append(f"- 【{heading[r.status]}】{what}见{cite(r.card)}[{n}]（{r.why}）")
        lines += _condition_lines(r.checks, builder, "  ")
    rest = len(topical) + len(met) + len(partial) - len(shown)
    if rest > 0:
        lines.append(f"另有{rest}项相关条款，可在“政策计算器”页查看完整列表。")
    if profile.region is None and any(c.about == "region" for r in matched for c in r.checks):
        lines.append("说明企业所在地区，可进一步判断地方性规定是否适用。")
    cited = {c.chunk_id for c in builder.citations}
    if _adds(fallback, cited):
        lines.append("其他相关内容：")
        offset = len(builder.citations)
        lines.append(_renumber(fallback.text, offset))
        builder.citations += [_shift(c, offset) for c in fallback.citations]
    text = "\n".join(lines)
    return Extract(text, builder.citations, False, 1.0, tuple(ln + "\n" for ln in lines))


ON_TOPIC = 0.5  # weighted share of the question's own terms a clause holds
# Words of any firm's question: what it asks about is in the others.
_ASKING = re.compile(r"支持|优惠|政策|享受|扶持|措施|适用|符合|哪些|什么|企业|公司|我们")


def _on_topic(question: str, matched: list[MatchResult]) -> list[MatchResult]:
    """The clauses of ``matched`` about what the question asks ("股权投资…满两年，
    所得税上有什么优惠" → the venture-capital credit): they come first, even
    when one more fact would decide them."""
    topic = tuple((t, w) for t, w in question_terms(question) if not _ASKING.search(t))
    if not topic:
        return []
    return [r for r in matched if coverage(topic, match_form(r.card.text)) >= ON_TOPIC]


def _adds(fallback: Extract | None, cited: set[str]) -> bool:
    """Does the passage answer say something the listed clauses do not?"""
    if fallback is None or fallback.refused or not fallback.text:
        return False
    return any(c.chunk_id not in cited for c in fallback.citations)


def _condition_lines(checks: Sequence[ConditionCheck], builder: _Builder, indent: str) -> list[str]:
    out = []
    for c in checks:
        if (c.status == "met" and c.about in ("region", "scope")) or c.about == "narrowed":
            continue
        # The profile's own figures are not repeated: every number shown comes
        # from a cited clause.
        state = {"met": "符合", "not_met": "不符合", "unknown": "未提供信息"}[c.status]
        via = ""
        if c.via is not None:
            n = builder.cite(c.via.card.chunk_id, c.via.card.text)
            via = f"（依据{cite(c.via.card)}[{n}]）"
        out.append(f"{indent}{_MARK[c.status]} {c.description}：{state}{via}")
        if c.via is not None:
            out += _condition_lines(c.via.checks, builder, indent + "  ")
    return out


class _Builder:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.citations: list[Citation] = []
        self._by_chunk: dict[str, int] = {}

    def cite(self, chunk_id: str, span_text: str) -> int:
        if chunk_id in self._by_chunk:
            return self._by_chunk[chunk_id]
        chunk = self.store.chunks([chunk_id])[0]
        doc = self.store.document(chunk.doc_id)
        assert doc is not None
        pos = chunk.text.find(span_text.strip())
        span = (
            Sentence(span_text.strip(), pos, pos + len(span_text.strip()))
            if pos >= 0
            else Sentence(chunk.text.strip(), 0, len(chunk.text))
        )
        n = len(self.citations) + 1
        self.citations.append(make_citation(n, Passage(chunk, doc, 1.0, n), [span]))
        self._by_chunk[chunk_id] = n
        return n


def _renumber(text: str, offset: int) -> str:
    return re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", text)


def _shift(c: Citation, offset: int) -> Citation:
    return replace(c, n=c.n + offset)


__all__ = [
    "firm_match_answer",
    "firm_profile",
    "missing_document_answer",
    "speaks_of_the_firm",
    "special_reply",
]
