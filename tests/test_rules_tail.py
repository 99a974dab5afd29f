"""The rules for what follows an article: author boxes, reader comments, calls to action, consent banners.

Each gets the junk it is for and article text that looks like it: the people
a story is about, a closing paragraph that talks to the reader.
"""

from __future__ import annotations

from cleaner import Cleaner

BODY = (
    "The storm surge reached the old harbour wall shortly after midnight, residents said, and crews "
    "worked through the night to clear the coast road before the morning ferries arrived."
)
BODY2 = (
    "By dawn the water had fallen back, leaving a line of weed and timber along the promenade that the "
    "council said would take a week to clear, and the ferries ran to their usual timetable."
)


def _kept(text: str) -> str:
    [doc] = Cleaner(model=None, off_topic="keep").clean_documents(text)
    return doc.text


def _reasons(text: str) -> dict[str, str]:
    [doc] = Cleaner(model=None, off_topic="keep").clean_documents(text)
    return {b.text: b.reason for b in doc.blocks if not b.kept}


def test_author_box_under_a_header_goes():
    text = (
        f"Harbour storm\n\n{BODY}\n\n{BODY2}\n\n{BODY}\n\n"
        "About the Author\n\nJane Example\n\nContributing Writer\n\n"
        "Jane Example is a freelance writer based in Portsmouth with ten years of experience covering the "
        "coast.\n"
    )
    dropped = _reasons(text)
    assert dropped["About the Author"] == "author_bio"
    assert dropped["Contributing Writer"] == "author_bio"
    assert any(t.startswith("Jane Example is a freelance") and r == "author_bio" for t, r in dropped.items())
    assert BODY2 in _kept(text)


def test_bio_in_the_tail_goes_but_a_person_in_the_story_stays():
    bio = ("Mira Sample is a content writer at Example Media with more than five years of experience in "
           "journalism.")
    text = f"Harbour storm\n\n{BODY}\n\n{BODY2}\n\n{BODY}\n\n{bio}\n"
    assert _reasons(text).get(bio) == "author_bio"
    person = ("Mira Sample is a harbour engineer at the port authority, and she said the wall had held "
              "better than anyone expected given the height of the surge.")
    text = f"Harbour storm\n\n{BODY}\n\n{person}\n\n{BODY2}\n\n{BODY}\n"
    assert person in _kept(text)


def test_a_header_at_the_top_or_alone_is_not_a_box():
    text = f"Harbour storm\n\nAbout the author\n\n{BODY}\n\n{BODY2}\n\n{BODY}\n"
    assert "About the author" not in _reasons(text)


LEAD = "\n\n".join([BODY, BODY2] * 4)


def test_comment_thread_after_the_article_goes():
    thread = [
        "Great article! We watched the waves from the hill all night.",
        "We lost our fence too, and the shed.",
        "Jane says:",
        "Thanks for sharing, Anna. Stay safe everyone.",
        "Reply",
    ]
    text = f"Harbour storm\n\n{LEAD}\n\n" + "\n\n".join(thread) + "\n"
    dropped = _reasons(text)
    for line in thread:
        assert dropped.get(line) in ("comment_thread", "share_links"), line
    assert BODY2 in _kept(text)


def test_one_reader_line_or_a_thread_above_the_article_is_not_a_thread():
    # a closing line that thanks the reader, alone, stays
    text = f"Harbour storm\n\n{LEAD}\n\nThanks for reading, and stay safe.\n\n{BODY}\n"
    assert "comment_thread" not in _reasons(text).values()
    # a dump may print the thread before the article: the article after it stays
    above = "\n\n".join(["3 Comments", "Great article!", "Reply", "Thanks for sharing, Anna!", "Reply"])
    text = f"Harbour storm\n\n{LEAD}\n\n{above}\n\n{LEAD}\n"
    assert _kept(text).count(BODY2) == 8
