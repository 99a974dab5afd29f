"""The library interface: :class:`Cleaner` and the module-level shortcuts.

A :class:`Cleaner` holds its parameters as given (scikit-learn's convention:
:meth:`~Cleaner.get_params`, :meth:`~Cleaner.set_params`, or plain attribute
assignment) and builds its pipeline from them when first used, again after a
parameter changes. Built pipelines (compiled patterns, the model) are only
read while cleaning, so one Cleaner is safe to share between threads; every
call works on its own documents.

``import cleaner`` imports none of the stages: the rules, numpy, the model
runtime and the topic step load with the first pipeline, so a program that
only imports cleaner (a CLI's ``--help``, a worker not yet given work) does
not pay for them.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .document import Document, main_document, main_document_text

if TYPE_CHECKING:
    from .pipeline import Pipeline

OFF_TOPIC_MODES = ("drop", "split", "keep")
FAVOR_MODES = (None, "precision", "recall")
PARAMS = ("off_topic", "model", "trust_model", "disable", "favor")
MAX_PASSES = 8
FIXED_POINTS = 256  # clean() outputs remembered as proven fixed points, per Cleaner
BATCH_CHUNK = 16  # inputs per pipeline run in clean_batch: one model call each, memory bounded


def _param(name: str) -> property:
    """A parameter as an attribute: read as stored, assigned through :meth:`Cleaner.set_params`."""

    def get(self: Cleaner) -> Any:
        return self._params[name]

    def put(self: Cleaner, value: Any) -> None:
        self.set_params(**{name: value})

    return property(get, put, doc=f"The ``{name}`` parameter (see :class:`Cleaner`).")


@dataclass
class _Built:
    """What a Cleaner built from one set of parameters; replaced whole when they change."""

    params: dict[str, Any]
    pipeline: Pipeline
    # clean() keeps an unmarked first-line headline in the text, so that
    # cleaning its own output changes nothing (see metadata.find_title).
    stable: Pipeline
    # Outputs of clean() proven stable, most recent last: clean(clean(x)),
    # a corpus re-run in the same process, costs a look-up, not a pass.
    fixed_points: OrderedDict[str, None] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Cleaner:
    """Turn scraped news text into clean article documents.

    Parameters follow scikit-learn's habit of plain keyword arguments stored
    as given (:meth:`get_params`, :meth:`set_params`; assigning an attribute
    such as ``c.off_topic = "keep"`` is the same as ``c.set_params(off_topic="keep")``).
    A bad value raises when it is set, in ``__init__`` as in
    :meth:`set_params` or an assignment, and leaves the Cleaner as it was;
    the pipeline is rebuilt from the new parameters at the next call.

    off_topic:
        ``"drop"`` (default) removes stories pasted into an article that are
        about something else, ``"split"`` emits them as documents of their
        own, ``"keep"`` turns the step off.
    model:
        ``"default"`` loads the model shipped in ``models/``, a path loads
        another, ``None`` runs the rules only. A file its model card does not
        pin raises :class:`~cleaner.classify.model.ModelError` unless
        ``trust_model`` (set both at once: ``set_params(model=p, trust_model=True)``).
    trust_model:
        use a model file whose hash is not pinned in its model card (only
        trust files you made).
    disable:
        names of rules to switch off (``cleaner rules`` lists them); an
        unknown name raises ValueError listing the valid ones. Stored
        sorted, without repeats.
    favor:
        ``None`` (default) for the model's tuned balance; ``"precision"``
        drops more of what is only probably boilerplate, ``"recall"`` keeps
        more of what is only probably article (trafilatura's knob of the
        same name; the model card gives the dev figures). Rules are not
        affected.
    """

    off_topic = _param("off_topic")
    model = _param("model")
    trust_model = _param("trust_model")
    disable = _param("disable")
    favor = _param("favor")

    def __init__(self, *, off_topic: str = "drop", model: str | None = "default", trust_model: bool = False,
                 disable: Iterable[str] = (), favor: str | None = None):
        self._params: dict[str, Any] = {}
        self._built: _Built | None = None
        self._build_lock = threading.Lock()
        self.set_params(off_topic=off_topic, model=model, trust_model=trust_model, disable=disable,
                        favor=favor)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The parameters, as :meth:`set_params` and ``Cleaner(**params)`` take them."""
        return dict(self._params)

    def set_params(self, **params: Any) -> Cleaner:
        """Change parameters (all checked before any is changed); the pipeline follows at the next call."""
        unknown = sorted(set(params) - set(PARAMS))
        if unknown:
            raise ValueError(f"Cleaner has no parameter {', '.join(map(repr, unknown))}; "
                             f"its parameters are {', '.join(PARAMS)}")
        new = {**self._params, **params}
        new["disable"] = tuple(sorted(set(new["disable"])))
        _check_params(new, changed=set(params) if self._params else set(PARAMS))
        self._params = new
        return self

    def _state(self) -> _Built:
        """The pipelines (and memory of fixed points) for the current parameters, built on first need."""
        built = self._built
        if built is None or built.params is not self._params:
            with self._build_lock:
                built = self._built
                if built is None or built.params is not self._params:
                    params = self._params
                    pipeline, stable = _build_pipelines(params)
                    built = self._built = _Built(params, pipeline, stable)
        return built

    @property
    def pipeline(self) -> Pipeline:
        """The pipeline built from the current parameters (what :meth:`clean_documents` runs)."""
        return self._state().pipeline

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
        text, meta = prepare_input(text, input_format=input_format, meta=meta)
        return self._state().pipeline.run(text, source=source, fields=fields, meta=meta)

    def clean_html(self, html: str | bytes) -> str:
        """The clean text of the main article of an HTML page."""
        return main_document_text(self.clean_documents(html, input_format="html"))

    def clean_many(self, items: Iterable[tuple[str, str | None, dict[str, Any] | None]]) -> list[Document]:
        """Clean a batch of ``(text, source, fields)`` in one pass (faster for small inputs)."""
        return self._state().pipeline.run_many(items)

    def clean(self, text: str | bytes) -> str:
        """The clean text of the main document in ``text``.

        The result is a fixed point: cleaning it again changes nothing
        (``clean(clean(x)) == clean(x)``), so a corpus can be re-run through
        cleaner safely. Clean text is usually stable after one pass; when a
        pass still finds something (a line that now reads as markup, a
        heading left without its section), the text is cleaned again, at
        most :data:`MAX_PASSES` times, until a pass returns its own input or
        its output parses as its input did (either proves it, see
        :func:`~cleaner.pipeline.run_to_fixed_point`; so clean text, such as
        clean's output read back in another process, costs one pass). For
        the same reason a first line that is only probably the headline
        (plain text, no heading or emphasis marks, no date marker before it)
        stays at the top of the text; :meth:`clean_documents` and the CLI
        move it to ``title``.
        """
        state = self._state()
        plain = isinstance(text, str) and not looks_like_html(text)
        if plain and _is_known_fixed_point(state, text):
            return text  # cleaned before and proven stable: cleaning it again changes nothing
        from .pipeline import run_to_fixed_point

        first, meta = prepare_input(text)
        # A pass that returns its own (plain text) input has proven that input a fixed point.
        out, proven = run_to_fixed_point(state.stable, first, meta, main_document_text,
                                         given=text if plain else None, max_passes=MAX_PASSES)
        # Proven: a pass over ``out`` returns it. clean(out) would run that
        # very pass first (plain text, not HTML), so it may answer at once.
        if proven and not looks_like_html(out):
            _remember_fixed_point(state, out)
        return out

    def forget_fixed_points(self) -> None:
        """Forget the outputs :meth:`clean` proved stable, so that it proves them again."""
        state = self._state()
        with state.lock:
            state.fixed_points.clear()

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
            pipeline = self._state().pipeline
            if len({item[1] for item in chunk}) == len(chunk):
                groups = pipeline.run_grouped(chunk)
            else:
                groups = [pipeline.run_many([item]) for item in chunk]
            results.extend(BatchResult(docs) for docs in groups)
        return results

    def stage_seconds(self) -> dict[str, float]:
        """Seconds spent parsing and in each stage, summed over the runs of this
        process since the pipeline was built (``clean -v``)."""
        return dict(self._state().pipeline.seconds)

    def load_model(self) -> None:
        """Load the block model and the language identifier now rather than at their first use."""
        for stage in self._state().pipeline.stages:
            load = getattr(stage, "load", None)
            if load is not None:
                load()

    def __getstate__(self) -> dict[str, Any]:
        # Pickled as its parameters (process pools, Dask): the pipeline is rebuilt where it is used.
        return self.get_params()

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)

    def __repr__(self) -> str:
        extra = f", disable={list(self.disable)!r}" if self.disable else ""
        extra += f", favor={self.favor!r}" if self.favor else ""
        return (f"Cleaner(off_topic={self.off_topic!r}, model={self.model!r}, "
                f"trust_model={self.trust_model!r}{extra})")


