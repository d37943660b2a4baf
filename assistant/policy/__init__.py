"""Policy intelligence: measure cards read from the corpus, firm profiles and
the matching of one against the other (the 政策计算器), and the documents
the corpus cites (present or missing)."""

from __future__ import annotations

from assistant.policy.cards import Condition, Fact, MeasureCard, Support
from assistant.policy.catalog import measure_cards, reference_statuses
from assistant.policy.extract import extract_measures
from assistant.policy.matching import (
    ConditionCheck,
    MatchResult,
    elsewhere,
    format_match,
    match,
)
from assistant.policy.profile import FirmProfile, infer_industrial, parse_profile_from_text
from assistant.policy.proposer import propose_measures, validate_card
from assistant.policy.references import (
    CitedBy,
    RefStatus,
    missing_reference_for_question,
    resolve_references,
)

__all__ = [
    "CitedBy",
    "Condition",
    "ConditionCheck",
    "Fact",
    "FirmProfile",
    "MatchResult",
    "MeasureCard",
    "RefStatus",
    "Support",
    "elsewhere",
    "extract_measures",
    "format_match",
    "infer_industrial",
    "match",
    "measure_cards",
    "missing_reference_for_question",
    "parse_profile_from_text",
    "propose_measures",
    "reference_statuses",
    "resolve_references",
    "validate_card",
]
