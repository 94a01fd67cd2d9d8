"""Text hygiene: encodings, line endings, trailing spaces, and how lines become paragraphs."""

from __future__ import annotations

import codecs
import textwrap

import pytest

from bot.library import text
from bot.library.sections import Section

from .support import parse_bytes, starts

STORY = (
    "Tifa wiped the bar down for the third time that night.\n\n"
    "“You’re stalling,” Barret said – and he was right.\n\n"
    "She didn’t answer. Outside, the rain kept on…\n"
)


# ---------------------------------------------------------------- decoding


def test_utf8_decodes_as_written() -> None:
    assert text.decode(STORY.encode("utf-8")) == STORY


def test_utf8_bom_is_dropped() -> None:
    assert text.decode(codecs.BOM_UTF8 + STORY.encode("utf-8")) == STORY


def test_utf16_with_bom_decodes() -> None:
    assert text.decode(STORY.encode("utf-16")) == STORY


def test_cp1252_curly_quotes_dashes_and_ellipsis() -> None:
    """An old Word file: 0x93/0x94 quotes, 0x96 en dash, 0x97 em dash, 0x85 ellipsis."""
    raw = b"\x93Wait\x94 \x96 she said \x97 \x85and then she was gone. Caf\xe9."
    assert text.decode(raw) == "“Wait” – she said — …and then she was gone. Café."


def test_cp1252_single_quotes_and_apostrophes() -> None:
    raw = b"Cloud\x92s sword. \x91Fine,\x92 he said."
    assert text.decode(raw) == "Cloud’s sword. ‘Fine,’ he said."


def test_latin1_fallback_when_cp1252_has_holes() -> None:
    """0x81 is undefined in cp1252: the file is read as latin-1 rather than refused."""
    raw = b"Na\xefve \xe0 la mode\x81 story"
    decoded = text.decode(raw)
    assert decoded.startswith("Naïve à la mode")


def test_cp1252_quotes_survive_a_stray_undefined_byte() -> None:
    """One byte cp1252 cannot read must not turn every curly quote into a control character."""
    raw = b"\x93Run,\x94 Zack said\x97and they ran.\x81"
    assert text.decode(raw) == "“Run,” Zack said—and they ran.\x81"


def test_mixed_utf8_and_cp1252_bytes() -> None:
    """A UTF-8 file with a note pasted in from an old editor: each part reads right."""
    raw = "Aerith’s church — “Flowers”.\n\n".encode() + b"A/N: don\x92t sue me\x85"
    assert text.decode(raw) == "Aerith’s church — “Flowers”.\n\nA/N: don’t sue me…"


def test_utf8_wins_over_cp1252_when_valid() -> None:
    assert text.decode("Café — naïve".encode()) == "Café — naïve"


def test_nul_bytes_are_binary() -> None:
    with pytest.raises(text.UndecodableError):
        text.decode(b"PK\x03\x04\x00\x00\x14\x00binary zip header")


def test_control_characters_are_binary() -> None:
    with pytest.raises(text.UndecodableError):
        text.decode(bytes(range(1, 32)) * 20)


def test_cp1252_story_reads_right_end_to_end() -> None:
    raw = (
        b"A/N: My first fic, be nice! Reviews make me happy.\r\n\r\n"
        b"\x93Don\x92t go,\x94 Aerith said. Zack only laughed \x97 he always laughed.\r\n\r\n"
        b"He went anyway\x85 and the church was quiet after that."
    )
    story = parse_bytes(raw)
    assert story.section(Section.BODY) == [
        "“Don’t go,” Aerith said. Zack only laughed — he always laughed.",
        "He went anyway… and the church was quiet after that.",
    ]
    assert starts(story, Section.NOTES) == ["A/N: My first"]


# ---------------------------------------------------------------- normalising


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_become_lf(newline: str) -> None:
    raw = "One.\n\nTwo\nlines.\n".replace("\n", newline)
    assert text.normalise(raw) == "One.\n\nTwo\nlines."


def test_trailing_spaces_and_tabs_are_stripped_leading_kept() -> None:
    raw = "  Indented first line.   \nsecond line\t \n\n\n   \n"
    assert text.normalise(raw) == "  Indented first line.\nsecond line"


def test_non_breaking_spaces_become_spaces() -> None:
    assert text.normalise("Cloud\u00a0Strife\u00a0\n") == "Cloud Strife"


def test_invisible_characters_do_not_hide_blank_lines() -> None:
    raw = "One.\n\u200b\nTwo.\u2029Three.\u2028still three."
    assert text.normalise(raw) == "One.\n\nTwo.\n\nThree.\nstill three."


def test_crlf_story_with_trailing_spaces_splits_into_paragraphs() -> None:
    raw = b"Cloud slept.  \r\n\r\nTifa did not.\t\r\n   \r\nThe bar was empty. \r\n"
    story = parse_bytes(raw)
    assert story.section(Section.BODY) == ["Cloud slept.", "Tifa did not.", "The bar was empty."]


