"""Every message ficbot sends, built in one place: embeds, their buttons, and their limits.

Each function takes domain objects and returns a ``Reply``; cogs never build an embed
themselves. ``Reply.check()`` runs Discord's limits over the result, so a message that would be
refused fails in tests, not in a server.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import discord

from bot.storage.feedback import Review, StoryStats
from bot.storage.models import (
    CharacterInfo,
    CharacterStory,
    Excerpt,
    SearchHit,
    StoredChapter,
    StoredParagraph,
    StoredStory,
)
from bot.storage.queries.filters import Length, StoryFilter
from bot.ui import ids, limits, markdown, style
from bot.ui.ids import ListKind, Slot
from bot.ui.items import (
    AnotherButton,
    KudosButton,
    ListPageButton,
    NavButton,
    OpenStorySelect,
    ReadButton,
    ReviewButton,
    SaveButton,
)
from bot.ui.pager import ChapterPlace, Pager

# Re-exported: cogs build their answers from render alone.
from bot.ui.reply import NO_PINGS as NO_PINGS
from bot.ui.reply import Reply as Reply
from bot.ui.reply import notice as notice


def _title(text: str) -> str:
    return limits.fit(text, limits.EMBED_TITLE)


def _field(embed: discord.Embed, name: str, value: str, *, inline: bool = True) -> None:
    if value.strip():
        embed.add_field(
            name=limits.fit(name, limits.FIELD_NAME), value=_fit_value(value), inline=inline
        )


def _fit_value(value: str, limit: int = limits.FIELD_VALUE) -> str:
    if len(value) <= limit:
        return value
    # Lists in a field: drop whole lines and say how many, never cut one silently.
    lines = value.split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        more = f"\n…and {len(lines) - i} more"
        if len("\n".join([*kept, line])) + len(more) > limit:
            return ("\n".join(kept) + more) if kept else limits.fit(line, limit)
        kept.append(line)
    return "\n".join(kept)


def _cast(story: StoredStory, *, limit: int = 8) -> str:
    lines = []
    for c in story.characters[:limit]:
        called = (
            f" (as {markdown.escape_inline(c.called)})" if _other_name(c.called, c.name) else ""
        )
        unconfirmed = " · unconfirmed" if not c.confirmed else ""
        lines.append(f"{markdown.escape_inline(c.name)}{called} · {c.role}{unconfirmed}")
    if len(story.characters) > limit:
        lines.append(f"…and {len(story.characters) - limit} more")
    return "\n".join(lines)


def _other_name(called: str, name: str) -> bool:
    """Worth saying "as Aeris" for Aerith; not "as Cloud" for Cloud Strife."""
    return bool(called) and called.casefold() not in (name.casefold(), *name.casefold().split())


def _pairings(pairs: list[tuple[str, str]], join: str = "/") -> str:
    return ", ".join(markdown.escape_inline(f"{a}{join}{b}") for a, b in pairs)


def _story_footer(story: StoredStory, extra: str = "") -> str:
    derived = [d for d in story.derived if d in ("title", "author", "fandom", "rating")]
    note = f" · {', '.join(derived)} worked out by ficbot" if derived else ""
    return limits.fit(f"Story {story.id}{extra}{note}", limits.FOOTER)


def _story_embed(story: StoredStory) -> discord.Embed:
    embed = discord.Embed(title=_title(story.title), colour=style.rating_colour(story.rating))
    embed.set_author(name=limits.fit(f"by {story.author}", limits.EMBED_AUTHOR))
    return embed


def _story_buttons(
    story_id: str, *, another: tuple[int | None, str | None, str] | None = None, read: bool = True
) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if another is not None:
        view.add_item(
            AnotherButton(
                ids.another(*another),
                label="Another",
                emoji="🎲",
                style=discord.ButtonStyle.primary,
            )
        )
    if read:
        view.add_item(ReadButton(ids.read(story_id), label="Read the story", emoji="📖"))
    view.add_item(ReviewButton(ids.review(story_id), label="Review", emoji="✍️"))
    view.add_item(KudosButton(ids.kudos(story_id), label="Kudos", emoji="❤️"))
    view.add_item(SaveButton(ids.save(story_id), label="Save", emoji="🔖"))
    return view


# --- excerpts --------------------------------------------------------------------------------


def excerpt(
    story: StoredStory,
    passage: Excerpt,
    *,
    character_id: int | None,
    fandom: str | None,
    asked: str | None = None,
    filters: str = "---",
) -> Reply:
    """``filters``: /fic random's options, coded (bot.app.filters.code): Another keeps them."""
    embed = _story_embed(story)
    embed.description = markdown.prose(passage.text)
    _field(embed, "Fandom", markdown.escape_inline(story.fandom))
    _field(embed, "Rating", style.RATING_SHORT.get(story.rating, story.rating))
    _field(embed, "Length", style.length(story.words, story.reading_minutes))
    _field(
        embed,
        "Status",
        style.progress(story.completion, story.chapters_posted, story.chapters_total),
    )
    featuring = _featuring(story, passage, asked)
    _field(
        embed, "Featuring", ", ".join(markdown.escape_inline(n) for n in featuring), inline=False
    )
    embed.set_footer(text=limits.fit(f"Story {story.id} · /fic read {story.id}", limits.FOOTER))
    view = _story_buttons(story.id, another=(character_id, fandom, filters))
    return Reply(embeds=[embed], view=view).check()


