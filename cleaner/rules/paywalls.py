"""The site's notices about access that extractors keep: paywall lines.

A metered article carries the paywall's notice ("This article is exclusive
to subscribers", "Unlock this article", "Subscribe to continue reading"),
which an extractor reads as text of the page. It speaks to the reader about
the site's access, never about the story: each pattern needs the paywall's
own wording (subscribers only, unlock, continue reading), and a body
sentence that reports somebody saying such words is left alone.
"""

from __future__ import annotations

from .base import pattern_rule

ORDER = 36.5  # after the promotion, before the appeals: a paywall line can name a subscription

paywall = pattern_rule(
    "paywall",
    "Paywall notices: 'This article is exclusive to subscribers', 'Subscribe to continue reading'.",
    r"\bexclusive (to|for) (our )?([\p{L}+]+ ){0,2}(subscribers|members)\b",
    r"\bunlock (this|the full|the rest of this) (article|story|post)\b",
    r"\b(subscribe|sign in|log in|register)( now| today)? to (continue|keep|finish) reading\b",
    r"\b(this|the full) (content|article|story|post) is (only )?(available|reserved) (to|for) "
    r"(paying |paid )?(subscribers|members)\b",
    example="This article is exclusive to Example Gazette subscribers.",
    max_words=40,
)
