"""Opening hours: the deck's `display.hours` read and checked, and the navigator sleeping and
waking by them on a fake clock (a week with a holiday and a late opening, touches and keys,
the idle timeout, alerts, commands, a restart in the night)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk.deck import DeckError, load_deck
from kiosk.deck.hours import OpeningHours, is_open, next_change, spans_on
from kiosk.navigator.state import Change, Navigator
from tests.hours_decks import HOURS, SEOUL, Clocks, deck_text, seoul


def navigator(write_deck: Callable[[str], Path], clocks: Clocks, *, autoplay: bool = True,
              hours: str = HOURS) -> tuple[Navigator, list[tuple[dt.datetime, bool, str]]]:
    deck = load_deck(write_deck(deck_text(autoplay, hours))).deck
    nav = Navigator(deck, clock=clocks.monotonic, utc=clocks.utc)
    seen: list[tuple[dt.datetime, bool, str]] = []

    def heard(change: Change) -> None:
        if change.kind == "sleep":
            seen.append((clocks.wall.astimezone(SEOUL), nav.asleep, nav.sleep.state.cause))

    nav.subscribe(heard)
    return nav, seen


# ----- the deck ---------------------------------------------------------------------------------
def problems(path: Path) -> list[str]:
    with pytest.raises(DeckError) as info:
        load_deck(path)
    return [str(p) for p in info.value.problems]


def stats_in_seoul(plays: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """What `kiosk stats` prints on a PC whose clock is Seoul's (its days are the PC's)."""
    import time

    from kiosk.ops.stats import summarise

    monkeypatch.setenv("TZ", "Asia/Seoul")
    time.tzset()
    try:
        return summarise(plays)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_week_reads_as_written(write_deck: Callable[[str], Path]) -> None:
    hours = load_deck(write_deck(deck_text())).deck.deck.display.hours
    assert hours is not None
    assert spans_on(hours, dt.date(2026, 12, 7)) == ()  # Monday: closed every week
    assert spans_on(hours, dt.date(2026, 12, 8)) == ((9 * 60, 18 * 60),)
    assert spans_on(hours, dt.date(2026, 12, 9)) == ()  # the holiday
    assert spans_on(hours, dt.date(2026, 12, 11)) == ((9 * 60, 22 * 60),)  # the late opening
    assert spans_on(hours, dt.date(2026, 12, 12)) == ((600, 780), (840, 1020))
    assert spans_on(hours, dt.date(2026, 12, 18)) == ((9 * 60, 18 * 60),)  # a week later
    same = OpeningHours.model_validate({"weekly": {"sat": "10:00-13:00, 14:00–17:00"}})
    assert same.weekly.sat == hours.weekly.sat  # a comma list and an en dash read the same
    assert OpeningHours.model_validate({"weekly": {"fri": "18:00-00:00"}}).weekly.fri == \
        ((18 * 60, 24 * 60),)  # until midnight


BROKEN = [
    ("        wed: 09:00-18:00\n", "        wed: 09:00-25:00\n", ":11:14:",
     "'25:00' in '09:00-25:00' is not a time of day; a day's hours go from 00:00 to 24:00"),
    ("        sat: [10:00-13:00, 14:00-17:00]\n", "        sat: [10:00-14:00, 13:00-17:00]\n",
     ":14:14:", "10:00-14:00 and 13:00-17:00 overlap (13:00-14:00 is in both)"),
    ("        - date: 2026-12-09\n", "        - note: 성탄절\n", ":17:11:",
     "this exception has no date; expected 'date:' with the day it applies to"),
    ("        thu: 09:00-21:00\n", "        thr: 09:00-21:00\n", ":12:9:",
     "unknown key 'thr' (did you mean 'thu'?)"),
    ("        fri: 09:00-18:00\n", "        fri: 18:00-09:00\n", ":13:14:",
     "'18:00-09:00' closes before it opens; for hours past midnight write 18:00-24:00 here"),
    ("      time_zone: Asia/Seoul\n", "      time_zone: Asia/Seol\n", ":7:18:",
     "unknown time zone 'Asia/Seol' (did you mean 'Asia/Seoul'?)"),
    ("        sun: closed\n", "        sun: off\n", ":15:14:",
     "found false (YAML reads off, no and empty values that way); write closed"),
    ("        tue: 09:00-18:00\n", "        tue: 10:00\n", ":10:14:",
     "found the single time 10:00; expected a span from opening to closing"),
]


@pytest.mark.parametrize(("old", "new", "where", "words"), BROKEN,
                         ids=["25:00", "overlap", "no-date", "weekday", "backwards", "zone",
                              "off", "one-time"])
def test_check_says_each_mistake_at_its_line(run_cli: Callable[..., tuple[int, str, str]],
                                             write_deck: Callable[[str], Path], old: str,
                                             new: str, where: str, words: str) -> None:
    text = deck_text()
    assert old in text
    path = write_deck(text.replace(old, new))
    code, out, err = run_cli("check", str(path))
    assert code == 1
    lines = [line for line in (out + err).splitlines() if line.startswith(str(path))]
    assert any(line.startswith(f"{path}{where}") and words in line for line in lines), lines


def test_all_mistakes_at_once_and_a_date_given_twice(write_deck: Callable[[str], Path]) -> None:
    text = deck_text().replace("        wed: 09:00-18:00\n", "        wed: 09:00-25:00\n")
    text = text.replace("        - date: 2026-12-11\n", "        - date: 2026-12-09\n")
    found = problems(write_deck(text))
    assert any(":11:14:" in f and "25:00" in f for f in found), found
    text = deck_text().replace("        - date: 2026-12-11\n", "        - date: 2026-12-09\n")
    found = problems(write_deck(text))
    assert any(":20:17:" in f and "2026-12-09 has two exceptions (items 1 and 2)" in f
               for f in found), found


def test_a_day_left_out_is_closed_and_check_says_so(write_deck: Callable[[str], Path]) -> None:
    loaded = load_deck(write_deck(deck_text().replace("        sun: closed\n", "")))
    assert any("no hours for sun; the screen sleeps all day then" in str(w)
               for w in loaded.warnings)
    assert loaded.deck.deck.display.hours is not None
    assert spans_on(loaded.deck.deck.display.hours, dt.date(2026, 12, 13)) == ()


def test_schema_names_the_hours(run_cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = run_cli("schema")
    assert code == 0 and '"OpeningHours"' in out and '"panel_watts"' in out


# ----- time, generated ---------------------------------------------------------------------------
minutes = st.integers(0, 24 * 4).map(lambda q: q * 15)


@st.composite
def days(draw: st.DrawFn) -> list[str] | str:
    cuts = sorted(set(draw(st.lists(minutes, max_size=6))))
    spans = [f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}"
             for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
    return spans or "closed"


@given(week=st.lists(days(), min_size=7, max_size=7),
       holiday=st.integers(0, 20), at=st.integers(0, 21 * 24 * 60 - 1),
       zone=st.sampled_from(["Asia/Seoul", "Europe/Berlin", "America/New_York"]))
def test_open_exactly_within_the_spans_and_changes_when_said(
        week: list[list[str] | str], holiday: int, at: int, zone: str) -> None:
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    hours = OpeningHours.model_validate({
        "time_zone": zone, "weekly": dict(zip(names, week)),
        "exceptions": [{"date": dt.date(2026, 3, 2) + dt.timedelta(days=holiday),
                        "hours": "closed"}]})
    from zoneinfo import ZoneInfo

    moment = dt.datetime(2026, 3, 2, tzinfo=ZoneInfo(zone)) + dt.timedelta(minutes=at)
    here = moment.astimezone(ZoneInfo(zone))
    minute = here.hour * 60 + here.minute
    day = here.date()
    expected = day != dt.date(2026, 3, 2) + dt.timedelta(days=holiday) and any(
        a <= minute < b for a, b in spans_on(hours, day))
    assert is_open(hours, moment) == expected
    change = next_change(hours, moment)
    if change is None:  # nothing changes within the year: the same every day
        assert all(is_open(hours, moment + dt.timedelta(hours=h)) == expected
                   for h in range(0, 24 * 15, 5))
        return
    assert change > moment
    assert is_open(hours, change) != expected
    step = (change - moment) / 7
    assert all(is_open(hours, moment + step * i) == expected for i in range(7))


# ----- the navigator, on a fake clock ------------------------------------------------------------
def test_a_week_of_hours_with_a_holiday_and_a_late_opening(
        write_deck: Callable[[str], Path]) -> None:
    clocks = Clocks(seoul(7, 0, 0))  # Monday midnight
    nav, seen = navigator(write_deck, clocks)
    assert nav.asleep and not nav.playing
    nav.next("operator")  # (an operator's key moves nothing a sleeping screen shows)
    for day in range(7, 14):
        clocks.run_until(nav, seoul(day, 23, 59))
    woke = [(t.strftime("%a %H:%M"), cause) for t, asleep, cause in seen if not asleep]
    slept = [(t.strftime("%a %H:%M"), cause) for t, asleep, cause in seen if asleep]
    assert woke == [("Tue 09:00", "schedule"), ("Thu 09:00", "schedule"),
                    ("Fri 09:00", "schedule"), ("Sat 10:00", "schedule"),
                    ("Sat 14:00", "schedule")]
    assert slept == [("Tue 18:00", "schedule"), ("Thu 21:00", "schedule"),
                     ("Fri 22:00", "schedule"), ("Sat 13:00", "schedule"),
                     ("Sat 17:00", "schedule")]
    assert all(t.second == 0 for t, _, _ in seen)  # on the minute, not a poll later


def test_opening_wakes_on_the_cover_and_autoplay_runs(write_deck: Callable[[str], Path]) -> None:
    clocks = Clocks(seoul(8, 8, 0))
    nav, seen = navigator(write_deck, clocks)
    assert nav.asleep
    clocks.run_until(nav, seoul(8, 9, 0, ))
    assert not nav.asleep and nav.index == 0 and nav.playing
    clocks.run_until(nav, seoul(8, 12, 0))
    assert nav.playing
    clocks.run_until(nav, seoul(8, 17, 59))
    nav.goto_slide("three")  # a visitor left it on another slide
    clocks.run_until(nav, seoul(8, 18, 0))
    assert nav.asleep and nav.index == 0 and not nav.playing
    assert nav.next_deadline() is not None


def test_a_touch_wakes_for_the_idle_timeout_then_it_sleeps_again(
        write_deck: Callable[[str], Path]) -> None:
    clocks = Clocks(seoul(7, 20, 0))  # Monday evening: closed
    nav, seen = navigator(write_deck, clocks)
    assert nav.asleep
    assert nav.wake_by("touch")
    assert not nav.asleep and nav.sleep.state.cause == "touch"
    assert not nav.wake_by("touch")  # awake: the next touch is an ordinary touch
    for _ in range(3):  # a visitor using it for three minutes keeps it awake
        clocks.run_until(nav, clocks.wall + dt.timedelta(seconds=50))
        nav.next()
        assert not nav.asleep
    clocks.run_until(nav, clocks.wall + dt.timedelta(seconds=59))
    assert not nav.asleep
    clocks.run_until(nav, clocks.wall + dt.timedelta(seconds=2))
    assert nav.asleep and nav.index == 0
    assert nav.sleep.state.words() == "asleep (schedule)"  # why it stays asleep now
    assert [(asleep, cause) for _, asleep, cause in seen] == [(False, "touch"), (True, "idle")]


def test_a_key_wakes_too_and_a_deck_may_keep_touches_from_waking(
        write_deck: Callable[[str], Path]) -> None:
    clocks = Clocks(seoul(7, 20, 0))
    nav, _ = navigator(write_deck, clocks, hours=HOURS + "      wake_on_touch: false\n")
    assert nav.asleep
    assert not nav.wake_by("touch") and nav.asleep
    assert nav.wake_by("key") and not nav.asleep and nav.sleep.state.cause == "key"
    clocks.run_until(nav, clocks.wall + dt.timedelta(seconds=61))
    assert nav.asleep


def test_an_alert_wakes_a_sleeping_screen_until_it_clears(
        write_deck: Callable[[str], Path]) -> None:
    clocks = Clocks(seoul(7, 2, 0))
    nav, seen = navigator(write_deck, clocks)
    nav.alert_shown(True)
    assert not nav.asleep and nav.sleep.state.cause == "alert"
    clocks.run_until(nav, seoul(7, 4, 0))  # hours later, still up while the alert stands
    assert not nav.asleep
    nav.alert_shown(False)
    assert nav.asleep and nav.sleep.state.cause == "schedule"


def test_commands_hold_until_the_hours_next_change(write_deck: Callable[[str], Path]) -> None:
    clocks = Clocks(seoul(8, 10, 0))  # Tuesday, open
    nav, seen = navigator(write_deck, clocks)
    nav.sleep_command("sleep")
    assert nav.asleep and nav.sleep.state.cause == "command"
    clocks.run_until(nav, seoul(8, 17, 59))
    assert nav.asleep  # the command holds through the day...
    clocks.run_until(nav, seoul(10, 8, 59))
    assert nav.asleep
    clocks.run_until(nav, seoul(10, 9, 0))
    assert not nav.asleep  # ...and the hours rule again from the next change on
    clocks.run_until(nav, seoul(10, 21, 30))  # Thursday's late hours end at 21:00
    assert nav.asleep
    nav.sleep_command("wake")
    assert not nav.asleep and nav.sleep.state.cause == "command"
    clocks.run_until(nav, seoul(11, 8, 0))
    assert not nav.asleep  # no idle timeout for an operator's wake
    clocks.run_until(nav, seoul(11, 22, 0))
    assert nav.asleep and nav.sleep.state.cause == "schedule"


def test_restart_in_the_middle_of_the_night_comes_up_asleep(
        write_deck: Callable[[str], Path]) -> None:
    clocks = Clocks(seoul(9, 3, 0))
    nav, seen = navigator(write_deck, clocks)
    assert nav.asleep and not nav.playing and seen == []
    deadline = nav.next_deadline()
    assert deadline is not None and deadline - clocks.mono <= 60  # the hours, nothing else
    nav.tick()
    assert nav.asleep and seen == []


def test_without_hours_the_screen_never_sleeps(write_deck: Callable[[str], Path]) -> None:
    clocks = Clocks(seoul(9, 3, 0))
    nav, seen = navigator(write_deck, clocks, hours="")
    assert not nav.asleep and nav.playing
    clocks.run_until(nav, seoul(9, 4, 0))
    assert not nav.asleep and seen == [] and not nav.wake_by("touch")


def test_the_readme_example_is_a_valid_week_like_the_tests(
        write_deck: Callable[[str], Path]) -> None:
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Opening hours", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    import yaml

    example = OpeningHours.model_validate(yaml.safe_load(block)["deck"]["display"]["hours"])
    tested = load_deck(write_deck(deck_text())).deck.deck.display.hours
    assert tested is not None
    week = [dt.date(2026, 12, 7) + dt.timedelta(days=d) for d in range(7)]
    assert [spans_on(example, d) for d in week] == [spans_on(tested, d) for d in week]
    assert spans_on(example, dt.date(2027, 2, 17)) == ()  # inside the 설날 range
    assert example.panel_watts == tested.panel_watts == 120


def test_nothing_restarts_the_loop_behind_a_sleeping_screen(
        write_deck: Callable[[str], Path]) -> None:
    clocks = Clocks(seoul(7, 2, 0))
    nav, _ = navigator(write_deck, clocks)
    nav.toggle_blank("operator")
    nav.toggle_blank("operator")  # an operator's unblank, at night
    nav.resume("operator")  # an alert that cleared
    assert nav.asleep and not nav.playing
    deadline = nav.next_deadline()
    assert deadline is not None and deadline - clocks.mono >= 30  # no slide timer, no redraws


times = st.tuples(st.integers(0, 30), st.integers(0, 75)).map(lambda t: f"{t[0]:02d}:{t[1]:02d}")


@given(st.lists(st.tuples(times, times).map("-".join), min_size=1, max_size=4))
def test_any_spans_are_either_a_clean_day_or_one_plain_sentence(spans: list[str]) -> None:
    from pydantic import ValidationError

    try:
        hours = OpeningHours.model_validate({"weekly": {"mon": spans}})
    except ValidationError as exc:
        (error,) = exc.errors()
        assert error["type"] == "in_words"
        message = error["msg"]
        assert any(word in message for word in ("expected", "go from", "write"))  # the way out
        assert any(t in message for span in spans for t in span.split("-"))  # the mistake
        assert "^" not in message and "\\d" not in message  # never a pattern
        return
    day = hours.weekly.mon
    assert day is not None
    assert all(0 <= start < end <= 24 * 60 for start, end in day)
    assert all(a[1] <= b[0] for a, b in zip(day, day[1:]))  # sorted, not overlapping
    assert len(day) == len(spans)


def test_the_fleet_summary_counts_no_slide_time_while_asleep(
        write_deck: Callable[[str], Path]) -> None:
    from kiosk.fleet.summary import PlaySummary

    clocks = Clocks(seoul(8, 17, 0))
    nav, _ = navigator(write_deck, clocks)
    summary = PlaySummary(nav, clock=clocks.monotonic, wall=lambda: clocks.wall.timestamp())
    clocks.run_until(nav, seoul(8, 20, 0))  # lit 17-18, asleep 18-20
    taken = summary.take()
    shown = sum(entry["seconds"] for entry in taken["slides"].values())
    assert shown == pytest.approx(3600, abs=13)


@pytest.mark.parametrize(("start", "jump", "asleep_after", "within"), [
    (seoul(8, 3, 0), seoul(8, 10, 0), False, 60),  # a wrong clock at boot, set by NTP: wakes
    (seoul(8, 10, 0), seoul(8, 23, 0), True, 300),  # set forward into the night: sleeps
])
def test_a_wall_clock_set_under_the_kiosk_is_noticed(
        write_deck: Callable[[str], Path], start: dt.datetime, jump: dt.datetime,
        asleep_after: bool, within: float) -> None:
    clocks = Clocks(start)
    nav, _ = navigator(write_deck, clocks, autoplay=False)  # no slide timer to tick it
    assert nav.asleep != asleep_after
    clocks.wall = jump.astimezone(dt.timezone.utc)  # the monotonic clock does not move
    deadline = nav.next_deadline()
    assert deadline is not None and deadline - clocks.mono <= within
    clocks.mono = deadline
    nav.tick()
    assert nav.asleep == asleep_after


def test_the_readme_energy_figure_is_what_stats_prints_for_that_week(
        write_deck: Callable[[str], Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The week of the README's example, on a fake clock, with one visitor waking the screen on
    the closed Monday evening; `kiosk stats` counts days on the PC's clock (here Seoul's)."""

    from kiosk.ops.plays import PlayLog
    from tests.conftest import ROOT

    clocks = Clocks(seoul(7, 0, 0))
    nav, _ = navigator(write_deck, clocks)
    plays = PlayLog(tmp_path / "plays.jsonl", nav, clock=clocks.monotonic,
                    wall=lambda: clocks.wall.timestamp(), max_bytes=10**9)
    clocks.run_until(nav, seoul(7, 19, 30))
    assert nav.wake_by("touch")
    plays.interaction("wake")
    clocks.run_until(nav, seoul(7, 19, 30) + dt.timedelta(seconds=20))
    nav.next()
    for day in range(7, 14):
        clocks.run_until(nav, seoul(day, 23, 59) + dt.timedelta(seconds=59))
    clocks.advance(1)
    plays.close()
    printed = stats_in_seoul(tmp_path / "plays.jsonl", monkeypatch)
    figure = printed[printed.index("display by day"):].strip()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert figure in readme, figure


