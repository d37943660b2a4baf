"""`policy-qa` end to end on the bundled corpus + the fixtures' local
regulations (session index); commands that say what is wrong (issue #11)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from ui.cli import main


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_docs_json_lists_versions_and_keys(corpus_index, capsys):
    code, out, _ = _run(capsys, "--data-dir", str(corpus_index.data_dir), "docs", "--json")
    assert code == 0
    docs = json.loads(out)
    assert len(docs) == 29  # 18 bundled + 11 local regulations of the fixtures
    assert set(docs[0]) == {
        "doc_id", "title", "source", "sources", "issuer", "doc_number", "issued", "effective",
        "expires", "status", "validity", "chunks",
    }  # fmt: skip
    pay = {d["source"].rsplit("(", 1)[-1]: d["validity"] for d in docs if "款项支付" in d["title"]}
    assert pay == {"2020-07-05).md": "superseded", "2025-03-17).md": "current"}
    # Paths relative to the folder ingested, none of the machine's.
    assert not any(os.sep in d["source"] or d["source"].startswith(".") for d in docs)
    assert str(Path(__file__).parents[2]) not in out
    # Issuers the text does not state come from the corpus's policyqa.toml.
    sme = next(d for d in docs if d["title"] == "中华人民共和国中小企业促进法")
    assert sme["issuer"] == "全国人民代表大会常务委员会"
    report = next(d for d in docs if "聚链集群" in d["title"])
    assert report["issued"] == "2024-11-26" and "信息中心" in report["issuer"]


def test_ask_prints_answer_with_numbered_sources(corpus_index, capsys):
    code, out, _ = _run(
        capsys, "--data-dir", str(corpus_index.data_dir), "ask", "企业所得税的基本税率是多少？"
    )
    assert code == 0
    assert "25" in out and "[1]" in out and "来源" in out and "第四条" in out


def test_match_small_low_profit_enterprise(corpus_index, capsys, tmp_path):
    profile = tmp_path / "firm.json"
    firm = {"industry": "木材加工", "industrial": True, "employees": 90,
            "total_assets_wan": 2000, "taxable_income_wan": 25}  # fmt: skip
    profile.write_text(json.dumps(firm), encoding="utf-8")
    code, out, _ = _run(
        capsys,
        "--data-dir",
        str(corpus_index.data_dir),
        "match",
        "--profile",
        str(profile),
        "--json",
    )
    assert code == 0
    results = json.loads(out)
    rate = next(r for r in results if "第二十八条" in r["cited"] and "企业所得税法》" in r["cited"])
    assert rate["status"] == "met" and any("20" in s for s in rate["supports"])

    firm["employees"] = 120
    profile.write_text(json.dumps(firm), encoding="utf-8")
    _, out, _ = _run(
        capsys, "--data-dir", str(corpus_index.data_dir), "match", "--profile", str(profile)
    )
    section = out.split("== 不符合")[1]
    assert "第二十八条" in section and "120" in section and "100" in section


def test_refs_show_the_missing_1_plus_n_documents(corpus_index, capsys):
    code, out, _ = _run(capsys, "--data-dir", str(corpus_index.data_dir), "refs", "--json")
    assert code == 0
    missing = {r["title"] for r in json.loads(out) if not r["present"]}
    assert {
        "关于加快构建广西现代化产业体系的意见",
        "广西实施新一轮工业振兴三年行动方案",
        "广西实施新一轮工业振兴三年行动的若干政策措施",
    } <= missing


def test_bad_profile_is_one_line_error(corpus_index, capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = _run(
        capsys, "--data-dir", str(corpus_index.data_dir), "match", "--profile", str(bad)
    )
    assert code == 1 and err.startswith("error: ") and err.count("\n") == 1


def test_ingest_exit_code_says_a_file_failed(settings, capsys, tmp_path, monkeypatch):
    lowered: list[bool] = []
    # policy-qa ingest lowers its priority (a served index keeps its speed);
    # here it runs inside the test process, which must keep its own.
    monkeypatch.setattr("ui.worker.lower_priority", lambda *a: lowered.append(True))
    (tmp_path / "x.txt").write_bytes(b"")
    code, out, err = _run(capsys, "--data-dir", str(settings.data_dir), "ingest", "--no-progress",
                          str(tmp_path / "x.txt"))  # fmt: skip
    assert code == 1 and "x.txt" in err and "1 failed" in out
    assert lowered == [True]


def test_a_bad_setting_is_one_line(monkeypatch, capsys):
    monkeypatch.setenv("POLICYQA_PORT", "not-a-port")
    code, _, err = _run(capsys, "docs")
    assert code == 2 and err.startswith("error: invalid setting: POLICYQA_PORT")
    assert err.count("\n") == 1


# --- commands that say what is wrong -------------------------------------------------

READING = [
    ["docs"],
    ["ask", "小型微利企业的企业所得税税率是多少？"],
    ["match", "--profile", "firm.json"],
    ["refs"],
    ["eval", "--questions", "q.jsonl", "--out", "out.jsonl"],
    ["serve"],
    ["delete", "0123456789abcdef"],
]


@pytest.mark.parametrize("argv", READING, ids=lambda a: a[0])
def test_reading_a_missing_index_is_one_line_and_creates_nothing(argv, capsys, tmp_path):
    for data in (tmp_path / "nowhere", tmp_path / "empty"):
        if data.name == "empty":
            data.mkdir()
        code, out, err = _run(capsys, "--data-dir", str(data), *argv)
        assert code == 1 and out == ""
        assert err.startswith(f"error: no index in {data}: ") and err.count("\n") == 1
        assert "ingest corpus/" in err
        assert not data.exists() or not any(data.iterdir())


def test_an_empty_question_is_one_line(corpus_index, capsys):
    code, out, err = _run(capsys, "--data-dir", str(corpus_index.data_dir), "ask", "  ")
    assert code == 1 and out == "" and err.startswith("error: the question is empty")
    assert err.count("\n") == 1


def test_deleting_an_unknown_id_is_an_error_and_deletes_nothing(settings, capsys, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# 样例办法\n\n第一条 为了测试，制定本办法。\n", "utf-8")
    data = str(settings.data_dir)
    assert _run(capsys, "--data-dir", data, "ingest", "--no-progress", str(docs))[0] == 0
    (doc,) = json.loads(_run(capsys, "--data-dir", data, "docs", "--json")[1])
    code, out, err = _run(capsys, "--data-dir", data, "delete", doc["doc_id"], "feedfacefeedface")
    assert code == 1 and "feedfacefeedface" in err and err.count("\n") == 1
    assert len(json.loads(_run(capsys, "--data-dir", data, "docs", "--json")[1])) == 1
    code, out, _ = _run(capsys, "--data-dir", data, "delete", doc["doc_id"])
    assert code == 0 and "《样例办法》" in out
    assert _run(capsys, "--data-dir", data, "docs")[0] == 1  # nothing left: no index


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_read_only_index_answers_and_is_not_written(corpus_index, capsys, tmp_path):
    data = tmp_path / "read-only"
    shutil.copytree(corpus_index.data_dir, data)
    before = _fingerprint(data)
    for folder, dirs, files in os.walk(data):
        for name in [*dirs, *files, "."]:
            path = Path(folder) / name
            path.chmod(path.stat().st_mode & ~0o222)
    try:
        code, out, _ = _run(capsys, "--data-dir", str(data), "docs")
        assert code == 0 and "29 documents" in out
        code, out, _ = _run(capsys, "--data-dir", str(data), "ask", "企业所得税的基本税率是多少？")
        assert code == 0 and "25" in out and "第四条" in out
        assert _fingerprint(data) == before  # not one byte written, no file added
    finally:
        for folder, _, files in os.walk(data):
            for name in [*files, "."]:
                path = Path(folder) / name
                path.chmod(path.stat().st_mode | 0o200)
