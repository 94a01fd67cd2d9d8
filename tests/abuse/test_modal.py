"""The review form's fields fuzzed: whatever comes back in a modal submit, the reader gets a
polite refusal or a correctly stored review, and what is posted never pings and fits Discord."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import discord
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from bot.storage import feedback
from bot.storage.feedback import REVIEW_MAX_CHARS, REVIEW_MIN_CHARS
from fakediscord import Exchange, Harness
from fakediscord.records import walk_components
from tests.abuse.checks import assert_handled, assert_no_pings, message_bodies
from tests.abuse.nasty import NASTY, RTL, ZERO_WIDTH, nasty_text
from tests.app import stories
from tests.fixtures.bot import set_feedback_channel

RESPONSE = discord.InteractionResponseType

FUZZ = hsettings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

MISSING = object()


async def open_form(h: Harness, story: str = "004", user: str = "ayla") -> Exchange:
    opened = await h.slash("fic review", story=story, user=user)
    assert opened.response_type == RESPONSE.modal.value, opened.summary()
    return opened


def forge_submit(
    h: Harness,
    opened: Exchange,
    *,
    rating: Any = ("5",),
    text: Any = "A perfectly ordinary review.",
    spoiler: Any = False,
    user: str = "ayla",
) -> dict[str, Any]:
    """A modal-submit payload for the form ``opened`` with any values at all, including ones
    Discord's client would never send (over-long text, two ratings, a field left out)."""
    assert opened.modal is not None and opened.interaction is not None
    where = h.builder.where(user, h.world.channels[opened.interaction.channel_id])
    payload = h.builder.modal_submit(
        opened.modal,
        {"rating": ["5"], "text": "placeholder text", "spoiler": False},
        where,
    )
    wanted = {"rating": rating, "text": text, "spoiler": spoiler}
    kept = []
    for top in payload["data"]["components"]:
        inner = top.get("component") or {}
        name = str(inner.get("custom_id"))
        value = wanted.get(name, MISSING)
        if name in wanted and value is MISSING:
            continue  # the field is left out of the payload altogether
        if name == "rating":
            inner["values"] = list(value)
        elif name in ("text", "spoiler"):
            inner["value"] = value
        kept.append(top)
    payload["data"]["components"] = kept
    return payload


async def stored(h: Harness, user: str = "ayla", story: str = "004") -> feedback.Review | None:
    guild = h.world.default_guild
    assert guild is not None
    return await feedback.get_review(h.bot.db, guild.id, story, h.world.user(user).id)  # type: ignore[attr-defined]


def thanked(ex: Exchange) -> bool:
    return "Thanks for" in (ex.content or "")


async def check_outcome(
    h: Harness, ex: Exchange, *, rating: Any, text: Any, spoiler: Any
) -> feedback.Review | None:
    """Either a polite refusal with nothing stored, or exactly what the reader sent, stored."""
    assert_handled(ex)
    assert ex.ephemeral, ex.summary()
    review = await stored(h)
    if not thanked(ex):
        assert review is None, f"refused ({ex.content!r}) but stored: {review}"
        return None
    assert review is not None, "thanked but not stored"
    assert isinstance(text, str) and review.body == text.strip()
    assert REVIEW_MIN_CHARS <= len(review.body) <= REVIEW_MAX_CHARS
    assert [str(review.rating)] == [r.strip() for r in rating]
    assert review.spoiler is (spoiler is True)
    posts = [b for b in message_bodies(ex.sent) if b.get("embeds")]
    assert posts, "a stored review is posted to the feedback thread"
    description = posts[-1]["embeds"][0]["description"]
    if review.spoiler:
        assert description.startswith("||") and description.endswith("||")
    return review


async def delete_mine(h: Harness) -> None:
    guild = h.world.default_guild
    assert guild is not None
    review = await stored(h)
    if review is not None:
        await feedback.delete_review(h.bot.db, guild.id, review.id)  # type: ignore[attr-defined]


