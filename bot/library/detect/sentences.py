"""Where a word stands in its sentence: at its start, or after a determiner."""

from __future__ import annotations

from bot.library.words import words

# Words after which a capitalised ordinary word is the word, not the name: "a Cloud", "the Red".
DETERMINERS = words().determiners
SENTENCE_END = ".!?…"
# What may stand between a sentence's end and its first word: quotes, brackets, markup, spaces.
OPENERS = "\"“‘'([*_-–— \n\t"


def after_determiner(text: str, pos: int) -> bool:
    before = text[max(0, pos - 20) : pos].split()
    return bool(before) and before[-1].casefold().strip("\"“'‘(") in DETERMINERS


def at_sentence_start(text: str, pos: int) -> bool:
    k = pos - 1
    while k >= 0 and text[k] in OPENERS:
        k -= 1
    return k < 0 or text[k] in SENTENCE_END
