"""The library interface: :class:`Cleaner` and the module-level shortcuts.

A :class:`Cleaner` is configured once (which stages, which model, what to do
with off-topic stories) and is then safe to share between threads: all
compiled patterns and the model are built in ``__init__`` and only read
afterwards; every call works on its own documents.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from .classify.stage import ClassifierStage, classifier_stage
from .document import Document
from .language import LanguageStage
from .topics import OffTopicStage
from .pipeline import Pipeline, RuleStage, Stage, TidyStage, TitleStage
from .rules import select_rules

OFF_TOPIC_MODES = ("drop", "split", "keep")
FAVOR_MODES = (None, "precision", "recall")
MAX_PASSES = 8
FIXED_POINTS = 256  # clean() outputs remembered as proven fixed points, per Cleaner
BATCH_CHUNK = 16  # inputs per pipeline run in clean_batch: one model call each, memory bounded


class Cleaner:
    """Turn scraped news text into clean article documents.

    Parameters follow scikit-learn's habit of plain keyword arguments stored
    as given:

    off_topic:
        ``"drop"`` (default) removes stories pasted into an article that are
        about something else, ``"split"`` emits them as documents of their
        own, ``"keep"`` turns the step off.
    model:
        ``"default"`` loads the model shipped in ``models/``, a path loads
        another, ``None`` runs the rules only.
    trust_model:
        use a model file whose hash is not pinned in its model card (only
        trust files you made).
    disable:
        names of rules to switch off (``cleaner rules`` lists them); an
        unknown name raises ValueError listing the valid ones.
    favor:
        ``None`` (default) for the model's tuned balance; ``"precision"``
        drops more of what is only probably boilerplate, ``"recall"`` keeps
        more of what is only probably article (trafilatura's knob of the
        same name; the model card gives the dev figures). Rules are not
        affected.
    """

    def __init__(self, *, off_topic: str = "drop", model: str | None = "default", trust_model: bool = False,
                 disable: Iterable[str] = (), favor: str | None = None):
        if off_topic not in OFF_TOPIC_MODES:
            raise ValueError(f"off_topic must be one of {', '.join(OFF_TOPIC_MODES)}, not {off_topic!r}")
        if favor not in FAVOR_MODES:
            raise ValueError(f"favor must be None, 'precision' or 'recall', not {favor!r}")
        self.favor = favor
        self.off_topic = off_topic
        self.model = model
        self.trust_model = trust_model
        self.disable = tuple(sorted(set(disable)))
        self._rules = select_rules(self.disable)
        self.pipeline = Pipeline(self._stages())
        # clean() keeps an unmarked first-line headline in the text, so that
        # cleaning its own output changes nothing (see metadata.find_title).
        self._stable_pipeline = Pipeline([TitleStage(keep_plain=True) if isinstance(s, TitleStage) else s
                                          for s in self.pipeline.stages])
        # Outputs of clean() proven stable, most recent last: clean(clean(x)),
        # a corpus re-run in the same process, costs a look-up, not two passes.
        self._fixed_points: OrderedDict[str, None] = OrderedDict()
        self._fixed_lock = threading.Lock()

    def _stages(self) -> list[Stage]:
        stages: list[Stage] = [RuleStage(self._rules), TitleStage()]
        stages.extend(_optional_stages(self))
        stages.append(TidyStage())
        stages.append(LanguageStage())
        return stages

    def clean_documents(
        self, text: str | bytes, source: str | None = None, fields: dict[str, Any] | None = None,
        *, input_format: str = "auto", meta: dict[str, Any] | None = None,
    ) -> list[Document]:
        """Every document in ``text`` with its metadata and its removals.

        ``text`` may be bytes (decoded by BOM, UTF-8, declared charset, then
        detection) and may be an HTML page (``input_format="html"``, or detected
        from a leading doctype/``<html>``): it is extracted with trafilatura
        first, and the page's metadata fills the documents' fields.
        """
        return self._documents(text, self.pipeline, source=source, fields=fields, input_format=input_format, meta=meta)

    def _documents(self, text: str | bytes, pipeline: Pipeline, *, source: str | None = None,
                   fields: dict[str, Any] | None = None, input_format: str = "auto",
                   meta: dict[str, Any] | None = None) -> list[Document]:
        text, meta = prepare_input(text, input_format=input_format, meta=meta)
        return pipeline.run(text, source=source, fields=fields, meta=meta)

    def clean_html(self, html: str | bytes) -> str:
        """The clean text of the main article of an HTML page."""
        return main_document_text(self.clean_documents(html, input_format="html"))

    def clean_many(self, items: Iterable[tuple[str, str | None, dict[str, Any] | None]]) -> list[Document]:
        """Clean a batch of ``(text, source, fields)`` in one pass (faster for small inputs)."""
        return self.pipeline.run_many(items)

    def clean(self, text: str | bytes) -> str:
        """The clean text of the main document in ``text``.

        The result is a fixed point: cleaning it again changes nothing
        (``clean(clean(x)) == clean(x)``), so a corpus can be re-run through
        cleaner safely. Clean text is usually stable after one pass; when a
        pass still finds something (a line that now reads as markup, a
        heading left without its section), the text is cleaned again, at
        most :data:`MAX_PASSES` times. For the same reason a first line
        that is only probably the headline (plain text, no heading or
        emphasis marks, no date marker before it) stays at the top of the
        text; :meth:`clean_documents` and the CLI move it to ``title``.
        """
        if isinstance(text, str) and self._is_known_fixed_point(text):
            return text  # cleaned before and proven stable: cleaning it again changes nothing
        out = main_document_text(self._documents(text, self._stable_pipeline))
        for _ in range(MAX_PASSES):
            again = main_document_text(self._documents(out, self._stable_pipeline, input_format="text"))
            if again == out:
                # Proven: a pass over ``out`` returns it. clean(out) would run that
                # very pass first (plain text, not HTML), so it may answer at once.
                if not looks_like_html(out):
                    self._remember_fixed_point(out)
                break
            out = again
        return out

    def _is_known_fixed_point(self, text: str) -> bool:
        with self._fixed_lock:
            if text in self._fixed_points:
                self._fixed_points.move_to_end(text)
                return True
            return False

    def _remember_fixed_point(self, text: str) -> None:
        with self._fixed_lock:
            self._fixed_points[text] = None
            while len(self._fixed_points) > FIXED_POINTS:
                self._fixed_points.popitem(last=False)

    def clean_batch(self, items: Iterable[str | bytes | tuple], *, input_format: str = "auto",
                    chunk_size: int = BATCH_CHUNK) -> list[BatchResult]:
        """Clean many inputs; one :class:`BatchResult` per item, in order.

        The one entry point the integrations (Scrapy, datatrove, Hugging Face,
        Dask) and the command line share, so they pick the main document and
        count removals the same way. An item is a text (str or bytes) or a
        tuple ``(text, source, fields, meta)`` (trailing ones optional), read
        as :func:`prepare_input` reads it with ``input_format``. Items are
        cleaned ``chunk_size`` per pipeline run (one model call scores them
        all); a run's documents are matched to items by source, so a chunk
        whose sources are not distinct is cleaned one item at a time (same
        output). Raises :class:`~cleaner.io.InputError` for an unreadable item.
        """
        size = max(1, chunk_size)
        results: list[BatchResult] = []
        pending = iter(items)
        while chunk := [_batch_item(item, input_format) for item in itertools.islice(pending, size)]:
            if len({item[1] for item in chunk}) == len(chunk):
                groups = self.pipeline.run_grouped(chunk)
            else:
                groups = [self.pipeline.run_many([item]) for item in chunk]
            results.extend(BatchResult(docs) for docs in groups)
        return results

    def stage_seconds(self) -> dict[str, float]:
        """Seconds spent parsing and in each stage, summed over this process's runs (``clean -v``)."""
        return dict(self.pipeline.seconds)

    def load_model(self) -> None:
        """Load the block model and the language identifier now rather than at their first use."""
        for stage in self.pipeline.stages:
            if isinstance(stage, ClassifierStage):
                stage.model  # noqa: B018 (loads it)
            elif isinstance(stage, LanguageStage):
                stage.load()

    def __repr__(self) -> str:
        extra = f", disable={list(self.disable)!r}" if self.disable else ""
        extra += f", favor={self.favor!r}" if self.favor else ""
        return f"Cleaner(off_topic={self.off_topic!r}, model={self.model!r}, trust_model={self.trust_model!r}{extra})"


