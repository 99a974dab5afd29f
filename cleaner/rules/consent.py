"""Cookie-consent banners.

A consent banner ("We use cookies …", "Manage consent", "Accept all", the
"Functional / Preferences / Statistics / Marketing" toggles) is the site's
legal furniture wherever it lands in a dump; it is never the article's.
"""

from __future__ import annotations

from .base import pattern_rule

ORDER = 15  # with the site chrome

cookie_consent = pattern_rule(
    "cookie_consent",
    "Cookie-consent banners: 'We use cookies to …', 'Manage consent', 'Accept all cookies'.",
    r"\bwe (and our partners )?use (technologies like )?cookies\b",
    r"\bthis (web)?site uses cookies\b",
    r"\bby (continuing to (use|browse)|using) (this|our) (web)?site,? you (agree|consent|accept)\b"
    r".{0,40}cookies",
    r"^manage (consent|cookies|cookie (settings|preferences)|options|services|vendors"
    r"|\{vendor_count\} vendors)"
    r"(\s+manage (consent|cookies))?$",
    r"^the technical storage or access\b",
    r"^(accept|deny|reject)( all)?( cookies)?"
    r"( (accept|deny|reject|view|save)( (all|preferences|cookies))?)+$",
    r"^(functional functional|preferences preferences|statistics statistics|marketing marketing)"
    r"( always active)?$",
    example="We use cookies to improve your experience. Manage consent",
    max_words=80,
)
