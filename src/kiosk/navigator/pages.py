"""A slide's page count, shared by the ordinary view (a slide that continues) and the
accessibility mode (its enlarged pages)."""

from __future__ import annotations


def settle_pages(count: int, page: int) -> tuple[int, int]:
    """The page count (at least one) and the page within it: a page past the end, or -1 (the
    last page, asked for before the count was known), becomes the last page."""
    pages = max(1, count)
    return pages, page if 0 <= page < pages else pages - 1
