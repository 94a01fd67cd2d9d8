"""Tab completion: paths, option names, and values (the bot's autocomplete for some options)."""

from __future__ import annotations

from typing import Any

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from bot.local.commands import CommandTable
from bot.local.complete import ConsoleCompleter, Suggestion, suggest


class FakeSources:
    def __init__(self) -> None:
        self.asked: list[tuple[str, str, str, dict[str, Any]]] = []

    def readers(self) -> list[str]:
        return ["ayla", "bram", "cass"]

    def channels(self) -> list[str]:
        return ["general", "feedback", "after-dark"]

    def threads(self) -> list[str]:
        return ["Reviews: The field", "Reviews: Sephiroth"]

    async def autocomplete(
        self, command: str, option: str, value: str, given: dict[str, Any]
    ) -> list[tuple[str, str]]:
        self.asked.append((command, option, value, given))
        names = ["Aerith Gainsborough", "Sephiroth"] if option in ("character", "name") else []
        if option == "story":
            return [("The field was littered (004)", "004")]
        return [(n, n) for n in names if n.casefold().startswith(value.strip().casefold()[:2])]


def texts(found: list[Suggestion]) -> list[str]:
    return [s.text for s in found]


@pytest.fixture
def sources() -> FakeSources:
    return FakeSources()


async def test_paths(table: CommandTable, sources: FakeSources) -> None:
    assert "fic " in texts(await suggest(table, "/", sources))
    assert "as " in texts(await suggest(table, "/", sources))
    assert texts(await suggest(table, "/fi", sources)) == ["fic ", "ficadmin "]
    found = await suggest(table, "/fic r", sources)
    assert texts(found) == ["random ", "read "] and found[0].replace == 1
    assert texts(await suggest(table, "", sources))[0] == "/fic "


async def test_option_names_then_values_from_the_bots_autocomplete(
    table: CommandTable, sources: FakeSources
) -> None:
    names = await suggest(table, "/fic random ", sources)
    # Option names, then values for the first option (a plain value fills it).
    assert texts(names) == ["character:", "fandom:", "Aerith Gainsborough ", "Sephiroth "]
    found = await suggest(table, "/fic random character:Ae", sources)
    assert texts(found) == ["Aerith Gainsborough "] and found[0].replace == 2
    assert sources.asked[-1] == ("fic random", "character", "Ae", {})
    # A named string option keeps its words: the whole value is sent and replaced.
    found = await suggest(table, "/fic random character:Aerith Gai", sources)
    assert found[0].replace == len("Aerith Gai")
    last_value: str = sources.asked[-1][2]
    assert last_value == "Aerith Gai"


async def test_positional_values_and_other_options_given(
    table: CommandTable, sources: FakeSources
) -> None:
    found = await suggest(table, "/fic by-character Se", sources)
    assert "Sephiroth " in texts(found)
    found = await suggest(table, "/fic read page:2 The", sources)
    assert texts(found)[0] == "004 "
    assert sources.asked[-1] == ("fic read", "story", "The", {"page": 2})


async def test_channels_readers_booleans_and_choices(
    table: CommandTable, sources: FakeSources
) -> None:
    assert texts(await suggest(table, "/ficadmin feedback-channel #f", sources)) == ["#feedback "]
    assert texts(await suggest(table, "/ficadmin remove-review 004 b", sources)) == ["bram "]
    assert "true " in texts(await suggest(table, "/fic read 004 public:t", sources))
    assert texts(await suggest(table, "/fic sort B", sources)) == ["top "]


async def test_console_commands(table: CommandTable, sources: FakeSources) -> None:
    assert texts(await suggest(table, "/as b", sources)) == ["bram "]
    assert texts(await suggest(table, "/in #a", sources)) == ["#after-dark "]
    assert "thread " in texts(await suggest(table, "/show ", sources))
    assert texts(await suggest(table, "/show thread ", sources)) == ["1 ", "2 "]


async def test_nothing_for_unknown_lines(table: CommandTable, sources: FakeSources) -> None:
    assert await suggest(table, "/nope x", sources) == []
    assert await suggest(table, "hello", sources) == []


async def test_prompt_toolkit_adapter(table: CommandTable, sources: FakeSources) -> None:
    completer = ConsoleCompleter(table, sources)
    doc = Document("/fic by-character Ae")
    found = [c async for c in completer.get_completions_async(doc, CompleteEvent())]
    assert [c.text for c in found] == ["Aerith Gainsborough "]
    assert found[0].start_position == -2
    assert list(completer.get_completions(doc, CompleteEvent())) == []
