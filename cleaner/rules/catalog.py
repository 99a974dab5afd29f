"""What users see of the rules: an example for each, and the reasons that are not rules.

``cleaner rules`` prints every rule with its name and the description and
example declared on the rule itself. Each example is written for the rule
(not taken from any corpus) and is tested to be dropped by it, so the list
cannot drift from what the rules do. Examples of rules that look at a block's
neighbours or at the whole document span several lines.
"""

from __future__ import annotations

from . import RULES

EXAMPLES: dict[str, str] = {rule.name: rule.example for rule in RULES}

# Reasons users see in ``removed`` counts and rejects that no rule gives:
# they come from metadata extraction, inline markup, the model, the off-topic
# step and the final tidy-up. ``--disable-rule`` does not take them; the
# switch for each is given.
OTHER_REASONS: dict[str, str] = {
    "title": "The headline, moved from the text into the document's 'title' field (not lost).",
    "duplicate_title": "A line repeating the headline already in 'title' (site header, social card).",
    "source_url": "A 'URL: …' or bare source link at the top, moved into the document's 'url' field.",
    "date_marker": "A leading 'date …' marker, moved into the document's 'date' field.",
    "title_marker": "A leading 'Title: …' or 'Headline: …' line, moved into 'title'.",
    "url_marker": "A leading 'URL: …' line, moved into 'url'.",
    "source_marker": "A leading 'Source: https://…' line, moved into 'url'.",
    "author_marker": "A leading 'Author: …' line, moved into 'author'.",
    "byline_marker": "A leading 'Byline: …' line, moved into 'author'.",
    "empty_link": "Markdown links with no visible text, removed from inside a kept paragraph.",
    "boilerplate": "Blocks the trained model scored as page furniture rather than article text "
                   "(the score is its probability of article text). Off with --model none.",
    "off_topic": "An unrelated story pasted into the article (score: its similarity to the article). "
                 "Kept with --off-topic keep, made a document of its own with --off-topic split.",
    "orphan_heading": "A heading or bold label left with no text after it once its section was removed.",
}
# "image" and "url" are also given inside kept paragraphs (an inline image, an
# <https://…> autolink): the same reasons as the rules of those names, given
# by the markdown parser, so they stay when those rules are switched off.
