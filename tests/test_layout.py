"""The architecture holds: dependencies run one way between the wings of
``assistant``, ``ingest`` uses only the core and the store and text wings, and
``ui`` and ``ingest`` reach a wing only through its face."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

CORE = {"settings", "errors", "records", ""}
# What each wing may import (besides the core); everything else runs the wrong way.
ALLOWED = {
    "text": set(),
    "store": {"text"},
    "llm": set(),
    "retrieval": {"text", "store", "llm"},
    "policy": {"text", "store", "llm"},
    "answer": {"text", "store", "llm", "retrieval", "policy"},
}
# Top-level modules that use wings: the face (lazily) and evaluation (which
# compares texts in the text wing's match form).
TOP = {"__init__.py": set(ALLOWED), "evaluation.py": {"text"}}


def imports_of(path: Path) -> list[str]:
    """Absolute module names imported by ``path`` (relative ones resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(REPO).with_suffix("").parts[:-1])
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            out.append(module)
            out += [f"{module}.{a.name}" for a in node.names]
    return out


def wing_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "assistant":
        return None
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else ""


def py_files(folder: str) -> list[Path]:
    return sorted((REPO / folder).rglob("*.py"))


@pytest.mark.parametrize("path", py_files("assistant"), ids=str)
def test_wings_import_only_downwards(path: Path) -> None:
    own = wing_of(".".join(path.relative_to(REPO).with_suffix("").parts))
    for module in imports_of(path):
        wing = wing_of(module)
        if wing is None or wing == own or (own == "" and module.split(".")[-1] in CORE):
            continue
        if own == "":
            assert wing in TOP.get(path.name, set()), f"{path} imports {module}"
            continue
        assert wing == "" or wing in ALLOWED[own], f"{path} imports {module}"


@pytest.mark.parametrize("path", py_files("ui") + py_files("ingest"), ids=str)
def test_outside_code_uses_faces_only(path: Path) -> None:
    for module in imports_of(path):
        parts = module.split(".")
        if parts[0] != "assistant" or len(parts) < 3 or parts[1] not in ALLOWED:
            continue
        # assistant.<wing>.<name>: a name from the face is fine, a module is not.
        face = __import__(f"assistant.{parts[1]}", fromlist=["__all__"])
        assert parts[2] in face.__all__, f"{path} reaches inside assistant.{parts[1]}: {module}"


@pytest.mark.parametrize("path", py_files("ingest"), ids=str)
def test_ingest_uses_only_the_core_and_the_store_and_text_wings(path: Path) -> None:
    for module in imports_of(path):
        wing = wing_of(module)
        assert wing in (None, "", "store", "text"), f"{path} imports {module}"
