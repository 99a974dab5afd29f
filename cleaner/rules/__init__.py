"""Rule-based filters, one small named rule per kind of junk.

``RULES`` is the order the pipeline applies them in: structural leftovers
first (markup, images, URLs), then site chrome, then promotion and appeals,
then bylines. Every rule only drops, and names itself as the reason.
"""

from __future__ import annotations

from . import appeals, bylines, media, navigation, promo
from .base import Rule

RULES: list[Rule] = [
    *navigation.RULES,
    *media.RULES,
    *promo.RULES,
    *appeals.RULES,
    *bylines.RULES,
]

RULES_BY_NAME: dict[str, Rule] = {}
for _rule in RULES:
    RULES_BY_NAME.setdefault(_rule.name, _rule)

__all__ = ["RULES", "RULES_BY_NAME", "Rule"]