TEXTS = [
    "",
    " ",
    "   \n\t   ",
    "x",
    "x" * (REVIEW_MIN_CHARS - 1),
    "  " + "x" * (REVIEW_MIN_CHARS - 1) + "  ",
    "x" * REVIEW_MIN_CHARS,
    "x" * REVIEW_MAX_CHARS,
    "  " + "x" * REVIEW_MAX_CHARS + "  ",
    "x" * (REVIEW_MAX_CHARS + 1),
    "x" * 4000,
    "x" * 10000,
    ZERO_WIDTH * 5,
    ZERO_WIDTH * 3 + "ok",
    RTL + "A review written right to left" + RTL,
    "@everyone @here <@123> <@&456> this story is great",
    "**" * (REVIEW_MAX_CHARS // 2),
    "@" * REVIEW_MAX_CHARS,
    "||" * (REVIEW_MAX_CHARS // 2),
    "`" * REVIEW_MAX_CHARS,
    ("line one\n" * 400)[:REVIEW_MAX_CHARS],
    "[click](https://evil.example) and http://evil.example too",
    '=HYPERLINK("http://evil") lovely story overall',
    *[t for t in NASTY if len(t.strip()) >= REVIEW_MIN_CHARS],
]

RATINGS: list[Any] = [
    ("1",),
    ("5",),
    ("0",),
    ("6",),
    ("-1",),
    ("abc",),
    ("",),
    (" 3 ",),
    ("3.5",),
    ("99999999999999999999",),
    (),
    ("5", "1"),
    MISSING,
]


@pytest.fixture
async def form(h: Harness) -> Exchange:
    await set_feedback_channel(h)
    h.bot.review_cooldown.seconds = 0  # type: ignore[attr-defined]
    return await open_form(h)


@pytest.mark.parametrize("spoiler", [False, True])
async def test_review_text_fuzzed(h: Harness, form: Exchange, spoiler: bool) -> None:
    for text in TEXTS:
        ex = await h.send(forge_submit(h, form, text=text, spoiler=spoiler))
        review = await check_outcome(h, ex, rating=("5",), text=text, spoiler=spoiler)
        body = text.strip()
        should_store = REVIEW_MIN_CHARS <= len(body) <= REVIEW_MAX_CHARS
        assert (review is not None) is should_store, (text[:40], ex.content)
        await delete_mine(h)


async def test_rating_fuzzed(h: Harness, form: Exchange) -> None:
    for rating in RATINGS:
        ex = await h.send(forge_submit(h, form, rating=rating))
        if rating is MISSING or list(rating) not in (["1"], ["5"], [" 3 "]):
            assert not thanked(ex), (rating, ex.content)
        assert_handled(ex)
        review = await stored(h)
        if thanked(ex):
            assert review is not None and str(review.rating) == next(iter(rating)).strip()
        else:
            assert review is None
        await delete_mine(h)


@pytest.mark.parametrize("spoiler", [MISSING, None, "true", 1, [True], True, False])
async def test_spoiler_field_fuzzed(h: Harness, form: Exchange, spoiler: Any) -> None:
    ex = await h.send(forge_submit(h, form, spoiler=spoiler))
    review = await check_outcome(
        h, ex, rating=("5",), text="A perfectly ordinary review.", spoiler=spoiler
    )
    assert review is not None and review.spoiler is (spoiler is True)


async def test_text_field_missing_or_not_text(h: Harness, form: Exchange) -> None:
    for text in (MISSING, None, 12345678901, ["a list of words here"], {"x": 1}):
        ex = await h.send(forge_submit(h, form, text=text))
        assert_handled(ex)
        assert not thanked(ex), (text, ex.content)
        await delete_mine(h)


async def test_garbage_form_payloads(h: Harness, form: Exchange) -> None:
    base = forge_submit(h, form)
    label = discord.ComponentType.label.value
    row = discord.ComponentType.action_row.value
    shapes: list[Any] = [
        [],
        None,
        [{}],
        [{"type": label}],
        [{"type": row, "components": None}],
        "x",
    ]
    for components in shapes:
        payload = copy.deepcopy(base)
        payload["data"]["components"] = components
        ex = await h.send(payload)
        assert_handled(ex, forged=True)
        assert not thanked(ex)
    assert await stored(h) is None


@FUZZ
@given(
    text=st.one_of(nasty_text(REVIEW_MAX_CHARS + 50), st.text(min_size=8, max_size=2100)),
    rating=st.sampled_from(RATINGS),
    spoiler=st.booleans(),
)
async def test_generated_form_values(
    h: Harness, form: Exchange, text: str, rating: Any, spoiler: bool
) -> None:
    ex = await h.send(forge_submit(h, form, rating=rating, text=text, spoiler=spoiler))
    if thanked(ex):
        await check_outcome(h, ex, rating=rating, text=text, spoiler=spoiler)
    else:
        assert_handled(ex)
        assert await stored(h) is None
    await delete_mine(h)


async def test_long_spoiler_reviews_stay_hidden_in_the_list(h: Harness, form: Exchange) -> None:
    """/fic reviews shortens a long review to fit a field: the spoiler tag must survive it."""
    text = "He dies at the end. " * 99
    ex = await h.send(forge_submit(h, form, text=text, spoiler=True))
    assert thanked(ex)
    for user in ("bram", "cass"):
        other = await open_form(h, user=user)
        done = await h.send(forge_submit(h, other, text="Short and sweet, no spoilers.", user=user))
        assert thanked(done)
    listing = await h.slash("fic reviews", story="004", user="bram")
    assert_handled(listing)
    assert listing.embed is not None
    hidden = [f["value"] for f in listing.embed["fields"] if "Ayla" in f["name"]]
    assert len(hidden) == 1
    value = hidden[0]
    assert value.startswith("||") and value.endswith("||"), value[-40:]
    assert "He dies" not in value.split("||")[-1]
    assert_no_pings(listing.sent)


async def test_every_posted_review_fits_and_never_pings(h: Harness, form: Exchange) -> None:
    """After all that, every message anywhere in the feedback channel's threads is clean."""
    for text in ("@everyone <@123> " * 100, "*" * REVIEW_MAX_CHARS, "||x|| " * 300):
        ex = await h.send(forge_submit(h, form, text=text[:REVIEW_MAX_CHARS], spoiler=True))
        assert thanked(ex)
    for thread in h.world.threads("feedback"):
        for message in h.world.messages(thread):
            for component in walk_components(list(message.get("components") or [])):
                assert len(component.get("custom_id", "")) <= 100
            embed = message["embeds"][0]
            assert len(embed["description"]) <= 4096
    assert h.violations == []


@pytest.fixture
def with_explicit_story(seeds_dir: Path) -> None:
    stories.add(seeds_dir, "050_after-hours.txt", stories.EXPLICIT)


@pytest.mark.usefixtures("with_explicit_story")
@pytest.mark.parametrize(
    "custom_id",
    ["fb:rv:050:abc", "fb:rv:nope:abc", "fb:rv:000:abc", "fb:rv::abc", "fb:rv:004:", "fb:rv:004"],
)
async def test_forged_form_ids(h: Harness, form: Exchange, custom_id: str) -> None:
    """The story a review is for travels in the form's custom id: a forged one gets the same
    checks as opening the form (it exists, and Explicit stories only in age-restricted channels)."""
    payload = forge_submit(h, form)
    payload["data"]["custom_id"] = custom_id
    ex = await h.send(payload)
    assert_handled(ex, forged=True)
    guild = h.world.default_guild
    assert guild is not None
    if custom_id == "fb:rv:000:abc":
        assert thanked(ex)  # another story, fine to review here
    else:
        assert not thanked(ex), ex.content
    if "050" in custom_id:
        assert "age-restricted" in (ex.content or "")
    assert await stored(h, story="050") is None
    assert await stored(h, story="nope") is None


@pytest.mark.usefixtures("with_explicit_story")
async def test_a_refused_submission_does_not_use_up_the_cooldown(h: Harness) -> None:
    await set_feedback_channel(h)  # the real cooldown: one review per 30 s
    form = await open_form(h)
    for custom_id in ("fb:rv:nope:abc", "fb:rv:050:abc"):
        payload = forge_submit(h, form)
        payload["data"]["custom_id"] = custom_id
        refused = await h.send(payload)
        assert_handled(refused, forged=True)
        assert not thanked(refused)
    short = await h.send(forge_submit(h, form, text="meh"))
    assert not thanked(short)
    done = await h.send(forge_submit(h, form))
    assert thanked(done), done.content
    again = await h.send(forge_submit(h, form, text="Changed my mind about it."))
    assert "Try again in" in (again.content or "")
