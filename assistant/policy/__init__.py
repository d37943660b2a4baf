"""Policy intelligence: measure cards read from the corpus, firm profiles and
the matching of one against the other (the 政策计算器), and the documents
the corpus cites (present or missing)."""

from __future__ import annotations

from assistant.policy.cards import Condition, Fact, MeasureCard, Support
from assistant.policy.catalog import measure_cards, reference_statuses
from assistant.policy.checks import ConditionCheck
from assistant.policy.extract import extract_measures
from assistant.policy.matching import MatchResult, match, measure_key, situation
from assistant.policy.parties import document_party, holds
from assistant.policy.profile import (
    FIELD_LABELS,
    SIZES,
    FirmProfile,
    activities_in,
    infer_industrial,
    parse_profile_from_text,
)
from assistant.policy.proposer import propose_measures, validate_card
from assistant.policy.references import (
    CitedBy,
    RefStatus,
    missing_reference_for_question,
    resolve_references,
)
from assistant.policy.report import cite, format_match, result_json

__all__ = [
    "FIELD_LABELS",
    "SIZES",
    "CitedBy",
    "Condition",
    "ConditionCheck",
    "Fact",
    "FirmProfile",
    "MatchResult",
    "MeasureCard",
    "RefStatus",
    "Support",
    "activities_in",
    "cite",
    "document_party",
    "extract_measures",
    "format_match",
    "holds",
    "infer_industrial",
    "match",
    "measure_cards",
    "measure_key",
    "missing_reference_for_question",
    "parse_profile_from_text",
    "propose_measures",
    "reference_statuses",
    "resolve_references",
    "result_json",
    "situation",
    "validate_card",
]
