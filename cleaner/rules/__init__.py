"""Rule-based filters, one small named rule per kind of junk.

Every module of this package that defines rules is found here by itself:
its rules (module-level :class:`Rule` objects) run in the order the module
defines them, and the modules in the order of their ``ORDER`` numbers:
structural leftovers first (markup, images, URLs), then site chrome, then
promotion and appeals, then bylines. Order matters where two rules would drop
the same block: the first names the reason.

Every rule only drops, and names itself as the reason, so a rule's name is
what users see in ``removed`` counts and in ``--rejects``, and what they pass
to ``--disable-rule``: names must be unique.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from types import ModuleType

from .base import DocumentRule, LineRule, Rule
from .engine import RulePlan

# Modules of the package that hold the machinery, not rules.
_MACHINERY = frozenset({"base", "catalog", "engine", "lazy", "literals", "phrases", "scan"})


def rules_of(module: ModuleType) -> list[Rule]:
    """The rules ``module`` defines, in the order it defines them."""
    return [value for value in vars(module).values() if isinstance(value, Rule)]


def _discover() -> list[Rule]:
    found: list[tuple[float, str, list[Rule]]] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name in _MACHINERY or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        rules = rules_of(module)
        if not rules:
            continue
        if not isinstance(getattr(module, "ORDER", None), (int, float)):
            raise ValueError(f"{module.__name__} defines rules but no ORDER number (its place in the order)")
        found.append((module.ORDER, info.name, rules))
    orders = [order for order, _, _ in found]
    if len(set(orders)) < len(orders):
        raise ValueError(f"two rule modules share an ORDER number: {sorted((o, n) for o, n, _ in found)}")
    return [rule for _, _, rules in sorted(found, key=lambda f: f[0]) for rule in rules]


def by_name(rules: Iterable[Rule]) -> dict[str, Rule]:
    """The rules by name; two rules sharing a name is a programming error."""
    out: dict[str, Rule] = {}
    for rule in rules:
        if rule.name in out:
            raise ValueError(f"two rules are named {rule.name!r}: {out[rule.name]!r} and {rule!r}")
        out[rule.name] = rule
    return out


RULES: list[Rule] = _discover()
RULES_BY_NAME: dict[str, Rule] = by_name(RULES)


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


__all__ = ["RULES", "RULES_BY_NAME", "DocumentRule", "LineRule", "Rule", "RulePlan", "by_name", "rules_of",
           "select_rules"]
