"""The site talking to its reader: donation, newsletter, follow-us, app and
"preferred source" appeals, and "stay tuned" sign-offs.

An appeal addresses the reader about the publication. Each pattern therefore
needs two things at once: a call to act (support, sign up, follow, add) and an
object that is the publication's (our journalism, our newsletter, us on X).
A body sentence that reports somebody *saying* such words is left alone.
"""

from __future__ import annotations

from .base import pattern_rule

ORDER = 40  # after promotion

appeal_donation = pattern_rule(
    "appeal_donation",
    "Requests for money or membership: 'Your support keeps our team in the field', 'Donate now'.",
    r"\b(your|reader) (support|donation|contribution|gift|generosity)s? "
    r"(keeps?|makes?|helps?|allows?|funds?|powers?|enables?|is what)",
    r"\b(support|fund|sustain|protect|power) (our|independent|quality|local|nonprofit|non-profit|this) "
    r"(journalism|reporting|newsroom|work|mission|coverage|reporters?|team|media)",
    r"\b(support|fund|sustain)(ing)? our( [\w-]+){0,2} (journalism|reporting|newsroom|mission|coverage|"
    r"reporters)\b",
    r"\b(donate|make a (donation|gift|contribution)|chip in|become a "
    r"(member|patron|supporter|subscriber|friend)|give (now|today|monthly))\b",
    r"\b(help|support) us (keep|stay|continue|remain|to keep|to stay)",
    r"\bkeeps? (our )?(journalism|reporting|content|this site|articles?) (free|open|independent|accessible)",
    r"^every (article|story|dollar|contribution)\b.{0,120}\b(support|donat|disinformation|keeps?)",
    example='Your support keeps our reporters on the coast. Donate today.',
    max_words=60,
)

appeal_newsletter = pattern_rule(
    "appeal_newsletter",
    "Newsletter and alert sign-ups: 'Sign up for our newsletter', 'Get the latest delivered to your inbox'.",
    r"\b(sign up|subscribe|register|opt in|join)\b.{0,80}\b"
    r"(newsletters?|mailing list|e-?mail (list|updates|alerts)|daily (briefing|digest|brief)|alerts?|"
    r"updates)\b",
    r"\b(delivered|straight|direct(ly)?|sent) (to|into) your inbox\b",
    r"\bnewsletters?\b.{0,60}\b(sign up|subscribe|inbox|free)\b",
    r"\benter your e-?mail( address)?\b",
    r"^(thanks?|thank you) for (signing up|subscribing)",
    example='Sign up for our morning newsletter to get the forecast in your inbox.',
)

appeal_follow = pattern_rule(
    "appeal_follow",
    "Follow-us appeals: 'Follow us on X', 'Join our Telegram channel', 'Like us on Facebook'.",
    r"\b(follow|like|find|join|connect with|subscribe to) "
    r"(us|(?-i:\p{Lu})[\w&.'’-]{1,30}( (?-i:\p{Lu})[\w&.'’-]{1,30}){0,2}) on "
    r"(twitter|x|facebook|instagram|telegram|google news|linkedin|tiktok|youtube|threads|whatsapp|bluesky|"
    r"mastodon|social media)\b",
    r"\bjoin (us|our)( \w+){0,3} (on )?(telegram|whatsapp|discord|signal)( (channel|group|community))?\b",
    r"\b(follow|subscribe to) our (channel|page|account|feed)s?\b",
    # the derived keywords ("follow ", "like ", ...) would let through most lines; these are proven
    needs=(
        "on twitter", "on x", "on facebook", "on instagram", "on telegram", "on google news", "on linkedin",
        "on tiktok", "on youtube", "on threads", "on whatsapp", "on bluesky", "on mastodon",
        "on social media",
        "join",
        "our channel", "our page", "our account", "our feed",
    ),
    example='Follow us on Facebook for storm updates.',
    max_words=40,
)

appeal_preferred_source = pattern_rule(
    "appeal_preferred_source",
    "'Add us as a preferred source on Google' and similar requests to favour the site in search or news "
    "apps.",
    r"\bas a (preferred|trusted|favou?rite) source\b",
    r"\badd \S+( \S+){0,3} (to|on) (your )?google (news|discover)\b",
    r"\b(set|make) \S+( \S+){0,3} (your|a) (preferred|default) (source|news source)\b",
    example='Add Example Gazette as a preferred source on Google.',
    max_words=45,
)

appeal_app = pattern_rule(
    "appeal_app",
    "Requests to install the site's app or turn on notifications.",
    r"\b(download|get|install|try) (the|our) (free )?(\p{Lu}\w+ )?(news )?app\b",
    r"\b(turn on|enable|allow) (push )?notifications\b",
    r"\bavailable on (the )?(app store|google play)\b",
    example='Download our free app for weather alerts.',
    max_words=35,
)

stay_tuned = pattern_rule(
    "stay_tuned",
    "Live-coverage sign-offs: 'Stay tuned for updates', 'Stay with Newsweek for live updates', 'This story "
    "will be updated'.",
    r"^(please )?stay tuned\b",
    r"^stay with \S+( \S+){0,3} for\b",
    r"^(check|come) back (later|soon|here|for)\b",
    r"^(follow|read|watch) (our|along with our|the) live (coverage|updates|blog)\b",
    r"^this (is a developing story|story is developing|story (will|may) be updated|article "
    r"(will|may) be updated|page (will|may) be updated)",
    r"^(refresh|reload) (this page|for (the )?(latest|updates))\b",
    r"\bfor (the )?(latest|live) updates,? (follow|visit|check|see|stay)\b",
    example='Stay tuned for updates as the storm moves north.',
    max_words=30,
)