def prepare_input(text: str | bytes, *, input_format: str = "auto",
                  meta: dict[str, Any] | None = None) -> tuple[str, dict[str, Any] | None]:
    """The text the pipeline cleans, and the metadata known about it.

    Bytes are decoded (BOM, UTF-8, declared charset, detection); an HTML page
    (``input_format="html"``, or detected from a leading doctype/``<html>``)
    is extracted with trafilatura and its metadata merged under ``meta``,
    with ``extracted_by`` set so the pipeline treats its text as an article.
    Raises :class:`~cleaner.io.InputError` for input that cannot be read.
    """
    if isinstance(text, (bytes, bytearray)):
        from .html import decode_html

        text = decode_html(bytes(text))
    if not isinstance(text, str):
        raise TypeError(f"text must be str or bytes, not {type(text).__name__}")
    if input_format == "html" or (input_format == "auto" and looks_like_html(text)):
        from .html import html_to_document_input

        text, page_meta = html_to_document_input(text)
        meta = {**page_meta, **(meta or {}), "extracted_by": "trafilatura"}
    return text, meta


def _optional_stages(cleaner: Cleaner) -> list[Stage]:
    """The classifier (unless rules only) and the off-topic step (unless kept)."""
    stages: list[Stage] = []
    if cleaner.model is not None:
        stages.append(classifier_stage(cleaner.model, trust=cleaner.trust_model, favor=cleaner.favor))
    if cleaner.off_topic != "keep":
        stages.append(OffTopicStage(mode=cleaner.off_topic, run_search=cleaner.model is not None))
    return stages


