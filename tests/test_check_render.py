"""`kiosk check` lays every slide out at every screen shape and says which field does not fit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.deck import load_deck
from kiosk.deck.settings import COMMON_SCREENS, screen_size
from kiosk.ops.render_check import check_size, modes_of, render_problems
from tests.decks import MINIMAL

Run = Callable[..., tuple[int, str, str]]

LONG_KO = " ".join(["아주 긴 제목입니다"] * 30)
LONG_EN = " ".join(["A very long title indeed"] * 30)
# Slide 'two' gets a title far too long for any screen (line 14).
LONG = MINIMAL.replace("    title: {ko: 둘, en: Two}",
                       f"    title: {{ko: {LONG_KO}, en: {LONG_EN}}}")


def test_a_cut_title_is_one_warning_on_the_title_line(run_cli: Run,
                                                      write_deck: Callable[[str], Path]) -> None:
    path = write_deck(LONG)
    code, out, err = run_cli("check", str(path))
    assert code == 0 and "2 slides OK, 2 warnings" in out  # the title, and the points after it
    (line,) = [line for line in err.splitlines() if line.startswith(f"{path}:14:")]
    assert line.startswith(f"{path}:14:12: warning: slide 'two' field 'title': ")
    # what happens (the slide continues on another page) and at which screens, in one line
    assert "continues on another page that plays after it" in line
    assert "(seen at 1920x1080, " in line and "1080x1920" in line
    code, _, err = run_cli("check", "--strict", str(path))
    assert code == 1 and f"{path}:14:12: slide 'two' field 'title'" in err


def test_a_warning_names_the_list_item_it_is_about(qapp: object,
                                                    write_deck: Callable[[str], Path]) -> None:
    floors = ", ".join(f"{n}F" for n in range(1, 31))
    deck = MINIMAL + f"""\
  - id: towers
    section: main
    layout: building
    title: {{ko: 건물, en: Buildings}}
    buildings:
      - name: {{ko: 본관, en: Main}}
        floors: [B1, 1F]
        area: "1,098 m²"
        status: {{ko: 운영 중, en: Open}}
      - name: {{ko: {LONG_KO}, en: {LONG_EN}}}
        floors: [{floors}]
        area: "12,000 m²"
        status: {{ko: 공사 중, en: Being built}}
"""
    path = write_deck(deck)
    problems = render_problems(load_deck(path))
    assert len({(p.line, p.col) for p in problems}) == len(problems)  # one line per field
    found = {p.line: p.message for p in problems}
    # the cut name on the second building's own line, not on the slide's
    assert found[26].startswith("slide 'towers' field 'buildings' item 2, field 'name': "), found
    assert "continues on another page that plays after it" in found[26]
    assert min(found) >= 22, found  # nothing lands on the slide as a whole (line 18)


def test_a_reduced_layout_finds_what_a_full_size_one_finds(qapp: object,
                                                            write_deck: Callable[[str], Path]
                                                            ) -> None:
    """The design canvas makes layouts scale-free: the quick check misses nothing."""
    loaded = load_deck(write_deck(LONG))
    quick = render_problems(loaded)
    assert quick
    assert quick == render_problems(loaded, short=1080)


def test_shapes_and_modes() -> None:
    assert [check_size(screen_size(s), 270) for s in COMMON_SCREENS] == [
        (480, 270), (480, 270), (480, 270), (360, 270), (338, 270), (640, 270), (270, 480),
        (270, 360)]
    assert modes_of("both") == modes_of("alternate") == ("both", "ko", "en")
    assert modes_of("ko") == modes_of("en") == ("ko", "en")  # the visitor's toggle shows both


def test_a_word_too_wide_is_warned_on_its_own_language_line(
        run_cli: Run, write_deck: Callable[[str], Path]) -> None:
    word = "Undergroundparkingfacilitiesnorthwingentrancebesidethemainlibraryandtheriverside"
    path = write_deck(MINIMAL.replace("      - {ko: 가, en: A}",
                                      f"      - ko: 지하 주차장\n        en: {word}"))
    code, out, err = run_cli("check", str(path))
    # wider than a portrait screen itself at the minimum size: no page can show it whole, so
    # check refuses it (the ladder's last rung)
    assert code == 1 and "1 error" in err
    (line,) = [line for line in err.splitlines() if line.startswith(str(path))]
    # line 17 is the point's 'en:', not line 16 where the point starts
    assert line.startswith(f"{path}:17:13: slide 'two' field 'points' item 1, field "
                           "'en': "), line
    assert "no page of the slide can show it whole" in line
    assert f"'{word}'" in line
    assert "1080x1920" in line and "1920x1080" not in line


def test_check_lays_out_at_the_screens_the_deck_names(
        run_cli: Run, write_deck: Callable[[str], Path]) -> None:
    """`display.screens` says where the deck will be shown; check looks there, and only there."""
    word = "Undergroundparkingfacilitiesnorthwingentrancebesidethemainlibraryandtheriverside"
    deck = MINIMAL.replace("      - {ko: 가, en: A}",
                           f"      - ko: 지하 주차장\n        en: {word}")
    deck = deck.replace("  sections:\n", "  display: {screens: [1920x1080, 1080x1920]}\n"
                        "  sections:\n", 1)
    path = write_deck(deck)
    assert [s for s in load_deck(path).deck.deck.display.screens] == ["1920x1080", "1080x1920"]
    code, _, err = run_cli("check", str(path))
    (line,) = [line for line in err.splitlines() if line.startswith(str(path))]
    assert code == 1 and f"'{word}'" in line  # (refused: wider than a portrait screen)
    # seen in portrait, the only portrait screen the deck names (768x1024 is not among them)
    assert "1080x1920" in line and "768x1024" not in line


def test_a_screen_size_is_read_in_plain_words(run_cli: Run,
                                              write_deck: Callable[[str], Path]) -> None:
    path = write_deck(MINIMAL.replace("  sections:\n", "  display: {screens: [1920*1080]}\n"
                                      "  sections:\n", 1))
    code, _, err = run_cli("check", str(path))
    assert code == 1
    assert "expected a screen size as widthxheight, such as 1920x1080; found '1920*1080'" in err
