"""What users see of the rules: an example for each, and the reasons that are not rules.

``cleaner rules`` prints every rule with its name, its description (from the
rule itself) and the example here. Each example is written for this catalog
(not taken from any corpus) and is tested to be dropped by its rule, so the
list cannot drift from what the rules do. Examples of rules that look at a
block's neighbours span several lines.
"""

from __future__ import annotations

EXAMPLES: dict[str, str] = {
    "timestamp": "Updated: Mar 14, 2025 at 09:30 AM EST",
    "markup": "* * *",
    "url": "https://www.example.com/world/2025/03/14/harbour-storm",
    "breadcrumb": "Home › World › Europe",
    "leading_labels": "- World\n- Climate\nHarbour town counts the cost of the spring storm surge\n"
                      "The storm surge reached the old harbour wall shortly after midnight, residents said.",
    "category_label": "Filed under: Weather",
    "share_links": "Share this article Facebook Twitter Email Print",
    "copyright_notice": "Copyright © 2025 Example Gazette. All rights reserved.",
    "image": "![A flooded street](https://img.example.com/flood.jpg)",
    "image_placeholder": "[Image]",
    "photo_credit": "Photo credit: Jane Example / Example Agency",
    "caption": "![](https://img.example.com/harbour.jpg)\n*Boats lie on their side in the harbour.*\n"
               "The storm surge reached the old harbour wall shortly after midnight, residents said.",
    "advertisement": "Advertisement",
    "related_link": "Related: How the town rebuilt its sea wall",
    "teaser": "WeatherThe Coldest March in a Decade3 min read",
    "teaser_section": "The storm surge reached the old harbour wall shortly after midnight, residents said.\n\n"
                      "## Recommended For You\n\n- Ferry services resume after storm\n- Ten tips for a dry basement\n",
    "promo": "Get 40% off your first year today with code SPRING",
    "affiliate_disclosure": "This guide contains affiliate links, and we may earn a commission on purchases.",
    "product_pitch": "The storm surge reached the old harbour wall shortly after midnight, residents said.\n\n"
                     "Storm Lantern – Bright light for long power cuts\nDry Bag Set – Keeps papers safe in a flood\n",
    "appeal_donation": "Your support keeps our reporters on the coast. Donate today.",
    "appeal_newsletter": "Sign up for our morning newsletter to get the forecast in your inbox.",
    "appeal_follow": "Follow us on Facebook for storm updates.",
    "appeal_preferred_source": "Add Example Gazette as a preferred source on Google.",
    "appeal_app": "Download our free app for weather alerts.",
    "stay_tuned": "Stay tuned for updates as the storm moves north.",
    "byline": "By Jane Example",
    "contributor_line": "Reporting by Jane Example; Editing by John Sample",
}

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