_LENGTH_WORDS = {
    Length.DRABBLE: "a drabble (under 1,000 words)",
    Length.SHORT: "short (1,000 to 10,000 words)",
    Length.LONG: "long (10,000 to 50,000 words)",
    Length.EPIC: "epic (50,000 words or more)",
}


def filter_terms(flt: StoryFilter) -> list[str]:
    """A filter's options in words: "rated at most Teen And Up Audiences", "complete"."""
    terms = []
    if flt.max_rating:
        terms.append(f"rated at most {flt.max_rating}")
    if flt.length:
        terms.append(_LENGTH_WORDS[flt.length])
    if flt.complete is not None:
        terms.append("complete" if flt.complete else "a work in progress")
    return terms


def nothing_drawn(character: bool, fandom: bool, flt: StoryFilter, *, adult_only: bool) -> str:
    """Why /fic random has nothing to show, in one sentence naming what narrowed it.
    ``adult_only``: an age-restricted channel would have had something."""
    what = " featuring that character" if character else ""
    what += " in that fandom" if fandom else ""
    hint = " (Mature and Explicit stories only show in age-restricted channels.)" * adult_only
    terms = filter_terms(flt)
    if flt.exclusions:
        terms.append("outside your exclusions and this server's")
    if terms:
        said = ", ".join(terms[:-1]) + (" and " if len(terms) > 1 else "") + terms[-1]
        return f"No story{what} here is {said}.{hint}"
    if not character and not fandom and not adult_only:
        return "The library is empty: an admin needs to load some stories first."
    return f"I have no passages{what} to show here.{hint}"


def _featuring(story: StoredStory, passage: Excerpt, asked: str | None) -> list[str]:
    """Who the excerpt features: the story's leads and supporting characters in the passage
    (and the character asked for), else its leads. A character the story only mentions is
    listed on its card, not here."""
    roles = {c.name: c.role for c in story.characters}
    shown = [n for n in passage.characters if roles.get(n) in ("lead", "supporting") or n == asked]
    return shown or [c.name for c in story.characters if c.role == "lead"]


def story_card(
    story: StoredStory, stats: StoryStats, chapters: Sequence[StoredChapter] = ()
) -> Reply:
    embed = _story_embed(story)
    if story.summary:
        embed.description = limits.fit(markdown.prose(story.summary), 1500)
    _field(embed, "Fandom", markdown.escape_inline(story.fandom))
    _field(embed, "Rating", story.rating)
    _field(embed, "Length", style.length(story.words, story.reading_minutes))
    # The file's own count when it says (a fanfiction.net page holds one of many chapters).
    posted = story.chapters_posted or len(chapters) or None
    _field(embed, "Status", style.progress(story.completion, posted, story.chapters_total))
    _field(embed, "Characters", _cast(story), inline=False)
    _field(embed, "Pairings", _pairings(story.pairings), inline=False)
    _field(embed, "Friendships", _pairings(story.friendships, " & "), inline=False)
    tags = story.tags.get("tags", []) + story.tags.get("warnings", [])
    _field(embed, "Tags", ", ".join(markdown.escape_inline(t) for t in tags), inline=False)
    _field(embed, "Reviews", style.average(stats.average, stats.reviews))
    _field(embed, "Kudos", f"❤️ {stats.kudos:,}")
    embed.set_footer(text=_story_footer(story))
    if len(chapters) > 1:
        # Before Reviews and Kudos, in whatever room the rest of the card leaves.
        name = f"Chapters ({len(chapters)})"
        room = limits.EMBED_TOTAL - limits.embed_chars(dict(embed.to_dict())) - len(name)
        embed.insert_field_at(
            max(0, len(embed.fields) - 2),
            name=name,
            value=_chapter_list(story.id, chapters, min(limits.FIELD_VALUE, room)),
            inline=False,
        )
    return Reply(embeds=[embed], view=_story_buttons(story.id)).check()


