"""Command lines -> command path and options, as Discord's client would fill them in."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.local.commands import CommandTable
from bot.local.parse import (
    Answer,
    Blank,
    Comment,
    ConsoleCommand,
    ParseError,
    Press,
    Slash,
    parse_line,
    tokenize,
)


def slash(table: CommandTable, line: str) -> Slash:
    parsed = parse_line(table, line)
    assert isinstance(parsed, Slash), parsed
    return parsed


@pytest.mark.parametrize(
    ("line", "path", "options"),
    [
        ("/fic by-character Aeris", "fic by-character", {"name": "Aeris"}),
        # The last required string option takes the rest of the line.
        (
            "/fic by-character Aerith Gainsborough",
            "fic by-character",
            {"name": "Aerith Gainsborough"},
        ),
        ("/fic search Shinra's soldiers", "fic search", {"text": "Shinra's soldiers"}),
        ("/fic random", "fic random", {}),
        ("/fic random character:Aeris", "fic random", {"character": "Aeris"}),
        ("/fic random character: Aeris", "fic random", {"character": "Aeris"}),
        # A named string option runs until the next option, as in Discord's input box.
        (
            "/fic random character:Aerith Gainsborough fandom:Final Fantasy VII",
            "fic random",
            {"character": "Aerith Gainsborough", "fandom": "Final Fantasy VII"},
        ),
        ("/fic read 004 page:3", "fic read", {"story": "004", "page": 3}),
        ("/fic read page:3 004", "fic read", {"story": "004", "page": 3}),
        ("/fic read story:004 public:yes", "fic read", {"story": "004", "public": True}),
        (
            '/fic read "The field was littered" page:2',
            "fic read",
            {"story": "The field was littered", "page": 2},
        ),
        ("/fic read 'The field' page:2", "fic read", {"story": "The field", "page": 2}),
        (
            '/fic random character:"Aerith" fandom:FF7',
            "fic random",
            {"character": "Aerith", "fandom": "FF7"},
        ),
        ('/fic search "say \\"hi\\""', "fic search", {"text": 'say "hi"'}),
        ("/FIC  Help", "fic help", {}),
        (
            "/ficadmin feedback-channel #feedback",
            "ficadmin feedback-channel",
            {"channel": "feedback"},
        ),
        (
            "/ficadmin feedback-channel feedback",
            "ficadmin feedback-channel",
            {"channel": "feedback"},
        ),
        ("/ficadmin feedback-channel <#123>", "ficadmin feedback-channel", {"channel": 123}),
        (
            "/ficadmin remove-review 004 bram",
            "ficadmin remove-review",
            {"story": "004", "reader": "bram"},
        ),
        (
            "/ficadmin remove-review 004 @bram",
            "ficadmin remove-review",
            {"story": "004", "reader": "bram"},
        ),
        (
            "/ficadmin remove-review reader:<@42> story:004",
            "ficadmin remove-review",
            {"story": "004", "reader": 42},
        ),
        ("/fic sort best", "fic sort", {"order": "top"}),
        ("/fic random Aeris Gainsborough", "fic random", {"character": "Aeris Gainsborough"}),
        ("/fic sort new", "fic sort", {"order": "new"}),
    ],
)
def test_command_lines(
    table: CommandTable, line: str, path: str, options: dict[str, object]
) -> None:
    parsed = slash(table, line)
    assert parsed.path == path
    assert parsed.options == options


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/nope", "unknown command /nope"),
        ("/", "type a command after the /"),
        ("/fic", "/fic needs a subcommand: by-character, help, random, read, search, sort"),
        ("/fic nope", "/fic has no subcommand 'nope'"),
        ("/fic read", "/fic read needs story (Title or id)"),
        ("/fic read page:2", "/fic read needs story"),
        ("/fic read 004 page:x", "option 'page' takes a whole number, not 'x'"),
        ("/fic read 004 public:maybe", "takes true or false"),
        ('/fic search "unclosed', "a quote is never closed"),
        (
            '/fic random character:"Aeris" Cloud',
            "takes its options by name, e.g. /fic random character:Cloud",
        ),
        ("/fic random char:Aeris", "/fic random has no option 'char' (options: character, fandom)"),
        ("/fic help now", "/fic help takes no options"),
        ("/fic random character:A character:B", "option 'character' is given twice"),
        ("/fic random character:", "option 'character' needs a value"),
        ("/ficadmin feedback-channel #a #b", "too many values: '#b'"),
        ("/fic sort worst", "takes one of: Newest, Best"),
        ("fic random", "type a /command"),
    ],
)
def test_errors_say_what_to_type(table: CommandTable, line: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_line(table, line)
    assert message in str(caught.value)


def test_other_kinds_of_line(table: CommandTable) -> None:
    assert parse_line(table, "   ") == Blank()
    assert parse_line(table, "# a note") == Comment("a note")
    assert parse_line(table, "> 5") == Answer("5")
    assert parse_line(table, ">") == Answer("")
    assert parse_line(table, ">  two spaces") == Answer(" two spaces")
    assert parse_line(table, "3") == Press(3)
    assert parse_line(table, "5.2") == Press(5, "2")
    assert parse_line(table, "5 2") == Press(5, "2")
    assert parse_line(table, "5 Aerith Gainsborough") == Press(5, "Aerith Gainsborough")
    assert parse_line(table, "/as bram") == ConsoleCommand("as", ("bram",))
    assert parse_line(table, "/in #after-dark") == ConsoleCommand("in", ("#after-dark",))
    assert parse_line(table, "/show thread 1") == ConsoleCommand("show", ("thread", "1"))
    assert parse_line(table, '/show thread "Reviews: The"') == ConsoleCommand(
        "show", ("thread", "Reviews: The")
    )
    assert parse_line(table, "/exit") == ConsoleCommand("quit")
    assert parse_line(table, "/help") == ConsoleCommand("help")


def test_attachments_are_paths(table: CommandTable) -> None:
    from bot.local.commands import CommandSpec, OptionSpec

    upload = CommandTable(
        [CommandSpec(("fic", "upload"), "", (OptionSpec("file", "attachment", True),))]
    )
    assert slash(upload, "/fic upload ~/story.txt").options == {
        "file": Path("~/story.txt").expanduser()
    }


def test_tokens_keep_apostrophes_and_positions() -> None:
    tokens = tokenize("read Shinra's 'quoted words' name:\"x y\"")
    assert [t.text for t in tokens] == ["read", "Shinra's", "quoted words", "name:x y"]
    assert (
        tokens[3].name == "name"
        and tokens[3].quoted
        and tokens[3].start == 29
        and tokens[3].value_start == 34
    )
    assert tokenize("a 'tis")[1].value == "'tis"  # a lone apostrophe is a letter
    partial = tokenize('x "open', partial=True)[1]
    assert partial.value == "open" and not partial.closed
