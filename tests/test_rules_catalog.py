"""``cleaner rules``, ``--disable-rule``, ``Cleaner(disable=...)``: names, examples, switching rules off."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.rules import RULES, RULES_BY_NAME, by_name, rules_of, select_rules
from cleaner.rules.base import document_rule, line_rule
from cleaner.rules.catalog import EXAMPLES, OTHER_REASONS


def test_rule_names_are_unique_and_the_registry_refuses_duplicates():
    assert len(RULES_BY_NAME) == len(RULES)
    other = line_rule("breadcrumb", "another", example="x")(lambda text, b: False)
    with pytest.raises(ValueError, match="two rules are named 'breadcrumb'"):
        by_name([RULES_BY_NAME["breadcrumb"], other])
    whole = document_rule("breadcrumb", "another", example="x")(lambda doc, name: None)
    with pytest.raises(ValueError, match="two rules are named 'breadcrumb'"):
        by_name([whole, RULES_BY_NAME["breadcrumb"]])


def test_every_rule_module_is_found_and_runs_in_its_order():
    from cleaner.rules import (
        appeals,
        authors,
        bylines,
        comments,
        credited_captions,
        media,
        navigation,
        paywalls,
        promo,
        subscriptions,
    )

    found = [appeals, authors, bylines, comments, credited_captions, media, navigation, paywalls, promo,
             subscriptions]
    modules = sorted(found, key=lambda m: m.ORDER)
    assert [rule for module in modules for rule in rules_of(module)] == RULES
    # structural leftovers first, bylines last; within a module, as defined
    assert [r.name for r in rules_of(navigation)][:3] == ["timestamp", "markup", "url"]
    assert RULES[-1].name == "contributor_line"


@pytest.mark.parametrize("name", list(RULES_BY_NAME))
def test_each_rule_drops_its_own_example(name):
    # called on its example as a text (a document rule runs over all of it)
    rule = RULES_BY_NAME[name]
    assert rule(rule.example), name


BODY = "The council met on Monday to agree the budget for the coming year, members said after the vote."


def _in_context(example: str) -> str:
    """A one-line example goes between body paragraphs (a lone first line would be read as metadata);
    a multi-line one carries its own context."""
    return example if "\n" in example else f"{BODY}\n\n{example}\n\n{BODY}\n"


@pytest.mark.parametrize("name", list(RULES_BY_NAME))
def test_every_rule_has_an_example_it_removes(name):
    example = _in_context(EXAMPLES[name])
    [doc] = Cleaner(model=None, off_topic="keep").clean_documents(example)
    assert name in doc.removal_counts(), (name, doc.removal_counts())
    # and with the rule off, no block is dropped by it (markdown image markup inside
    # a line still goes, with reason "image": that is the parser's, not the rule's)
    [doc] = Cleaner(model=None, off_topic="keep", disable=[name]).clean_documents(example)
    assert not any(b.reason == name for b in doc.blocks if not b.kept)


def test_catalog_names_are_real():
    assert set(EXAMPLES) == set(RULES_BY_NAME)
    assert not set(OTHER_REASONS) & set(RULES_BY_NAME)
    for reason in ("title", "source_url", "duplicate_title", "off_topic", "boilerplate"):
        assert OTHER_REASONS[reason]


def test_disable_keeps_what_the_rule_would_drop():
    text = (
        "Headline here\n\nBy Jane Example\n\n"
        "The council met on Monday to agree the budget for next year, members said.\n"
    )
    [doc] = Cleaner(model=None).clean_documents(text)
    assert "Jane Example" not in doc.text
    [doc] = Cleaner(model=None, disable=["byline"]).clean_documents(text)
    assert "By Jane Example" in doc.text
    assert Cleaner(disable=["byline", "byline"]).disable == ("byline",)
    assert "disable=['byline']" in repr(Cleaner(model=None, disable=["byline"]))


def test_unknown_rule_is_a_value_error_listing_the_valid_ones():
    with pytest.raises(ValueError) as err:
        Cleaner(disable=["bylines"])
    assert "'bylines'" in str(err.value) and "byline" in str(err.value) and "leading_labels" in str(err.value)
    assert [r.name for r in select_rules(["url"])] == [r.name for r in RULES if r.name != "url"]


def test_cli_rules_lists_every_rule_with_description_and_example():
    result = CliRunner().invoke(main, ["rules"])
    assert result.exit_code == 0
    for rule in RULES:
        assert rule.name in result.output and rule.description in result.output
        assert EXAMPLES[rule.name].splitlines()[0] in result.output
    for reason in OTHER_REASONS:
        assert reason in result.output
    lines = CliRunner().invoke(main, ["rules", "--format", "jsonl"]).output.splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["name"] for r in rows if r["kind"] == "rule"] == [r.name for r in RULES]
    md = CliRunner().invoke(main, ["rules", "--format", "markdown"]).output
    assert md.count("\n| `") == len(RULES) + len(OTHER_REASONS)


@pytest.mark.parametrize("command", ["clean", "explain", "report"])
def test_cli_unknown_rule_is_a_usage_error(tmp_path, command):
    src = tmp_path / "a.txt"
    src.write_text(
        "Headline\n\nBy Jane Example\n\nThe council met on Monday, members said.\n", encoding="utf-8",
    )
    args = [command, str(src), "--disable-rule", "no_such_rule"]
    if command == "report":
        args += ["-o", str(tmp_path / "r.html")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "no_such_rule" in result.output and "contributor_line" in result.output


def test_cli_disable_rule_on_clean_and_explain(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(
        "Headline\n\nBy Jane Example\n\nAdvertisement\n\n"
        "The council met on Monday to agree the budget, members said.\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    out = runner.invoke(main, ["clean", str(src), "--model", "none"]).output
    assert "Jane Example" not in out and "Advertisement" not in out
    out = runner.invoke(
        main,
        ["clean", str(src), "--model", "none", "--disable-rule", "byline", "--disable-rule", "advertisement"],
    ).output
    assert "By Jane Example" in out and "Advertisement" in out
    out = runner.invoke(main, ["explain", str(src), "--model", "none", "--disable-rule", "byline"]).output
    assert "DROP byline" not in out and "DROP advertisement" in out
    # a worker process gets the same switch
    out_dir = tmp_path / "out"
    runner.invoke(
        main,
        ["clean", str(tmp_path), "-o", str(out_dir), "--jobs", "2", "--model", "none",
         "--disable-rule", "byline"],
    )
    assert "By Jane Example" in (out_dir / "a.txt").read_text(encoding="utf-8")


def test_cli_quiet_and_verbose(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(
        "Headline\n\nBy Jane Example\n\nThe council met on Monday to agree the budget, members said.\n",
        encoding="utf-8",
    )
    has_mix_stderr = "mix_stderr" in CliRunner.__init__.__code__.co_varnames
    runner = CliRunner(mix_stderr=False) if has_mix_stderr else CliRunner()
    quiet = runner.invoke(main, ["clean", str(src), "--model", "none", "-q"])
    assert quiet.exit_code == 0 and "documents" not in quiet.stderr
    verbose = runner.invoke(main, ["clean", str(src), "--model", "none", "-v"])
    assert verbose.exit_code == 0
    assert "1 documents" in verbose.stderr
    assert "stage times: parse" in verbose.stderr and "rules" in verbose.stderr


def test_readme_explains_every_reason():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## What each reason means"):]
    for name in [*RULES_BY_NAME, *OTHER_REASONS]:
        assert f"| `{name}` |" in table, name
