"""Content words: the fast paths find exactly what the Unicode pattern finds."""

import random

from cleaner.topics.vocabulary import _WORD, find_words

# ASCII, punctuation outside ASCII (no word characters), letters and marks outside
# ASCII, a zero-width joiner (a word character to the Unicode pattern), digits.
PIECES = ["the", "Council", "said", "abc1", "x_y", "’s", "“quoted”", " — ", "–", "…", "\u00a0",
          "café", "naïve", "te\u0301st", "\u200dtools", "Straße", "ΚΑΛΗ", "日本語", "½", "²", "ǅ",
          "ſtop", "\u212akelvin", " ", "\n", "-", "'", "9", "__", "ﬁle"]


def test_find_words_matches_the_unicode_pattern_on_mixed_text():
    rng = random.Random(26)
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
        assert find_words(text) == _WORD.findall(text.casefold()), text


def test_text_with_only_non_ascii_punctuation_takes_the_ascii_path_with_the_same_words():
    text = "“The council’s vote” — said Mr. Smith… (2024)"
    assert find_words(text) == ["the", "council", "vote", "said", "smith"]
