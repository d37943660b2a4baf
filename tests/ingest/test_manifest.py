"""policyqa.toml: fields set per file, invalid manifests named in the error."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import ConfigError
from ingest.manifest import MANIFEST_NAME, load_manifest, manifest_for
from ingest.metadata import extract_metadata
from ingest.types import CleanDocument

GOOD = """
["保障中小企业款项支付条例(2020-07-05).md"]
status = "superseded"
effective = 2020-09-01
issuer = "国务院"

["notice.txt"]
doc_number = "桂政办发〔2024〕5号"
issued = "2024-01-05"
"""


def write(folder: Path, text: str) -> Path:
    (folder / MANIFEST_NAME).write_text(text, encoding="utf-8")
    return folder


def test_entries_by_file_name(tmp_path: Path) -> None:
    entries = load_manifest(write(tmp_path, GOOD))
    assert entries["保障中小企业款项支付条例(2020-07-05).md"] == {
        "status": "superseded",
        "effective": "2020-09-01",  # TOML date → ISO text
        "issuer": "国务院",
    }
    assert manifest_for(tmp_path / "notice.txt")["issued"] == "2024-01-05"
    assert manifest_for(tmp_path / "absent.txt") == {}


def test_no_manifest_is_empty(tmp_path: Path) -> None:
    assert load_manifest(tmp_path) == {}
    assert manifest_for(tmp_path / "a.pdf") == {}


def test_manifest_wins_in_metadata(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    text = "第一条 本条例自2020年10月1日起施行。"
    path = tmp_path / "保障中小企业款项支付条例(2020-07-05).md"
    doc = CleanDocument(path, "text", text, [(0, len(text), None)], meta={"issuer": "别处"})
    meta = extract_metadata(doc, path)
    assert meta["effective"] == "2020-09-01"
    assert meta["issuer"] == "国务院"
    assert meta["status"] == "superseded"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('["a.txt"\ntitle = "x"', "not a valid TOML"),
        ('["a.txt"]\ncolour = "red"', "unknown field(s) colour"),
        ('["a.txt"]\nissued = "2024/13/01"', "issued must be a date"),
        ('["a.txt"]\nstatus = "old"', "status must be one of current, superseded"),
        ('["a.txt"]\ntitle = 5', "title must be a non-empty text"),
        ('title = "x"', "expected a table of fields"),
    ],
)
def test_invalid_manifest_names_file_and_problem(tmp_path: Path, text: str, problem: str) -> None:
    write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_manifest(tmp_path)
    assert str(tmp_path / MANIFEST_NAME) in str(err.value)
    assert problem in str(err.value)


def test_edited_manifest_is_reread(tmp_path: Path) -> None:
    write(tmp_path, '["a.txt"]\ntitle = "旧标题"\n')
    assert manifest_for(tmp_path / "a.txt")["title"] == "旧标题"
    write(tmp_path, '["a.txt"]\ntitle = "新的标题"\n')
    assert manifest_for(tmp_path / "a.txt")["title"] == "新的标题"