# The card lists this many chapters at most; the rest are a pointer to /fic read.
CARD_CHAPTERS = 10


def _chapter_line(chapter: StoredChapter) -> str:
    title = markdown.escape_inline(limits.fit(chapter.title, 60)) if chapter.title else "*untitled*"
    return f"**{chapter.number}.** {title} · {style.plural(chapter.words, 'word')}"


def _chapter_list(story_id: str, chapters: Sequence[StoredChapter], room: int) -> str:
    """Numbered chapters with titles and words, as many as fit; never cut without saying how
    many more there are and how to open them."""
    lines = [_chapter_line(c) for c in chapters[:CARD_CHAPTERS]]
    while True:
        rest = len(chapters) - len(lines)
        more = f"…and {rest} more: `/fic read {story_id} chapter:{len(lines) + 1}`" if rest else ""
        value = "\n".join([*lines, more] if more else lines)
        if len(value) <= room or not lines:
            return value
        lines.pop()


def chapter_choice(chapter: StoredChapter) -> str:
    """A chapter as autocomplete offers it: "3. The Road (1,234 words)"."""
    title = chapter.title or "untitled"
    return limits.fit(
        f"{chapter.number}. {title} ({style.plural(chapter.words, 'word')})", limits.CHOICE_NAME
    )


def no_such_chapter(story: StoredStory, asked: int, chapters: int) -> Reply:
    title = markdown.escape_inline(limits.fit(story.title, 100))
    if chapters == 1:
        return notice(f"**{title}** has only one chapter: leave `chapter` out to read it.")
    return notice(
        f"**{title}** has {chapters} chapters, so there is no chapter {asked}. "
        f"Pick one from 1 to {chapters}."
    )


SCENE_BREAK = "\u2003\u2003\u2003⁂"


def book_pages(paragraphs: list[StoredParagraph]) -> list[str]:
    """A story's body as reader pages: cut between paragraphs, within the embed limit.

    Scene breaks show as a centred asterism; headings in bold; author's notes inside the body
    in italics, so the reader can tell them from the story.
    """
    blocks: list[str] = []
    for p in paragraphs:
        if p.section != "body":
            continue
        if p.kind == "break":
            blocks.append(SCENE_BREAK)
        elif p.kind == "heading":
            blocks.append(f"**{markdown.escape_inline(p.text)}**")
        elif p.kind == "note":
            blocks.append(f"*{markdown.escape(p.text)}*")
        else:
            if p.scene_start and blocks and blocks[-1] != SCENE_BREAK:
                blocks.append(SCENE_BREAK)
            blocks.append(markdown.prose(p.text))
    return limits.paginate(blocks, limits.PAGE_CHARS)


def _notes_field(embed: discord.Embed, name: str, notes: str) -> None:
    """An author's note beside the page, in the room the embed has left, cut visibly."""
    used = limits.embed_chars(dict(embed.to_dict())) + len(name)
    room = min(limits.FIELD_VALUE, limits.EMBED_TOTAL - used - _FOOTER_ROOM)
    if notes.strip() and room > 40:
        value = limits.fit(markdown.escape(notes), room)
        embed.add_field(name=name, value=value, inline=False)


# Room kept for what comes after the notes: the footer and "The end".
_FOOTER_ROOM = 300


