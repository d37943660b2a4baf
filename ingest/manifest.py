"""``policyqa.toml``: a small file next to documents that sets or corrects metadata.

One table per file name, with any of the known fields::

    ["保障中小企业款项支付条例(2020-07-05).md"]
    status = "superseded"
    effective = 2020-09-01          # a TOML date or "2020-09-01"
    issuer = "国务院"

Manifest values win over what the loader or the text suggested; ``status``
(``current`` / ``superseded``) wins over version resolution.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

from assistant.errors import ConfigError

MANIFEST_NAME = "policyqa.toml"
DATE_FIELDS = frozenset({"issued", "effective", "expires"})
TEXT_FIELDS = frozenset({"title", "issuer", "doc_number", "doc_type", "status", "series", "author"})
FIELDS = DATE_FIELDS | TEXT_FIELDS
STATUSES = ("current", "superseded")


def _value(where: str, key: str, value: object) -> str:
    """One field as a string; dates as ISO ``YYYY-MM-DD``."""
    if key in DATE_FIELDS:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                pass
        raise ConfigError(f"{where}: {key} must be a date like 2024-01-31, not {value!r}")
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: {key} must be a non-empty text, not {value!r}")
    if key == "status" and value not in STATUSES:
        raise ConfigError(f"{where}: status must be one of {', '.join(STATUSES)}, not {value!r}")
    return value.strip()


def _entry(where: str, table: object) -> dict[str, str]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table of fields, got {type(table).__name__}")
    unknown = sorted(set(table) - FIELDS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown field(s) {', '.join(unknown)}; valid: {', '.join(sorted(FIELDS))}"
        )
    return {key: _value(where, key, value) for key, value in table.items()}


@lru_cache(maxsize=64)
def _load(path: Path, _mtime_ns: int, _size: int) -> dict[str, dict[str, str]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: not a valid TOML manifest ({err})") from err
    return {
        unicodedata.normalize("NFC", name): _entry(f"{path} [{name}]", table)
        for name, table in data.items()
    }


def load_manifest(folder: Path | str) -> dict[str, dict[str, str]]:
    """Entries of ``folder/policyqa.toml`` by file name; ``{}`` when there is none.

    Raises ``ConfigError`` naming the file and the problem when it is invalid.
    """
    path = Path(folder) / MANIFEST_NAME
    try:
        stat = path.stat()
    except FileNotFoundError:
        return {}
    return dict(_load(path.resolve(), stat.st_mtime_ns, stat.st_size))


TSV_NAME = "MANIFEST.tsv"


@lru_cache(maxsize=64)
def _load_tsv(path: Path, _mtime_ns: int, _size: int) -> dict[str, dict[str, str]]:
    """A catalogue some collections ship (``file<TAB>title<TAB>issuer…``): its
    columns named like our fields fill gaps; notes like "(not stated…)" and
    values that are not clean dates are ignored. ``policyqa.toml`` wins."""
    try:
        rows = [ln.split("\t") for ln in path.read_text(encoding="utf-8").splitlines() if ln]
    except (OSError, UnicodeDecodeError):
        return {}
    if not rows or "file" not in rows[0]:
        return {}
    head = rows[0]
    out: dict[str, dict[str, str]] = {}
    for row in rows[1:]:
        values = dict(zip(head, row, strict=False))
        entry = {}
        for key in FIELDS & set(head):
            value = (values.get(key) or "").strip()
            if not value or value.startswith("("):
                continue
            if key in DATE_FIELDS:
                try:
                    value = dt.date.fromisoformat(value).isoformat()
                except ValueError:
                    continue
            if key == "status" and value not in STATUSES:
                continue
            entry[key] = value
        out[unicodedata.normalize("NFC", values.get("file", ""))] = entry
    return out


def _tsv_for(folder: Path) -> dict[str, dict[str, str]]:
    path = folder / TSV_NAME
    try:
        stat = path.stat()
    except FileNotFoundError:
        return {}
    return _load_tsv(path.resolve(), stat.st_mtime_ns, stat.st_size)


def manifest_for(path: Path | str) -> dict[str, str]:
    """The manifest entry for one document (looked up in its own folder)."""
    path = Path(path)
    name = unicodedata.normalize("NFC", path.name)
    entry = dict(_tsv_for(path.parent).get(name, {}))
    entry.update(load_manifest(path.parent).get(name, {}))
    return entry
