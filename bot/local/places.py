"""The console's own commands about the World: /as, /in and /show (channels and threads)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from fakediscord import FakeChannel

if TYPE_CHECKING:
    from bot.local.session import Session

MANAGE_GUILD = 1 << 5


def switch_user(session: Session, args: list[str]) -> None:
    if not args:
        table = Table.grid(padding=(0, 2))
        for name in session.members():
            admin = name in session.admins()
            mark = "you" if name == session.user else ""
            table.add_row(
                Text(name, style="bold"),
                Text("admin (Manage Server)" if admin else "reader", style="dim"),
                Text(mark, style="green"),
            )
        session.console.print(table)
        return
    wanted = args[0].lstrip("@").casefold()
    found = next((m for m in session.members() if m.casefold() == wanted), None)
    if found is None:
        session.refuse(f"no reader {args[0]!r} here; readers: {', '.join(session.members())}")
        return
    session.user = found
    session.say(f"You are {found} now.", "green")


def find_place(session: Session, args: list[str]) -> FakeChannel | None:
    """A channel (#name) or a thread ("thread N" or "thread NAME"), or None after saying why."""
    if args and args[0].casefold() == "thread":
        threads = session.threads()
        wanted = " ".join(args[1:]).strip()
        if wanted.isdigit() and 1 <= int(wanted) <= len(threads):
            return threads[int(wanted) - 1]
        hits = [t for t in threads if wanted.casefold() in t.name.casefold()]
        if len(hits) == 1:
            return hits[0]
        session.refuse(f"no single thread matches {wanted!r}: see /show thread")
        return None
    wanted = " ".join(args).strip().lstrip("#").casefold()
    found = next((c for c in session.channels() if c.name.casefold() == wanted), None)
    if found is None:
        names = ", ".join(f"#{c.name}" for c in session.channels())
        session.refuse(f"no channel {' '.join(args)!r}; channels: {names}")
    return found


def switch_channel(session: Session, args: list[str]) -> None:
    if not args:
        table = Table.grid(padding=(0, 2))
        for channel in session.channels():
            table.add_row(
                Text(f"#{channel.name}", style="bold"),
                Text("age-restricted" if channel.nsfw else "", style="red"),
                Text(channel.topic or "", style="dim"),
                Text("you are here" if channel.id == session.channel.id else "", style="green"),
            )
        session.console.print(table)
        return
    found = find_place(session, args)
    if found is None:
        return
    session.channel = found
    adult = " It is age-restricted: Mature and Explicit stories show here." if found.nsfw else ""
    session.say(f"You are in {session.where()} now.{adult}", "green")


def show(session: Session, args: list[str]) -> None:
    if args and args[0].casefold() == "thread" and len(args) == 1:
        list_threads(session)
        return
    place = find_place(session, args) if args else session.channel
    if place is None:
        return
    messages = session.world.messages(place)
    name = session.channel_name(place.id) or place.name
    threads = [t for t in session.threads() if t.parent_id == place.id]
    # Reviews are posted in threads: a channel of threads is not an empty one.
    in_threads = sum(len(session.world.messages(t)) for t in threads)
    more = f" · {_count(len(threads), 'thread')} with {_count(in_threads, 'message')}"
    session.say(
        Text.assemble(
            (name, "bold"),
            (f" · {_count(len(messages), 'message')}{more if threads else ''}", "dim"),
        )
    )
    shown = []
    for message in messages:
        author_id = int(message["author"]["id"])
        author = session.user_name(author_id) or "someone"
        when = str(message.get("timestamp", ""))[11:16]
        shown.append((session.header(when, author=author), message))
    session.show_now(shown)
    if threads:
        list_threads(session, threads)


def list_threads(session: Session, only: list[FakeChannel] | None = None) -> None:
    threads = session.threads()
    if not threads:
        session.say("No threads yet. Reviews start one per story in the feedback channel.", "dim")
        return
    for n, thread in enumerate(threads, start=1):
        if only is not None and thread not in only:
            continue
        count = len(session.world.messages(thread))
        owner = session.user_name(thread.owner_id) if thread.owner_id is not None else None
        session.say(
            Text.assemble(
                (f"  thread {n}  ", "bold"),
                (f"{owner or 'someone'} started ", "dim"),
                (session.channel_name(thread.id) or thread.name, ""),
                (f"  ({_count(count, 'message')}: /show thread {n})", "dim"),
            )
        )


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
