"""Bad input in every option of every command, through the real command tree.

Each command gets the fixed list of nasty strings (tests/abuse/nasty.py) in each of its text
options, strings at and beyond the option's maximum length (beyond only with ``force``: Discord's
client stops those, a forged payload does not), and generated strings from hypothesis. Every
answer must be a handled, short answer or a correct result: no exception, no error logged, no
Discord rule broken, nothing that pings.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from bot.storage import feedback
from fakediscord import Harness
from tests.abuse import commands
from tests.abuse.checks import assert_handled, assert_harness_clean, forced_slash
from tests.abuse.nasty import NASTY, long_strings, nasty_text
from tests.fixtures.bot import set_feedback_channel

FUZZ = hsettings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


async def _reviewed(h: Harness) -> None:
    """Give the library something to find: a feedback channel, a review and kudos."""
    await set_feedback_channel(h)
    opened = await h.slash("fic review", story="004", user="bram")
    await h.submit_modal(
        opened, {"rating": ["4"], "text": "Lovely @everyone <@123> **story**", "spoiler": False}
    )
    ex = await h.slash("fic random", character="Genesis", user="bram")
    await h.click(ex, "fb:kudos:000", user="bram")


async def test_every_command_is_covered(h: Harness) -> None:
    names = {c.qualified_name for c in commands.slash_commands(h.bot)}  # type: ignore[arg-type]
    assert names == set(commands.DEFAULTS), "a new command needs defaults here to be fuzzed"


@pytest.mark.parametrize("command", sorted(commands.DEFAULTS))
async def test_every_text_option_survives_the_nasty_list(h: Harness, command: str) -> None:
    await _reviewed(h)
    options = [o for o in commands.text_options(h.bot) if o.command == command]  # type: ignore[arg-type]
    tried = 0
    for option in options:
        for value in [*NASTY, *long_strings(option.max_length)]:
            beyond = len(value) > option.max_length or not value.strip()
            ex = await h.slash(
                command,
                user=option.user,
                options=option.options(value),
                force=beyond,
            )
            assert_handled(ex)
            tried += 1
    if not options:  # no text options: the plain command must still answer cleanly
        ex = await h.slash(command, options=commands.DEFAULTS[command], user="cass")
        assert_handled(ex)
    assert_harness_clean(h)


@FUZZ
@given(data=st.data())
async def test_generated_text_in_any_option(h: Harness, data: st.DataObject) -> None:
    options = commands.text_options(h.bot)  # type: ignore[arg-type]
    option = data.draw(st.sampled_from(options), label="option")
    value = data.draw(nasty_text(option.max_length), label="value")
    ex = await h.slash(option.command, user=option.user, options=option.options(value), force=True)
    assert_handled(ex)


@pytest.mark.parametrize("page", [0, -1, 1, 2, 99999, 100000, 100001, 10**9, 2**63])
async def test_page_numbers_out_of_range_open_the_nearest_page(h: Harness, page: int) -> None:
    ex = await forced_slash(h, "fic read", {"story": "004", "page": 1}, {"page": page})
    assert_handled(ex)
    assert ex.content is not None
    number, _, total = ex.content.removeprefix("Page ").partition(" of ")
    assert 1 <= int(number) <= int(total)
    assert int(number) == min(max(page, 1), int(total))


@pytest.mark.parametrize("chapter", [0, -1, 1, 2, 99999, 100000, 10**9, 2**63])
async def test_chapter_numbers_out_of_range_get_a_short_answer(h: Harness, chapter: int) -> None:
    ex = await forced_slash(h, "fic read", {"story": "004", "chapter": 1}, {"chapter": chapter})
    assert_handled(ex)
    assert ex.content is not None
    if chapter > 1:  # the seed is one chapter: say so, don't open another
        assert ex.ephemeral and "only one chapter" in ex.content and not ex.embeds
    else:  # below the minimum (a forged request): the first chapter
        assert ex.content.startswith("Page 1 of ")


async def test_only_read_has_numbers(h: Harness) -> None:
    """If another command grows a number option, it must join the out-of-range tests."""
    assert [o[:2] for o in commands.int_options(h.bot)] == [  # type: ignore[arg-type]
        ("fic read", "chapter"),
        ("fic read", "page"),
    ]


@pytest.mark.parametrize(
    ("command", "options", "name"),
    [
        ("ficadmin feedback-channel", {"channel": "general"}, "channel"),
        ("ficadmin remove-review", {"story": "004", "reader": "bram"}, "reader"),
    ],
)
@pytest.mark.parametrize("value", ["123", "0", str(2**63 - 1)])
async def test_channels_and_users_that_do_not_resolve(
    h: Harness, command: str, options: dict[str, str], name: str, value: str
) -> None:
    """A channel or user id Discord sent no details for (deleted meanwhile, or forged)."""
    ex = await forced_slash(h, command, options, {name: value}, user="cass", unresolved=True)
    assert_handled(ex)
    assert ex.ephemeral and "Object" not in (ex.content or ""), ex.content
    if name == "channel":
        assert "pick one" in (ex.content or "")
    guild = h.world.default_guild
    assert guild is not None
    assert await feedback.feedback_channel(h.bot.db, guild.id) is None  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("kind", "accepted"),
    [(0, True), (5, True), (15, True), (4, False)],
)
async def test_feedback_channel_of_every_kind(h: Harness, kind: int, accepted: bool) -> None:
    """Text, news and forum channels are fine; a category is not. (Threads: Discord doesn't offer
    them for this option. Voice and stage channels: the harness cannot build them yet.)"""
    channel = await h.add_channel(f"kind-{kind}", type=kind)
    ex = await h.slash(
        "ficadmin feedback-channel", user="cass", options={"channel": channel}, force=True
    )
    assert_handled(ex)
    guild = h.world.default_guild
    assert guild is not None
    stored = await feedback.feedback_channel(h.bot.db, guild.id)  # type: ignore[attr-defined]
    assert (stored == channel.id) is accepted, ex.content
    if not accepted:
        assert "Pick a text or forum channel" in (ex.content or "")


@pytest.mark.parametrize("reader", ["ficbot", "cass", "stranger"])
async def test_remove_review_of_odd_readers(h: Harness, reader: str) -> None:
    """The bot itself, the admin themself, someone not in the server: "hasn't reviewed"."""
    if reader == "stranger":
        h.world.add_user("stranger", guild=False)
    ex = await h.slash(
        "ficadmin remove-review", user="cass", options={"story": "004", "reader": reader}
    )
    assert_handled(ex)
    assert "hasn't reviewed" in (ex.content or "")
