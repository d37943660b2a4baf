"""The measure-card data model: facts tied to spans of the chunk text.

Kept apart from the extractor (`assistant.measures`) so matching
(`assistant.matching`) and the LLM validator can use cards without the
pattern machinery.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from assistant.records import Validity, validity_of

DUTY_KINDS = frozenset({"资金支持", "财税支持", "税收优惠", "担保", "风险补偿"})

CardKind = Literal["support", "definition"]


@dataclass(frozen=True)
class Fact:
    """A value and the exact span of chunk text it was read from."""

    value: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Condition:
    field: (
        str  # taxable_income, employees, total_assets, annual_revenue, rd_ratio, industrial,
        # age (since founding), period (a span of the benefit or claim), other
    )
    subject: str  # as written: 年度应纳税所得额
    op: str  # <=, <, >=, >, ==
    value: float | None  # 万元 for money, 人 for people, number for %; None = "规定比例"
    unit: str
    text: str
    start: int
    end: int
    # The amount splits the relief into parts ("不超过500万元的部分，免征；
    # 超过…的部分，减半"): it sizes the relief, it does not gate it.
    tier: bool = False

    def describe(self) -> str:
        if self.field == "industrial":
            return "工业企业" if self.value else "非工业企业（其他企业）"
        if self.value is None:
            return self.text
        return f"{self.subject} {OP_WORDS[self.op]} {fmt_number(self.value)}{self.unit}"


@dataclass(frozen=True)
class Support:
    kind: str  # 减按, 免征, 加计扣除, 奖励, 补助, …
    text: str  # the keyword as written
    start: int
    end: int
    rate: float | None = None  # percent
    amount_wan: float | None = None
    cap_wan: float | None = None
    value_text: str = ""  # the number's span, when there is one
    value_start: int = -1
    value_end: int = -1

    def describe(self) -> str:
        parts = [self.kind]
        if self.rate is not None:
            parts.append(f"{fmt_number(self.rate)}%")
        if self.amount_wan is not None:
            parts.append(f"{fmt_number(self.amount_wan)}万元")
        if self.cap_wan is not None:
            parts.append(f"最高{fmt_number(self.cap_wan)}万元")
        return " ".join(parts)


@dataclass(frozen=True)
class MeasureCard:
    card_id: str
    kind: CardKind
    doc_id: str
    doc_title: str
    chunk_id: str
    article: str  # 第九十二条 ('' when the passage has no article)
    section: str
    text: str  # the clause the card was read from
    start: int
    end: int
    entities: tuple[Fact, ...] = ()
    conditions: tuple[Condition, ...] = ()
    supports: tuple[Support, ...] = ()
    departments: tuple[Fact, ...] = ()
    industries: tuple[Fact, ...] = ()
    rights: tuple[Fact, ...] = ()  # rights and protections the clause gives (有权投诉…)
    defines: str = ""  # for definitions: the party or term this card defines
    branch: str = ""  # (一) / (二) when a definition has alternatives
    # one of the rules a sentence sets, each with its own subject and party
    # ("机关…不得拖欠市场主体…，大型企业不得…拖欠中小企业…"): one is enough
    alternative: bool = False
    # for a term's definition: the article it explains ("企业所得税法|第二十九条"),
    # '' when it explains its own document
    explains: str = ""
    clause: str = ""  # the whole clause: a paragraph, or an item with its lead and sub-items
    item: str = ""  # the numbered item （一） the clause is in ('' when none)
    paragraph: int = 0  # which paragraph (款) of its article, 1-based (0: unknown)
    region: str = ""  # '' = national
    doc_number: str = ""
    doc_type: str = ""  # 条例, 办法, 报告 … of the source document
    status: str = "current"
    valid_from: str = ""
    valid_to: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    # The document's standard rate ("企业所得税的税率为25％") and its article,
    # for the estimate of what a reduced rate saves.
    base_rate: float | None = None
    base_article: str = ""

    def validity(self, today: date | None = None) -> Validity:
        """Its document's version status and the card's own 有效期 dates."""
        return validity_of(self.status, self.valid_from, self.valid_to, today)

    @property
    def claimable(self) -> bool:
        """Something a firm can claim or invoke: a concrete support or a right
        (a fund a government body must set up is its duty, not a claim)."""
        concrete = [s for s in self.supports if s.kind not in DUTY_KINDS]
        return bool(concrete or self.rights)

    @property
    def entity_names(self) -> list[str]:
        return list(dict.fromkeys(e.value for e in self.entities))

    @property
    def cited(self) -> str:
        """'中华人民共和国企业所得税法 第二十八条' — the clause to cite."""
        return f"《{self.doc_title}》{self.article}" if self.article else f"《{self.doc_title}》"


OP_WORDS = {"<=": "不超过", "<": "低于", ">=": "不低于", ">": "超过", "==": "为"}


def fmt_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def definitions_by_entity(cards: list[MeasureCard]) -> dict[str, list[MeasureCard]]:
    """Definition cards grouped by the entity they define."""
    out: dict[str, list[MeasureCard]] = {}
    for card in cards:
        if card.kind == "definition" and card.defines:
            out.setdefault(card.defines, []).append(card)
    return out