def reader_page(
    story: StoredStory,
    pager: Pager,
    text: str,
    *,
    owner: int,
    ephemeral: bool,
    chapter: StoredChapter | None = None,
    chapters: int = 1,
) -> Reply:
    chapter = chapter or StoredChapter(1, "", story.words, 0, 0, 0, 0)
    place = ChapterPlace(chapter, max(chapters, chapter.number), pager)
    embed = _story_embed(story)
    embed.description = text
    if place.is_first_page:
        # The chapter's own words to its readers, apart from its text and said to be notes.
        _notes_field(embed, "Chapter summary", chapter.summary)
        _notes_field(embed, "Author's note", chapter.notes)
    if pager.is_last:
        _notes_field(embed, "Author's note (end of chapter)", chapter.end_notes)
    if place.at_story_end:
        _field(
            embed,
            "The end",
            "What did you think? Press **Review** to tell this server's readers.",
            inline=False,
        )
    where = f" · page {pager.page} of {pager.pages}"
    if place.chaptered:
        where = f" · chapter {chapter.number} of {place.chapters}{where}"
    embed.set_footer(text=_story_footer(story, where))
    view = discord.ui.View(timeout=None)
    for slot, label in _nav_labels(place).items():
        to_chapter, to_page = place.target(slot)
        view.add_item(
            NavButton(
                ids.nav(slot, story.id, to_page, owner, chapter=to_chapter),
                label=label,
                disabled=place.leads_nowhere(slot),
                style=discord.ButtonStyle.primary
                if to_chapter > chapter.number
                else discord.ButtonStyle.secondary,
                row=0,
            )
        )
    view.add_item(
        ReviewButton(
            ids.review(story.id),
            label="Review",
            emoji="✍️",
            style=discord.ButtonStyle.primary
            if place.at_story_end
            else discord.ButtonStyle.secondary,
            row=1,
        )
    )
    view.add_item(KudosButton(ids.kudos(story.id), label="Kudos", emoji="❤️", row=1))
    if place.at_story_end:
        view.add_item(SaveButton(ids.save(story.id), label="Save", emoji="🔖", row=1))
    return Reply(content=place.heading(), embeds=[embed], view=view, ephemeral=ephemeral).check()


def _nav_labels(place: ChapterPlace) -> dict[Slot, str]:
    labels = {
        Slot.FIRST: "⏮ First",
        Slot.PREVIOUS: "◀ Previous",
        Slot.NEXT: "Next ▶",
        Slot.LAST: "Last ⏭",
    }
    number = place.chapter.number
    if place.target(Slot.PREVIOUS)[0] < number:
        labels[Slot.PREVIOUS] = f"◀ Chapter {number - 1}"
    if place.target(Slot.NEXT)[0] > number:
        labels[Slot.NEXT] = f"Chapter {number + 1} ▶"
    return labels


# --- lists (paginated) -----------------------------------------------------------------------


def _pager(view: discord.ui.View, kind: ListKind, pager: Pager, owner: int, arg: str = "") -> None:
    if pager.pages <= 1:
        return
    labels = {Slot.FIRST: "⏮", Slot.PREVIOUS: "◀", Slot.NEXT: "▶", Slot.LAST: "⏭"}
    for slot, label in labels.items():
        view.add_item(
            ListPageButton(
                ids.list_page(kind, slot, pager.target(slot), owner, arg),
                label=label,
                disabled=pager.leads_nowhere(slot),
                row=1,
            )
        )


def _open_select(view: discord.ui.View, owner: int, choices: list[tuple[str, str, str]]) -> None:
    if not choices:
        return
    options = [
        discord.SelectOption(
            label=limits.fit(label, limits.SELECT_OPTION_TEXT),
            value=value,
            description=limits.fit(desc, limits.SELECT_OPTION_TEXT) if desc else None,
        )
        for value, label, desc in choices[: limits.SELECT_OPTIONS]
    ]
    nonce = secrets.token_hex(3)
    view.add_item(OpenStorySelect(ids.open_story(owner, nonce), options))


# For the other list renderers (bot/ui/shelf.py, browse.py): the same pager and select.
list_pager = _pager
open_select = _open_select
story_title = _title
fit_field = _field

BY_CHARACTER_PAGE = 8


