"""Discord errors on the bot's own calls: 403, 404, 429 and 5xx. Each is handled, the reader gets
a sensible answer, nothing is lost."""

from __future__ import annotations

import pytest

from fakediscord import Harness
from tests.fixtures.bot import set_feedback_channel

POST = "/channels/{channel_id}/messages"
THREADS = "/channels/{channel_id}/threads"


async def _review(h: Harness, user: str = "ayla"):  # type: ignore[no-untyped-def]
    opened = await h.slash("fic review", story="004", user=user)
    return await h.submit_modal(
        opened, {"rating": ["5"], "text": "Lovely and sad, thank you.", "spoiler": False}, user=user
    )


async def _stored(h: Harness) -> int:
    row = await (await h.bot.db.execute("SELECT count(*) FROM reviews")).fetchone()
    return int(row[0])


@pytest.mark.parametrize(
    ("route", "status", "code", "reader_sees"),
    [
        (THREADS, 403, 50013, "permissions"),
        (THREADS, 404, 10003, "deleted"),
        (THREADS, 500, 0, "Discord"),
        (THREADS, 503, 0, "Discord"),
    ],
)
async def test_post_failures_keep_the_review_and_say_so(
    h: Harness, route: str, status: int, code: int, reader_sees: str
) -> None:
    await set_feedback_channel(h)
    h.world.fail("POST", route, status=status, code=code or None)
    done = await _review(h)
    assert done.ok and "saved" in done.content and reader_sees in done.content
    assert await _stored(h) == 1
    h.world.clear_failures()
    admin = await h.slash("ficadmin feedback-channel", user="cass", options={"channel": "feedback"})
    assert "posted the 1 review" in admin.content


async def test_rate_limit_is_waited_out_and_the_post_goes_through(h: Harness) -> None:
    await set_feedback_channel(h)
    h.world.fail("POST", THREADS, status=429, retry_after=2.0, times=1)
    done = await _review(h)
    assert "It's posted here" in done.content
    assert len(h.world.messages(h.world.threads("feedback")[0])) == 1


async def test_deleted_thread_is_recreated(h: Harness) -> None:
    await set_feedback_channel(h)
    await _review(h)
    await h.delete_channel(h.world.threads("feedback")[0])
    h.bot.review_cooldown.seconds = 0
    done = await _review(h, user="bram")
    assert "It's posted here" in done.content
    live = [t for t in h.world.threads("feedback") if not t.deleted]
    assert len(live) == 1 and len(h.world.messages(live[0])) == 1


async def test_deleted_review_post_is_reposted_when_edited(h: Harness) -> None:
    await set_feedback_channel(h)
    await _review(h)
    thread = h.world.threads("feedback")[0]
    message = h.world.messages(thread)[0]
    h.world.fail("PATCH", f"/channels/{thread.id}/messages/{message['id']}", status=404, code=10008)
    h.bot.review_cooldown.seconds = 0
    done = await _review(h)
    assert "It's posted here" in done.content


async def test_callback_server_error_is_logged_not_crashing(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    h.world.fail(
        "POST", "/interactions/{webhook_id}/{webhook_token}/callback", status=500, times=10
    )
    ex = await h.slash("fic random", strict=False)
    assert ex.response is None or not ex.response.ok
    h.world.clear_failures()
    after = await h.slash("fic random")
    assert after.ok and after.embeds
