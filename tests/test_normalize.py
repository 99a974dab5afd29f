"""normalize: the not-text count taken from a table agrees with the pattern it stands for."""

from cleaner import normalize


def _findall_count(sample: str) -> int:
    return len(normalize._NOT_TEXT.findall(sample))


def test_not_text_count_agrees_with_the_pattern_on_every_code_point():
    every = "".join(map(chr, range(0x110000)))
    for start in range(0, len(every), 65536):
        chunk = every[start : start + 65536]
        assert normalize._not_text_count(chunk) == _findall_count(chunk), hex(start)


def test_not_text_count_of_ascii_and_mixed_text():
    samples = ("plain text\twith\ttabs\r\n", "bell\x07 and \x1b escape \x7f", "caf\u00e9 \ufffd \ud800",
               "\x0b\x0c vertical tab and form feed are text", "")
    for sample in samples:
        assert normalize._not_text_count(sample) == _findall_count(sample)
