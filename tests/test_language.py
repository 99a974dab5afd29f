"""Each document's language, and the warning for languages cleaner was not built for."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.language import SUPPORTED_LANGUAGES, detect_language, unsupported_warning

EN = ("Headline of the day\n\nThe council met on Monday to agree the budget for the coming year, "
      "and members said the vote had been close.\n")
RU = ("Новости дня\n\nГородской совет собрался в понедельник, чтобы утвердить бюджет на следующий год, "
      "и депутаты сказали, что голосование было напряжённым.\n")
ZH = ("今日新闻\n\n市议会星期一召开会议，批准了明年的预算。"
      "议员们说，这次投票的结果非常接近，讨论持续了很长时间。\n")


def _runner() -> CliRunner:
    if "mix_stderr" in CliRunner.__init__.__code__.co_varnames:
        return CliRunner(mix_stderr=False)
    return CliRunner()


def test_detects_the_language_of_each_document():
    cleaner = Cleaner(model=None)
    assert [d.language for d in cleaner.clean_documents(EN)] == ["en"]
    assert [d.language for d in cleaner.clean_documents(RU)] == ["ru"]
    assert [d.language for d in cleaner.clean_documents(ZH)] == ["zh"]
    assert detect_language("OK 12") is None  # too little text to tell
    assert "en" in SUPPORTED_LANGUAGES


def test_language_in_records_without_overwriting_the_records_own():
    [doc] = Cleaner(model=None).clean_documents(RU)
    assert doc.as_record()["language"] == "ru"
    [doc] = Cleaner(model=None).clean_documents(RU, fields={"language": "russian (from the crawler)"})
    assert doc.as_record()["language"] == "russian (from the crawler)"


def test_cli_warns_on_unsupported_languages_only(tmp_path):
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    result = _runner().invoke(main, ["clean", str(tmp_path / "en.txt"), "--model", "none"])
    assert result.exit_code == 0 and "warning" not in result.stderr
    (tmp_path / "ru.txt").write_text(RU, encoding="utf-8")
    (tmp_path / "zh.txt").write_text(ZH, encoding="utf-8")
    result = _runner().invoke(main, ["clean", str(tmp_path), "--model", "none", "-f", "jsonl"])
    assert result.exit_code == 0
    assert "warning: 2 documents in languages" in result.stderr
    assert "ru 1" in result.stderr and "zh 1" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(r["language"] for r in records) == ["en", "ru", "zh"]
    quiet = _runner().invoke(main, ["clean", str(tmp_path), "--model", "none", "-q"])
    assert "warning" not in quiet.stderr


def test_jsonl_language_field_is_kept(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": RU, "language": "ru-RU"}) + "\n", encoding="utf-8")
    result = _runner().invoke(main, ["clean", str(src), "--model", "none", "-f", "jsonl"])
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["language"] == "ru-RU"


def test_warning_text():
    assert unsupported_warning({"en": 3, None: 1}) is None
    message = unsupported_warning({"en": 3, "ru": 2})
    assert "2 documents" in message and "ru 2" in message and "supported: en" in message


def test_stop_word_shortcut_agrees_with_py3langid():
    from cleaner.language import _get_identifier, _plainly_english

    texts = [EN * 3, RU, ZH,
             ("De gemeenteraad kwam maandag bijeen om de begroting voor het komende jaar goed te keuren, "
              "en de leden zeiden dat de stemming spannend was. Het is in orde."),
             ("Der Stadtrat hat sich am Montag getroffen, um den Haushalt für das kommende Jahr "
              "zu beschließen.")]
    for text in texts:
        if _plainly_english(text):
            assert _get_identifier().classify(text)[0] == "en"
    assert _plainly_english(EN * 3) and not _plainly_english(texts[3])


def test_clean_names_no_language_so_it_never_loads_py3langid():
    """clean() returns text alone: the text of a Russian page comes back as
    clean_documents() gives it, without py3langid's model ever being loaded."""
    import subprocess
    import sys

    code = (
        "import sys, cleaner\n"
        f"text = {RU!r}\n"
        "out = cleaner.clean(text)\n"
        "assert out and 'py3langid' not in sys.modules, sorted(sys.modules)\n"
        "docs = cleaner.clean_documents(out)\n"
        "assert docs[0].language == 'ru' and 'py3langid' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
