"""The fitting and pagination helpers that keep every message inside Discord's limits."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.ui import limits, markdown


def test_fit_cuts_at_a_word_with_a_visible_ellipsis() -> None:
    assert limits.fit("short", 10) == "short"
    cut = limits.fit("The field was littered with the bodies of soldiers", 20)
    assert len(cut) <= 20 and cut.endswith("…") and cut == "The field was…"


@given(
    st.lists(st.text(min_size=0, max_size=9000), max_size=12),
    st.integers(min_value=50, max_value=4000),
)
def test_paginate_keeps_every_character_and_respects_the_limit(
    blocks: list[str], limit: int
) -> None:
    pages = limits.paginate(blocks, limit)
    assert all(len(p) <= limit for p in pages)
    kept = "".join("".join(p.split()) for p in pages)
    assert kept == "".join("".join(b.split()) for b in blocks)


def test_paginate_breaks_between_paragraphs() -> None:
    paras = [f"Paragraph {n}. " + "word " * 150 for n in range(10)]
    pages = limits.paginate(paras, 2000)
    for page in pages:
        assert page.startswith("Paragraph")


def test_embed_problems_names_each_broken_limit() -> None:
    embed = {"title": "t" * 300, "description": "d" * 10, "fields": [{"name": "", "value": "v"}]}
    problems = limits.embed_problems(embed)
    assert any(p.startswith("title") for p in problems)
    assert any("empty" in p for p in problems)
    assert limits.embed_problems({"title": "ok", "description": "fine"}) == []


def test_markdown_escape_neutralises_pings_links_and_formatting() -> None:
    text = markdown.escape("@everyone **bold** [x](https://e.example) ||s|| `c`")
    assert "@everyone" not in text and "https://" not in text
    assert "\\*\\*bold\\*\\*" in text and "\\|\\|" in text


def test_prose_keeps_emphasis_but_not_block_syntax() -> None:
    out = markdown.prose("# Not a heading\n> not a quote\n*italic thought*\n@here")
    assert out.startswith("\\# Not a heading") and "\\> not a quote" in out
    assert "*italic thought*" in out and "@here" not in out


def test_highlight_bolds_matches_only() -> None:
    snippet = "the \x02mythic\x03 hero *of* old"
    assert markdown.highlight(snippet) == "the **mythic** hero \\*of\\* old"
