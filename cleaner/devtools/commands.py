"""``cleaner train`` and ``cleaner eval``: the commands behind the model and its figures."""

from __future__ import annotations

from pathlib import Path

import click
import orjson

from .evaluate import Report, score


def _print_report(name: str, report: Report, worst: int) -> None:
    click.echo(
        f"{name}: precision {report.precision:.4f}  recall {report.recall:.4f}  F1 {report.f1:.4f}  "
        f"({len(report.docs)} documents)"
    )
    if worst:
        click.echo(f"  worst {min(worst, len(report.docs))}:")
        for d in report.worst(worst):
            click.echo(f"    {d.id}: P {d.precision:.3f} R {d.recall:.3f} F1 {d.f1:.3f}")


def _pairs_from_jsonl(path: Path, text_field: str, gold_field: str):
    with open(path, "rb") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise click.ClickException(f"{path}:{n}: not JSON ({exc})") from None
            text, gold = rec.get(text_field), rec.get(gold_field)
            if not isinstance(text, str) or not isinstance(gold, str):
                raise click.ClickException(
                    f"{path}:{n}: needs string fields {text_field!r} and {gold_field!r}"
                )
            yield str(rec.get("id", n)), text, gold


def _pairs_from_dir(path: Path):
    """``NAME.txt`` inputs paired with ``NAME.gold.txt`` gold bodies."""
    found = False
    for gold in sorted(path.rglob("*.gold.txt")):
        inp = gold.with_name(gold.name[: -len(".gold.txt")] + ".txt")
        if inp.is_file():
            found = True
            yield (
                str(inp.relative_to(path)),
                inp.read_text(encoding="utf-8", errors="replace"),
                gold.read_text(encoding="utf-8", errors="replace"),
            )
    if not found:
        raise click.ClickException(f"{path}: no NAME.txt / NAME.gold.txt pairs found")


@click.command("eval")
@click.argument("source", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Score the development corpus (default ../shared/data/articles) instead of SOURCE.",
)
@click.option(
    "--kind",
    type=click.Choice(["markdown", "plain", "trafilatura", "partial", "html", "all"]),
    default="all",
    show_default=True,
    help="With --corpus: which input kind to derive from each page (partial: the gold body with the "
    "page's own leftovers around and inside it; html: the page itself).",
)
@click.option(
    "--split",
    type=click.Choice(["dev", "train", "all"]),
    default="dev",
    show_default=True,
    help="With --corpus: which pages.",
)
@click.option(
    "--baselines/--no-baselines",
    default=True,
    show_default=True,
    help="Also score identity and jusText on the same text.",
)
@click.option(
    "--text-field", default="text", show_default=True, help="JSONL SOURCE: field with the input text."
)
@click.option(
    "--gold-field", default="gold", show_default=True, help="JSONL SOURCE: field with the gold body."
)
@click.option(
    "--model", default="default", show_default=True, help="Model file, 'default', or 'none' for rules only."
)
@click.option("--trust-model", is_flag=True, help="Allow a model file whose hash is not pinned.")
@click.option("--off-topic", type=click.Choice(["drop", "split", "keep"]), default="drop", show_default=True)
@click.option("--worst", type=int, default=5, show_default=True, help="List the N worst documents.")
@click.option("--limit", type=int, default=None, help="With --corpus: only the first N pages of the split.")
@click.option(
    "--markdown", "as_markdown", is_flag=True, help="Print a markdown table (the README's quality table)."
)
def eval_cmd(
    source,
    corpus_dir,
    kind,
    split,
    baselines,
    text_field,
    gold_field,
    model,
    trust_model,
    off_topic,
    worst,
    limit,
    as_markdown,
):
    """Score cleaner against gold bodies with the shingle metric.

    SOURCE is a JSONL file (fields --text-field and --gold-field) or a
    directory of NAME.txt inputs with NAME.gold.txt gold bodies. With
    --corpus, inputs are derived from the development corpus instead.
    """
    from .quality import cleaner_system

    model_opt = None if model.lower() == "none" else model
    system = cleaner_system(off_topic=off_topic, model=model_opt, trust_model=trust_model)
    if source is None and corpus_dir is None:
        from . import corpus

        if not corpus.available():
            raise click.UsageError("give a SOURCE, or --corpus DIR (the development corpus was not found)")
        corpus_dir = corpus.articles_dir()
    if source is not None:
        _eval_source(source, system, text_field, gold_field, baselines, worst)
        return
    from . import corpus

    if not corpus.available(corpus_dir):
        raise click.UsageError(f"{corpus_dir}: no gold.jsonl here")
    kinds = ["markdown", "plain", "trafilatura", "partial", "html"] if kind == "all" else [kind]
    cleaning = {"off_topic": off_topic, "model": model_opt, "trust_model": trust_model}
    pages = {"path": corpus_dir, "split": None if split == "all" else split, "limit": limit}
    rows = _eval_corpus(kinds, pages, system, cleaning, baselines, worst, show=not as_markdown)
    if as_markdown:
        from .quality import table

        click.echo(table(rows))


