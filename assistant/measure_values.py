"""Numbers in a clause: threshold conditions and support values.

"从业人数不超过100人" is a condition; "减按20％的税率" and "给予最高500万元奖励"
are values of a support. Both keep their span in the chunk text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant import measure_patterns as P
from assistant.measure_cards import Condition, Support

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
POST_OPS = {"以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<=", "内": "<="}
COMPARISON_RE = re.compile(
    r"(?P<op>"
    + "|".join(k for k, _ in OPS)
    + r")?\s*"
    + P.QUANTITY
    + r"\s*(?P<post>及以上|及以下|以上|以下|以内|内(?![容部地外资]))?"
)
QUALITATIVE_RE = re.compile(
    r"(?P<op>不低于|不高于|不超过|不少于)(?P<what>规定(?:的)?(?:比例|标准|数额))"
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


def _is_support_value(text: str, m: re.Match[str], floor: int, subject: str) -> bool:
    before = text[max(floor, m.start() - 14) : m.start()]
    after = text[m.end() : m.end() + 8]
    if any(w in subject for w in SUPPORT_VALUE_WORDS):
        return True
    if re.search(r"最高|最多|给予|一次性|按照?[^，。；]{0,14}的$|按$|减按$", before):
        return True
    if P.SUPPORT_RE.match(after.lstrip("的")) or after.startswith(("的税率", "的比例加计")):
        return True
    # A bare percentage (no 不低于/以上) in a clause that grants something is
    # that grant's rate: "投资额的10%可以从企业当年的应纳税额中抵免".
    if m.group("op") or m.group("post") or not _is_percent(m):
        return False
    clause_end = re.search(r"[，。；;]", text[m.end() :])
    clause = text[m.end() : m.end() + (clause_end.start() if clause_end else len(text))]
    return any(w in clause for w in SUPPORT_VALUE_WORDS)


def _is_percent(m: re.Match[str]) -> bool:
    return bool(m.group("pct_cn") or m.group("den") or m.group("unit") in ("%", "％"))


def comparisons(
    text: str, start: int, end: int
) -> tuple[list[Condition], list[tuple[re.Match[str], str]]]:
    """Threshold conditions, and quantities that are support values."""
    conditions: list[Condition] = []
    values: list[tuple[re.Match[str], str]] = []
    for m in COMPARISON_RE.finditer(text, start, end):
        qty = P.normalise_quantity(m)
        if qty is None:
            continue
        op = dict(OPS).get(m.group("op") or "") or POST_OPS.get(m.group("post") or "")
        subject, s_start = _subject(text, m.start(), start)
        if _is_support_value(text, m, start, subject):
            values.append((m, op or ""))
            continue
        if op is None or qty[1] == "倍":
            continue
        value, unit = qty
        conditions.append(
            Condition(
                P.field_for(subject),
                subject,
                op,
                value,
                unit,
                text[s_start : m.end()],
                s_start,
                m.end(),
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


def supports_in(
    text: str, start: int, end: int, values: list[tuple[re.Match[str], str]]
) -> list[Support]:
    supports: list[Support] = []
    clause = text[start:end]
    if P.PENAL_RE.search(clause):
        return []
    for m in P.SUPPORT_RE.finditer(text, start, end):
        before = text[max(start, m.start() - 3) : m.start()]
        if any(before.endswith(n) for n in P.NEGATIONS) or re.search(
            r"不得[^，。；]{0,8}$", text[max(start, m.start() - 10) : m.start()]
        ):
            continue
        kind = P.SUPPORT_KINDS[m.group()]
        if not _is_support(kind, text, m.start(), m.end(), clause):
            continue
        if any(s.kind == kind for s in supports):
            continue
        supports.append(Support(kind, m.group(), m.start(), m.end()))
    if not supports:
        return []
    specific = [x for x in supports if x.kind not in P.UMBRELLA_KINDS]
    supports = specific or supports  # "…加计扣除、…抵免等税收优惠政策": the list says it
    for vm, op in values:
        qty = P.normalise_quantity(vm)
        if qty is None:
            continue
        value, unit = qty
        # The value belongs to the nearest support keyword in the clause.
        idx = min(range(len(supports)), key=lambda i: abs(supports[i].start - vm.start()))
        sup = supports[idx]
        near = text[max(start, vm.start() - 6) : vm.start()]
        span = dict(
            value_text=text[vm.start() : vm.end()], value_start=vm.start(), value_end=vm.end()
        )
        if unit == "%":
            if sup.rate is None:
                supports[idx] = replace(sup, rate=value, **span)
        elif unit == "万元":
            if "最高" in near or "最多" in near or op in ("<=", "<"):
                supports[idx] = replace(sup, cap_wan=value, **span)
            else:
                supports[idx] = replace(sup, amount_wan=value, **span)
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
        to = re.search(r"对([^，。；]{1,40}?)(?:给予|予以)[^，。；]{0,4}$", text[max(0, s - 50) : s])
        recipient = to.group(1) if to else text[e : e + 8]  # 对…人员给予奖励 / 奖励…完成人
        if P.PERSON_RE.search(recipient) and not P.FIRM_RE.search(recipient):
            return False
        return not (P.PERSON_RE.search(clause) and not P.FIRM_RE.search(clause))
    return True


__all__ = ["OPS", "POST_OPS", "comparisons", "supports_in"]
