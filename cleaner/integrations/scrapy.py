"""A Scrapy item pipeline that cleans each item's HTML or text.

Add it to a spider's settings and nothing else::

    ITEM_PIPELINES = {"cleaner.integrations.scrapy.CleanerPipeline": 300}

Settings: ``CLEANER_INPUT_FIELD`` (default: ``html`` when the item has it,
else ``text``), ``CLEANER_OUTPUT_FIELD`` (default ``text``),
``CLEANER_OFF_TOPIC`` (``drop``/``split``/``keep``), ``CLEANER_MODEL``
(``default``, a path, or ``none``). The item gets the clean article text plus
``title``, ``date`` and ``url`` where found and the item has no such field
(a field the spider set, even to ``""`` or ``None``, is never replaced). Items with no
article left are dropped (``DropItem``) with the reason,
and counted in the crawl stats under ``cleaner/``.
"""

from __future__ import annotations

import contextlib
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from ..api import get_cleaner


class CleanerPipeline:
    """Clean the article in every scraped item (see the module docstring)."""

    def __init__(
        self,
        input_field: str | None = None,
        output_field: str = "text",
        off_topic: str = "drop",
        model: str | None = "default",
        stats: Any = None,
    ):
        self.input_field = input_field
        self.output_field = output_field
        self.cleaner = get_cleaner(off_topic, model)
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        model = s.get("CLEANER_MODEL", "default")
        return cls(
            input_field=s.get("CLEANER_INPUT_FIELD"),
            output_field=s.get("CLEANER_OUTPUT_FIELD", "text"),
            off_topic=s.get("CLEANER_OFF_TOPIC", "drop"),
            model=None if str(model).lower() == "none" else model,
            stats=crawler.stats,
        )

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"cleaner/{key}", count)

    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        field = self.input_field or ("html" if adapter.get("html") else "text")
        value = adapter.get(field)
        self._inc("items")
        if not isinstance(value, (str, bytes)) or not value:
            self._inc("dropped/no_input")
            raise DropItem(f"cleaner: item has no {field!r} to clean")
        result = self.cleaner.clean_batch(
            [(value, adapter.get("url"))], input_format="html" if field == "html" else "auto"
        )[0]
        main = result.main
        for reason, n in result.removal_counts().items():
            self._inc(f"removed/{reason}", n)
        if main is None:
            self._inc("dropped/no_article")
            raise DropItem("cleaner: no article text left after cleaning")
        adapter[self.output_field] = main.text
        for key in ("title", "date", "url"):
            value = getattr(main, key)
            if value and key not in adapter:
                with contextlib.suppress(KeyError):  # a declared scrapy.Item without this field
                    adapter[key] = value
        self._inc("cleaned")
        return item