def _check_params(params: dict[str, Any], changed: set[str]) -> None:
    """Raise for a bad value among ``changed`` (ValueError; ModelError for a model that cannot be used)."""
    if params["off_topic"] not in OFF_TOPIC_MODES:
        modes = ", ".join(OFF_TOPIC_MODES)
        raise ValueError(f"off_topic must be one of {modes}, not {params['off_topic']!r}")
    if params["favor"] not in FAVOR_MODES:
        raise ValueError(f"favor must be None, 'precision' or 'recall', not {params['favor']!r}")
    if params["disable"] and "disable" in changed:
        from .rules import select_rules

        select_rules(params["disable"])
    if params["model"] is not None and changed & {"model", "trust_model"}:
        from .classify.stage import check_model

        check_model(params["model"], trust=params["trust_model"])


def _build_pipelines(params: dict[str, Any]) -> tuple[Pipeline, Pipeline]:
    """The pipeline for ``params``, and its copy for :meth:`Cleaner.clean`
    (which keeps plain first-line headlines in the text and names no language)."""
    from .language import LanguageStage
    from .pipeline import Pipeline, RuleStage, Stage, TidyStage, TitleStage
    from .rules import select_rules

    stages: list[Stage] = [RuleStage(select_rules(params["disable"])), TitleStage()]
    if params["model"] is not None:
        from .classify.stage import classifier_stage

        stages.append(classifier_stage(params["model"], trust=params["trust_model"], favor=params["favor"]))
    if params["off_topic"] != "keep":
        from .topics import OffTopicStage

        stages.append(OffTopicStage(mode=params["off_topic"], run_search=params["model"] is not None))
    stages += [TidyStage(), LanguageStage()]
    # clean() returns text alone, and the language stage marks no block (the
    # main document is chosen by its text and split_from): its copy goes
    # without it, so it never loads py3langid's model.
    stable = [TitleStage(keep_plain=True) if isinstance(s, TitleStage) else s
              for s in stages if not isinstance(s, LanguageStage)]
    return Pipeline(stages), Pipeline(stable)


