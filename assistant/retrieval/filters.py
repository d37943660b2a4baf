"""Explicit restrictions a user chooses: documents, issuers, years, in force."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from assistant.records import DocRecord
from assistant.text import normalize_text

__all__ = ["Filters", "resolve_filters"]


@dataclass(frozen=True)
class Filters:
    """All optional, combined with AND."""

    doc_ids: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()  # substring of DocRecord.issuer, e.g. "国务院"
    years: tuple[int, ...] = ()  # DocRecord.year (issued, else effective)
    in_force_only: bool = False  # current version, effective and not expired today
    include_superseded: bool = False  # let older versions compete with current ones
    today: date | None = None  # "today" for in_force_only (tests); None = date.today()

    @property
    def restricts(self) -> bool:
        return bool(self.doc_ids or self.issuers or self.years or self.in_force_only)


def resolve_filters(filters: Filters | None, docs: Sequence[DocRecord]) -> list[str] | None:
    """The doc ids ``filters`` allow, or ``None`` when they allow everything."""
    if filters is None or not filters.restricts:
        return None
    wanted = set(filters.doc_ids)
    issuers = [normalize_text(i) for i in filters.issuers if i.strip()]
    out = []
    for doc in docs:
        if wanted and doc.doc_id not in wanted:
            continue
        if issuers and not any(i in normalize_text(doc.issuer) for i in issuers):
            continue
        if filters.years and doc.year not in filters.years:
            continue
        if filters.in_force_only and doc.validity(filters.today) != "current":
            continue
        out.append(doc.doc_id)
    return out
