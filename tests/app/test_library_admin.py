"""/ficadmin import, Publish, Fix, withdraw, restore, log: through the real command tree,
with attachments the fake Discord serves."""

from __future__ import annotations

import asyncio
import io
import zipfile
from pathlib import Path

import discord

from bot.app.client import FicBot
from bot.config import Settings
from bot.storage import queries
from fakediscord import CommandUnavailable, Harness, Upload

RESPONSE = discord.InteractionResponseType

STORY = (
    "Title: Rain on Sector Seven\nAuthor: Wren\nFandom: Final Fantasy VII\nRating: Teen\n\n"
    + "Cloud watched the rain from the bar's doorway. Tifa dried a glass and watched him. "
    '"You\'re brooding again," Tifa said. Cloud shrugged and kept watching the rain.\n\n' * 30
)


def bot_of(h: Harness) -> FicBot:
    return h.bot  # type: ignore[return-value]


async def import_(h: Harness, *files: Upload, user: str = "cass"):  # type: ignore[no-untyped-def]
    options = {("file" if i == 0 else f"file{i + 1}"): f for i, f in enumerate(files)}
    return await h.slash("ficadmin import", user=user, options=options)


async def shown(h: Harness, story_id: str) -> bool:
    return await queries.get_story(bot_of(h).db, story_id) is not None


async def test_import_previews_and_publish_shows_it(h: Harness, settings: Settings) -> None:
    ex = await import_(h, Upload("Rain on Sector Seven.txt", STORY.encode()))
    assert ex.ephemeral
    texts = [r.message.get("content") or "" for r in ex.replies if r.message]
    assert any("ready to preview" in t for t in texts), texts
    card = next(r.message for r in ex.replies if r.message and r.message.get("embeds"))
    embed = card["embeds"][0]
    assert embed["title"] == "Rain on Sector Seven"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Fandom"] == "Final Fantasy VII" and fields["Rating"] == "Teen And Up Audiences"
    assert "Cloud" in fields["Characters"]
    assert (settings.seeds / "imported" / "rain-on-sector-seven.txt").is_file()
    sid = "rain-on-sector-seven"
    assert not await shown(h, sid)  # nothing for readers before Publish
    found = await h.slash("fic story", story=sid, user="ayla", strict=False)
    assert "Rain on Sector Seven" not in str(found.embeds)

    publish = next(c for c in _ids(card) if c.startswith("fb:pub:"))
    assert (await h.click(card, publish, user="ayla", strict=False)).ephemeral  # not a librarian
    assert not await shown(h, sid)
    done = await h.click(card, publish, user="cass")
    assert "Published" in done.embed["description"]
    assert await shown(h, sid)
    # A reload keeps it shown; the same text again is not duplicated.
    await bot_of(h).load_library()
    assert await shown(h, sid)
    again = await import_(h, Upload("copy.txt", STORY.encode()))
    assert "already in the library" in str([r.message for r in again.replies])
    assert not (settings.seeds / "imported" / "copy.txt").exists()


def _ids(message):  # type: ignore[no-untyped-def]
    from fakediscord.records import walk_components

    return [
        c["custom_id"] for c in walk_components(message.get("components") or []) if "custom_id" in c
    ]


async def test_fix_writes_a_sidecar_and_the_card_shows_it(h: Harness, settings: Settings) -> None:
    ex = await import_(h, Upload("rain.txt", STORY.encode()))
    card = next(r.message for r in ex.replies if r.message and r.message.get("embeds"))
    fix = next(c for c in _ids(card) if c.startswith("fb:fix:"))
    opened = await h.click(card, fix, user="cass")
    assert opened.response_type == RESPONSE.modal.value
    done = await h.submit_modal(
        opened,
        {
            "title": "Rain",
            "author": "Wren R.",
            "rating": "Mature",
            "fandom": "FF7",
            "cast": "Cloud, Tifa, Cloud/Tifa",
        },
    )
    sidecar = (settings.seeds / "imported" / "rain.toml").read_text()
    assert 'title = "Rain"' in sidecar and 'relationships = ["Cloud/Tifa"]' in sidecar
    story = await queries.get_story(bot_of(h).db, "rain", include_withdrawn=True)
    assert story is not None and story.title == "Rain" and story.rating == "Mature"
    assert story.status == "withdrawn"  # still a preview
    assert done.embed is not None and done.embed["title"] == "Rain"


async def test_bad_files_zip_bomb_and_traversal_each_get_a_sentence(h: Harness) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.txt", b"\0" * (2 * 1024 * 1024))
    trick = io.BytesIO()
    with zipfile.ZipFile(trick, "w") as z:
        z.writestr("../../../outside.txt", STORY)
    ex = await import_(
        h,
        Upload("tool.exe", b"MZ"),
        Upload("bomb.zip", bomb.getvalue()),
        Upload("trick.zip", trick.getvalue()),
        Upload("../../escape.txt", STORY.encode()),
    )
    text = str([r.message.get("content") for r in ex.replies if r.message])
    assert "not a story file" in text and "zip bomb" in text and "outside itself" in text
    seeds = bot_of(h).settings.seeds
    assert not (seeds.parent / "outside.txt").exists()
    assert not (seeds.parent / "escape.txt").exists()
    assert (seeds / "imported" / "escape.txt").is_file()  # its name made safe


