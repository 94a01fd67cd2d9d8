"""The harness, exercised with a tiny throwaway bot that does things right and wrong on purpose."""

from __future__ import annotations

import asyncio
import io
import time
from typing import Any, cast

import discord
import pytest
from discord import app_commands
from discord.ext import commands
from discord.webhook.async_ import AsyncWebhookAdapter

from fakediscord import (
    CommandUnavailable,
    ExchangeFailed,
    Harness,
    ManualClock,
    NetworkBlocked,
    Upload,
    World,
)
from fakediscord.fake_discord import Request
from fakediscord.records import Sent

NO_PINGS = discord.AllowedMentions.none()
Response = discord.InteractionResponseType
Option = discord.AppCommandOptionType
CHARACTERS = ["Aerith", "Aeron", "Barret", "Cloud", "Tifa"]


# -- the throwaway bot ----------------------------------------------------------------------------


class StoryView(discord.ui.View):
    """A persistent view: timeout=None and a fixed custom_id, registered in setup_hook."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Next page", style=discord.ButtonStyle.primary, custom_id="demo:next")
    async def next_page(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        # No view= here: after a restart `self` is the bare persistent view, and sending it
        # would drop the message's other buttons (the harness caught exactly that).
        await interaction.response.edit_message(content="Page 2 of 2")


class Bookmark(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"demo:bookmark:(?P<story>[0-9]+)"
):
    def __init__(self, story: int) -> None:
        super().__init__(discord.ui.Button(label="Bookmark", custom_id=f"demo:bookmark:{story}"))
        self.story = story

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: Any
    ) -> Bookmark:
        return cls(int(match["story"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"Bookmarked story {self.story}", ephemeral=True)


class GenreView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=180)

    @discord.ui.select(
        custom_id="demo:genre",
        placeholder="Pick genres",
        max_values=2,
        options=[
            discord.SelectOption(label="Fantasy", value="fantasy"),
            discord.SelectOption(label="Mystery", value="mystery"),
            discord.SelectOption(label="Romance", value="romance"),
        ],
    )
    async def genre(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.send_message(
            f"You picked {', '.join(select.values)}", ephemeral=True
        )


class FeedbackModal(discord.ui.Modal, title="Send feedback"):
    feedback = discord.ui.Label(
        text="Your feedback",
        description="What did you think of the story?",
        component=discord.ui.TextInput(
            custom_id="feedback:text", style=discord.TextStyle.paragraph, max_length=1000
        ),
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot = cast(DemoBot, interaction.client)
        text_input = cast(discord.ui.TextInput[Any], self.feedback.component)
        channel = bot.get_channel(bot.feedback_channel_id)
        assert isinstance(channel, discord.TextChannel)
        try:
            message = await channel.send(
                f"Feedback from {interaction.user.mention}: {text_input.value}"
            )
            thread = await message.create_thread(name="Feedback discussion")
            await thread.send("Discuss it here.")
        except discord.HTTPException as error:
            bot.post_errors.append(error)
            await interaction.response.send_message("I could not post that.", ephemeral=True)
            return
        await interaction.response.send_message("Thanks for the feedback!", ephemeral=True)


class Demo(app_commands.Group, name="demo", description="Harness demo commands"):
    @app_commands.command(description="Show a story card")
    async def story(self, interaction: discord.Interaction) -> None:
        view = StoryView()
        view.add_item(Bookmark(42))
        embed = discord.Embed(title="The Long Road", description="Chapter 1 of 2")
        await interaction.response.send_message(embed=embed, view=view)

    @app_commands.command(description="Send feedback to the librarians")
    async def feedback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(FeedbackModal())

    @app_commands.command(description="Find a character")
    async def find(self, interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"Found {name}", ephemeral=True)

    @find.autocomplete("name")
    async def find_name(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        names = [n for n in CHARACTERS if current.lower() in n.lower()]
        return [app_commands.Choice(name=n, value=n) for n in names][:25]

    @app_commands.command(description="Post text to a channel")
    async def post(
        self, interaction: discord.Interaction, channel: discord.TextChannel, text: str
    ) -> None:
        bot = cast(DemoBot, interaction.client)
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            await channel.send(text)
        except discord.HTTPException as error:
            bot.post_errors.append(error)
            await interaction.followup.send(f"Could not post ({error.status}).", ephemeral=True)
            return
        await interaction.followup.send(f"Posted in #{channel.name}", ephemeral=True)

    @app_commands.command(description="Roll a die")
    async def roll(
        self,
        interaction: discord.Interaction,
        sides: app_commands.Range[int, 2, 100] = 6,
        loud: bool = False,
    ) -> None:
        await interaction.response.send_message(f"d{sides} loud={loud}", ephemeral=not loud)

    @app_commands.command(description="Pick genres")
    async def pick(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Pick genres", view=GenreView())

    @app_commands.command(description="Where am I")
    async def where(self, interaction: discord.Interaction) -> None:
        place = interaction.guild.name if interaction.guild else "DM"
        channel = getattr(interaction.channel, "name", None)
        nsfw = getattr(interaction.channel, "nsfw", False)
        await interaction.response.send_message(f"{place} #{channel} nsfw={nsfw}", ephemeral=True)

    @app_commands.command(description="Echo an uploaded file")
    async def upload(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        data = await file.read()
        echo = discord.File(io.BytesIO(data.upper()), filename="echo.txt")
        await interaction.response.send_message(f"Got {file.filename}", file=echo, ephemeral=True)

    @app_commands.command(description="Count the server roles")
    async def roles(self, interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        roles = await interaction.guild.fetch_roles()
        await interaction.response.send_message(f"{len(roles)} roles", ephemeral=True)

    @app_commands.command(description="Shows progress by editing its answer")
    async def progress(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.edit_original_response(content="Reading... 50%")
        original = await interaction.original_response()
        embed = discord.Embed(title="Done", description=f"was: {original.content}")
        await interaction.edit_original_response(content="Reading... done", embed=embed)

    # -- wrong on purpose ------------------------------------------------------------------------

    @app_commands.command(description="Answers twice at once")
    async def twice(self, interaction: discord.Interaction) -> None:
        await asyncio.gather(
            interaction.response.send_message("one", ephemeral=True),
            interaction.response.send_message("two", ephemeral=True),
        )

    @app_commands.command(description="Too slow to answer")
    async def slow(self, interaction: discord.Interaction) -> None:
        bot = cast(DemoBot, interaction.client)
        await bot.sleep(bot.slow_seconds)
        await interaction.response.send_message("Sorry, I was reading.", ephemeral=True)

    @app_commands.command(description="Answers after the token died")
    async def later(self, interaction: discord.Interaction) -> None:
        bot = cast(DemoBot, interaction.client)
        await interaction.response.defer(ephemeral=True)
        await bot.sleep(16 * 60)
        bot.expired_seen = interaction.is_expired()
        await interaction.followup.send("Here you go", ephemeral=True)

    @app_commands.command(description="Follows up before answering")
    async def eager(self, interaction: discord.Interaction) -> None:
        await interaction.followup.send("too early")

    @app_commands.command(name="modal-late", description="Opens a modal after deferring")
    async def modal_late(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer()
        # A second InteractionResponse skips discord.py's local guard, so the request
        # reaches "Discord" the way a race between two handlers would.
        await discord.InteractionResponse(interaction).send_modal(FeedbackModal())

    @app_commands.command(description="Embeds over 6000 characters")
    async def huge(self, interaction: discord.Interaction) -> None:
        embeds = [discord.Embed(title=f"Part {i}", description="x" * 4000) for i in range(2)]
        await interaction.response.send_message(embeds=embeds)

    @app_commands.command(description="Pings everyone")
    async def ping(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            "@everyone a new story is up!",
            allowed_mentions=discord.AllowedMentions(everyone=True),
        )

    @app_commands.command(description="Never answers")
    async def silent(self, interaction: discord.Interaction) -> None:
        return None

    @app_commands.command(description="Crashes")
    async def crash(self, interaction: discord.Interaction) -> None:
        raise RuntimeError("boom")

    @app_commands.command(name="bad-complete", description="Autocomplete answered wrongly")
    async def bad_complete(self, interaction: discord.Interaction, query: str) -> None:
        await interaction.response.send_message(query, ephemeral=True)

    @bad_complete.autocomplete("query")
    async def bad_complete_query(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        await interaction.response.send_message("suggestions!", ephemeral=True)
        return []

    @app_commands.command(name="too-many", description="Autocomplete with too many choices")
    async def too_many(self, interaction: discord.Interaction, query: str) -> None:
        await interaction.response.send_message(query, ephemeral=True)

    @too_many.autocomplete("query")
    async def too_many_query(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f"Story {i}", value=str(i)) for i in range(30)]


class DemoBot(commands.Bot):
    def __init__(self) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents.default(),
            allowed_mentions=NO_PINGS,
        )
        self.sleep = asyncio.sleep
        self.slow_seconds = 3.5
        self.post_errors: list[discord.HTTPException] = []
        self.seen_messages: list[str] = []
        self.ready_fired = False
        self.expired_seen: bool | None = None
        self.feedback_channel_id = 0
        self.tree.add_command(Demo())

        @app_commands.command(name="shelf-admin", description="Librarians only")
        @app_commands.default_permissions(manage_guild=True)
        async def shelf_admin(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("Admin panel", ephemeral=True)

        @app_commands.command(name="after-hours", description="Age-restricted", nsfw=True)
        async def after_hours(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("Mature shelf", ephemeral=True)

        self.tree.add_command(shelf_admin)
        self.tree.add_command(after_hours)

    async def setup_hook(self) -> None:
        self.add_view(StoryView())
        self.add_dynamic_items(Bookmark)
        await self.tree.sync()

    async def on_ready(self) -> None:
        self.ready_fired = True

    async def on_message(self, message: discord.Message) -> None:
        if not message.author.bot:
            self.seen_messages.append(message.content)


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
async def h(world: World):
    bot = DemoBot()
    bot.feedback_channel_id = world.channel("feedback").id
    async with Harness(bot, world) as harness:
        yield harness


def rules(exchange_or_error: Any) -> list[str]:
    exchange = getattr(exchange_or_error, "exchange", exchange_or_error)
    return [v.rule for v in exchange.violations]


# -- startup --------------------------------------------------------------------------------------


async def test_startup_syncs_commands_and_fills_the_cache(h: Harness) -> None:
    bot = cast(DemoBot, h.bot)
    assert h.startup is not None
    syncs = h.startup.of_kind("command_sync")
    assert [s.method for s in syncs] == ["PUT"]
    names = {c["name"] for c in syncs[0].response}
    assert names == {"demo", "shelf-admin", "after-hours"}
    assert all(
        c["id"] and c["application_id"] == str(h.world.application_id) for c in syncs[0].response
    )
    assert bot.is_ready() and bot.ready_fired
    assert bot.user is not None and bot.user.id == h.world.bot_user.id
    assert bot.application_id == h.world.application_id
    feedback = bot.get_channel(h.world.channel("feedback").id)
    assert isinstance(feedback, discord.TextChannel) and feedback.name == "feedback"
    after_dark = bot.get_channel(h.world.channel("after-dark").id)
    assert isinstance(after_dark, discord.TextChannel) and after_dark.is_nsfw()
    guild = bot.get_guild(h.world.guild().id)
    assert guild is not None and guild.name == "Local Library"


# -- driving methods ------------------------------------------------------------------------------


async def test_slash_with_embed_and_persistent_button(h: Harness) -> None:
    ex = await h.slash("demo story")
    assert ex.response is not None and ex.response.callback_type == Response.channel_message.value
    assert ex.embeds[0]["title"] == "The Long Road"
    assert ex.custom_ids == ["demo:next", "demo:bookmark:42"]
    assert not ex.ephemeral
    assert ex.latency is not None and ex.latency < 3
    assert ex.payload is not None and ex.payload["data"]["options"] == [
        {"type": Option.subcommand.value, "name": "story", "options": []}
    ]
    # What readers see in #general.
    stored = h.world.messages("general")
    assert [m["id"] for m in stored] == [ex.message["id"]] if ex.message else False
    assert stored[0]["interaction_metadata"]["user"]["username"] == "ayla"

    page = await h.click(ex, "demo:next", user="bram")
    assert (
        page.response is not None and page.response.callback_type == Response.message_update.value
    )
    assert page.content == "Page 2 of 2"
    assert h.world.messages("general")[0]["content"] == "Page 2 of 2"
    assert h.world.messages("general")[0]["edited_timestamp"] is not None

    bookmark = await h.click(ex.message or {}, "demo:bookmark:42")
    assert bookmark.content == "Bookmarked story 42"
    assert bookmark.ephemeral
    assert h.world.messages("general") == h.world.messages("general", ephemeral=False)
    assert len(h.world.messages("general", ephemeral=True)) == 2


async def test_slash_options_are_typed_and_resolved(h: Harness) -> None:
    ex = await h.slash("demo roll", sides=20, loud=True)
    assert ex.payload is not None
    options = ex.payload["data"]["options"][0]["options"]
    assert options == [
        {"type": Option.integer.value, "name": "sides", "value": 20},
        {"type": Option.boolean.value, "name": "loud", "value": True},
    ]
    assert ex.content == "d20 loud=True" and not ex.ephemeral

    ex = await h.slash("demo post", options={"channel": "feedback", "text": "Hello shelf"})
    data = ex.payload["data"] if ex.payload else {}
    feedback_id = str(h.world.channel("feedback").id)
    assert data["resolved"]["channels"][feedback_id]["name"] == "feedback"
    assert (
        ex.response is not None
        and ex.response.callback_type == Response.deferred_channel_message.value
    )
    assert ex.content == "Posted in #feedback" and ex.ephemeral
    assert h.world.contents("feedback") == ["Hello shelf"]
    assert [s.kind for s in ex.sent] == ["callback", "channel_message", "followup"]

    with pytest.raises(CommandUnavailable):
        await h.slash("demo roll", sides=500)
    with pytest.raises(CommandUnavailable):
        await h.slash("demo post", text="no channel given")
    with pytest.raises(CommandUnavailable):
        await h.slash("demo nope")


async def test_autocomplete_returns_choices(h: Harness) -> None:
    ex = await h.autocomplete("demo find", "name", "ae")
    assert (
        ex.response is not None and ex.response.callback_type == Response.autocomplete_result.value
    )
    assert ex.choices == [
        {"name": "Aerith", "value": "Aerith"},
        {"name": "Aeron", "value": "Aeron"},
    ]
    assert (
        ex.payload is not None and ex.payload["type"] == discord.InteractionType.autocomplete.value
    )
    focused = ex.payload["data"]["options"][0]["options"][0]
    assert focused == {
        "type": Option.string.value,
        "name": "name",
        "value": "ae",
        "focused": True,
    }
    answer = await h.slash("demo find", name="Aerith")
    assert answer.content == "Found Aerith"


async def test_modal_submit_posts_and_creates_a_thread(h: Harness) -> None:
    opened = await h.slash("demo feedback", user="bram")
    modal = opened.modal
    assert modal is not None and modal["title"] == "Send feedback"
    assert modal["components"][0]["type"] == discord.ComponentType.label.value
    assert modal["components"][0]["component"]["custom_id"] == "feedback:text"

    done = await h.submit_modal(opened, {"feedback:text": "Loved chapter 3"})
    assert done.content == "Thanks for the feedback!" and done.ephemeral
    bram = h.world.user("bram")
    assert h.world.contents("feedback") == [f"Feedback from {bram.mention}: Loved chapter 3"]
    assert [s.kind for s in done.sent] == [
        "channel_message",
        "thread_create",
        "channel_message",
        "callback",
    ]
    (thread,) = h.world.threads("feedback")
    assert thread.name == "Feedback discussion"
    assert thread.id == int(h.world.messages("feedback")[0]["id"])
    assert h.world.contents(thread) == ["Discuss it here."]
    assert done.threads[0]["name"] == "Feedback discussion"
    # THREAD_CREATE reached the bot's cache.
    assert isinstance(h.bot.get_channel(thread.id), discord.Thread)
    # The mention in the post did not ping (bot-wide AllowedMentions.none()).
    assert h.world.messages("feedback")[0]["mentions"] == []

    with pytest.raises(CommandUnavailable):
        await h.submit_modal(opened, {"feedback:text": "x" * 1001})


async def test_select_menu(h: Harness) -> None:
    ex = await h.slash("demo pick")
    picked = await h.select(ex, "demo:genre", ["fantasy", "Mystery"])
    assert picked.content == "You picked fantasy, mystery"
    assert picked.payload is not None
    assert picked.payload["data"] == {
        "custom_id": "demo:genre",
        "component_type": discord.ComponentType.string_select.value,
        "values": ["fantasy", "mystery"],
    }
    with pytest.raises(CommandUnavailable):
        await h.select(ex, "demo:genre", ["horror"])


async def test_attachment_option_and_uploaded_file(h: Harness) -> None:
    ex = await h.slash("demo upload", file=Upload("story.txt", b"once upon a time"))
    assert ex.content == "Got story.txt"
    assert [(f.filename, f.data) for f in ex.files] == [("echo.txt", b"ONCE UPON A TIME")]
    stored = ex.message["attachments"][0] if ex.message else {}
    assert stored["filename"] == "echo.txt" and h.world.blobs[stored["url"]] == b"ONCE UPON A TIME"


async def test_visibility_like_discords_client(h: Harness) -> None:
    with pytest.raises(CommandUnavailable):
        await h.slash("shelf-admin", user="ayla")
    assert (await h.slash("shelf-admin", user="cass")).content == "Admin panel"
    with pytest.raises(CommandUnavailable):
        await h.slash("after-hours", channel="general")
    assert (await h.slash("after-hours", channel="after-dark")).content == "Mature shelf"
    forced = await h.slash("shelf-admin", user="ayla", force=True)
    assert forced.content == "Admin panel"


async def test_second_guild_and_dm(world: World) -> None:
    other = world.add_guild("Other Shelf")
    world.add_channel("general", guild=other)
    world.add_user("dana", guild=other)
    bot = DemoBot()
    async with Harness(bot, world) as h:
        here = await h.slash(
            "demo where", user="dana", channel=world.channel("general", guild=other)
        )
        assert here.content == "Other Shelf #general nsfw=False"
        home = await h.slash("demo where")
        assert home.content == "Local Library #general nsfw=False"
        dark = await h.slash("demo where", channel="after-dark")
        assert dark.content == "Local Library #after-dark nsfw=True"
        with pytest.raises(CommandUnavailable):
            await h.slash("demo where", user="ayla", channel=world.channel("general", guild=other))
        dm = await h.slash("demo where", dm=True, user="bram")
        assert dm.content.startswith("DM") if dm.content else False
        assert dm.payload is not None and "member" not in dm.payload and dm.payload["context"] == 1


async def test_deferred_answer_edited_in_place(h: Harness) -> None:
    ex = await h.slash("demo progress")
    assert [s.kind for s in ex.sent] == [
        "callback",
        "edit_original",
        "get_original",
        "edit_original",
    ]
    assert (
        ex.response is not None
        and ex.response.callback_type == Response.deferred_channel_message.value
    )
    assert ex.content == "Reading... done" and not ex.ephemeral
    assert ex.embed is not None
    assert (ex.embed["title"], ex.embed["description"]) == ("Done", "was: Reading... 50%")
    (stored,) = h.world.messages("general")
    assert (
        stored["content"] == "Reading... done" and stored["flags"] == discord.MessageFlags().value
    )


async def test_channel_deletion_reaches_the_bot(h: Harness) -> None:
    feedback = h.world.channel("feedback")
    assert h.bot.get_channel(feedback.id) is not None
    await h.delete_channel("feedback")
    assert h.bot.get_channel(feedback.id) is None
    with pytest.raises(CommandUnavailable):
        await h.slash("demo post", options={"channel": feedback.id, "text": "x"})
    added = await h.add_channel("new-arrivals")
    assert isinstance(h.bot.get_channel(added.id), discord.TextChannel)


async def test_reader_message_reaches_on_message(h: Harness) -> None:
    await h.say("general", "hello library", user="bram")
    assert cast(DemoBot, h.bot).seen_messages == ["hello library"]


# -- interaction rules ----------------------------------------------------------------------------


async def test_double_response_is_caught(h: Harness) -> None:
    with pytest.raises(ExchangeFailed) as failed:
        await h.slash("demo twice")
    assert "interaction.double_response" in rules(failed.value)
    ex = await h.slash("demo twice", strict=False)
    assert rules(ex) == ["interaction.double_response"]
    assert [c.status for c in ex.callbacks] == [200, 400]
    assert any(isinstance(e, app_commands.CommandInvokeError) for e in ex.errors)
    assert ex.content == "one"


async def test_slow_first_response_with_fake_clock(h: Harness) -> None:
    bot = cast(DemoBot, h.bot)
    bot.sleep = h.clock.sleep
    started = time.monotonic()
    ex = await h.slash("demo slow", strict=False)
    assert time.monotonic() - started < 1
    assert "interaction.late_response" in rules(ex)
    assert ex.latency is not None and ex.latency >= 3.5
    assert ex.callbacks[0].status == 404  # Discord: Unknown interaction


async def test_slow_first_response_with_low_threshold(world: World) -> None:
    bot = DemoBot()
    bot.slow_seconds = 0.05
    async with Harness(bot, world, response_deadline=0.01, strict=False) as h:
        ex = await h.slash("demo slow")
        assert "interaction.late_response" in rules(ex)
        quick = await h.slash("demo where")
        assert quick.ok


async def test_manual_clock_measures_exact_latency() -> None:
    world = World(clock=ManualClock())
    bot = DemoBot()
    async with Harness(bot, world) as h:
        bot.sleep = h.clock.sleep
        bot.slow_seconds = 2.5
        ex = await h.slash("demo slow")
        assert ex.latency == 2.5 and ex.ok


async def test_followup_after_token_expiry(h: Harness) -> None:
    cast(DemoBot, h.bot).sleep = h.clock.sleep
    ex = await h.slash("demo later", strict=False)
    assert rules(ex) == ["interaction.token_expired"]
    assert ex.followups[0].status == 401
    # discord.utils.utcnow follows the harness clock, so the bot could have known.
    assert cast(DemoBot, h.bot).expired_seen is True


async def test_followup_before_any_response(h: Harness) -> None:
    ex = await h.slash("demo eager", strict=False)
    assert rules(ex) == ["interaction.followup_before_response", "interaction.no_response"]
    assert ex.errors


async def test_modal_only_as_first_response(h: Harness) -> None:
    ex = await h.slash("demo modal-late", strict=False)
    assert rules(ex) == ["interaction.modal_not_first"]
    assert (
        ex.response is not None
        and ex.response.callback_type == Response.deferred_channel_message.value
    )


async def test_autocomplete_must_answer_with_type_8(h: Harness) -> None:
    ex = await h.autocomplete("demo bad-complete", "query", "x", strict=False)
    assert rules(ex) == ["interaction.autocomplete_type", "interaction.no_response"]
    too_many = await h.autocomplete("demo too-many", "query", "", strict=False)
    # Discord refuses the oversized answer, so the reader got no suggestions at all.
    assert rules(too_many) == ["autocomplete.count", "interaction.no_response"]
    assert too_many.callbacks[0].status == 400


async def test_no_response_and_crash(h: Harness) -> None:
    silent = await h.slash("demo silent", strict=False)
    assert rules(silent) == ["interaction.no_response"]
    crash = await h.slash("demo crash", strict=False)
    assert rules(crash) == ["interaction.no_response"]
    (error,) = crash.errors
    assert isinstance(error, app_commands.CommandInvokeError)
    assert isinstance(error.original, RuntimeError)
    with pytest.raises(ExchangeFailed, match="boom"):
        await h.slash("demo crash")


# -- payload limits -------------------------------------------------------------------------------


async def test_embeds_over_6000_are_refused(h: Harness) -> None:
    ex = await h.slash("demo huge", strict=False)
    assert "embeds.total" in rules(ex)
    assert ex.callbacks[0].status == 400 and ex.callbacks[0].error is not None
    assert ex.callbacks[0].error["code"] == 50035
    assert any("6000" in str(e) for e in ex.errors)


async def test_everyone_ping_is_caught(h: Harness) -> None:
    ex = await h.slash("demo ping", strict=False)
    assert rules(ex) == ["allowed_mentions.pings"]
    # Discord accepts it, and the message really pings.
    assert ex.response is not None and ex.response.ok
    assert ex.message is not None and ex.message["mention_everyone"] is True


# -- failure injection ----------------------------------------------------------------------------


async def test_forbidden_channel_post_surfaces_in_the_bot(h: Harness) -> None:
    feedback = h.world.channel("feedback")
    h.world.fail(
        "POST", "/channels/{channel_id}/messages", status=403, code=50013, channel_id=feedback
    )
    opened = await h.slash("demo feedback")
    done = await h.submit_modal(opened, {"feedback:text": "hi"})
    assert done.content == "I could not post that."
    (error,) = cast(DemoBot, h.bot).post_errors
    assert isinstance(error, discord.Forbidden) and error.code == 50013 and error.status == 403
    assert h.world.messages("feedback") == []
    # Other channels still work.
    assert (await h.slash("demo post", options={"channel": "general", "text": "ok"})).ok


async def test_deleted_channel_answers_unknown_channel(h: Harness) -> None:
    h.world.delete_channel("feedback")  # the bot was not told: its cache still has it
    ex = await h.slash("demo post", options={"channel": "general", "text": "fine"})
    assert ex.content == "Posted in #general"
    opened = await h.slash("demo feedback")
    await h.submit_modal(opened, {"feedback:text": "hi"})
    (error,) = cast(DemoBot, h.bot).post_errors
    assert isinstance(error, discord.NotFound) and error.code == 10003


async def test_rate_limit_is_waited_out_on_the_clock(h: Harness) -> None:
    h.world.fail("POST", "/channels/{channel_id}/messages", status=429, retry_after=2.0, times=1)
    before = h.clock.offset
    ex = await h.slash("demo post", options={"channel": "general", "text": "after the wait"})
    assert [s.status for s in ex.of_kind("channel_message")] == [429, 200]
    assert h.clock.offset - before >= 2.0
    assert h.world.contents("general")[-1] == "after the wait"


async def test_server_errors_are_retried_then_raised(h: Harness) -> None:
    h.world.fail("POST", "/channels/{channel_id}/messages", status=500, times=1)
    ex = await h.slash("demo post", options={"channel": "general", "text": "second try"})
    assert [s.status for s in ex.of_kind("channel_message")] == [500, 200]
    h.world.fail("POST", "/channels/{channel_id}/messages", status=503)
    ex = await h.slash("demo post", options={"channel": "general", "text": "never"})
    assert ex.content == "Could not post (503)."
    assert isinstance(cast(DemoBot, h.bot).post_errors[0], discord.DiscordServerError)


async def test_unsupported_route_and_custom_route(h: Harness) -> None:
    ex = await h.slash("demo roles", strict=False)
    assert "route.unsupported" in rules(ex)

    def roles(request: Request, record: Sent) -> tuple[int, Any]:
        guild = h.world.guild(int(request.params["guild_id"]))
        return 200, [r.payload() for r in guild.roles.values()]

    h.route("GET", "/guilds/{guild_id}/roles", roles)
    ex = await h.slash("demo roles")
    assert ex.content == "3 roles"


# -- restart --------------------------------------------------------------------------------------


async def test_restart_keeps_the_world_and_buttons_still_work(world: World) -> None:
    first = DemoBot()
    async with Harness(first, world) as h1:
        story = await h1.slash("demo story")
    assert first.is_closed()
    message = story.message
    assert message is not None

    second = DemoBot()
    async with Harness(second, world) as h2:
        assert h2.world.messages("general")[0]["id"] == message["id"]
        page = await h2.click(message, "demo:next")
        assert page.content == "Page 2 of 2"
        bookmark = await h2.click(message, "demo:bookmark:42", user="cass")
        assert bookmark.content == "Bookmarked story 42"
        # The re-sync kept the command ids.
        assert h2.startup is not None
        ids_again = {c["name"]: c["id"] for c in h2.startup.of_kind("command_sync")[0].response}
        assert ids_again == {c["name"]: c["id"] for c in world.commands[None]}


# -- no network -----------------------------------------------------------------------------------


async def test_nothing_reaches_the_network(world: World) -> None:
    original = AsyncWebhookAdapter.request
    utcnow = discord.utils.utcnow
    bot = DemoBot()
    async with Harness(bot, world) as h:
        assert AsyncWebhookAdapter.request is not original
        session = bot.http._HTTPClient__session
        with pytest.raises(NetworkBlocked):
            session.request("GET", "https://discord.com/api/v10/gateway")
        assert all(not s.path.startswith("http") for s in h.log)
    assert AsyncWebhookAdapter.request is original
    assert discord.utils.utcnow is utcnow
    assert bot.is_closed()


async def test_failed_setup_hook_leaves_nothing_patched(world: World) -> None:
    class Broken(DemoBot):
        async def setup_hook(self) -> None:
            raise RuntimeError("no database")

    original = AsyncWebhookAdapter.request
    loop = asyncio.get_running_loop()
    factory = loop.get_task_factory()
    with pytest.raises(RuntimeError, match="no database"):
        async with Harness(Broken(), world):
            pass
    assert AsyncWebhookAdapter.request is original
    assert loop.get_task_factory() is factory