def by_character(
    character: str,
    stories: list[CharacterStory],
    stats: dict[str, StoryStats],
    *,
    character_id: int,
    pager: Pager,
    total: int,
    owner: int,
) -> Reply:
    embed = discord.Embed(title=_title(f"Stories featuring {character}"), colour=style.BRAND)
    lines = []
    for n, s in enumerate(stories, start=pager.offset + 1):
        st = stats.get(s.id, StoryStats(0, None, 0))
        called = (
            f" as {markdown.escape_inline(s.called)}" if s.called and s.called != character else ""
        )
        pairs = f"\n   ↳ {_pairings(s.pairings)}" if s.pairings else ""
        lines.append(
            f"**{n}. {markdown.escape_inline(limits.fit(s.title, 120))}** · `{s.id}`\n"
            f"   {s.role}{called} · {style.RATING_SHORT.get(s.rating, s.rating)} · {style.plural(s.words, 'word')} · "
            f"{style.average(st.average, st.reviews)}{pairs}"
        )
    embed.description = "\n".join(lines)
    embed.set_footer(
        text=f"{style.plural(total, 'story', 'stories')} · page {pager.page} of {pager.pages} · leads first"
    )
    view = discord.ui.View(timeout=None)
    _open_select(
        view,
        owner,
        [(s.id, s.title, f"{s.role} · {style.plural(s.words, 'word')}") for s in stories],
    )
    _pager(view, ListKind.BY_CHARACTER, pager, owner, str(character_id))
    return Reply(embeds=[embed], view=view).check()


def unknown_character(typed: str, suggestions: list[str]) -> Reply:
    text = style.stop(f"I don't know a character called **{markdown.typed(typed, 80)}**")
    if suggestions:
        text += (
            " Did you mean "
            + ", ".join(f"**{markdown.escape_inline(s)}**" for s in suggestions)
            + "?"
        )
    else:
        text += " Try `/fic by-character` with no name to see who is in the library."
    return notice(text)


CHARACTERS_PAGE = 15


def characters(chars: list[CharacterInfo], *, pager: Pager, total: int, owner: int) -> Reply:
    embed = discord.Embed(title="Who is in the library", colour=style.BRAND)
    lines = []
    for c in chars:
        aliases = [a for a in c.aliases if a.casefold() != c.name.casefold()][:4]
        also = f" (also {', '.join(markdown.escape_inline(a) for a in aliases)})" if aliases else ""
        flag = " · unconfirmed" if not c.confirmed else ""
        lines.append(
            f"**{markdown.escape_inline(c.name)}**{also}: {style.plural(c.stories, 'story', 'stories')}{flag}"
        )
    embed.description = "\n".join(lines) or "Nobody yet: no stories are loaded."
    embed.set_footer(
        text=f"{style.plural(total, 'character')} · page {pager.page} of {pager.pages} · /fic by-character NAME"
    )
    view = discord.ui.View(timeout=None)
    _pager(view, ListKind.CHARACTERS, pager, owner)
    return Reply(embeds=[embed], view=view if pager.pages > 1 else None).check()


SEARCH_PAGE = 5


def search(text: str, hits: list[SearchHit], *, pager: Pager, total: int, owner: int) -> Reply:
    # What the reader typed is shown literally: no markdown, no mentions.
    embed = discord.Embed(title=_title(f"Search: {markdown.typed(text, 100)}"), colour=style.BRAND)
    for hit in hits:
        _field(
            embed,
            f"{hit.title} · {hit.story_id}",
            # The index marks where it cut the passage with "…" itself.
            markdown.highlight(hit.snippet),
            inline=False,
        )
    more = "" if total < 500 else "+"
    passages = "matching passage" if total == 1 else "matching passages"
    embed.set_footer(text=f"{total:,}{more} {passages} · page {pager.page} of {pager.pages}")
    view = discord.ui.View(timeout=None)
    _open_select(
        view,
        owner,
        list({h.story_id: (h.story_id, h.title, f"story {h.story_id}") for h in hits}.values()),
    )
    _pager(view, ListKind.SEARCH, pager, owner, text)
    return Reply(embeds=[embed], view=view).check()


REVIEWS_PAGE = 5


