"""caption_credit, paywall and appeal_subscribe: what they drop, the body look-alikes they keep, in a page."""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.rules import RULES_BY_NAME

GO = {
    "caption_credit": [
        "Fishing boats wait out the storm in the harbour. Photo: Jane Example",
        "The old lighthouse is the most photographed building in town. Photo by: 'John Sample'.",
        "A ferry leaves the harbour at dawn. Image courtesy of: Example Studio",
        "The new sea wall under construction. Credit: Example Ports Authority",
    ],
    "paywall": [
        "This article is exclusive to Example Gazette subscribers",
        "Unlock this article, plus newsletters and news alerts.",
        "Subscribe now to continue reading.",
        "This content is only available to paying subscribers.",
    ],
    "appeal_subscribe": [
        "Thanks for reading! Subscribe for free to receive new posts and support my work.",
        "Sign up to get posts via email,",
        "Subscribe to stay up to date with our latest news and guides.",
        "Subscribe to new posts",
    ],
}

STAY = {
    "caption_credit": [
        "The museum reopened on Monday. Photo: the museum said it would not comment on the damage.",
        "Source: Example Agency analysis of port data | Image Credit: Example Agency",
        "Photographers crowded the quay as the ferry came in, and the captain waved from the bridge.",
    ],
    "paywall": [
        "Already a subscriber? View your reports here.",
        "The club offers members exclusive access to the harbour on race days, its chairman said.",
        "“Subscribe to continue reading,” the pop-up said, according to the complaint filed on Monday.",
    ],
    "appeal_subscribe": [
        "More than 2,000 residents signed up to receive flood alerts by text message last winter.",
        "Readers who subscribe to the paper's print edition stay informed about council meetings, she wrote.",
    ],
}


@pytest.mark.parametrize("name,text", [(n, t) for n, ts in GO.items() for t in ts])
def test_rule_drops_its_junk(name, text):
    assert RULES_BY_NAME[name](text), f"{name} should drop: {text!r}"


@pytest.mark.parametrize("name,text", [(n, t) for n, ts in STAY.items() for t in ts])
def test_rule_keeps_body_lookalikes(name, text):
    assert not RULES_BY_NAME[name](text), f"{name} should keep: {text!r}"


BODY = (
    "The storm surge reached the old harbour wall shortly after midnight, residents said, and crews "
    "worked through the night to clear the coast road before the morning ferries arrived."
)


def test_in_a_page_only_the_caption_and_the_notice_go():
    text = (
        f"{BODY}\n\nFishing boats wait out the storm in the harbour. Photo: Jane Example\n\n"
        "The council said repairs to the promenade would begin next week and take about a month.\n\n"
        "This article is exclusive to Example Gazette subscribers.\n"
    )
    [doc] = Cleaner(model=None, off_topic="keep").clean_documents(text)
    reasons = {b.text: b.reason for b in doc.blocks if not b.kept}
    assert set(reasons.values()) == {"caption_credit", "paywall"}
    assert BODY in doc.text and "repairs to the promenade" in doc.text
