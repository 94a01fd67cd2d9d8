"""Starting the bot: token problems explained, not tracebacks; the invite link."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.app import runner
from bot.app.client import FicBot, intents
from fakediscord import Harness, World


@pytest.mark.parametrize(
    ("token", "fine"),
    [
        (None, False),
        ("", False),
        ("Bot MTA4.abc.def", False),
        ("not a token", False),
        ("MTA4NjQ5NzE1MzQ1NjY4NzA0MA.GhIjKl.abcdefghijklmnopqrstuvwxyz012345678", True),
    ],
)
def test_token_shape(token: str | None, fine: bool) -> None:
    assert (runner.token_problem(token) is None) is fine


def test_malformed_token_gets_help_not_a_traceback(
    capsys: pytest.CaptureFixture[str], settings
) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    code = runner.run(replace(settings, token="definitely-not-a-token"))
    err = capsys.readouterr().err
    assert code == 2
    assert "discord.com/developers/applications" in err and "DISCORD_TOKEN" in err
    assert "definitely-not-a-token" not in err, "never echo the token"


def test_fewest_intents() -> None:
    chosen = intents()
    assert (
        chosen.guilds and not chosen.members and not chosen.message_content and not chosen.presences
    )


async def test_invite_link_has_exactly_the_needed_permissions(
    make_bot: Callable[..., FicBot],
) -> None:
    bot = make_bot()
    bot._connection.application_id = 1234
    link = bot.invite_link()
    assert link is not None
    assert "client_id=1234" in link and "applications.commands" in link and "scope=bot" in link
    perms = int(link.split("permissions=")[1].split("&")[0])
    # ... and Read Message History (0x10000): a post sent just before a crash is found, not
    # posted twice.
    assert perms == 0x400 | 0x800 | 0x4000000000 | 0x800000000 | 0x4000 | 0x8000 | 0x10000


async def test_a_failed_sync_does_not_stop_the_bot(make_bot: Callable[..., FicBot]) -> None:
    from fakediscord import Harness, World

    world = World()
    bot = make_bot()
    harness = Harness(bot, world)
    harness.world.fail("PUT", "/applications/{application_id}/commands", status=500, times=10)
    async with harness as h:
        ex = await h.slash("fic help")
        assert ex.ok and ex.embeds


async def test_a_bot_owning_its_process_freezes_what_survives_start_up(
    make_bot: Callable[..., FicBot], world: World
) -> None:
    """Objects alive after the load are left out of full garbage collections (which stop the
    event loop); bots in a shared process (tests) never freeze anything."""
    import gc

    gc.unfreeze()
    try:
        plain = make_bot()
        async with Harness(plain, world):
            await plain.wait_until_loaded()
            assert gc.get_freeze_count() == 0
        owner = make_bot(freeze_memory=True)
        async with Harness(owner, World()):
            await owner.wait_until_loaded()
            assert gc.get_freeze_count() > 0
            frozen = gc.get_freeze_count()
            # A later load (an admin's reload) unfreezes while it runs, then freezes again.
            await owner.load_library()
            assert gc.get_freeze_count() >= frozen * 0.9
    finally:
        gc.unfreeze()


def test_log_lines_print_once_and_plain_in_pipes(settings) -> None:  # type: ignore[no-untyped-def]
    """`ficbot run` once printed every line twice (the CLI's handler and discord.py's), and wrote
    colour codes into files and pipes."""
    import io
    import logging

    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    early = io.StringIO()
    piped = io.StringIO()
    try:
        logging.basicConfig(stream=early, force=True)  # what bot.cli.main does first
        runner.setup_logging(settings, stream=piped)
        runner.setup_logging(settings, stream=piped)  # twice is still one handler
        logging.getLogger("ficbot").warning("hello from the bot")
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    assert early.getvalue() == ""
    lines = piped.getvalue().splitlines()
    assert len(lines) == 1 and "hello from the bot" in lines[0]
    assert "\x1b[" not in piped.getvalue()


def test_no_network_is_one_sentence_and_a_nonzero_exit(
    capsys: pytest.CaptureFixture[str], settings, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Without a network `ficbot run` died with an 84-line aiohttp traceback. Now it tries again
    with backoff, then says why in one sentence and exits 1."""
    import logging
    from dataclasses import replace

    import discord

    # A port nobody listens on: connection refused at once, as with no network.
    monkeypatch.setattr(discord.http.Route, "BASE", "http://127.0.0.1:9/api/v10")
    monkeypatch.setattr(runner, "LOGIN_RETRY_DELAYS", (0, 0))
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        code = runner.run(
            replace(
                settings,
                token="MTA4NjQ5NzE1MzQ1NjY4NzA0MA.GhIjKl.abcdefghijklmnopqrstuvwxyz012345678",
            )
        )
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert "can't reach Discord" in err
    sentences = [line for line in err.splitlines() if line.startswith("ficbot can't reach")]
    assert len(sentences) == 1
    assert err.count("trying again") == 2  # two retries, each logged once