def _is_known_fixed_point(state: _Built, text: str) -> bool:
    with state.lock:
        if text in state.fixed_points:
            state.fixed_points.move_to_end(text)
            return True
        return False


def _remember_fixed_point(state: _Built, text: str) -> None:
    with state.lock:
        state.fixed_points[text] = None
        while len(state.fixed_points) > FIXED_POINTS:
            state.fixed_points.popitem(last=False)


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


def _batch_item(item: str | bytes | tuple, input_format: str) -> tuple:
    """An item of :meth:`Cleaner.clean_batch` as the pipeline takes it: ``(text, source, fields, meta)``."""
    if not isinstance(item, tuple):
        item = (item,)
    text, source, fields, meta = (*item, None, None, None)[:4]
    text, meta = prepare_input(text, input_format=input_format, meta=meta)
    return text, source, fields, meta


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


_lock = threading.Lock()


@lru_cache(maxsize=16)
def _cached_cleaner(off_topic: str, model: str | None, trust_model: bool, disable: tuple[str, ...] = (),
                    favor: str | None = None) -> Cleaner:
    return Cleaner(off_topic=off_topic, model=model, trust_model=trust_model, disable=disable, favor=favor)


def get_cleaner(off_topic: str = "drop", model: str | None = "default", trust_model: bool = False,
                disable: Iterable[str] = (), favor: str | None = None) -> Cleaner:
    """A shared :class:`Cleaner` for these options, built once per process.

    Shared by every caller asking for the same options: set parameters on a
    Cleaner of your own, not on this one.
    """
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
    return get_cleaner(off_topic, model).clean_documents(text, source=source, fields=fields,
                                                         input_format=input_format)


def clean_html(html: str | bytes, *, off_topic: str = "drop", model: str | None = "default") -> str:
    """Return the clean text of the main article of an HTML page."""
    return get_cleaner(off_topic, model).clean_html(html)


def looks_like_html(text: str) -> bool:
    """A whole HTML page (doctype, ``<html>``, or a ``<body>`` with closing tags),
    after any comments and XML declaration a page may open with. Such a page read
    as text would come out as its markup, and that output would read as HTML."""
    start = text[:20000]
    rest = start.lstrip()
    while rest.startswith(("<!--", "<?xml")):
        close = rest.find("-->" if rest.startswith("<!--") else "?>")
        if close < 0:
            break
        rest = rest[close + (3 if rest.startswith("<!--") else 2):].lstrip()
    head = rest[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in start)
