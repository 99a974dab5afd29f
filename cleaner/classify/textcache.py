"""A bounded, thread-safe memory of what a block's text alone decides.

clean() runs the pipeline twice over nearly the same blocks (its output is
cleaned again to prove it stable), and a site's pages repeat their menus and
footers: a block text seen before need not be scanned again. The memory is
bounded in entries and in the characters of the texts it holds, oldest
first out, so a long run or one giant document cannot grow it past a few MiB.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any


class TextMemory:
    """``text -> value`` for at most ``max_entries`` texts of at most ``max_chars`` characters in all."""

    def __init__(self, max_entries: int, max_chars: int):
        self.max_entries = max_entries
        self.max_chars = max_chars
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def get_many(self, texts: list[str]) -> list[Any]:
        """The value of each text, ``None`` where there is none (found ones count as recently used)."""
        items = self._items
        out: list[Any] = []
        with self._lock:
            for text in texts:
                found = items.get(text)
                if found is None:
                    out.append(None)
                else:
                    items.move_to_end(text)
                    out.append(found[0])
        return out

    def put_many(self, pairs: list[tuple[str, Any]]) -> None:
        """Remember each ``(text, value)``, forgetting the oldest past the bounds."""
        items = self._items
        with self._lock:
            for text, value in pairs:
                if text in items or len(text) > self.max_chars:
                    continue
                items[text] = (value, len(text))
                self._chars += len(text)
            while len(items) > self.max_entries or self._chars > self.max_chars:
                _, (_, size) = items.popitem(last=False)
                self._chars -= size

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._chars = 0

    def __len__(self) -> int:
        return len(self._items)