def test_a_day_that_failed_is_not_also_called_missing_in_a_deck_with_no_whole_slide(
        write_deck: Callable[[str], Path]) -> None:
    # No slide survives validation here (none has its section), so nothing of the deck is
    # whole: the broken Tuesday is said once, as broken, never as "no hours for tue".
    text = deck_text().replace("        tue: 09:00-18:00\n", "        tue: 09:00-25:00\n")
    found = problems(write_deck(text.replace("    section: main\n", "")))
    assert any(":10:14:" in f and "25:00" in f for f in found), found
    assert not any("no hours for" in f or "every day is closed" in f for f in found), found


@pytest.mark.parametrize("second_start", [seoul(10, 8, 0), seoul(10, 10, 0)],
                         ids=["restarts-asleep", "restarts-awake"])
def test_stats_count_no_hours_while_the_kiosk_was_not_running(
        write_deck: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        second_start: dt.datetime) -> None:
    """A lobby PC switched off on Tuesday at 17:00 (open, lit) and on again on Thursday: the
    night, the holiday and the morning in between were neither lit nor asleep."""

    from kiosk.ops.plays import PlayLog

    clocks = Clocks(seoul(8, 8, 0))
    for start, end in ((seoul(8, 8, 0), seoul(8, 17, 0)), (second_start, seoul(10, 11, 0))):
        clocks.advance((start - clocks.wall).total_seconds())
        nav, _ = navigator(write_deck, clocks)
        plays = PlayLog(tmp_path / "plays.jsonl", nav, clock=clocks.monotonic,
                        wall=lambda: clocks.wall.timestamp(), max_bytes=10**9)
        clocks.run_until(nav, end)
        plays.close()
    printed = stats_in_seoul(tmp_path / "plays.jsonl", monkeypatch)
    days = {line.split()[0]: line.split()[2:] for line in printed.splitlines()
            if line.startswith("  2026-12-")}
    assert days["2026-12-08"] == ["8.0", "/", "1.0"], printed  # 08-09 asleep, 09-17 lit
    assert days.get("2026-12-09", ["0.0", "/", "0.0"]) == ["0.0", "/", "0.0"], printed
    lit_thursday = (seoul(10, 11, 0) - max(second_start, seoul(10, 9, 0))).total_seconds()
    asleep_thursday = max(0.0, (seoul(10, 9, 0) - second_start).total_seconds())
    assert days["2026-12-10"] == [f"{lit_thursday / 3600:.1f}", "/",
                                  f"{asleep_thursday / 3600:.1f}"], printed


