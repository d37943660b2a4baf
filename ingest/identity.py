"""Which document a file is: documents are known by their content (issue #11).

- The same text (after normalisation) from another path is the same document:
  the path is added to its sources; nothing is re-embedded or duplicated.
- A file whose text changed in place is an update of the document it held
  (the id stays, so exactly the changed chunks are replaced) — unless another
  existing file still holds the old text: then the new text is a document of
  its own.
- A new text is a new document, whose id derives from the text; a new text
  with the same title and another date or 文号 is then a version of it, as
  resolved by ``metadata.resolve_versions``.

Ids of records written before this rule were hashes of the absolute path
(``legacy_id``); such a record is recognised by its id and adopted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.records import DocRecord
from assistant.text import for_match

__all__ = ["Catalog", "Source", "legacy_id", "text_hash", "with_source", "without_source"]

Source = tuple[str, str]  # (location, shown path), see ingest.sources


def text_hash(text: str) -> str:
    """The identity of a text: footnote marks, width forms (NFKC) and
    whitespace do not make another document."""
    return hashlib.sha256(for_match(text).encode("utf-8")).hexdigest()


def legacy_id(path: Path) -> str:
    """A document's id before issue #11: the hash of its file's absolute path."""
    return hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:16]


@dataclass
class Catalog:
    """The store's documents during one ingest, looked up by text and by place."""

    docs: dict[str, DocRecord] = field(default_factory=dict)

    @classmethod
    def of(cls, docs: Iterable[DocRecord]) -> Catalog:
        return cls({d.doc_id: d for d in docs})

    def put(self, doc: DocRecord) -> None:
        self.docs[doc.doc_id] = doc

    def drop(self, doc_id: str) -> None:
        self.docs.pop(doc_id, None)

    def by_text(self, digest: str) -> DocRecord | None:
        return next((d for d in self.docs.values() if d.text_hash == digest), None)

    def holders(self, location: str, old_id: str) -> list[DocRecord]:
        """Documents that list ``location`` as a source (or, recorded before
        sources existed, have the path's old id)."""
        return [
            d
            for d in self.docs.values()
            if any(loc == location for loc, _ in d.sources)
            or (not d.sources and d.doc_id == old_id)
        ]

    def new_id(self, digest: str) -> str:
        """An id for a new text: its hash, salted in the rare case that a
        document which has since been edited in place still holds it."""
        candidate, salt = digest[:16], 0
        while candidate in self.docs and self.docs[candidate].text_hash != digest:
            salt += 1
            candidate = hashlib.sha256(f"{digest}:{salt}".encode()).hexdigest()[:16]
        return candidate


def with_source(sources: tuple[Source, ...], here: Source, *, first: bool) -> tuple[Source, ...]:
    """``sources`` with ``here`` in it: first (it speaks for the document) or
    where it was (else at the end)."""
    others = tuple(s for s in sources if s[0] != here[0])
    if first:
        return (here, *others)
    return sources if any(s[0] == here[0] for s in sources) else (*sources, here)


def without_source(sources: tuple[Source, ...], location: str) -> tuple[Source, ...]:
    return tuple(s for s in sources if s[0] != location)
