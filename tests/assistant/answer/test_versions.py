"""Answers say when another version of the cited article reads differently."""

from __future__ import annotations

from assistant.answer.chain import answer
from assistant.store.store import Store


def test_current_answer_points_to_the_differing_older_article(corpus_index):
    result = answer(
        "机关事业单位从中小企业采购的付款期限是多少？",
        settings=corpus_index,
        store=Store(corpus_index),
    )
    assert "30日" in result.text and "60日" in result.text
    statuses = [c.status for c in result.citations]
    assert statuses[0] == "current" and "superseded" in statuses
    old = next(c for c in result.citations if c.status == "superseded")
    assert "第八条" in result.text and old.section.endswith("第八条")


def test_answer_from_the_old_version_points_to_the_one_in_force(corpus_index):
    result = answer(
        "2020年版的保障中小企业款项支付条例对机关事业单位付款期限是怎么规定的？",
        settings=corpus_index,
        store=Store(corpus_index),
    )
    assert result.citations[0].status == "superseded"
    assert "已被新版本替代" in result.text and "现行版本" in result.text
    assert any(c.status == "current" and c.section.endswith("第九条") for c in result.citations)


def test_a_rule_the_version_asked_of_lacks_is_said_to_be_missing(ask):
    result = ask("2020年版保障中小企业款项支付条例规定，处理投诉部门要在多少日内形成处理结果？")
    # the 30 days are the 2025 version's: said so, not passed off as 2020's
    assert result.refused and "所问的2020年版" in result.text and "没有相应规定" in result.text
    assert "30日" in result.text and result.citations[0].status == "current"
    # the version in force answers it plainly
    result = ask("2025年修订的保障中小企业款项支付条例，处理投诉部门要在多少日内形成处理结果？")
    assert not result.refused and "30日" in result.text and "没有相应规定" not in result.text


def test_an_earlier_revision_than_the_one_held_is_said_to_be_missing(ask):
    # the corpus holds the 2021 revision only: the 2007 wording is not in it
    result = ask("2007年修订的科学技术进步法第二十条是怎么规定的？")
    assert result.refused and "没有2007年版" in result.text and "2021年版" in result.text
    assert ask("2021年修订的科学技术进步法第二十条是怎么规定的？").refused is False


def test_the_revision_a_file_is_named_by_is_held(ask):
    # the header dates the regulation 2007; its file is the 2019 revision
    out = ask("2019年版的企业所得税法实施条例对业务招待费支出怎么扣除？")
    assert not out.refused and "60%" in out.text, out.text


EXPIRED_POLICY = """某市支持测试产业发展的若干措施（合成样本）

一、对年度研发投入超过500万元的测试企业，按研发投入的10%给予奖励，最高不超过200万元。

二、本措施自2020年1月1日起施行，有效期至2022年12月31日。
"""


def test_a_document_past_its_validity_is_labelled_wherever_it_is_cited(settings, tmp_path):
    from assistant.records import validity_of
    from ingest.pipeline import Indexer
    from ui.commands import format_answer
    from ui.render import answer_markdown, library_rows

    path = tmp_path / "措施.txt"
    path.write_text(EXPIRED_POLICY, encoding="utf-8")
    assert Indexer(settings).ingest([path]).count("added") == 1
    store = Store(settings)
    (doc,) = store.documents()
    assert doc.expires == "2022-12-31" and doc.validity() == "expired"
    assert validity_of(doc.status, doc.effective, doc.expires) == "expired"

    result = answer("测试企业研发投入奖励最高多少？", settings=settings, store=store)
    assert "200万元" in result.text
    cited = result.citations[0]
    assert cited.validity == "expired" and cited.expires == "2022-12-31"
    assert "有效期至2022-12-31，已失效" in result.text
    assert "［已失效］" in format_answer(result)
    assert "（已失效）" in answer_markdown(result)
    assert "已失效" in library_rows(store.documents())[0]


def test_the_version_asked_of_is_no_word_a_rule_must_hold(ask):
    # "2025年修订后的…" chooses the version; its 修订 and date are not the
    # answer: the header's "2025年3月17日…修订）" line says when it was revised
    result = ask("2025年修订后的《保障中小企业款项支付条例》，大型企业要多久付款？")
    assert "国务院令" not in result.text, result.text
    # nor are they words to search by: 第九条 sets the 60 days
    assert "60日内" in result.text, result.text
    # asked of the document's making, the same line is the answer
    made = ask("保障中小企业款项支付条例是什么时候修订的？")
    assert "2025年3月17日" in made.text, made.text


def test_the_rule_of_the_party_asked_not_its_parallel_for_another(ask):
    # 2020 第八条: 机关、事业单位 pay within 30日; 大型企业 agree a term by trade custom
    big = ask("2020年版保障中小企业款项支付条例对大型企业的付款期限是怎么规定的？")
    assert "交易习惯" in big.text and "30日内" not in big.text, big.text
    public = ask("2020年版保障中小企业款项支付条例对机关、事业单位的付款期限是怎么规定的？")
    assert "30日内" in public.text, public.text


def test_the_version_compared_against_is_not_the_one_quoted(ask):
    # "跟旧版比，2025年修订后的…": the 2025 text, with the old one in the note
    got = ask("跟旧版比，2025年修订后的款项支付条例对非现金支付方式怎么规定？")
    body = got.text.split("（注")[0]
    assert "应收账款电子凭证" in body
    assert got.citations[0].status == "current"
