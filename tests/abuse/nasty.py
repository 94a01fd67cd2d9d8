"""Strange things people type: a fixed list, and hypothesis strategies built from it."""

from __future__ import annotations

from hypothesis import strategies as st

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
RTL = "\u202e\u202b\u200f"

# Each one is something a reader could type (or a forged payload could carry) into a text option.
NASTY: list[str] = [
    # empty, blank, invisible
    "",
    " ",
    "   \t  ",
    "\n\n\n",
    "\u3000",
    "\u200b",
    ZERO_WIDTH,
    f"{ZERO_WIDTH}Aeris{ZERO_WIDTH}",
    # right-to-left and other scripts
    "\u202eAeris\u202c",
    f"{RTL}004",
    "\u200fעברית\u200f",
    "مرحبا بالعالم",
    "Ａｅｒｉｓ",
    "エアリス",
    "Zalgo: A̷̛̤ȅ̸͎r̵̢̊i̴̬͝s̷̰̈",
    # emoji
    "😀",
    "👨‍👩‍👧‍👦" * 10,
    "🏳️‍🌈⚔️🗡️",
    # markdown
    "**bold** __under__ ~~strike~~ `code` ```block``` ||spoiler|| > quote",
    "# heading",
    "-# small",
    "[click me](https://evil.example)",
    "||||",
    "\\",
    "\\\\*",
    "```",
    # mentions
    "@everyone",
    "@here",
    "<@123>",
    "<@!123>",
    "<@&456>",
    "<#789>",
    "@everyone <@&456> <@123> @here",
    "</fic random:123>",
    # SQL
    "'; DROP TABLE stories; --",
    '" OR 1=1 --',
    "004' OR '1'='1",
    "%",
    "_",
    "%%__\\%",
    # FTS5 syntax
    '"',
    '"unbalanced',
    "*",
    "a*",
    "NEAR(",
    "NEAR(sephiroth aeris, 2)",
    "AND",
    "OR",
    "NOT",
    "sephiroth AND aeris",
    "-",
    "-aeris",
    ":",
    "title:aeris",
    "^sephiroth",
    "(",
    ")",
    "{body}: wind",
    # numbers and ids
    "0",
    "-1",
    "1e9",
    "999999999999999999999999",
    "004",
    "  004  ",
    "000",
    "999",
    "does-not-exist",
    "../../etc/passwd",
    "all",
    "ALL",
    # only punctuation
    "!!!",
    "...",
    "?",
    "-_-",
    "~",
    "'",
    "/",
    "<>",
    "&amp;",
    # control characters
    "\x00",
    "\x01\x02\x03",
    "\x02sephiroth\x03",
    "\r\n",
    # real names in odd shapes
    "Aeris",
    "aerith",
    "AERITH GAINSBOROUGH",
    "  sephiroth  ",
    "Sephirot",
]


def long_strings(limit: int) -> list[str]:
    """At an option's maximum length, and beyond it (only with ``force``: Discord stops those)."""
    return [
        "x" * limit,
        ("@everyone " * limit)[:limit],
        ("**" * limit)[:limit],
        ("he was the " * limit)[:limit],  # common words: many matches, many pages
        "he was the " * 60,
        "x" * (limit + 1),
        "é" * 4000,
        "word " * 1200,
        "@everyone <@123> " * 300,
    ]


# Pieces a generated string is made of: nasty fragments, and arbitrary text.
_ATOMS = st.sampled_from(
    [
        "@everyone",
        "@here",
        "<@123>",
        "<@&456>",
        "**",
        "||",
        "`",
        "\\",
        '"',
        "*",
        "NEAR(",
        " AND ",
        "-",
        ":",
        "'",
        "%",
        "_",
        ";",
        "--",
        ZERO_WIDTH,
        RTL,
        "😀",
        "Aeris",
        "004",
        " ",
        "\n",
    ]
)


def nasty_text(max_size: int = 120) -> st.SearchStrategy[str]:
    """Generated nasty strings: fragments of the list above mixed with arbitrary unicode."""
    return st.one_of(
        st.sampled_from(NASTY),
        st.text(max_size=max_size),
        st.lists(st.one_of(_ATOMS, st.text(max_size=8)), max_size=8).map("".join),
    )