def reviews(
    story: StoredStory,
    items: list[Review],
    stats: StoryStats,
    *,
    pager: Pager,
    owner: int,
) -> Reply:
    embed = _story_embed(story)
    embed.title = _title(f"Reviews of {story.title}")
    embed.description = f"{style.average(stats.average, stats.reviews)} · ❤️ {stats.kudos:,} kudos"
    for r in items:
        body = markdown.escape(r.body)
        if r.spoiler:  # shortened inside the tags, so the closing tag is never cut off
            body = markdown.spoiler(_fit_value(body, limits.FIELD_VALUE - 4))
        edited = " · edited" if r.updated_at != r.created_at else ""
        name = markdown.escape_inline(r.user_name)  # the reader's own text: no markdown
        _field(embed, f"{style.stars(r.rating)} {name}{edited}", body, inline=False)
    withdrawn = story.status != "active"
    if withdrawn:
        embed.description += "\nThis story was withdrawn from the library; its reviews stay."
    elif not items:
        embed.description += "\nNo reviews in this server yet. Be the first: press **Review**."
    embed.set_footer(text=_story_footer(story, f" · page {pager.page} of {pager.pages}"))
    view = discord.ui.View(timeout=None)
    _pager(view, ListKind.REVIEWS, pager, owner, story.id)
    if not withdrawn:
        view.add_item(ReviewButton(ids.review(story.id), label="Review", emoji="✍️", row=2))
    return Reply(embeds=[embed], view=view, ephemeral=False).check()


# --- reviews in the feedback channel ----------------------------------------------------------


def review_post(story: StoredStory, review: Review) -> Reply:
    body = markdown.escape(review.body)
    embed = discord.Embed(
        title=_title(f"{style.stars(review.rating)} {story.title}"),
        description=markdown.spoiler(body) if review.spoiler else body,
        colour=style.rating_colour(story.rating),
    )
    embed.set_author(name=limits.fit(f"Review by {review.user_name}", limits.EMBED_AUTHOR))
    spoiler = " · contains spoilers" if review.spoiler else ""
    edited = " · edited" if review.updated_at != review.created_at else ""
    embed.set_footer(
        text=limits.fit(f"Story {story.id} · {review.rating}/5{spoiler}{edited}", limits.FOOTER)
    )
    view = discord.ui.View(timeout=None)
    view.add_item(ReadButton(ids.read(story.id), label="Read the story", emoji="📖"))
    view.add_item(ReviewButton(ids.review(story.id), label="Write your own", emoji="✍️"))
    return Reply(embeds=[embed], view=view).check()


def review_thanks(
    title: str,
    *,
    edited: bool,
    channel_id: int | None = None,
    jump_url: str | None = None,
    problem: str | None = None,
    admin: bool = False,
    fix: str | None = None,
) -> Reply:
    """The reader's thanks for a review: first "posting it in #channel", then, once posted, the
    link to it, or why it could not be posted yet (the review itself is safe either way)."""
    head = f"Thanks for {'updating your review of' if edited else 'reviewing'} **{markdown.escape_inline(title)}**!"
    if jump_url is not None:
        return notice(f"{head} It's posted here: {jump_url}")
    if problem is None:
        where = f" in <#{channel_id}>" if channel_id is not None else ""
        return notice(f"{head} It's saved, and I'm posting it{where} now.")
    if fix is None:
        fix = (
            "Fix it with `/ficadmin feedback-channel`."
            if admin
            else "A server admin can fix that with `/ficadmin feedback-channel`."
        )
    return notice(
        f"{head} Your review is saved, but I couldn't post it yet: {problem}. "
        f"It will be posted as soon as that works. {fix}"
    )


def thread_name(story: StoredStory) -> str:
    return limits.fit(f"Reviews: {story.title}", 100)