def _batch_item(item: str | bytes | tuple, input_format: str) -> tuple:
    """An item of :meth:`Cleaner.clean_batch` as the pipeline takes it: ``(text, source, fields, meta)``."""
    if not isinstance(item, tuple):
        item = (item,)
    text, source, fields, meta = (*item, None, None, None)[:4]
    text, meta = prepare_input(text, input_format=input_format, meta=meta)
    return text, source, fields, meta


def main_document(docs: list[Document]) -> Document | None:
    """The main document of an input: the first that has text and was not split out of another."""
    for doc in docs:
        if doc.split_from is None and doc.text:
            return doc
    return None


@dataclass
class BatchResult:
    """What :meth:`Cleaner.clean_batch` made of one item: its documents and its main one."""

    documents: list[Document]

    @property
    def main(self) -> Document | None:
        """See :func:`main_document`; None when no article text is left."""
        return main_document(self.documents)

    @property
    def text(self) -> str:
        """The main document's text, ``""`` when there is none."""
        main = self.main
        return main.text if main is not None else ""

    def removal_counts(self) -> dict[str, int]:
        """Removals per reason, summed over every document of the item (split-out stories too)."""
        counts: dict[str, int] = {}
        for doc in self.documents:
            for reason, n in doc.removal_counts().items():
                counts[reason] = counts.get(reason, 0) + n
        return counts


def main_document_text(docs: list[Document]) -> str:
    """The text of :func:`main_document`, ``""`` when there is none."""
    doc = main_document(docs)
    return doc.text if doc is not None else ""


_lock = threading.Lock()


@lru_cache(maxsize=16)
def _cached_cleaner(off_topic: str, model: str | None, trust_model: bool, disable: tuple[str, ...] = (),
                    favor: str | None = None) -> Cleaner:
    return Cleaner(off_topic=off_topic, model=model, trust_model=trust_model, disable=disable, favor=favor)


def get_cleaner(off_topic: str = "drop", model: str | None = "default", trust_model: bool = False,
                disable: Iterable[str] = (), favor: str | None = None) -> Cleaner:
    """A shared :class:`Cleaner` for these options, built once per process."""
    with _lock:
        return _cached_cleaner(off_topic, model, trust_model, tuple(sorted(set(disable))), favor)


def clean(text: str, *, off_topic: str = "drop", model: str | None = "default") -> str:
    """Return the clean text of the main article in ``text``."""
    return get_cleaner(off_topic, model).clean(text)


def clean_documents(
    text: str | bytes,
    source: str | None = None,
    *,
    fields: dict[str, Any] | None = None,
    off_topic: str = "drop",
    model: str | None = "default",
    input_format: str = "auto",
) -> list[Document]:
    """Return every document in ``text`` (plain, markdown or HTML) with metadata and removals with reasons."""
    return get_cleaner(off_topic, model).clean_documents(text, source=source, fields=fields, input_format=input_format)


def clean_html(html: str | bytes, *, off_topic: str = "drop", model: str | None = "default") -> str:
    """Return the clean text of the main article of an HTML page."""
    return get_cleaner(off_topic, model).clean_html(html)


def looks_like_html(text: str) -> bool:
    """A whole HTML page (doctype, ``<html>``, or a ``<body>`` with closing tags)."""
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text[:20000])
