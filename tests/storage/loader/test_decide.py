"""What a load does with each file, decided from hashes and stored rows alone (no database)."""

from __future__ import annotations

from collections.abc import Callable

from bot.storage.loader.decide import Decision, Digest, StoredRow, Verdict, decide, new_id

KEY = "3:roster"
MB = 1024 * 1024


def _row(sid: str, file: str, digest: str, key: str = KEY, status: str = "active") -> StoredRow:
    return (sid, file, digest, key, status)


def _decide(
    stored: list[StoredRow],
    found: list[tuple[str, Digest]],
    exists: Callable[[str], bool] = lambda _rel: False,
) -> tuple[list[Decision], list[str]]:
    return decide(stored, found, key=KEY, max_bytes=5 * MB, exists=exists)


def test_an_empty_library_is_all_new() -> None:
    decisions, withdrawn = _decide([], [("a.txt", "h1"), ("b.txt", "h2")])
    assert decisions == [Decision(Verdict.NEW), Decision(Verdict.NEW)]
    assert withdrawn == []


def test_same_file_same_text_same_analysis_is_unchanged() -> None:
    decisions, withdrawn = _decide([_row("1", "a.txt", "h1")], [("a.txt", "h1")])
    assert decisions == [Decision(Verdict.UNCHANGED, story_id="1")]
    assert withdrawn == []


def test_edited_text_changes_the_story_in_place() -> None:
    decisions, _ = _decide([_row("1", "a.txt", "h1")], [("a.txt", "h2")])
    assert decisions == [Decision(Verdict.CHANGED, story_id="1")]


def test_a_new_parser_or_roster_reanalyses_an_unchanged_file() -> None:
    decisions, _ = _decide([_row("1", "a.txt", "h1", key="2:old")], [("a.txt", "h1")])
    assert decisions == [Decision(Verdict.CHANGED, story_id="1")]


def test_a_withdrawn_story_whose_file_is_back_is_changed() -> None:
    decisions, withdrawn = _decide(
        [_row("1", "a.txt", "h1", status="withdrawn")], [("a.txt", "h1")]
    )
    assert decisions == [Decision(Verdict.CHANGED, story_id="1")]
    assert withdrawn == []


def test_a_removed_file_withdraws_its_story_once() -> None:
    stored = [
        _row("1", "a.txt", "h1"),
        _row("2", "gone.txt", "h2"),
        _row("3", "old.txt", "h3", status="withdrawn"),
    ]
    decisions, withdrawn = _decide(stored, [("a.txt", "h1")])
    assert decisions == [Decision(Verdict.UNCHANGED, story_id="1")]
    assert withdrawn == ["2"]  # not "3": withdrawn already


def test_a_renamed_file_keeps_its_story() -> None:
    decisions, withdrawn = _decide([_row("1", "old.txt", "h1")], [("new.txt", "h1")])
    assert decisions == [Decision(Verdict.CHANGED, story_id="1")]
    assert withdrawn == []


def test_a_copy_is_new_while_the_original_is_still_there() -> None:
    stored = [_row("1", "a.txt", "h1")]
    decisions, _ = _decide(stored, [("copy.txt", "h1")], exists=lambda rel: rel == "a.txt")
    assert decisions == [Decision(Verdict.NEW)]


def test_a_moved_story_is_claimed_once() -> None:
    # Both new files have the old file's text: the first is the move, the second a duplicate.
    decisions, withdrawn = _decide([_row("1", "old.txt", "h1")], [("x.txt", "h1"), ("y.txt", "h1")])
    assert decisions[0] == Decision(Verdict.CHANGED, story_id="1")
    assert decisions[1].verdict is Verdict.SKIPPED and decisions[1].duplicate_of == "x.txt"
    assert withdrawn == []


def test_a_story_claimed_by_its_moved_text_is_not_claimed_again_by_name() -> None:
    # old.txt's text is now in a.txt, listed first; old.txt holds new text but must not
    # update the story a.txt has claimed. (exists() says old.txt is gone when a.txt is
    # decided: a file that appeared meanwhile.)
    stored = [_row("1", "old.txt", "h1")]
    decisions, withdrawn = _decide(stored, [("a.txt", "h1"), ("old.txt", "h2")])
    assert decisions == [Decision(Verdict.CHANGED, story_id="1"), Decision(Verdict.NEW)]
    assert withdrawn == []


def test_a_file_seen_in_this_load_has_not_moved() -> None:
    # a.txt is there (over the size limit this time): c.txt with its old text is a copy.
    stored = [_row("1", "a.txt", "h1")]
    decisions, withdrawn = _decide(stored, [("a.txt", None), ("c.txt", "h1")])
    assert decisions[1] == Decision(Verdict.NEW)
    assert withdrawn == []


def test_the_same_text_twice_loads_once() -> None:
    decisions, _ = _decide([], [("a.txt", "h1"), ("b.txt", "h1")])
    assert decisions == [
        Decision(Verdict.NEW),
        Decision(Verdict.SKIPPED, reason="duplicate of a.txt", duplicate_of="a.txt"),
    ]


def test_files_over_the_limit_or_unreadable_are_skipped() -> None:
    unreadable = PermissionError(13, "Permission denied")
    stored = [_row("1", "big.txt", "h1"), _row("2", "locked.txt", "h2")]
    decisions, withdrawn = _decide(stored, [("big.txt", None), ("locked.txt", unreadable)])
    assert decisions == [
        Decision(Verdict.SKIPPED, reason="over the 5 MB size limit"),
        Decision(Verdict.SKIPPED, reason="cannot be read: Permission denied"),
    ]
    # Their stories are not withdrawn: the files are there, only unusable this time.
    assert withdrawn == []


def test_decisions_follow_the_files_in_order() -> None:
    stored = [_row("1", "a.txt", "h1"), _row("2", "b.txt", "h2"), _row("3", "c.txt", "h3")]
    found: list[tuple[str, Digest]] = [("a.txt", "h1"), ("b.txt", "h9"), ("d.txt", "h4")]
    decisions, withdrawn = _decide(stored, found)
    assert [d.verdict for d in decisions] == [Verdict.UNCHANGED, Verdict.CHANGED, Verdict.NEW]
    assert withdrawn == ["3"]


def test_new_ids_avoid_those_taken() -> None:
    assert new_id("017", set()) == "017"
    assert new_id("017", {"017"}) == "017-2"
    assert new_id("017", {"017", "017-2", "017-3"}) == "017-4"