@pytest.mark.parametrize(("written", "meant"), [("KST", "Asia/Seoul"), ("kst", "Asia/Seoul"),
                                                ("JST", "Asia/Tokyo")])
def test_a_zone_written_as_its_abbreviation_is_told_the_zone_it_means(
        write_deck: Callable[[str], Path], written: str, meant: str) -> None:
    text = deck_text().replace("      time_zone: Asia/Seoul\n", f"      time_zone: {written}\n")
    found = problems(write_deck(text))
    assert any(":7:18:" in f and f"unknown time zone '{written}' (did you mean '{meant}'?)" in f
               for f in found), found  # not 'MST', the nearest letters


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # same deck, clean tz
@given(runs=st.lists(st.tuples(st.integers(0, 48 * 60), st.integers(10, 20 * 60)),
                     min_size=1, max_size=3))
@example(runs=[(1980, 10)])  # ten minutes wholly within the hours: never slept, still lit
def test_stats_count_exactly_the_time_the_kiosk_ran(
        write_deck: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory,
        monkeypatch: pytest.MonkeyPatch, runs: list[tuple[int, int]]) -> None:
    """Runs of the kiosk (minutes after the last one ended, minutes long) through nights and
    days: the hours stats count lit or asleep add up to the time it ran, the gaps to nothing."""
    from kiosk.ops.plays import PlayLog

    plays = tmp_path_factory.mktemp("stats") / "plays.jsonl"
    clocks = Clocks(seoul(7, 0, 0))
    ran = 0.0
    for gap, length in runs:
        clocks.advance(gap * 60.0)
        nav, _ = navigator(write_deck, clocks, autoplay=False)
        log = PlayLog(plays, nav, clock=clocks.monotonic, wall=lambda: clocks.wall.timestamp(),
                      max_bytes=10**9)
        clocks.run_until(nav, clocks.wall + dt.timedelta(minutes=length))
        log.close()
        ran += length * 60.0
    printed = stats_in_seoul(plays, monkeypatch)
    days = [line.split() for line in printed.splitlines() if line.startswith("  2026-12-")]
    counted = sum(float(day[2]) + float(day[4]) for day in days) * 3600
    assert abs(counted - ran) <= 0.1 * 3600 * len(days) + 1, printed  # (0.05 h per figure)
