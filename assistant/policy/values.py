"""Numbers in a clause: threshold conditions and support values.

"从业人数不超过100人" is a condition; "减按20％的税率" and "给予最高500万元奖励"
are values of a support. Both keep their span in the chunk text.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, replace

from assistant.policy import patterns as P
from assistant.policy.cards import Condition, Support
from assistant.text import figures

OPS: tuple[tuple[str, str], ...] = (
    ("不超过", "<="),
    ("不高于", "<="),
    ("不大于", "<="),
    ("未超过", "<="),
    ("不多于", "<="),
    ("不足", "<"),
    ("未达到", "<"),
    ("低于", "<"),
    ("少于", "<"),
    ("小于", "<"),
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("达到", ">="),
    ("超过", ">"),
    ("高于", ">"),
    ("大于", ">"),
    ("多于", ">"),
)
# What each comparison says of a value against its threshold.
COMPARE = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
    "==": operator.eq,
}
POST_OPS = {"以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<=", "内": "<="}
_OP_BEFORE = re.compile("(?:" + "|".join(k for k, _ in OPS) + r")\s*$")
_POST_AFTER = re.compile(r"\s*(?:及以上|及以下|以上|以下|以内|内(?![容部地外资]))")
# Figures a threshold or a support value is stated in (with the unit it is kept in).
_UNITS = {"%": "%", "万元": "万元", "人": "人", "名": "人", "户": "户", "家": "家", "倍": "倍",
          "个月": "个月", "年": "年"}  # fmt: skip


@dataclass(frozen=True)
class Quantity:
    """A figure with the comparison words around it: "不超过100人", "最高500万元"."""

    start: int  # the comparison word before the figure, when there is one
    end: int  # past the word after it (以上/以下…), when there is one
    op: str  # "<=", ">"… ('' when no word says which way)
    value: float  # money in 万元, percent as a number
    unit: str
    percent: bool
    bare: bool  # no comparison word on either side


def quantities(text: str, start: int, end: int) -> list[Quantity]:
    """The quantities in ``text[start:end]``, with their comparison words."""
    out = []
    for f in figures(text[start:end]):
        if f.unit not in _UNITS:
            continue
        f = replace(f, start=f.start + start, end=f.end + start)
        before = _OP_BEFORE.search(text, start, f.start)
        after = _POST_AFTER.match(text, f.end, end)
        op = dict(OPS).get(before.group().strip()) if before else None
        op = op or (POST_OPS.get(after.group().strip()) if after else None)
        out.append(
            Quantity(
                before.start() if before else f.start,
                after.end() if after else f.end,
                op or "",
                f.value,
                _UNITS[f.unit],
                f.kind == "percent",
                before is None and after is None,
            )
        )
    return out


# A threshold named, not stated: "不低于规定比例", "销售额未达到起征点的" (the
# 起征点 is the State Council's to set): the firm must confirm it.
QUALITATIVE_RE = re.compile(
    r"(?P<op>不低于|不高于|不超过|不少于|未达到|未超过)"
    r"(?P<what>规定(?:的)?(?:比例|标准|数额)|起征点)"
)
SUBJECT_STOP = "，,。；;：:、\n"
SUPPORT_VALUE_WORDS = (
    "奖励",
    "补助",
    "补贴",
    "资助",
    "预留",
    "贴息",
    "扣除",
    "税率",
    "征收率",
    "抵扣",
    "抵免",
    "计入",
)


def _subject(text: str, pos: int, floor: int) -> tuple[str, int]:
    """The noun phrase ending at pos: back to the previous delimiter."""
    i = pos
    while i > floor and text[i - 1] not in SUBJECT_STOP:
        i -= 1
    raw = text[i:pos]
    if item := P.ITEM_RE.match(raw):
        raw, i = raw[item.end() :], i + item.end()
    lead = re.match(r"^(?:其中|且|并且|并|或者|其|在|是指|均|应当)+", raw)
    cut = lead.end() if lead else 0
    subject = re.sub(r"(?:的|应当|均|为|应|占)+$", "", raw[cut:])
    return subject, i + cut


def _is_support_value(text: str, q: Quantity, floor: int, subject: str) -> bool:
    before = text[max(floor, q.start - 14) : q.start]
    after = text[q.end : q.end + 8]
    if any(w in subject for w in SUPPORT_VALUE_WORDS):
        return True
    if re.search(r"最高|最多|最长|给予|一次性|按照?[^，。；]{0,14}的$|按$|减按$", before):
        return True
    if P.SUPPORT_RE.match(after.lstrip("的")) or after.startswith(("的税率", "的比例加计")):
        return True
    # A bare percentage (no 不低于/以上) in a clause that grants something is
    # that grant's rate: "投资额的10%可以从企业当年的应纳税额中抵免".
    if not q.bare or not q.percent:
        return False
    clause_end = re.search(r"[，。；;]", text[q.end :])
    clause = text[q.end : q.end + (clause_end.start() if clause_end else len(text))]
    return any(w in clause for w in SUPPORT_VALUE_WORDS)


def comparisons(text: str, start: int, end: int) -> tuple[list[Condition], list[Quantity]]:
    """Threshold conditions, and quantities that are support values."""
    conditions: list[Condition] = []
    values: list[Quantity] = []
    for q in quantities(text, start, end):
        subject, s_start = _subject(text, q.start, start)
        if _is_support_value(text, q, start, subject):
            values.append(q)
            continue
        if not q.op or q.unit == "倍":
            continue
        # "不超过500万元的部分，免征…" splits the relief into tiers: the
        # amount measures the relief, it does not decide who gets it
        tier = text.startswith(("的部分", "以内的部分"), q.end)
        conditions.append(
            Condition(
                P.field_for(subject, q.unit),
                subject,
                q.op,
                q.value,
                q.unit,
                text[s_start : q.end],
                s_start,
                q.end,
                tier=tier,
            )
        )
    for m in QUALITATIVE_RE.finditer(text, start, end):
        subject, s_start = _subject(text, m.start(), start)
        op = dict(OPS)[m.group("op")]
        conditions.append(
            Condition(
                P.field_for(subject),
                subject,
                op,
                None,
                "",
                text[s_start : m.end()],
                s_start,
                m.end(),
            )
        )
    return conditions, values


def supports_in(text: str, start: int, end: int, values: list[Quantity]) -> list[Support]:
    supports: list[Support] = []
    clause = text[start:end]
    if P.PENAL_RE.search(clause):
        return []
    for m in P.SUPPORT_RE.finditer(text, start, end):
        before = text[max(start, m.start() - 3) : m.start()]
        if any(before.endswith(n) for n in P.NEGATIONS) or re.search(
            # "不得享受本条规定的企业所得税优惠": a relief denied
            r"不得[^，。；]{0,8}$|不(?:得|能|予)(?:享受|享有|适用)[^，。；]{0,20}$",
            text[max(start, m.start() - 30) : m.start()],
        ):
            continue
        kind = P.SUPPORT_KINDS[m.group()]
        if not _is_support(kind, text, m.start(), m.end(), clause):
            continue
        if any(s.kind == kind for s in supports):
            continue
        supports.append(Support(kind, m.group(), m.start(), m.end()))
    for m in P.RATE_LEVIED_RE.finditer(text, start, end):
        # "依法按照百分之十五的税率征收企业所得税": a rate below the tax's
        # standard one is a reduced rate, though no 减按 says so
        rate = next(
            (q.value for q in values if q.unit == "%" and m.start("v") <= q.start < m.end("v")),
            None,
        )
        standard = P.STANDARD_RATES[m.group("tax")]
        if rate is not None and rate < standard and not any(x.kind == "减按" for x in supports):
            supports.append(Support("减按", m.group(), m.start(), m.end()))
    if not supports:
        for m in P.RATE_STATED_RE.finditer(text, start, end):
            if not re.search(r"减按|按照?$", text[max(start, m.start() - 12) : m.start()]):
                zero = 0.0 if m.group("v") == "零" else None
                supports.append(Support(m.group("kind"), m.group(), m.start(), m.end(), zero))
    if not supports:
        return []
    specific = [x for x in supports if x.kind not in P.UMBRELLA_KINDS]
    supports = specific or supports  # "…加计扣除、…抵免等税收优惠政策": the list says it
    for q in values:
        # The value belongs to the nearest support keyword in the clause.
        idx = min(range(len(supports)), key=lambda i: abs(supports[i].start - q.start))
        sup = supports[idx]
        near = text[max(start, q.start - 6) : q.start]
        span = dict(value_text=text[q.start : q.end], value_start=q.start, value_end=q.end)
        if q.unit == "%":
            if sup.rate is None:
                supports[idx] = replace(sup, rate=q.value, **span)
        elif q.unit == "万元":
            if "最高" in near or "最多" in near or q.op in ("<=", "<"):
                supports[idx] = replace(sup, cap_wan=q.value, **span)
            else:
                supports[idx] = replace(sup, amount_wan=q.value, **span)
    return supports


def _is_support(kind: str, text: str, s: int, e: int, clause: str) -> bool:
    """Context checks for the two words that most often mean something else."""
    if kind == "担保":
        if text[s - 1 : s] == "承":
            return False  # 承担保护责任
        return bool(P.GUARANTEE_CONTEXT.search(text[max(0, s - 4) : e + 4]))
    if kind == "奖励":
        if P.HONOUR_RE.search(text[max(0, s - 3) : e + 3]):
            return False
        to = re.search(
            r"对([^，。；]{1,40}?)(?:给予|予以)[^，。；]{0,4}$", text[max(0, s - 50) : s]
        )
        recipient = to.group(1) if to else text[e : e + 8]  # 对…人员给予奖励 / 奖励…完成人
        if P.PERSON_RE.search(recipient) and not P.FIRM_RE.search(recipient):
            return False
        return not (P.PERSON_RE.search(clause) and not P.FIRM_RE.search(clause))
    return True


__all__ = ["COMPARE", "OPS", "POST_OPS", "Quantity", "comparisons", "quantities", "supports_in"]
