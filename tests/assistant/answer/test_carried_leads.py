"""An item from an article's next chunk is quoted after its lead — once."""

from __future__ import annotations

from assistant.answer.evidence import Scored
from assistant.answer.lists import with_carried_leads
from assistant.text import split_sentences
from tests.assistant.passages import passage

LEAD = "第四十五条 …按照下列标准给予奖励和报酬：\n（一）转让的，提取不低于百分之五十；"
ITEM = "（三）自行实施的，连续三至五年提取不低于百分之五。"


def _chosen(lead_also: bool) -> tuple[list, list[Scored], dict]:
    first, second = passage(LEAD, 1, doc_id="law"), passage(ITEM, 2, doc_id="law")
    lead = split_sentences(LEAD)[0]
    item = split_sentences(ITEM)[0]
    chosen = [Scored(1.0, 1.0, 1, item, True)]
    if lead_also:
        chosen.insert(0, Scored(1.1, 1.0, 0, lead, True))
    return [first, second], chosen, {1: (first.chunk, lead)}


def test_an_item_from_the_next_chunk_is_quoted_after_its_lead():
    passages, chosen, carried = _chosen(lead_also=False)
    passages, out = with_carried_leads(passages, chosen, carried)
    leads = [s for s in out if s.sentence.text.endswith("：")]
    assert len(leads) == 1 and passages[leads[0].passage_index].chunk.text == LEAD


def test_a_lead_quoted_already_is_not_quoted_again():
    passages, chosen, carried = _chosen(lead_also=True)
    _, out = with_carried_leads(passages, chosen, carried)
    assert [s.sentence.text.endswith("：") for s in out].count(True) == 1
