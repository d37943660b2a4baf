"""The document library: admin gate, upload checks, safe names, real ingest."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import IngestError
from assistant.store.store import Store
from ui.admin import AdminRequired, check_password, require_admin
from ui.library import Library, sanitize_filename, stored_path

POLICY = (
    "测试市鼓励木雕企业发展办法\n\n"
    "测试市人民政府\n\n"
    "第一条 为了支持木雕产业，制定本办法。\n\n"
    "第二条 木雕企业每新增一名员工，给予一次性奖励7321元。\n"
)


@pytest.fixture
def admin_settings(tmp_path, embed_cache):
    from assistant.settings import Settings

    return Settings(
        data_dir=tmp_path / "data",
        admin_password="s3cret",
        upload_max_mb=0.01,
        embed_cache=embed_cache,
    )


@pytest.fixture
def library(admin_settings) -> Library:
    return Library(admin_settings, Store(admin_settings))


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- names and paths -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("广西政策（2024）.pdf", "广西政策（2024）.pdf"),
        ("C:\\Users\\me\\通知 第1号.DOCX", "通知_第1号.docx"),
        ("/etc/nested/办法.md", "办法.md"),
        ("a$b;c|d.txt", "a_b_c_d.txt"),
        (".hidden.txt", "hidden.txt"),
        ("x" * 300 + ".html", "x" * 80 + ".html"),
    ],
)
def test_sanitize_filename_keeps_safe_characters(name: str, expected: str) -> None:
    assert sanitize_filename(name) == expected


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.txt", "..\\..\\x.txt", "a..b.txt", "程序.exe", "noext", "", "/", "___.pdf"],
)
def test_sanitize_filename_refuses_bad_names(name: str) -> None:
    with pytest.raises(IngestError):
        sanitize_filename(name)


def test_stored_path_never_leaves_uploads_dir(admin_settings) -> None:
    root = admin_settings.uploads_dir.resolve()
    for name in ("/tmp/x/办法.md", "sub/dir/办法.md", "%2e%2e%2fx.md"):
        assert stored_path(admin_settings, name).parent == root


def test_password_check_and_admin_gate(settings, admin_settings) -> None:
    assert check_password(admin_settings, "s3cret")
    assert not check_password(admin_settings, "wrong")
    assert not check_password(admin_settings, "")
    assert not check_password(settings, "anything")  # no password set → nobody is admin
    with pytest.raises(AdminRequired, match="未设置管理员密码"):
        require_admin(settings, True)
    with pytest.raises(AdminRequired, match="管理员登录"):
        require_admin(admin_settings, False)
    require_admin(admin_settings, True)


# --- uploads (real ingest into a real store) -------------------------------------------


def test_upload_adds_a_document_that_is_searchable_and_stored_safely(library, tmp_path) -> None:
    src = write(tmp_path / "incoming", "木雕办法.txt", POLICY)
    results = library.upload([(src, "../../木雕办法.txt")], is_admin=True)
    assert [r.status for r in results] == ["failed"]  # ".." is refused outright
    assert "“..”" in results[0].reason

    results = library.upload([(src, "C:\\docs\\木雕办法.txt")], is_admin=True)
    assert [(r.status, r.path) for r in results] == [("added", "木雕办法.txt")]
    stored = library.settings.uploads_dir / "木雕办法.txt"
    assert stored.read_text(encoding="utf-8") == POLICY
    docs = library.documents()
    assert len(docs) == 1 and Path(docs[0].source).resolve() == stored.resolve()
    hits = library.store.keyword_search("木雕企业新增员工奖励", 3)
    assert hits and library.store.chunks([hits[0][0]])[0].doc_id == docs[0].doc_id
    assert "7321" in " ".join(c.text for c in library.store.doc_chunks(docs[0].doc_id))


def test_reupload_is_unchanged_then_updated(library, tmp_path) -> None:
    src = write(tmp_path / "in", "办法.md", POLICY)
    assert library.upload([(src, "办法.md")], is_admin=True)[0].status == "added"
    assert library.upload([(src, "办法.md")], is_admin=True)[0].status == "unchanged"
    src2 = write(tmp_path / "in2", "办法.md", POLICY.replace("7321", "8000"))
    assert library.upload([(src2, "办法.md")], is_admin=True)[0].status == "updated"
    assert len(library.documents()) == 1


def test_upload_without_admin_is_refused_and_stores_nothing(library, tmp_path) -> None:
    src = write(tmp_path / "in", "办法.txt", POLICY)
    with pytest.raises(AdminRequired):
        library.upload([(src, "办法.txt")], is_admin=False)
    assert not library.settings.uploads_dir.exists() or not any(
        library.settings.uploads_dir.iterdir()
    )
    assert not library.documents()


def test_upload_disabled_when_no_password(settings, tmp_path) -> None:
    lib = Library(settings, Store(settings))
    src = write(tmp_path / "in", "办法.txt", POLICY)
    with pytest.raises(AdminRequired, match="未设置管理员密码"):
        lib.upload([(src, "办法.txt")], is_admin=True)


def test_bad_files_fail_with_reasons_and_leave_the_library_unchanged(library, tmp_path) -> None:
    good = write(tmp_path / "in", "好.txt", POLICY)
    library.upload([(good, "好.txt")], is_admin=True)
    before = library.documents()
    corrupt = tmp_path / "in" / "坏.pdf"
    corrupt.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n%%EOF")
    big = tmp_path / "in" / "大.txt"
    big.write_text("很长" * 20000, encoding="utf-8")  # > 0.01 MB
    empty = tmp_path / "in" / "空.md"
    empty.write_bytes(b"")
    exe = write(tmp_path / "in", "程序.exe", "MZ")
    results = library.upload(
        [(corrupt, "坏.pdf"), (big, "大.txt"), (empty, "空.md"), (exe, "程序.exe")], is_admin=True
    )
    assert [r.status for r in results] == ["failed"] * 4
    assert all(r.reason for r in results)
    assert "太大" in results[1].reason and "空文件" in results[2].reason
    assert "不支持的文件类型" in results[3].reason
    assert library.documents() == before
    assert sorted(p.name for p in library.settings.uploads_dir.iterdir()) == ["好.txt"]


def test_failed_replacement_restores_the_previous_file(library, tmp_path) -> None:
    good = write(tmp_path / "in", "a.pdf", "x")
    good.write_bytes(_tiny_pdf())
    first = library.upload([(good, "a.pdf")], is_admin=True)[0]
    if first.status != "added":
        pytest.skip(f"PDF loader unavailable: {first.reason}")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    assert library.upload([(bad, "a.pdf")], is_admin=True)[0].status == "failed"
    assert (library.settings.uploads_dir / "a.pdf").read_bytes() == _tiny_pdf()
    assert len(library.documents()) == 1


def _tiny_pdf() -> bytes:
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, invariant=1)
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(72, 750, "测试文件：每家企业补助5555元。")
    pdf.save()
    return buf.getvalue()


def test_delete_removes_document_and_its_uploaded_file(library, tmp_path) -> None:
    src = write(tmp_path / "in", "删.txt", POLICY)
    library.upload([(src, "删.txt")], is_admin=True)
    doc = library.documents()[0]
    with pytest.raises(AdminRequired):
        library.delete([doc.doc_id], is_admin=False)
    gone = library.delete([doc.doc_id], is_admin=True)
    assert [d.doc_id for d in gone] == [doc.doc_id]
    assert not library.documents()
    assert not (library.settings.uploads_dir / "删.txt").exists()
    assert library.store.keyword_search("木雕", 3) == []
    with pytest.raises(IngestError):
        library.delete(["nope"], is_admin=True)


def test_reindex_reingests_sources_and_reports_missing_ones(library, tmp_path) -> None:
    a = write(tmp_path / "in", "甲.txt", POLICY)
    b = write(tmp_path / "in", "乙.txt", POLICY.replace("木雕", "竹编"))
    library.upload([(a, "甲.txt"), (b, "乙.txt")], is_admin=True)
    (library.settings.uploads_dir / "乙.txt").unlink()
    results = library.reindex(is_admin=True)
    assert sorted(r.status for r in results) == ["failed", "unchanged"]
    assert next(r for r in results if r.status == "failed").reason == "源文件不存在"
