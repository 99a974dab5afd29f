"""Requests to subscribe for a blog's or a site's next posts, without the word "newsletter".

Blogs and newsletter platforms close a post with "Subscribe for free to
receive new posts", "Sign up to get posts via email" or "Subscribe to stay up
to date with our latest news". The newsletter appeal needs a newsletter, a
mailing list or an inbox named; these name the posts themselves, or staying
up to date. Like every appeal, each pattern needs the call (subscribe, sign
up) and its object (new posts, posts by email, staying updated) at once, and a
body sentence reporting somebody saying them is left alone.
"""

from __future__ import annotations

from .base import pattern_rule

ORDER = 41.5  # after the appeals, before the author box

appeal_subscribe = pattern_rule(
    "appeal_subscribe",
    "Requests to subscribe for the next posts: 'Subscribe for free to receive new posts', 'Sign up to get "
    "posts via email', 'Subscribe to stay up to date'.",
    r"\b(subscribe|sign up|join|register)\b.{0,60}\b(to )?(receive|get|read) (new|my|our|the latest|future|"
    r"more|all) (posts|articles|stories|essays|issues|guides|insights)\b",
    r"\b(subscribe|sign up)\b.{0,50}\b(posts|updates|articles) (via|by) e-?mail\b",
    r"\bsubscribe (to|for) (new|future|more|our latest) posts\b",
    r"\b(subscribe|sign up)( \w+){0,3} (and|to) stay (up to date|up-to-date|updated|informed|in the loop)\b",
    r"\bsubscribe (below|here|now|today)\b.{0,60}\b(latest|updates|insights|guides|news|posts)\b",
    example="Thanks for reading! Subscribe for free to receive new posts about the coast.",
    max_words=40,
)