def _eval_source(source: Path, system, text_field: str, gold_field: str, baselines: bool, worst: int) -> None:
    """``cleaner eval SOURCE``: cleaner (and identity) on a JSONL file or a directory of pairs."""
    if source.is_file():
        pairs = list(_pairs_from_jsonl(source, text_field, gold_field))
    else:
        pairs = list(_pairs_from_dir(source))
    _print_report("cleaner", score((i, system(t), g) for i, t, g in pairs), worst)
    if baselines:
        _print_report("identity", score(pairs), 0)


def _eval_corpus(kinds, pages: dict, system, cleaning: dict, baselines: bool, worst: int, show: bool) -> list:
    """``cleaner eval --corpus``: the systems on each input kind derived from the corpus pages
    (``pages``: their path, split and limit); ``show`` prints each row's report."""
    from .quality import (
        cleaner_html_system,
        evaluate_html,
        evaluate_kind,
        identity,
        justext_html,
        justext_text,
        trafilatura_html,
    )

    split, path, limit = pages["split"], pages["path"], pages["limit"]
    systems = {"identity": identity, "jusText": justext_text} if baselines else {}
    systems["cleaner"] = system
    rows = []
    for k in kinds:
        if k == "html":
            html_systems = {"jusText": justext_html, "trafilatura": trafilatura_html} if baselines else {}
            html_systems["cleaner"] = cleaner_html_system(**cleaning)
            found = evaluate_html(html_systems, split, path, limit)
        else:
            found = evaluate_kind(k, systems, split, path, limit)
        for row in found:
            rows.append(row)
            if show:
                _print_report(f"{k} / {row.system}", row.report, worst if row.system == "cleaner" else 0)
    return rows


@click.command("train")
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The development corpus (default ../shared/data/articles).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Model file to write (default models/block-model.json; its MODEL_CARD.md goes beside it).",
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--jobs",
    "-j",
    type=int,
    default=2,
    show_default=True,
    help="Worker processes for building the training set.",
)
@click.option("--limit", type=int, default=None, help="Only the first N train pages (quick experiments).")
@click.option("--no-eval", is_flag=True, help="Skip the dev evaluation for the model card.")
@click.option(
    "--card-only",
    is_flag=True,
    help="Do not train: re-score the existing model on the dev split and rewrite its card "
    "(after a change to the stages around the classifier).",
)
def train_cmd(corpus_dir, output, seed, jobs, limit, no_eval, card_only):
    """Train the block model on the train split and write it with its model card."""
    from ..classify.model import DEFAULT_MODEL
    from . import corpus
    from .card import refresh_card
    from .train import train

    if not corpus.available(corpus_dir):
        raise click.UsageError(
            f"{corpus.articles_dir(corpus_dir)}: development corpus not found (need gold.jsonl and html/)"
        )
    if card_only:
        refresh_card(output or DEFAULT_MODEL, path=corpus_dir, log=lambda m: click.echo(m, err=True))
        return
    train(
        output=output or DEFAULT_MODEL,
        path=corpus_dir,
        limit=limit,
        seed=seed,
        jobs=jobs,
        evaluate=not no_eval,
        log=lambda m: click.echo(m, err=True),
    )


@click.command("eval-topics")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--cases", type=int, default=60, show_default=True)
@click.option("--split", type=click.Choice(["dev", "train"]), default="dev", show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
def eval_topics_cmd(corpus_dir, cases, split, seed):
    """Pasted-story sets: how much of a pasted unrelated story survives, and F1 against the article."""
    from . import corpus
    from .quality import cleaner_system, evaluate_pasted, identity

    if not corpus.available(corpus_dir):
        raise click.UsageError(f"{corpus.articles_dir(corpus_dir)}: development corpus not found")
    click.echo("| system | pasted shingles surviving | precision | recall | F1 vs article | cases |")
    click.echo("| --- | ---: | ---: | ---: | ---: | ---: |")
    # One pass, as the CLI writes it and as `cleaner eval` scores it.
    for name, fn in (
        ("keep everything", identity),
        ("cleaner --off-topic keep", cleaner_system(off_topic="keep")),
        ("cleaner (default)", cleaner_system()),
    ):
        r = evaluate_pasted(fn, cases, split, seed, corpus_dir)
        p, rc, f1 = r.report.precision, r.report.recall, r.report.f1
        click.echo(f"| {name} | {r.survival:.3f} | {p:.3f} | {rc:.3f} | {f1:.3f} | {r.cases} |")