async def test_only_librarians_import_and_the_role_makes_one(h: Harness) -> None:
    try:
        ex = await import_(h, Upload("rain.txt", STORY.encode()), user="ayla")
        assert "Only librarians" in (ex.content or "")
    except CommandUnavailable:
        pass  # Discord's client hides /ficadmin from a reader without Manage Server
    ex = await h.slash("ficadmin import", user="ayla", force=True, file=Upload("r.txt", b"x"))
    assert "Only librarians" in (ex.content or "")
    role = h.world.add_role("Librarians")
    guild = h.world.guild(None)
    await h.gateway("GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": role.payload()})
    h.world.join("ayla", roles=[role])
    await h.slash("ficadmin librarian-role", user="cass", role="Librarians")
    ex = await h.slash(
        "ficadmin import", user="ayla", force=True, file=Upload("rain.txt", STORY.encode())
    )
    assert any(r.message and r.message.get("embeds") for r in ex.replies)


async def test_withdraw_keeps_reviews_and_survives_reloads(h: Harness, settings: Settings) -> None:
    ex = await h.slash("ficadmin withdraw", user="cass", story="004")
    assert "withdrawn" in (ex.content or "")
    assert not await shown(h, "004")
    await bot_of(h).load_library()
    assert not await shown(h, "004")  # its file is there, but a librarian withdrew it
    ex = await h.slash("ficadmin restore", user="cass", story="004")
    assert "back in the library" in (ex.content or "")
    assert await shown(h, "004")
    log = await h.slash("ficadmin log", user="cass")
    text = log.embed["description"]
    assert "withdrew `004`" in text and "restored `004`" in text


async def test_two_librarians_importing_at_once(h: Harness, settings: Settings) -> None:
    other = STORY.replace("Rain on Sector Seven", "Snow on Sector Five")
    a, b = await asyncio.gather(
        import_(h, Upload("same.txt", STORY.encode())),
        import_(h, Upload("same.txt", other.encode())),
    )
    names = sorted(p.name for p in (settings.seeds / "imported").iterdir())
    assert names == ["same-2.txt", "same.txt"]
    for ex in (a, b):
        assert any(r.message and r.message.get("embeds") for r in ex.replies)
    assert not await shown(h, "same") and not await shown(h, "same-2")


async def test_a_large_zip_reports_progress(h: Harness) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(6):
            z.writestr(f"story-{i}.txt", STORY.replace("Rain", f"Rain {i}"))
    ex = await import_(h, Upload("batch.zip", data.getvalue()))
    edits = [r for r in ex.replies if r.kind == "edit_original"]
    assert any("6 of 6 files saved" in str(r.payload) for r in edits)
    cards = [r for r in ex.replies if r.message and r.message.get("embeds")]
    assert len(cards) == 6


async def test_a_leftover_from_a_killed_import_is_cleaned_at_start(
    make_bot, world, settings: Settings
) -> None:  # type: ignore[no-untyped-def]
    folder = _leftover(settings.seeds)
    bot = make_bot()
    async with Harness(bot, world):
        await bot.wait_until_loaded()
        assert not await asyncio.to_thread(lambda: list(folder.iterdir()))


def _leftover(seeds: Path) -> Path:
    folder = seeds / "imported"
    folder.mkdir()
    (folder / ".import-deadbeef.part").write_text("half a sto")
    return folder


async def test_importing_a_waiting_import_again_previews_it_again(
    h: Harness, settings: Settings
) -> None:
    """Its preview lost (the bot killed before answering, the message dismissed), the same
    file again brings back the preview with Publish, instead of "already in the library"."""
    first = await import_(h, Upload("rain.txt", STORY.encode()))
    lost = next(r.message for r in first.replies if r.message and r.message.get("embeds"))
    again = await import_(h, Upload("rain again.txt", STORY.encode()))
    card = next(r.message for r in again.replies if r.message and r.message.get("embeds"))
    publish = next(c for c in _ids(card) if c.startswith("fb:pub:"))
    assert publish == next(c for c in _ids(lost) if c.startswith("fb:pub:"))
    assert sorted(p.name for p in (settings.seeds / "imported").iterdir()) == ["rain.txt"]
    assert "Published" in (await h.click(card, publish, user="cass")).embed["description"]
    assert await shown(h, "rain")
    # Once published, it is in the library.
    third = await import_(h, Upload("rain.txt", STORY.encode()))
    assert "already in the library" in str([r.message for r in third.replies])
