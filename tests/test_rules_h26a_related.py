"""Links between stories: marked 'Related:' links and previous/next post links go; prose like them stays."""

from __future__ import annotations

from cleaner.rules.promo import related_link


def test_a_marked_related_link_goes_and_prose_about_related_work_stays():
    assert related_link("» Related: How the town rebuilt its sea wall")
    assert related_link("› Read more: Ferries resume after the storm")
    assert not related_link("» The related repairs will take a year, the council said.")


def test_links_to_the_previous_and_next_post_go():
    from cleaner.rules.navigation import post_navigation

    assert post_navigation("Previous article Harbour town opens its new ferry terminal")
    assert post_navigation("## Next Post: Ten tips for a dry basement")
    assert post_navigation("Older entries")


def test_a_sentence_that_begins_with_next_post_stays():
    from cleaner.rules.navigation import post_navigation

    assert not post_navigation("Next post, we will look at how the wall was raised.")
    assert not post_navigation("Next story we will cover the ferry timetable.")
    assert not post_navigation("The next article in the series looks at the ferries.")
