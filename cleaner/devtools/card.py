"""The model card: what the model is, what it was trained on, and its dev-split scores.

Every figure in the card is computed here, from the model file, its settings and a fresh
evaluation on the dev split; the card also pins the model file's SHA-256, which is what lets
the runtime load the file without ``--trust-model``.
"""

from __future__ import annotations

import platform
from pathlib import Path

from ..classify.model import CARD_NAME, DEFAULT_MODEL, BlockModel, file_sha256
from . import corpus
from .dataset import FIXTURE_WEIGHT, TRAIN_KINDS

FEATURES = (
    "Length, word, sentence counts; terminal punctuation; punctuation, comma, digit and capitalisation "
    "ratios; stop-word density (jusText's lists for 14 European languages, and English alone); link density "
    "and link count; separators, dates, copyright and call-to-action words; block kind (paragraph, heading, "
    "list item, quote, table, image, url), heading level, emphasis, indentation; duplicates within the page; "
    "the rules' decisions; the same for the three blocks on either side and windowed means over 2, 5 and 12 "
    "blocks; how much article-like prose lies before and after the block (no relative position: the end of a "
    "page is footer in a full-page dump and the essay's second half in an extractor's output)."
)
CONTEXT_STAGE = (
    ", then a second `HistGradientBoostingClassifier` over the same features plus "
    "{n} context columns built from the first stage's probabilities along the document "
    "(neighbours' probabilities, windowed means, the main run of confident body and the block's place "
    "relative to it, confident body before and after, the document's share of confident body; trained on "
    "out-of-fold first-stage probabilities)"
)


def refresh_card(model_path: Path = DEFAULT_MODEL, path=None, log=print) -> Path:
    """Re-score an existing model on the dev split and rewrite its card (hash,
    data and parameters unchanged): for when a stage around the classifier
    changed but the model did not."""
    from ..classify.model import load_model

    model_path = Path(model_path)

    model = load_model(model_path)
    card = write_card(model_path, model, dev_rows(model_path, path), path)
    log(f"rewrote {card}")
    return card


def dev_rows(output: Path, path=None) -> list:
    """The model card's table: every input kind on the dev split."""
    from .quality import cleaner_system, evaluate_kind, identity, justext_text

    rows = []
    _forget(output)
    model = str(output)
    for kind in TRAIN_KINDS:
        systems = {
            "identity": identity,
            "jusText": justext_text,
            "cleaner (rules only)": cleaner_system(model=None),
            "cleaner": cleaner_system(model=model, trust_model=True),
            "cleaner --favor precision": cleaner_system(model=model, trust_model=True, favor="precision"),
            "cleaner --favor recall": cleaner_system(model=model, trust_model=True, favor="recall"),
        }
        rows += evaluate_kind(kind, systems, "dev", path)
    from .quality import cleaner_html_system, evaluate_html, justext_html, trafilatura_html

    html_systems = {
        "jusText": justext_html,
        "trafilatura": trafilatura_html,
        "cleaner": cleaner_html_system(model=model, trust_model=True),
    }
    rows += evaluate_html(html_systems, "dev", path)
    return rows


def _forget(path: Path) -> None:
    from ..classify.model import forget_loaded_models

    forget_loaded_models()


def _model_lines(model_path: Path, model: BlockModel) -> list[str]:
    context = ""
    if model.context_estimator is not None:
        context = CONTEXT_STAGE.format(n=len(model.context_features))
    return [
        f"- File: `{model_path.name}` ({model_path.stat().st_size / 1e6:.2f} MB)",
        f"- SHA-256: `{file_sha256(model_path)}`",
        f"- Trained: {model.meta.get('trained')} with `cleaner train` (seed {model.meta.get('seed')}), "
        f"scikit-learn {_version('scikit-learn')}, Python {platform.python_version()}",
        "- Estimator: scikit-learn `HistGradientBoostingClassifier` over text-only block features"
        + context
        + " (stored as ONNX graphs in a JSON file: no pickle; inference runs on onnxruntime, "
        "without scikit-learn)"
        ", then a two-state Viterbi pass along the document "
        f"(stay {model.stay}, threshold {model.threshold}, length weight {model.weight_scale}; "
        "tuned on out-of-fold train predictions).",
    ]


def _data_lines(model: BlockModel, path=None) -> list[str]:
    pages = corpus.load_pages(None, path)
    dev_pages = sum(1 for p in pages if p.split == "dev")
    meta = model.meta
    first_stage = ""
    if "oof_train_f1_first_stage" in meta:
        first_stage = f" (first stage alone {meta['oof_train_f1_first_stage']})"
    return [
        f"- Development corpus `../shared/data/articles` ({len(pages)} pages with gold article bodies; "
        "third-party, Apache-2.0, read at training time, never copied into the project).",
        "- Fixed split by id: `split_of(id)` in `cleaner/devtools/evaluate.py` (sha256 of the id, one page "
        f"in five is dev): {meta.get('train_pages')} train pages used here; the {dev_pages} dev pages are "
        "never trained on.",
        "- Each train page is turned into the four inputs users hold: a full-page markdown dump (html2text "
        "defaults), a full-page plain dump (inscriptis), trafilatura's default extraction, and `partial` "
        "(the gold body with the page's own leftover lines around and inside it, see "
        "`cleaner/devtools/corpus.py`). Blocks the rules do not decide are labelled body when at least half "
        "of their 4-word shingles occur in the gold body.",
        "- Plus the project's fixtures (the seeds, labelled by `fixtures/expected/`, "
        f"weight {FIXTURE_WEIGHT}).",
        f"- {meta.get('train_documents')} documents, {meta.get('train_blocks')} blocks; "
        f"out-of-fold train F1 {meta.get('oof_train_f1')}{first_stage}.",
        f'- `favor="precision"` / `"recall"` (`--favor`) multiply the decision threshold\'s odds by '
        f"{model.favor_odds:g} / {1 / model.favor_odds:g} (rules are not affected): threshold "
        f"{model.threshold_for('precision'):.3f} / {model.threshold_for('recall'):.3f}.",
    ]


def write_card(model_path: Path, model: BlockModel, rows, path=None) -> Path:
    """Write ``MODEL_CARD.md`` beside the model; ``path`` is the development corpus."""
    from .quality import table

    dev = {r.kind: r.report for r in rows if r.system == "cleaner" and r.kind in TRAIN_KINDS}
    lines = [
        "# Model card: cleaner block model",
        "",
        *_model_lines(model_path, model),
        "",
        "## Data",
        "",
        *_data_lines(model, path),
        "",
        "## Features",
        "",
        f"{FEATURES} {len(model.features)} features in all.",
        "",
        "## Dev scores",
        "",
        "Shingle metric (4-word shingles; TP/FP/FN normalised per document; precision and recall averaged "
        "over documents).",
        "",
        table(rows) if rows else "(not evaluated)",
        "",
        "## Regression gate",
        "",
        "`tests/test_quality.py` fails when cleaner's dev F1 for an input kind falls more than 0.01 below:",
        "",
    ]
    for kind, rep in dev.items():
        lines.append(f"- dev-f1 {kind}: {rep.f1:.4f}")
    card = model_path.with_name(CARD_NAME)
    card.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return card


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)