def test_mac_cr_story_splits_into_paragraphs() -> None:
    raw = b"Vincent waited.\r\rThe coffin lid was heavy.\r\rHe slept again.\r"
    story = parse_bytes(raw)
    assert len(story.section(Section.BODY)) == 3


# ---------------------------------------------------------------- paragraphs


def test_blocks_record_blank_lines_before() -> None:
    blocks = text.blocks("One.\n\nTwo.\n\n\n\nThree.")
    assert [(b.text, b.blank_before) for b in blocks] == [
        ("One.", 0),
        ("Two.", 1),
        ("Three.", 3),
    ]


def test_hard_wrapped_paragraphs_stay_whole() -> None:
    para1 = (
        "Zack Fair had never been good at waiting. He drummed his fingers on the "
        "railing of the train platform, counted the lamps along the tracks, and "
        "counted them again when the first count came out odd."
    )
    para2 = (
        "When the train finally pulled in, Aerith was the last one off, a basket "
        "of flowers on her arm and a look on her face that said she knew exactly "
        "how long he had been standing there."
    )
    wrapped = "\n\n".join(textwrap.fill(p, 72) for p in (para1, para2))
    blocks = text.blocks(text.normalise(wrapped))
    assert [" ".join(b.text.split()) for b in blocks] == [para1, para2]
    assert all("\n" in b.text for b in blocks)  # the line breaks are kept as written


def test_one_paragraph_per_line_without_blank_lines() -> None:
    lines = [
        "Cloud rode out of Edge before the sun was up, the engine of the bike loud in the empty "
        "streets and the wind cold enough to make his eyes water behind the goggles he wore.",
        '"You\'re leaving again," Tifa had said the night before, and it had not been a question.',
        "He had no answer for her then, and he had none now, only the road and the long grey "
        "line of the wasteland ahead where nobody would ask him anything at all.",
        "He rode on.",
    ]
    blocks = text.blocks("\n".join(lines))
    assert [b.text for b in blocks] == lines


def test_one_short_paragraph_per_line_without_blank_lines() -> None:
    """A drabble of short lines and no blank lines at all: each line is a paragraph."""
    lines = [
        '"Cloud?"',
        '"Mm."',
        '"Are you awake?"',
        '"No."',
        "Tifa laughed and pulled the blanket over his head.",
        "He let her.",
    ]
    blocks = text.blocks("\n".join(lines))
    assert [b.text for b in blocks] == lines


def test_poem_inside_a_story_stays_one_paragraph() -> None:
    """Short lines inside a story with blank-line paragraphs are verse, kept as one block."""
    poem = (
        "When the war of the beasts brings about the world's end\n"
        "The goddess descends from the sky\n"
        "Wings of light and dark spread afar"
    )
    story = (
        "Genesis opened the book and read aloud, as he always did.\n\n"
        f"{poem}\n\n"
        "Angeal sighed. He had heard it a hundred times."
    )
    assert [b.text for b in text.blocks(story)] == [
        "Genesis opened the book and read aloud, as he always did.",
        poem,
        "Angeal sighed. He had heard it a hundred times.",
    ]


def test_stacked_labels_in_one_block_split_per_label() -> None:
    block = "A/N: Written for a prompt.\nDisclaimer: Not mine, Square Enix's."
    assert [b.text for b in text.blocks(block)] == [
        "A/N: Written for a prompt.",
        "Disclaimer: Not mine, Square Enix's.",
    ]


def test_word_count_and_reading_time() -> None:
    assert text.word_count("Don't go — it's a well-known trap, Cloud.") == 7
    assert text.reading_minutes(0) == 0
    assert text.reading_minutes(10) == 1
    assert text.reading_minutes(2300) == 10


def test_hard_wrapped_without_blank_lines_splits_at_short_lines() -> None:
    """No blank lines and no indents: a paragraph ends where a line stops short of the wrap."""
    paragraphs = [
        "Zack Fair had never been good at waiting. He drummed his fingers on the railing of "
        "the train platform, counted the lamps along the tracks, and counted them again.",
        "When the train finally pulled in, Aerith was the last one off, a basket of flowers "
        "on her arm and a look on her face that said she knew how long he had waited.",
        '"You\'re late," he said.',
        "She laughed at him, and took his arm, and they walked out into the city together "
        "while the lamps came on one by one above them.",
    ]
    raw = "\n".join(textwrap.fill(p, 72) for p in paragraphs)
    assert [" ".join(b.text.split()) for b in text.blocks(raw)] == paragraphs


def test_long_hard_wrapped_paragraphs_with_blank_lines_stay_whole() -> None:
    """Ten-line paragraphs are long, not one-paragraph-per-line: each block is one paragraph."""
    sentence = "Sephiroth walked the length of the hangar and back again, counting his steps. "
    paragraphs = [(sentence * 9).strip(), (sentence * 10).strip(), (sentence * 8).strip()]
    wrapped = "\n\n".join(textwrap.fill(p, 70) for p in paragraphs)
    blocks = text.blocks(wrapped)
    assert [" ".join(b.text.split()) for b in blocks] == paragraphs
