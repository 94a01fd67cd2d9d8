"""A form (modal) asked field by field, and the answers Discord's client would accept."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from bot.local.forms import AnswerError, answer, modal_questions, pick
from bot.local.render import Option
from bot.ui import ids

ACTION_ROW = discord.ComponentType.action_row.value
LABEL = discord.ComponentType.label.value
STRING_SELECT = discord.ComponentType.string_select.value
TEXT_INPUT = discord.ComponentType.text_input.value
CHECKBOX = discord.ComponentType.checkbox.value
SHORT = discord.TextStyle.short.value
PARAGRAPH = discord.TextStyle.paragraph.value

# The review form as ficbot opens it (the data of a modal callback).
REVIEW_FORM: dict[str, Any] = {
    "custom_id": ids.review_modal("004", "abcd"),
    "title": "Review: The field…",
    "components": [
        {
            "type": LABEL,
            "label": "Your rating",
            "component": {
                "type": STRING_SELECT,
                "custom_id": "rating",
                "min_values": 1,
                "max_values": 1,
                "options": [
                    {"label": f"{'★' * n}  {n}", "value": str(n), "default": False}
                    for n in range(5, 0, -1)
                ],
            },
        },
        {
            "type": LABEL,
            "label": "Your review",
            "description": "10 to 2000 characters",
            "component": {
                "type": TEXT_INPUT,
                "style": PARAGRAPH,
                "custom_id": "text",
                "required": True,
                "min_length": 10,
                "max_length": 2000,
            },
        },
        {
            "type": LABEL,
            "label": "Contains spoilers",
            "component": {"type": CHECKBOX, "custom_id": "spoiler", "default": False},
        },
    ],
}


def test_the_review_form_becomes_three_questions() -> None:
    rating, text, spoiler = modal_questions(REVIEW_FORM)
    assert (rating.kind, rating.custom_id, rating.label) == ("select", "rating", "Your rating")
    assert rating.keys == ["5", "4", "3", "2", "1"]  # short values are what you type
    assert (text.kind, text.multiline, text.min_length, text.max_length) == ("text", True, 10, 2000)
    assert (spoiler.kind, spoiler.default) == ("checkbox", False)
    assert "\\n" in text.hint(interactive=False) and "empty line" in text.hint()


def test_answers() -> None:
    rating, text, spoiler = modal_questions(REVIEW_FORM)
    assert answer(rating, "5") == ["5"]
    assert answer(rating, "★★★★  4") == ["4"]
    assert answer(text, "Loved it, truly.") == "Loved it, truly."
    assert (
        answer(spoiler, "y") is True
        and answer(spoiler, "no") is False
        and answer(spoiler, "") is False
    )
    for question, bad, why in (
        (rating, "9", "no option '9'"),
        (rating, "", "pick one of"),
        (text, "short", "at least 10"),
        (text, "   ", "required"),
        (text, "x" * 2001, "at most 2000"),
        (spoiler, "maybe", "y or n"),
    ):
        with pytest.raises(AnswerError, match=why):
            answer(question, bad)


def test_an_edit_form_keeps_what_is_there() -> None:
    form = {
        "components": [
            {
                "type": LABEL,
                "label": "Stars",
                "component": {
                    "type": STRING_SELECT,
                    "custom_id": "rating",
                    "options": [
                        {"label": "5", "value": "5", "default": False},
                        {"label": "4", "value": "4", "default": True},
                    ],
                },
            },
            {
                "type": ACTION_ROW,
                "components": [
                    {
                        "type": TEXT_INPUT,
                        "style": SHORT,
                        "custom_id": "t",
                        "label": "Title",
                        "value": "Old text here",
                    }
                ],
            },
        ]
    }
    stars, title = modal_questions(form)
    assert answer(stars, "") == ["4"]
    assert (title.label, title.multiline, answer(title, "")) == ("Title", False, "Old text here")


def test_menu_picks_by_number_value_label_or_unique_start() -> None:
    from bot.local.forms import Question

    options = [Option("004", "The field was littered"), Option("000", "Sephiroth thought")]
    menu = Question("Open a story…", "select", options=options, keys=["1", "2"], max_values=2)
    assert pick(menu, "2") == ["000"]
    assert pick(menu, "004") == ["004"]
    assert pick(menu, "sephiroth thought") == ["000"]
    assert pick(menu, "The") == ["004"]
    assert pick(menu, "1, 2") == ["004", "000"]
    with pytest.raises(AnswerError):
        pick(menu, "3")
