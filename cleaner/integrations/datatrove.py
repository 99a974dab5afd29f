"""A datatrove pipeline step: clean each document's text, drop the empty ones.

::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.integrations.datatrove import CleanerFilter

    LocalPipelineExecutor(pipeline=[
        JsonlReader("raw/"),
        CleanerFilter(),            # exclusion_writer=JsonlWriter("rejected/") keeps what was dropped
        JsonlWriter("clean/"),
    ]).run()

Removal counts by reason go to datatrove's stats (``removed_<reason>``) and
to each document's ``metadata["cleaner_removed"]``; title, url and date found
by cleaner go to the metadata only where it has no such key (the document's
own metadata is never replaced). A document with no article left is dropped
with reason ``no_article`` (datatrove's filter convention), its text as it
came, so an ``exclusion_writer`` keeps what was dropped.
"""

from __future__ import annotations

from datatrove.data import Document as DatatroveDocument
from datatrove.pipeline.filters.base_filter import BaseFilter

from ..api import get_cleaner


class CleanerFilter(BaseFilter):
    """Clean ``doc.text`` in place with cleaner; drop documents with nothing left."""

    name = "🧹 cleaner"

    def __init__(
        self,
        off_topic: str = "drop",
        model: str | None = "default",
        input_format: str = "auto",
        exclusion_writer=None,
        batch_size: int = 1,
    ):
        super().__init__(exclusion_writer=exclusion_writer, batch_size=batch_size)
        self.off_topic = off_topic
        self.model = model
        self.input_format = input_format

    def filter(self, doc: DatatroveDocument) -> bool | tuple[bool, str]:
        cleaner = get_cleaner(self.off_topic, self.model)
        result = cleaner.clean_batch([(doc.text, str(doc.id))], input_format=self.input_format)[0]
        main = result.main
        counts = result.removal_counts()
        for reason, n in counts.items():
            self.stat_update(f"removed_{reason}", value=n)
        doc.metadata["cleaner_removed"] = counts
        if main is None:
            return False, "no_article"
        doc.text = main.text
        for key in ("title", "url", "date"):
            value = getattr(main, key)
            if value and key not in doc.metadata:
                doc.metadata[key] = value
        return True
