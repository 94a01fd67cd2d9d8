"""`ficbot console --script`: the real bot, driven by a script, over the seeds; the transcript and exit code."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.app.client import FicBot
from bot.cli import main
from bot.config import Settings
from bot.local.commands import from_tree
from bot.local.parse import Slash, parse_line
from bot.local.world import local_world
from fakediscord import Harness

JOURNEY = Path(__file__).resolve().parents[2] / "examples" / "journey.fic"
Run = Callable[..., tuple[int, str]]


def between(transcript: str, line: str, *, after: str | None = None) -> str:
    """What the console printed for the script line `line` (up to the next prompt); the first
    such line, or the first one after the line `after`."""
    parts = re.split(r"^\w+ #[\w-]+(?: › [^\n]*?)? › ", transcript, flags=re.MULTILINE)
    if after is not None:
        parts = parts[next(i for i, p in enumerate(parts) if p.startswith(after + "\n")) :]
    for part in parts:
        if part.startswith(line + "\n"):
            return part
    raise AssertionError(f"no output for {line!r}")


async def test_the_journey_covers_every_command(seeds_dir: Path, tmp_path: Path) -> None:
    settings = Settings(None, tmp_path / "t.sqlite3", seeds_dir, None, "INFO")
    async with Harness(FicBot(settings, load_on_start=False), local_world()) as h:
        table = from_tree(h.bot.tree)  # type: ignore[attr-defined]
    used = set()
    for line in JOURNEY.read_text(encoding="utf-8").splitlines():
        parsed = parse_line(table, line)
        if isinstance(parsed, Slash):
            used.add(parsed.path)
    assert used == {spec.name for spec in table}


def test_journey_through_every_command(run_script: Run) -> None:
    code, out = run_script(JOURNEY)
    assert code == 0, out
    assert (
        out.splitlines()[0]
        == "Local Library · 2 stories · you are ayla in #general · /help for help"
    )
    # A newcomer's first review is posted: the console's server has its feedback channels set.
    assert out.splitlines()[1].startswith(
        "Reviews are posted in #feedback, Mature and Explicit ones in #after-dark"
    )
    assert out.rstrip().endswith("62 interactions, 0 failed, 0 Discord-rule violations")
    channel = between(out, "/ficadmin feedback-channel #feedback adult-channel:#after-dark")
    assert "Reviews will be posted in #feedback" in channel and "go\nto #after-dark" in channel
    assert "What ficbot can do" in out or "/fic random [character] [fandom]" in between(
        out, "/fic help"
    )
    assert "/fic review <story> delete:True" in between(out, "/fic help")
    assert "Who is in the library" in between(out, "/fic by-character")
    random = between(out, "/fic random")
    assert "[1 🎲 Another] [2 📖 Read the story] [3 ✍️ Review] [4 ❤️ Kudos]" in random
    assert "updated its message in #general" in between(out, "1")
    # Read the story -> next page -> last page (only the reader sees it).
    assert "only you can see this\nPage 1 of 3" in between(out, "2")
    assert "Page 2 of 3" in between(out, "3")
    last = between(out, "4")
    assert "Page 3 of 3" in last and "The end" in last and "[Next ▶] [Last ⏭]" in last
    assert "Kudos sent" in between(out, "6")
    assert "tell this server's readers" in last and "the author" not in last
    # The review form, answered field by field, and the post in the story's feedback thread.
    form = between(out, "5")
    assert "opened a form: Review: The field was littered" in form
    assert "  > 5\n" in form and "  > n\n" in form
    assert "5  ★★★★★  Loved it\n" in form  # each rating said once
    assert "started the thread #feedback › Reviews: The field was littered" in form
    assert "posted in #feedback › Reviews:" in form and "Review by Ayla" in form
    assert "Thanks for reviewing" in form
    # Thanked first, then that answer is updated with the link once the review is posted.
    first, _, later = " ".join(form.split()).partition("updated its answer")
    assert "I'm posting it in #feedback now." in first
    assert "It's posted here:" in later and "It's posted here:" not in first
    thread = between(out, "/show thread 1")
    assert (
        "1 message" in thread and "Review by Ayla" in thread and "The ending wrecked me" in thread
    )
    channel = between(out, "/show #feedback")
    assert "#feedback · 0 messages · 1 thread with 1 message" in channel
    assert "thread 1  ficbot started #feedback › Reviews: The field was littered" in channel
    card = between(out, "/fic story 004")
    assert "★★★★★ 5.0 (1 review)" in card and "❤️ 1" in card
    # bram's spoiler review: hidden, then revealed on demand.
    spoiler = between(out, "/fic review 004")
    assert "[spoiler]" in spoiler and "[spoiler: He kills" not in spoiler
    assert "[spoiler: He kills her at the end" in between(out, "/reveal")
    assert "★★★★☆ 4.0 (2 reviews)" in between(out, "/fic reviews 004")
    listing = between(out, "/fic by-character Aeris")
    assert (
        "Stories featuring Aerith Gainsborough" in listing
        and "1.1  The field was littered" in listing
    )
    assert "Characters" in between(out, "1.1")
    assert "(2 in this server)" in between(
        out, "3", after="1.1"
    )  # bram's kudos from the card's button
    assert "matching passages" in between(out, "/fic search mythic hero")
    assert "only you can see this" in between(out, "/fic read 000 page:2")
    assert "Your review of" in between(out, "/fic review 004 delete:True")
    export = between(out, "/ficadmin export all")
    assert "ficbot-reviews-all.csv" in export and "story_id,story_title,rating" in export
    mine = between(out, "/fic my-data")
    assert "What ficbot keeps about you here" in mine and "Your shelf (1)" in mine
    assert "ficbot-my-data-" in mine and ".json" in mine
    assert "Nothing was forgotten" in between(out, "2", after="/fic forget-me")
    assert "forgotten that member" in between(out, "1", after="/ficadmin forget ayla")
    assert "Cass forgot a member's data" in out
    removed = between(out, "/ficadmin remove-review 004 ayla")
    assert "Ayla's review of" in removed and "deleted a message in #feedback" in removed
    assert "#after-dark" in between(out, "/fic random character:Sephiroth")
    assert "Saved" in between(out, "/fic save 004 note:for the weekend")
    shelf = between(out, "/fic shelf")
    assert "Your shelf" in shelf and "for the weekend" in shelf and "finished" in shelf
    assert "Page 2 of 3" in between(out, "/fic continue")
    assert "Took" in between(out, "/fic unsave 000")
    assert "The field was littered" in between(out, "/fic by-pairing Aeris/Sephiroth")
    assert "Stories from Final Fantasy VII" in between(
        out, "/fic by-fandom Final Fantasy VII length:drabble"
    )
    assert "No story here is tagged" in between(out, "/fic by-tag Angst")
    assert "I won't show you" in between(out, "/fic exclude character Genesis")
    assert "`000`" not in between(out, "/fic by-character Sephiroth")
    assert "character: Genesis" in between(out, "/fic exclusions")
    assert "anyone here" in between(out, "/ficadmin exclude warning Major Character Death")


def test_a_script_that_goes_wrong_exits_non_zero(run_script: Run) -> None:
    code, out = run_script(
        "/fic help\n"
        "/fic nope\n"  # unknown subcommand
        '/fic search "open\n'  # a quote never closed
        "9\n"  # no such button
        "> 5\n"  # an answer nobody asked for
        "/fic by-character Aeris\n"
        "1\n"  # a menu, and no answer line after it
        "/ficadmin export all\n"  # ayla lacks Manage Server: Discord does not offer it
    )
    assert code == 1
    assert "✗ /fic has no subcommand 'nope'" in out
    assert "✗ a quote is never closed" in out
    assert "✗ there is no 9" in out
    assert "✗ menu 1 needs a choice" in out
    assert "✗ an answer (>) must follow" in out
    assert (
        "✗ Discord would not send that: /ficadmin needs the Manage Server permission, which ayla lacks"
        in out
    )
    assert "(try /as cass)" in out
    assert out.rstrip().endswith(
        "2 interactions, 0 failed, 0 Discord-rule violations, 6 lines not run"
    )


def test_an_interaction_the_bot_never_answers_fails_loudly(
    run_script: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.app import respond

    async def silent(*args: Any, **kwargs: Any) -> None:
        return None

    monkeypatch.setattr(respond, "send", silent)
    code, out = run_script("/fic help\n")
    assert code == 1
    assert "Discord would refuse this" in out and "interaction.no_response" in out
    assert out.rstrip().endswith("1 interaction, 1 failed, 1 Discord-rule violation")


def test_an_error_the_bot_logs_fails_the_line(
    run_script: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.ui import render

    def broken() -> Any:
        raise RuntimeError("the help card is broken")

    monkeypatch.setattr(render, "help_card", broken)
    code, out = run_script("/fic help\n")
    assert code == 1
    assert "the bot logged an error" in out and "the help card is broken" in out
    assert out.rstrip().endswith("1 interaction, 1 failed, 0 Discord-rule violations")


def test_a_payload_discord_would_refuse_is_a_violation(
    run_script: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.app import respond

    async def too_long(interaction: Any, reply: Any) -> None:
        await interaction.response.send_message("x" * 2001, ephemeral=True)

    monkeypatch.setattr(respond, "send", too_long)
    code, out = run_script("/fic help\n")
    assert code == 1 and "message.content" in out
    assert "0 Discord-rule violations" not in out


def test_menus_and_forms_answered_on_the_next_lines(run_script: Run) -> None:
    code, out = run_script(
        "/fic by-character Aeris\n"
        "1\n"  # the menu: which option comes on the next line
        "> 1\n"
        "2\n"  # Review, from the story card
        "> ★★★★☆  Liked it\n"  # a label works as well as a value
        "> Line one\\nline two of it\n"
        ">\n"  # empty: the checkbox stays unticked
        "/fic review 004\n"
        "/as bram\n"
        "/fic review 004\n"  # a form left unanswered is closed: nothing is sent
    )
    assert code == 0, out
    assert "Characters" in between(out, "1")
    assert "  > 1" in out
    assert "Thanks for reviewing" in between(out, "2")
    assert "You just sent a review" in between(out, "/fic review 004")
    assert "form closed without sending" in out
    assert out.rstrip().endswith("6 interactions, 0 failed, 0 Discord-rule violations")


def test_a_form_answer_discords_client_would_refuse_is_an_error(run_script: Run) -> None:
    code, out = run_script("/fic review 004\n> 5\n> too short\n> n\n")
    assert code == 1
    assert "✗ Your review needs at least 10 characters" in out
    assert "an answer (>) must follow" not in out  # the form's other answers go with it
    assert out.rstrip().endswith(
        "1 interaction, 0 failed, 0 Discord-rule violations, 1 line not run"
    )


def test_commands_on_standard_input(
    seeds_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FICBOT_SEEDS", str(seeds_dir))
    monkeypatch.setattr(
        sys, "stdin", io.StringIO("/in #after-dark\n/fic by-character\n/quit\n/fic help\n")
    )
    code = main(["console", "--db", str(tmp_path / "db.sqlite3")])
    out = capsys.readouterr().out
    assert code == 0
    assert "ayla #after-dark › /fic by-character" in out and "/fic help" not in out
    assert out.rstrip().endswith("1 interaction, 0 failed, 0 Discord-rule violations")


def test_state_survives_between_sessions_on_one_database(run_script: Run, tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite3"
    code, out = run_script(
        "/as cass\n/ficadmin feedback-channel #general\n/as ayla\n"
        "/fic review 004\n> 4\n> Stayed with me for days.\n> n\n",
        "--keep",
        db=db,
    )
    assert code == 0 and "posted in #general" in out
    code, out = run_script("/fic reviews 004\n", db=db)
    assert code == 0
    assert "Stayed with me for days." in out  # the same server, so the same reviews
    # The feedback channel an admin chose is kept: the console sets #feedback only when none is.
    assert "Reviews are posted in #general" in out


def test_the_journey_runs_twice_and_leaves_the_library_as_it_was(
    run_script: Run, tmp_path: Path, seeds_dir: Path
) -> None:
    """A script runs on a scratch copy: the story it imports never reaches the real folder or
    database, so the journey (which imports and publishes one) passes every time."""
    db = tmp_path / "library.sqlite3"
    before = sorted(p.relative_to(seeds_dir) for p in seeds_dir.rglob("*"))
    for _ in range(2):
        code, out = run_script(JOURNEY, db=db)
        assert code == 0, out
        assert out.rstrip().endswith("0 failed, 0 Discord-rule violations")
        assert "Published: readers can find it now" in out  # the import is new every time
        assert sorted(p.relative_to(seeds_dir) for p in seeds_dir.rglob("*")) == before
    assert not db.exists()  # nothing was written to the real database either


def test_keep_writes_a_scripts_import_to_the_real_folder(
    run_script: Run, tmp_path: Path, seeds_dir: Path
) -> None:
    script = "/as cass\n/ficadmin import ./examples/rain-on-sector-seven.txt\n"
    db = tmp_path / "kept.sqlite3"
    code, out = run_script(script, db=db)
    assert code == 0, out
    assert not (seeds_dir / "imported").exists()
    code, out = run_script(script, "--keep", db=db)
    assert code == 0, out
    assert [p.name for p in (seeds_dir / "imported").iterdir()] == ["rain-on-sector-seven.txt"]
    assert db.is_file()


def test_unknown_start_reader_or_missing_script(run_script: Run, tmp_path: Path) -> None:
    code, out = run_script("/fic help\n", "--as", "zed")
    assert code == 2 and "no user 'zed'" in out
    assert main(["console", "--script", str(tmp_path / "missing.fic")]) == 2
