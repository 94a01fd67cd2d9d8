"""Nobody let in: /ficadmin needs Manage Server (checked in code too), one server never touches
another's reviews, kudos or settings, readers only edit and delete their own reviews, and the
review cooldown holds under a burst."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.app.cooldown import COOLDOWN_SECONDS, ReviewCooldown
from bot.storage import feedback
from fakediscord import CommandUnavailable, Exchange, FakeGuild, Harness, Upload
from tests.abuse.checks import assert_handled, assert_harness_clean
from tests.app import stories
from tests.fixtures.bot import set_feedback_channel

RESPONSE = discord.InteractionResponseType

ADMIN_COMMANDS: dict[str, dict[str, Any]] = {
    "ficadmin feedback-channel": {"channel": "general"},
    "ficadmin export": {"story": "all"},
    "ficadmin remove-review": {"story": "004", "reader": "bram"},
    "ficadmin import": {"file": Upload("tiny.txt", b"Cloud looked at the rain. It rained.")},
    "ficadmin withdraw": {"story": "004"},
    "ficadmin restore": {"story": "004"},
    "ficadmin log": {},
    "ficadmin librarian-role": {},
    "ficadmin exclude": {"kind": "tag", "value": "Angst"},
    "ficadmin exclusions": {},
    "ficadmin announce-channel": {"channel": "general"},
    "ficadmin set-author": {"story": "004", "user": "bram"},
    "ficadmin forget": {"member": "bram"},
}


async def review(
    h: Harness,
    story: str = "004",
    *,
    user: str = "ayla",
    text: str = "A lovely story, I cried twice.",
    rating: str = "5",
    channel: Any = "general",
) -> Exchange:
    opened = await h.slash("fic review", story=story, user=user, channel=channel)
    assert opened.response_type == RESPONSE.modal.value, opened.summary()
    return await h.submit_modal(opened, {"rating": [rating], "text": text, "spoiler": False})


async def stored(h: Harness, user: str, story: str = "004", guild: Any = None) -> Any:
    gid = h.world.guild(guild).id
    return await feedback.get_review(h.bot.db, gid, story, h.world.user(user).id)  # type: ignore[attr-defined]


# --- /ficadmin ---------------------------------------------------------------------------------


async def test_every_ficadmin_command_is_covered(h: Harness) -> None:
    group = h.bot.tree.get_command("ficadmin")  # type: ignore[attr-defined]
    assert {f"ficadmin {c.name}" for c in group.commands} == set(ADMIN_COMMANDS)


@pytest.mark.parametrize("command", sorted(ADMIN_COMMANDS))
async def test_ficadmin_refused_without_manage_server(h: Harness, command: str) -> None:
    await set_feedback_channel(h)
    await review(h, user="bram")
    # Roles that can do a lot, but not Manage Server.
    mod = h.world.add_role(
        "Moderator",
        permissions=discord.Permissions(
            manage_channels=True, manage_messages=True, kick_members=True, manage_roles=True
        ).value,
    )
    await h.add_user("mona", roles=[mod])
    manager = h.world.add_role("Manager", permissions=discord.Permissions(manage_guild=True).value)
    await h.add_user("gus", roles=[manager])
    guild = h.world.guild()
    setting = await feedback.feedback_channel(h.bot.db, guild.id)  # type: ignore[attr-defined]
    options = ADMIN_COMMANDS[command]
    for user in ("ayla", "bram", "mona"):
        with pytest.raises(CommandUnavailable):  # Discord hides it from them...
            await h.slash(command, user=user, options=options)
        # ...unless a server admin opened the command to everyone: the code still refuses.
        for channel in ("general", "after-dark"):
            ex = await h.slash(command, user=user, channel=channel, options=options, force=True)
            assert_handled(ex)
            assert ex.ephemeral and "Manage Server" in (ex.content or ""), ex.summary()
            assert not ex.files and not ex.posts
    assert await feedback.feedback_channel(h.bot.db, guild.id) == setting  # type: ignore[attr-defined]
    assert await stored(h, "bram") is not None
    # Manage Server alone (no Administrator) is enough.
    allowed = await h.slash(command, user="gus", options=options)
    assert_handled(allowed)
    assert "Manage Server" not in (allowed.content or "")


@pytest.mark.parametrize("command", sorted(ADMIN_COMMANDS))
async def test_ficadmin_refused_in_a_dm(h: Harness, command: str) -> None:
    options = dict(ADMIN_COMMANDS[command])
    options.pop("channel", None)
    with pytest.raises(CommandUnavailable):
        await h.slash(command, user="cass", dm=True, options=options)
    if "channel" in ADMIN_COMMANDS[command]:
        return  # a DM has no channels to pick
    ex = await h.slash(command, user="cass", dm=True, options=options, force=True)
    assert_handled(ex)
    assert not ex.files


# --- two servers -------------------------------------------------------------------------------


async def elsewhere(h: Harness) -> FakeGuild:
    """A second server with its own feedback channel, admin (dana) and reader (eli); ayla is a
    member of both."""
    other = await h.add_guild("Elsewhere")
    await h.add_channel("lobby", guild=other)
    await h.add_channel("reviews-b", guild=other)
    await h.add_user("dana", guild=other, admin=True)
    await h.add_user("eli", guild=other)
    h.world.join("ayla", guild=other)
    return other


async def test_one_server_never_sees_another_servers_reviews_kudos_or_settings(
    h: Harness,
) -> None:
    await set_feedback_channel(h)
    await review(h, text="SECRET-OF-A: the ending wrecked me.")
    ex = await h.slash("fic random", character="Aeris")
    await h.click(ex, "fb:kudos:004")
    other = await elsewhere(h)
    lobby = h.world.channel("lobby", guild=other)
    a_channel = await feedback.feedback_channel(h.bot.db, h.world.guild().id)  # type: ignore[attr-defined]

    listing = await h.slash("fic reviews", story="004", user="eli", channel=lobby)
    assert_handled(listing)
    assert "SECRET-OF-A" not in str(listing.embeds)
    assert listing.embed is not None
    assert "No reviews in this server yet" in listing.embed["description"]
    card = await h.slash("fic story", story="004", user="eli", channel=lobby)
    assert card.embed is not None
    fields = {f["name"]: f["value"] for f in card.embed["fields"]}
    assert fields["Reviews"] == "no reviews yet" and fields["Kudos"] == "❤️ 0"

    for story in ("all", "004"):
        export = await h.slash("ficadmin export", user="dana", channel=lobby, story=story)
        assert_handled(export)
        data = export.files[0].data.decode("utf-8-sig")
        assert "SECRET-OF-A" not in data and len(list(csv.DictReader(io.StringIO(data)))) == 0

    # Not removable or deletable from the other server, by its admin or by the same reader.
    removed = await h.slash(
        "ficadmin remove-review",
        user="dana",
        channel=lobby,
        options={"story": "004", "reader": "ayla"},
    )
    assert_handled(removed)
    assert "hasn't reviewed" in (removed.content or "")
    deleted = await h.slash("fic review", story="004", delete=True, user="ayla", channel=lobby)
    assert "haven't reviewed" in (deleted.content or "")
    assert await stored(h, "ayla") is not None

    # B's own settings and reviews stay B's; A's feedback channel is untouched.
    await h.slash(
        "ficadmin feedback-channel", user="dana", channel=lobby, options={"channel": "reviews-b"}
    )
    assert await feedback.feedback_channel(h.bot.db, h.world.guild().id) == a_channel  # type: ignore[attr-defined]
    theirs = await review(h, user="ayla", channel=lobby, text="SECRET-OF-B: different server.")
    assert "Thanks" in (theirs.content or "")
    assert (await stored(h, "ayla")).body.startswith("SECRET-OF-A")
    assert (await stored(h, "ayla", guild=other)).body.startswith("SECRET-OF-B")
    in_a = [m for t in h.world.threads("feedback") for m in h.world.messages(t)]
    in_b = [m for t in h.world.threads(h.world.channel("reviews-b")) for m in h.world.messages(t)]
    assert "SECRET-OF-B" not in str(in_a) and "SECRET-OF-A" not in str(in_b)
    kudos = await h.click(card, "fb:kudos:004", user="eli")
    assert "(1 in this server)" in (kudos.content or "")
    assert_harness_clean(h)


async def test_feedback_channel_of_another_server_is_refused(h: Harness) -> None:
    """A forged option naming another server's channel must not send this server's reviews
    there."""
    await set_feedback_channel(h)
    other = await elsewhere(h)
    theirs = h.world.channel("reviews-b", guild=other)
    ex = await h.slash(
        "ficadmin feedback-channel", user="cass", options={"channel": theirs}, force=True
    )
    assert_handled(ex)
    assert "in this server" in (ex.content or ""), ex.content
    assert await feedback.feedback_channel(h.bot.db, h.world.guild().id) != theirs.id  # type: ignore[attr-defined]
    await review(h, text="SECRET-OF-A stays in server A.")
    assert all(t.guild_id != other.id for t in h.world.threads())


# --- own reviews -------------------------------------------------------------------------------


async def test_a_reader_edits_and_deletes_only_their_own_review(h: Harness) -> None:
    await set_feedback_channel(h)
    h.bot.review_cooldown.seconds = 0  # type: ignore[attr-defined]
    await review(h, user="ayla", text="AYLA: a lovely story.")
    await review(h, user="bram", text="BRAM: not for me.", rating="2")
    # Bram deletes: only his goes.
    gone = await h.slash("fic review", story="004", delete=True, user="bram")
    assert_handled(gone)
    assert await stored(h, "bram") is None
    assert (await stored(h, "ayla")).body == "AYLA: a lovely story."
    # Bram submits the form ayla opened (a forged or shared modal): it is his review, not hers.
    opened = await h.slash("fic review", story="004", user="ayla")
    assert opened.modal is not None and "Edit" in opened.modal["title"]
    done = await h.submit_modal(
        opened, {"rating": ["1"], "text": "BRAM: overwriting Ayla?", "spoiler": False}, user="bram"
    )
    assert_handled(done)
    assert (await stored(h, "ayla")).body == "AYLA: a lovely story."
    assert (await stored(h, "bram")).body == "BRAM: overwriting Ayla?"
    # Resubmitting edits one's own.
    await review(h, user="ayla", text="AYLA: even better the second time.")
    assert (await stored(h, "ayla")).body == "AYLA: even better the second time."
    assert (await stored(h, "bram")).body == "BRAM: overwriting Ayla?"
    # A reader can't use the admin command to remove someone else's.
    forced = await h.slash(
        "ficadmin remove-review",
        user="bram",
        options={"story": "004", "reader": "ayla"},
        force=True,
    )
    assert "Manage Server" in (forced.content or "")
    assert await stored(h, "ayla") is not None


async def test_admins_remove_any_review_in_their_server_only(h: Harness) -> None:
    await set_feedback_channel(h)
    h.bot.review_cooldown.seconds = 0  # type: ignore[attr-defined]
    await review(h, user="ayla")
    await review(h, user="bram")
    other = await elsewhere(h)
    lobby = h.world.channel("lobby", guild=other)
    for reader in ("ayla", "bram"):
        elsewhere_admin = await h.slash(
            "ficadmin remove-review",
            user="dana",
            channel=lobby,
            options={"story": "004", "reader": reader},
        )
        assert "hasn't reviewed" in (elsewhere_admin.content or "")
        assert await stored(h, reader) is not None
    thread = h.world.threads("feedback")[0]
    assert len(h.world.messages(thread)) == 2
    for reader in ("ayla", "bram"):
        removed = await h.slash(
            "ficadmin remove-review", user="cass", options={"story": "004", "reader": reader}
        )
        assert_handled(removed)
        assert "deleted" in (removed.content or "")
        assert await stored(h, reader) is None
    assert h.world.messages(thread) == []


# --- review spam -------------------------------------------------------------------------------


@pytest.fixture
def many_stories(seeds_dir: Path) -> None:
    for n in range(20):
        stories.add(seeds_dir, f"{100 + n}_road.txt", stories.cloud_story(n + 1))


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _count_reviews(h: Harness, user: str) -> int:
    gid = h.world.guild().id
    uid = h.world.user(user).id
    async with h.bot.db.execute(  # type: ignore[attr-defined]
        "SELECT count(*) FROM reviews WHERE guild_id = ? AND user_id = ?", (gid, uid)
    ) as cur:
        row = await cur.fetchone()
    return int(row[0])


@pytest.mark.usefixtures("many_stories")
@pytest.mark.parametrize("burst", ["concurrent", "sequential"])
async def test_cooldown_holds_under_a_burst_of_fifty(h: Harness, burst: str) -> None:
    await set_feedback_channel(h)
    clock = FakeTime()
    h.bot.review_cooldown = ReviewCooldown(clock=clock)  # type: ignore[attr-defined]
    ids = ["004", "000", *[str(100 + n) for n in range(20)]]
    forms = [await h.slash("fic review", story=ids[i % len(ids)], user="ayla") for i in range(50)]
    assert all(f.response_type == RESPONSE.modal.value for f in forms)
    assert h.bot._connection._view_store._modals == {}, "opened forms are not kept in memory"
    others = [await h.slash("fic review", story="004", user=u) for u in ("bram", "cass")]

    def submit(form: Exchange, n: int, user: str | None = None) -> Any:
        text = f"Review number {n} of the burst, long enough."
        return h.submit_modal(form, {"rating": ["4"], "text": text, "spoiler": False}, user=user)

    if burst == "concurrent":
        results = await asyncio.gather(
            *[submit(f, n) for n, f in enumerate(forms)],
            submit(others[0], 100, "bram"),
            submit(others[1], 101, "cass"),
        )
        mine, theirs = list(results[:50]), list(results[50:])
    else:
        mine = [await submit(f, n) for n, f in enumerate(forms)]
        theirs = [await submit(others[0], 100, "bram"), await submit(others[1], 101, "cass")]
    for ex in [*mine, *theirs]:
        assert_handled(ex)
    accepted = [ex for ex in mine if "Thanks" in (ex.content or "")]
    refused = [ex for ex in mine if "Try again in" in (ex.content or "")]
    assert len(accepted) == 1 and len(refused) == 49, [ex.content for ex in mine][:3]
    assert await _count_reviews(h, "ayla") == 1
    assert all("Thanks" in (ex.content or "") for ex in theirs), "other readers lose nothing"
    assert await _count_reviews(h, "bram") == 1 and await _count_reviews(h, "cass") == 1
    posted = [m for t in h.world.threads("feedback") for m in h.world.messages(t)]
    authors = {m["embeds"][0]["author"]["name"] for m in posted}
    assert authors == {"Review by Ayla", "Review by Bram", "Review by Cass"}
    # The window passes: the reader may review again.
    clock.now += COOLDOWN_SECONDS + 1
    fresh = next(iter([s for s in ids if await stored(h, "ayla", s) is None]))
    again = await review(h, fresh, user="ayla", text="After the cooldown, a second review.")
    assert "Thanks" in (again.content or "")
    assert await _count_reviews(h, "ayla") == 2
    assert_harness_clean(h)


async def test_simultaneous_reviews_are_posted_once(h: Harness) -> None:
    await set_feedback_channel(h)
    forms = [
        await h.slash("fic review", story=story, user=user)
        for user, story in (("ayla", "000"), ("bram", "004"), ("cass", "004"))
    ]
    await asyncio.gather(
        *[
            h.submit_modal(
                form, {"rating": ["4"], "text": f"Review {n}, long enough.", "spoiler": False}
            )
            for n, form in enumerate(forms)
        ]
    )
    posted = [m for t in h.world.threads("feedback") for m in h.world.messages(t)]
    assert sorted(m["embeds"][0]["author"]["name"] for m in posted) == [
        "Review by Ayla",
        "Review by Bram",
        "Review by Cass",
    ]
