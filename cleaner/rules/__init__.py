"""Rule-based filters, one small named rule per kind of junk.

``RULES`` is the order the pipeline applies them in: structural leftovers
first (markup, images, URLs), then site chrome, then promotion and appeals,
then bylines. Every rule only drops, and names itself as the reason, so a
rule's name is what users see in ``removed`` counts and in ``--rejects``, and
what they pass to ``--disable-rule``: names must be unique.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import appeals, bylines, media, navigation, promo
from .base import Rule

RULES: list[Rule] = [
    *navigation.RULES,
    *media.RULES,
    *promo.RULES,
    *appeals.RULES,
    *bylines.RULES,
]


def _by_name(rules: Iterable[Rule]) -> dict[str, Rule]:
    """The rules by name; two rules sharing a name is a programming error."""
    out: dict[str, Rule] = {}
    for rule in rules:
        if rule.name in out:
            raise ValueError(f"two rules are named {rule.name!r}: {out[rule.name]!r} and {rule!r}")
        out[rule.name] = rule
    return out


RULES_BY_NAME: dict[str, Rule] = _by_name(RULES)


def select_rules(disable: Iterable[str] = ()) -> list[Rule]:
    """``RULES`` without the rules named in ``disable``, in pipeline order.

    Raises ValueError naming every valid rule when a name is unknown, so a
    typo cannot silently leave a rule on.
    """
    names = set(disable)
    unknown = sorted(names - RULES_BY_NAME.keys())
    if unknown:
        raise ValueError(
            f"unknown rule {', '.join(map(repr, unknown))}; valid rules: {', '.join(RULES_BY_NAME)}"
            " ('boilerplate' and 'off_topic' are not rules: the model and off-topic options switch them)"
        )
    return [r for r in RULES if r.name not in names]


__all__ = ["RULES", "RULES_BY_NAME", "Rule", "select_rules"]
