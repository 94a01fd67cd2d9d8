"""The ``ficbot`` command line. Every command calls the same domain functions as the bot.

Human-readable output by default; ``--json`` gives the stable shapes scripts rely on.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import sys
import textwrap
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Sequence
from pathlib import Path
from typing import Any

import aiosqlite

from bot.config import Settings, SettingsError
from bot.library import learned
from bot.library.roster_file import load_roster
from bot.storage import db, queries
from bot.storage.loader import LoadReport, Progress, load_collection
from bot.storage.loader.files import list_files
from bot.storage.models import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, StoredStory

log = logging.getLogger("ficbot")

Handler = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _plain(snippet: str, *, open_mark: str = "[", close_mark: str = "]") -> str:
    return snippet.replace(HIGHLIGHT_OPEN, open_mark).replace(HIGHLIGHT_CLOSE, close_mark)


async def _with_db(settings: Settings, fn: Callable[[aiosqlite.Connection], Awaitable[int]]) -> int:
    conn = await db.connect(settings.db_path)
    try:
        return await fn(conn)
    finally:
        await conn.close()


async def cmd_load(args: argparse.Namespace, settings: Settings) -> int:
    folder = Path(args.dir) if args.dir else settings.seeds
    if not folder.is_dir():
        print(f"ficbot: story folder not found: {folder}", file=sys.stderr)
        return 2
    roster = load_roster(folder)

    async def run(conn: aiosqlite.Connection) -> int:
        # Skips and warnings are in the printed report; don't say each one twice.
        logging.getLogger("bot.storage.loader").setLevel(logging.ERROR)
        with _load_progress() as progress:
            report: LoadReport = await load_collection(conn, folder, roster, progress=progress)
        if args.json:
            _print_json(report.as_json())
        else:
            print(report.summary())
            for skip in report.skipped:
                print(f"  skipped {skip.file}: {skip.reason}")
            for warning in report.warnings:
                if "loaded once" not in warning:
                    print(f"  warning: {warning}")
        return 0

    return await _with_db(settings, run)


# Without a terminal, a long load says where it is this often (a short one says nothing).
PROGRESS_EVERY = 5.0


@contextlib.contextmanager
def _load_progress() -> Iterator[Callable[[Progress], None]]:
    """Where a load is: a progress bar on a terminal (files and MB done, rate, time left),
    else a line on stderr every few seconds. Both on stderr: stdout is for the report."""
    if sys.stderr.isatty():
        from rich import progress as rp
        from rich.console import Console

        bar = rp.Progress(
            rp.TextColumn("loading"),
            rp.BarColumn(),
            rp.TextColumn("{task.fields[files]:,}/{task.fields[files_total]:,} files"),
            rp.DownloadColumn(),
            rp.TransferSpeedColumn(),
            rp.TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        task = bar.add_task("load", total=None, files=0, files_total=0)

        def update(p: Progress) -> None:
            bar.update(
                task,
                total=p.bytes_total,
                completed=p.bytes_done,
                files=p.files_done,
                files_total=p.files_total,
            )

        with bar:
            yield update
        return

    started = time.monotonic()
    last = started

    def report(p: Progress) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last < PROGRESS_EVERY:
            return
        last = now
        rate = p.bytes_done / (now - started)
        left = (p.bytes_total - p.bytes_done) / rate if rate else 0.0
        print(
            f"ficbot: loading {p.files_done:,}/{p.files_total:,} files, "
            f"{p.bytes_done / 1e6:,.1f}/{p.bytes_total / 1e6:,.1f} MB, "
            f"{rate / 1e6:.1f} MB/s, about {_duration(left)} left",
            file=sys.stderr,
            flush=True,
        )

    yield report


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 90:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"


def _words(n: int) -> str:
    return f"{n:,} word{'' if n == 1 else 's'}"


def _cast_line(story: StoredStory) -> str:
    return ", ".join(f"{c.name} ({c.role})" for c in story.characters) or "none found"


async def cmd_stories(args: argparse.Namespace, settings: Settings) -> int:
    async def run(conn: aiosqlite.Connection) -> int:
        stories = await queries.list_stories(conn)
        if args.json:
            _print_json([s.as_json() for s in stories])
            return 0
        if not stories:
            print("No stories loaded yet. Run: ficbot load")
            return 0
        for s in stories:
            mark = " (title derived)" if s.title_derived else ""
            print(f"{s.id}  {s.title}{mark}")
            print(f"     by {s.author} · {s.fandom} · {s.rating} · {_words(s.words)}")
            print(f"     characters: {_cast_line(s)}")
            if s.pairings:
                print("     pairings: " + ", ".join(f"{a}/{b}" for a, b in s.pairings))
        return 0

    return await _with_db(settings, run)


async def cmd_characters(args: argparse.Namespace, settings: Settings) -> int:
    async def run(conn: aiosqlite.Connection) -> int:
        chars = await queries.list_characters(conn, only_featured=args.featured)
        if args.json:
            _print_json([c.as_json() for c in chars])
            return 0
        for c in chars:
            aliases = f" (also {', '.join(c.aliases)})" if c.aliases else ""
            flag = " [unconfirmed]" if not c.confirmed else ""
            plural = "story" if c.stories == 1 else "stories"
            print(f"{c.name}{flag}{aliases}: {c.stories} {plural}")
        return 0

    return await _with_db(settings, run)


async def cmd_by_character(args: argparse.Namespace, settings: Settings) -> int:
    async def run(conn: aiosqlite.Connection) -> int:
        char = await queries.resolve_character(conn, args.name)
        if char is None:
            suggestions = await queries.suggest_characters(conn, args.name)
            message = f"No character called {args.name!r}."
            if suggestions:
                message += " Did you mean: " + ", ".join(suggestions) + "?"
            if args.json:
                _print_json({"error": message, "suggestions": suggestions})
            else:
                print(message, file=sys.stderr)
            return 1
        stories = await queries.stories_by_character(conn, char.id)
        if args.json:
            _print_json(
                {
                    "character": char.name,
                    "query": args.name,
                    "stories": [s.as_json() for s in stories],
                }
            )
            return 0
        if not stories:
            print(f"No stories feature {char.name} yet.")
            return 0
        print(f"Stories featuring {char.name}:")
        for s in stories:
            pairs = f" · {', '.join(f'{a}/{b}' for a, b in s.pairings)}" if s.pairings else ""
            named = f"named {s.mentions} time{'' if s.mentions == 1 else 's'} as {s.called}"
            print(f"  {s.id}  {s.title}  [{s.role}, {named}]{pairs}")
        return 0

    return await _with_db(settings, run)


async def cmd_excerpt(args: argparse.Namespace, settings: Settings) -> int:
    async def run(conn: aiosqlite.Connection) -> int:
        character_id = None
        if args.character:
            char = await queries.resolve_character(conn, args.character)
            if char is None:
                suggestions = await queries.suggest_characters(conn, args.character)
                hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
                print(f"No character called {args.character!r}.{hint}", file=sys.stderr)
                return 1
            character_id = char.id
        if args.story and await queries.get_story(conn, args.story) is None:
            print(f"No story with id {args.story!r}. See: ficbot stories", file=sys.stderr)
            return 1
        excerpt = await queries.random_passage(conn, character_id=character_id, story_id=args.story)
        if excerpt is None:
            print("No passage matches that.", file=sys.stderr)
            return 1
        story = await queries.get_story(conn, excerpt.story_id)
        title = story.title if story else excerpt.story_id
        if args.json:
            _print_json(excerpt.as_json(title))
            return 0
        print(f"From {title} ({excerpt.story_id})")
        print(f"Featuring: {', '.join(excerpt.characters) or 'nobody by name'}\n")
        for para in excerpt.text.split("\n\n"):
            print(textwrap.fill(para, width=88) if "\n" not in para else para)
            print()
        return 0

    return await _with_db(settings, run)


async def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    async def run(conn: aiosqlite.Connection) -> int:
        hits = await queries.search(conn, args.text, limit=args.limit)
        if args.json:
            _print_json([h.as_json() for h in hits])
            return 0
        if not hits:
            print(f"Nothing matches {args.text!r}.")
            return 0
        for h in hits:
            print(f"{h.story_id}  {h.title}")
            print("     " + _plain(h.snippet).replace("\n", " "))
        return 0

    return await _with_db(settings, run)


async def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    async def run(conn: aiosqlite.Connection) -> int:
        story = await queries.get_story(conn, args.id, include_withdrawn=True)
        if story is None:
            print(f"No story with id {args.id!r}. See: ficbot stories", file=sys.stderr)
            return 1
        sections = await queries.story_sections(conn, story.id)
        if args.json:
            _print_json(story.as_json() | {"sections": sections})
            return 0
        derived = f" (derived: {', '.join(story.derived)})" if story.derived else ""
        print(f"{story.title}  [{story.id}]{' — WITHDRAWN' if story.status != 'active' else ''}")
        print(
            f"by {story.author} · {story.fandom} · {story.rating} · {_words(story.words)} · about {story.reading_minutes} min{derived}"
        )
        print(f"characters: {_cast_line(story)}")
        if story.pairings:
            print("pairings: " + ", ".join(f"{a}/{b}" for a, b in story.pairings))
        for name, paragraphs in sections.items():
            if not paragraphs:
                continue
            print(f"\n=== {name.replace('_', ' ')} ({len(paragraphs)} paragraphs) ===")
            for p in paragraphs:
                print(textwrap.shorten(p, width=100, placeholder=" …"))
        return 0

    return await _with_db(settings, run)


async def cmd_roster(args: argparse.Namespace, settings: Settings) -> int:
    """The roster learned from the collection's tags, and the admin's corrections to it."""
    folder = Path(args.dir) if args.dir else settings.seeds
    if not folder.is_dir():
        print(f"ficbot: story folder not found: {folder}", file=sys.stderr)
        return 2
    action = getattr(args, "roster_command", None)
    if action is not None:
        return _correct_roster(args, folder, action)
    base = await asyncio.to_thread(load_roster, folder)
    files, _sizes = await asyncio.to_thread(list_files, folder)
    roster, _tags = await asyncio.to_thread(learned.learn_from_folder, folder, files, base)
    shipped = {(c.name, c.fandom) for c in base.characters}
    fandoms: dict[str, list[tuple[str, list[str]]]] = {}
    for char in roster.characters:
        if (char.name, char.fandom) in shipped:
            continue
        if args.fandom and char.fandom.casefold() != args.fandom.casefold():
            continue
        aliases = [a for a in char.aliases if a != char.name]
        fandoms.setdefault(char.fandom, []).append((char.name, aliases))
    if args.json:
        _print_json(
            {
                "fandoms": [
                    {"name": f, "characters": [{"name": n, "aliases": a} for n, a in cs]}
                    for f, cs in sorted(fandoms.items())
                ],
                "not_characters": sorted(roster.not_characters),
            }
        )
        return 0
    if not fandoms:
        print("nothing learned: no story's tags name a character the shipped roster lacks")
    for fandom, chars in sorted(fandoms.items()):
        print(fandom)
        for name, aliases in chars:
            print(f"  {name}" + (f"  (also {', '.join(aliases)})" if aliases else ""))
    return 0


def _correct_roster(args: argparse.Namespace, folder: Path, action: str) -> int:
    path = learned.corrections_path(folder)
    corrections = learned.Corrections.load(path)
    if action == "merge":
        corrections.merges.append((args.name, args.other))
        said = f"{args.other} is now {args.name}"
    elif action == "alias":
        corrections.aliases.setdefault(args.name, []).append(args.alias)
        said = f"{args.alias} now also names {args.name}"
    else:
        corrections.not_characters.append(args.word)
        said = f"{args.word} is no character"
    corrections.save(path)
    print(f"{said} ({path.name}; applied on the next load)")
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:  # noqa: ARG001 (every subcommand handler takes the parsed args)
    from bot.app.runner import run

    return run(settings)


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    from bot.local import run_console

    return run_console(
        settings, script=args.script, user=args.user, channel=args.channel, keep=args.keep
    )


def cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app.runner import force_sync

    return force_sync(settings, args.guild, args.clear)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, help="database file (overrides FICBOT_DB)")
    common.add_argument("--json", action="store_true", help="machine-readable output")

    parser = argparse.ArgumentParser(
        prog="ficbot",
        description="ficbot: a Discord bot and command line for a library of fan-fiction stories.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "run", parents=[common], help="start the Discord bot (without a token: the local console)"
    )
    p.set_defaults(sync_handler=cmd_run)

    p = sub.add_parser(
        "console",
        help="use the bot here, without Discord: type /fic commands, press buttons, fill in forms",
    )
    p.add_argument("--db", type=Path, help="database file (overrides FICBOT_DB)")
    p.add_argument(
        "--script",
        metavar="FILE",
        help="run the lines of FILE ('-': standard input) and print the transcript; "
        "exits 1 if an interaction failed or broke a Discord rule. It runs on a scratch copy "
        "of the story folder and database: what it does is not kept (see --keep)",
    )
    p.add_argument(
        "--keep",
        action="store_true",
        help="with --script: write to the real story folder and database (imports, reviews)",
    )
    p.add_argument("--as", dest="user", default="ayla", help="start as: ayla, bram or cass")
    p.add_argument("--in", dest="channel", default="general", help="start in this channel")
    p.set_defaults(sync_handler=cmd_console)

    p = sub.add_parser("sync", parents=[common], help="force a slash-command sync with Discord")
    p.add_argument(
        "--guild", type=int, help="sync to this server only (default: FICBOT_DEV_GUILD or global)"
    )
    p.add_argument("--clear", action="store_true", help="remove the commands instead")
    p.set_defaults(sync_handler=cmd_sync)

    p = sub.add_parser("load", parents=[common], help="load or refresh the story collection")
    p.add_argument("dir", nargs="?", help="story folder (default: FICBOT_SEEDS or seeds/)")
    p.set_defaults(handler=cmd_load)

    p = sub.add_parser("stories", parents=[common], help="list the stories")
    p.set_defaults(handler=cmd_stories)

    p = sub.add_parser("characters", parents=[common], help="list known characters")
    p.add_argument("--featured", action="store_true", help="only characters found in a story")
    p.set_defaults(handler=cmd_characters)

    p = sub.add_parser("by-character", parents=[common], help="stories featuring a character")
    p.add_argument("name", help="any name or spelling (Aeris, aerith, ...)")
    p.set_defaults(handler=cmd_by_character)

    p = sub.add_parser("excerpt", parents=[common], help="a random passage")
    p.add_argument("--story", help="story id")
    p.add_argument("--character", help="featuring this character")
    p.set_defaults(handler=cmd_excerpt)

    p = sub.add_parser("search", parents=[common], help="search the stories' text")
    p.add_argument("text")
    p.add_argument("--limit", type=int, default=10)
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser(
        "roster", parents=[common], help="the roster learned from the stories' tags; correct it"
    )
    p.add_argument("--dir", help="story folder (default: FICBOT_SEEDS or seeds/)")
    p.add_argument("--fandom", help="only this fandom's characters")
    roster = p.add_subparsers(dest="roster_command", metavar="CORRECTION")
    q = roster.add_parser("merge", help="NAME and OTHER are one character: OTHER becomes an alias")
    q.add_argument("name")
    q.add_argument("other")
    q = roster.add_parser("alias", help="ALIAS is another name of NAME")
    q.add_argument("name")
    q.add_argument("alias")
    q = roster.add_parser("not-a-character", help="WORD names no character")
    q.add_argument("word")
    p.set_defaults(handler=cmd_roster)

    p = sub.add_parser("show", parents=[common], help="a story's card and how it was split")
    p.add_argument("id")
    p.set_defaults(handler=cmd_show)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"ficbot: {exc}", file=sys.stderr)
        return 2
    settings = settings.with_overrides(db_path=getattr(args, "db", None))
    # The CLI prints its own results; the log only speaks up for problems unless asked.
    level = settings.log_level if "FICBOT_LOG_LEVEL" in os.environ else "WARNING"
    logging.basicConfig(
        level=getattr(logging, level),
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    sync_handler = getattr(args, "sync_handler", None)
    if sync_handler is not None:  # run and sync own their event loop and logging
        return int(sync_handler(args, settings))
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    if getattr(args, "json", False):
        logging.getLogger().setLevel(logging.ERROR)
    try:
        return asyncio.run(handler(args, settings))
    except KeyboardInterrupt:
        return 130
