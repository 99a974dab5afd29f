"""'Related:' links set off by a mark go; prose about related things stays."""

from __future__ import annotations

from cleaner.rules.promo import related_link


def test_a_marked_related_link_goes_and_prose_about_related_work_stays():
    assert related_link("» Related: How the town rebuilt its sea wall")
    assert related_link("› Read more: Ferries resume after the storm")
    assert not related_link("» The related repairs will take a year, the council said.")
