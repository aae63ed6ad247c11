"""Which of the places a line may end (see `breaks`) a paragraph uses: the fewest lines, then
no last line of a single word ("바로 / 앞", "모의 / 진료", "(1F)", "Seoul") where another
arrangement of as many lines avoids it, then no line ending in a short word that belongs to the
word after it ("어린이병원 새 / 병동이", "캠퍼스는 AI / 양재허브", "Hospital's new / wing"), then
lines of a list ending at its separators ("성인 5,000원 · / 청소년 3,000원", not "Adults 5,000 won
· young / people 3,000 won"), then lines as even as they can be (a title of two lines reads as
two halves, not a full line and a stub).

Filling each line as far as it goes (the greedy way) finds the fewest lines but leaves whatever is
over for the last one. Here every arrangement with that many lines is weighed at once, by dynamic
programming over the line ends: at most a few thousand steps for a kiosk paragraph.

No Qt here: widths come in as the x of every character boundary of the text set on one line.
"""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.render.breaks import SEPARATORS, is_hangul

_ENDS = " \t\u3000\n"
# Short English words that lead into the word after them (articles, prepositions, "new"); any
# word of one or two letters ("a", "of", "AI") is short too.
_LEADING = frozenset({"the", "and", "for", "new", "old", "our", "its", "per", "via", "nor",
                      "but", "not", "all"})

_SEPARATORS = frozenset(SEPARATORS)  # between the items of a list written on one line


def leads_on(word: str) -> bool:
    """Whether a line should not end on this word: one Hangul syllable (an adnominal such as 새,
    첫, 옛, 각 modifies the word after it) or a short English word (an article, a preposition,
    an abbreviation such as "AI"). A word that ends a clause (a comma, a full stop) or holds a
    figure ends a line well."""
    if not word or not word[-1].isalpha():
        return False
    if all(is_hangul(c) for c in word):
        return len(word) == 1
    if all(c.isascii() and c.isalpha() for c in word):
        return len(word) <= 2 or word.lower() in _LEADING
    return False


def _word_before(text: str, stop: int) -> str:
    """The word that ends at `stop` (a line's last word, whatever its first)."""
    start = stop
    while start > 0 and text[start - 1] not in _ENDS:
        start -= 1
    return text[start:stop]


def _start(text: str, at: int) -> int:
    """Where a line that begins after line end `at` starts: past the spaces."""
    while at < len(text) and text[at] in " \t\u3000":
        at += 1
    return at


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _ENDS:
        end -= 1
    return end


def balanced_lines(text: str, xs: Sequence[float], stops: Sequence[int], hard: frozenset[int],
                   width: float) -> list[tuple[int, int]] | None:
    """The (start, end) of every line: the fewest lines at most `width` wide, then the fewest
    paragraphs ending in a line of one word, then the fewest lines ending in a short word that
    leads on to the next line, then the fewest ending inside an item of a list, then the least
    sum of squared room left on the lines. None when
    some word is wider than `width` (the caller breaks it inside)."""
    ends = sorted(set(stops) | {len(text)})
    # best[p]: for the text after line end p, (lines, lone last words, lines ending in a word
    # that leads on, lines ending inside an item of a list, squared room, next end)
    best: dict[int, tuple[int, int, int, int, float, int]] = {len(text): (0, 0, 0, 0, 0.0, -1)}
    heads = {0} | set(hard)  # where a paragraph begins
    # whether a line ending at this end ends on a word that leads on to the next line (the
    # same for every line that ends there; never a paragraph's last line)
    ending = {end: _word_before(text, _trim(text, 0, end)) for end in ends
              if end != len(text) and end not in hard}  # a line's last word, where it may end
    leading = {end: end in ending and leads_on(ending[end]) for end in ends}
    # in a list written on one line ("A · B · C"), whether a line ending here ends inside an
    # item rather than after a separator (a text with no separator: the same for every end)
    listed = any(word in _SEPARATORS for word in text.split())
    inner = {end: listed and end in ending and ending[end] not in _SEPARATORS for end in ends}
    for p in reversed([0, *ends[:-1]]):
        start = _start(text, p)
        if start >= len(text):
            best[p] = (0, 0, 0, 0, 0.0, -1)
            continue
        first_line = start in heads or p in heads
        found: tuple[int, int, int, int, float, int] | None = None
        lo = next(i for i, e in enumerate(ends) if e > start)
        for end in ends[lo:]:
            stop = _trim(text, start, end)
            used = xs[stop] - xs[start]
            if used > width:
                break
            tail = best.get(end)
            if tail is not None:
                last = end == len(text) or end in hard
                lone = last and not first_line and not any(
                    c in _ENDS for c in text[start:stop])
                room = (width - used) ** 2
                option = (tail[0] + 1, tail[1] + int(lone), tail[2] + leading[end],
                          tail[3] + inner[end], tail[4] + room, end)
                if found is None or option < found:  # (a tie keeps the earlier end)
                    found = option
            if end in hard:
                break  # a line must end here
        if found is not None:  # else no line fits from here: no arrangement passes this end
            best[p] = found
    if 0 not in best:
        return None
    lines: list[tuple[int, int]] = []
    p = 0
    while best[p][5] >= 0:
        start, end = _start(text, p), best[p][5]
        lines.append((start, _trim(text, start, end)))
        p = end
    return lines