def help_card() -> Reply:
    embed = discord.Embed(
        title="ficbot: your server's fan-fiction library",
        colour=style.BRAND,
        description=(
            "Read, discover and review the stories in this server's library. "
            "`/fic help` shows this card again."
        ),
    )
    _field(
        embed,
        "Read",
        (
            "`/fic random [character] [fandom] [filters]`: a passage to taste, with buttons for more\n"
            "`/fic read <story> [chapter] [page] [public]`: read a story chapter by chapter\n"
            "`/fic story <story>`: a story's card: chapters, characters, pairings, reviews\n"
            "`/fic search <text>`: find passages"
        ),
        inline=False,
    )
    _field(
        embed,
        "Discover",
        (
            "`/fic by-character <name>`: stories featuring someone, leads first (any spelling: Aeris or Aerith)\n"
            "`/fic by-character` with no name: who is in the library\n"
            "`/fic by-pairing <A/B>`: stories pairing two characters (any order, `x` or `/`; `&` too)\n"
            "`/fic by-fandom <fandom>` · `/fic by-tag <tag>`: browse a fandom or an AO3 tag\n"
            "`/fic recommend`: what you might like next here, and why (only you see it)\n"
            "Filters on these and `/fic random`: `rating` (at most), `length` (drabble <1k words, "
            "short <10k, long <50k, epic), `complete` (only stories known finished, or in progress)"
        ),
        inline=False,
    )
    _field(
        embed,
        "Your library (only you see it)",
        (
            "`/fic save <story> [note]` or the **Save** button: put a story on your shelf\n"
            "`/fic shelf [status]`: your saved stories, with menus to open or move one\n"
            "`/fic mark <story> <status>`: to-read, reading, finished or dropped\n"
            "`/fic unsave <story>`: take it off your shelf\n"
            "`/fic continue`: back to the page where you stopped\n"
            "`/fic exclude <kind> <value>`: never see a tag, character, pairing, warning or rating\n"
            "`/fic exclusions`: what you (and this server) keep away; remove one"
        ),
        inline=False,
    )
    _field(
        embed,
        "Give back",
        (
            "`/fic review <story>` or the **Review** button: rate 1-5 and say what you thought\n"
            "**Kudos**: one click to say you liked it\n"
            "`/fic reviews <story>`: what this server thought\n"
            "`/fic review <story> delete:True`: take your own review back"
        ),
        inline=False,
    )
    _field(
        embed,
        "Follow",
        (
            "`/fic follow [character] [author]`: a direct message when a new story features "
            "them or is by them (**Follow** on an announcement follows its author)\n"
            "`/fic unfollow <what>` · `/fic following`: what you follow here\n"
            "`/fic following [notify] [reviews]`: turn those messages, or new-review "
            "messages for authors, on or off\n"
            "`/fic my-stories`: reviews of the stories you wrote"
        ),
        inline=False,
    )
    _field(
        embed,
        "Your data",
        (
            "`/fic my-data`: everything ficbot keeps about you here, with a JSON file of it\n"
            "`/fic forget-me`: delete it all (your reviews too, or kept as by “a reader”)"
        ),
        inline=False,
    )
    _field(
        embed,
        "For admins (Manage Server)",
        (
            "`/ficadmin feedback-channel <channel> [adult-channel]`: where reviews are posted "
            "(Mature and Explicit ones only in an age-restricted channel)\n"
            "`/ficadmin export <story or all>`: this server's reviews as CSV\n"
            "`/ficadmin remove-review <story> <reader>`: take a review down\n"
            "`/ficadmin exclude <kind> <value>` · `/ficadmin exclusions`: keep something away "
            "from everyone here\n"
            "`/ficadmin forget <member>`: delete what ficbot keeps about a member (who may "
            "have left)"
        ),
        inline=False,
    )
    _field(
        embed,
        "For librarians (Manage Server or the librarian role)",
        (
            "`/ficadmin import <file> [file2] [file3] [file4] [file5]`: add .txt, .html, .epub "
            "or .zip stories; each is previewed, then **Publish** or **Fix**\n"
            "`/ficadmin withdraw <story>` / `/ficadmin restore <story>`: take a story out "
            "(reviews stay) or bring it back\n"
            "`/ficadmin log`: who imported, published or withdrew what\n"
            "`/ficadmin announce-channel [channel] [adult-channel]`: where new stories are "
            "announced (Mature and Explicit only in an age-restricted one)\n"
            "`/ficadmin set-author <story> [user]`: the Discord account that wrote a story\n"
            "`/ficadmin librarian-role [role]`: who may import besides admins"
        ),
        inline=False,
    )
    _field(
        embed,
        "Ratings",
        "🟩 General · 🟨 Teen · 🟧 Mature · 🟥 Explicit · ⬜ Not Rated; "
        "Mature and Explicit stories only in age-restricted channels.",
        inline=False,
    )
    return Reply(embeds=[embed], ephemeral=True).check()
