"""Patterns compiled on first use, so that importing the rules compiles nothing.

The rules hold dozens of patterns, a few of them long alternations of phrases;
compiling them all is most of the cost of importing the rules, and a run that
never meets a line a rule looks at needs few of them. :func:`lazy_compile`
gives an object that stands for ``regex.compile(pattern, flags)``: the first
look-up of a method compiles the pattern and keeps the compiled method on the
object, so later calls cost what calls on the compiled pattern cost. The
pattern text is fixed where it is written, so the compiled pattern is the same
in every process.
"""

from __future__ import annotations

from typing import Any

import regex


class LazyPattern:
    """``regex.compile(pattern, flags)``, made when one of its methods is first looked up.

    ``pattern`` and ``flags`` are the arguments as given (what :mod:`.literals`
    reads), so they need no compiling.
    """

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.flags = int(flags)

    def compiled(self) -> regex.Pattern[str]:
        """The compiled pattern."""
        d = self.__dict__
        c = d.get("_compiled")
        if c is None:
            c = d["_compiled"] = regex.compile(d["pattern"], d["flags"])
        return c

    def __getattr__(self, name: str) -> Any:
        # only names the instance lacks come here; the special ones (asked by
        # pickle and copy before __init__ ever ran) are not the pattern's
        if name.startswith("__") or "pattern" not in self.__dict__:
            raise AttributeError(name)
        value = getattr(self.compiled(), name)
        if callable(value):
            self.__dict__[name] = value
        return value

    def __getstate__(self) -> dict[str, Any]:
        return {"pattern": self.pattern, "flags": self.flags}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self.flags})"


def lazy_compile(pattern: str, flags: int = 0) -> LazyPattern:
    """``regex.compile(pattern, flags)``, compiled on first use (see :class:`LazyPattern`)."""
    return LazyPattern(pattern, flags)


def is_pattern(value: object) -> bool:
    """Whether ``value`` is a compiled pattern or one compiled on first use."""
    return isinstance(value, (regex.Pattern, LazyPattern))


__all__ = ["LazyPattern", "is_pattern", "lazy_compile"]
