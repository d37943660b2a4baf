"""Where a document came from: the files an ingest covers, and how their
places are recorded and shown.

A *location* is what the store keeps to find a file again (for ``--prune``
and re-indexing): its absolute path, except inside the data folder (uploads),
where it is relative to that folder (``$DATA/uploads/x.pdf``) so the data
folder can move. A *shown path* is what users see: the path relative to the
folder that was ingested (``企业所得税法(2018-12-29).md`` for ``ingest
corpus/``), or the file name for a file named directly — never the server's
absolute paths (issue #11).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from assistant.settings import Settings

from .shipped import VECTORS_NAME

__all__ = [
    "SKIPPED_NAMES",
    "Unreadable",
    "WalkedFile",
    "collect",
    "location_exists",
    "location_of",
    "location_path",
]

# Files in a corpus folder that describe the corpus rather than belong to it.
SKIPPED_NAMES = frozenset({"readme.md", "policyqa.toml", "manifest.tsv", VECTORS_NAME})
DATA_PREFIX = "$DATA/"


@dataclass(frozen=True)
class WalkedFile:
    path: Path  # as given (a folder argument joined with the file's place in it)
    shown: str  # relative to the folder given, or the file name


@dataclass(frozen=True)
class Unreadable:
    path: Path  # a folder the walk could not list
    reason: str


def collect(paths: Iterable[Path | str]) -> tuple[list[WalkedFile], list[Unreadable]]:
    """Files named directly, plus every file under named folders (recursive,
    sorted); folders that cannot be listed are returned by name, not skipped
    in silence."""
    files: list[WalkedFile] = []
    problems: list[Unreadable] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            files.append(WalkedFile(path, path.name))
            continue
        found: list[Path] = []

        def failed(err: OSError, root: Path = path) -> None:
            where = Path(err.filename) if err.filename else root
            problems.append(Unreadable(where, f"cannot read this folder ({err.strerror or err})"))

        for folder, dirs, names in os.walk(path, onerror=failed):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found.extend(Path(folder) / n for n in names)
        for child in sorted(found):
            rel = child.relative_to(path)
            if child.is_file() and not _skipped(rel):
                files.append(WalkedFile(child, rel.as_posix()))
    return files, problems


def _skipped(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts) or rel.name.lower() in SKIPPED_NAMES


def location_of(path: Path, settings: Settings) -> str:
    """The location the store records for ``path``."""
    absolute = path.resolve()
    try:
        inside = absolute.relative_to(settings.data_dir.resolve())
    except ValueError:
        return str(absolute)
    return DATA_PREFIX + inside.as_posix()


def location_path(location: str, settings: Settings) -> Path:
    """The file a recorded location names on this machine."""
    if location.startswith(DATA_PREFIX):
        return settings.data_dir / location.removeprefix(DATA_PREFIX)
    return Path(location)


def location_exists(location: str, settings: Settings) -> bool:
    try:
        return location_path(location, settings).is_file()
    except OSError:
        return False
