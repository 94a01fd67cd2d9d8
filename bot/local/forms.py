"""Questions the console asks: the fields of a form (modal) and the choice in a menu.

A menu answer is one of the keys shown next to the options (their values when those are short
words, like the stars 5 to 1, else their numbers), or an option's value, label or number; several
answers are separated by commas. A text answer must fit the field's length limits, as Discord's
client insists; a checkbox takes y/n. An empty answer keeps the field's current value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.local.render import Option

JSON = dict[str, Any]
_SIMPLE = re.compile(r"[\w.-]{1,12}")
_YES = {"y", "yes", "true", "1", "x", "on", "✓"}
_NO = {"n", "no", "false", "0", "off", ""}


class AnswerError(ValueError):
    """An answer Discord's client would not accept; the message says what it wants."""


@dataclass(slots=True)
class Question:
    label: str
    kind: str  # "select", "text" or "checkbox"
    custom_id: str = ""
    description: str = ""
    options: list[Option] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # what to type for each option
    min_values: int = 1
    max_values: int = 1
    required: bool = True
    multiline: bool = False
    default: Any = None
    min_length: int | None = None
    max_length: int | None = None
    placeholder: str = ""

    def hint(self, *, interactive: bool = True) -> str:
        if self.kind == "checkbox":
            return f"y or n (empty: {'y' if self.default else 'n'})"
        if self.kind == "select":
            if self.max_values > 1:
                return f"pick {self.min_values} to {self.max_values}, commas between"
            return "pick one" + (" (empty: keep ✓)" if self.default else "")
        limits = []
        if self.min_length:
            limits.append(f"at least {self.min_length}")
        if self.max_length:
            limits.append(f"at most {self.max_length}")
        text = f"{' and '.join(limits)} characters" if limits else "text"
        if self.default:
            text += ", empty: keep it as it is"
        if self.multiline:
            text += "; end with an empty line" if interactive else r"; \n for a new line"
        return text


def keys_for(options: list[Option], *, numbered: bool) -> list[str]:
    values = [o.value for o in options]
    if (
        not numbered
        and len(set(values)) == len(values)
        and all(_SIMPLE.fullmatch(v) for v in values)
    ):
        return values
    return [str(n) for n in range(1, len(options) + 1)]


def select_question(component: JSON, label: str, description: str = "") -> Question:
    options = [
        Option(
            str(o.get("value", "")),
            str(o.get("label", "")),
            str(o.get("description") or ""),
            bool(o.get("default")),
        )
        for o in component.get("options") or []
    ]
    defaults = [o.value for o in options if o.default]
    return Question(
        label=label,
        kind="select",
        custom_id=str(component.get("custom_id", "")),
        description=description,
        options=options,
        keys=keys_for(options, numbered=False),
        min_values=int(component.get("min_values", 1)),
        max_values=int(component.get("max_values", 1)),
        required=bool(component.get("required", True)),
        default=defaults or None,
        placeholder=str(component.get("placeholder") or ""),
    )


def modal_questions(modal: JSON) -> list[Question]:
    """One question per input of a modal, in order (labels, text inputs, selects, checkboxes)."""
    questions: list[Question] = []
    for top in modal.get("components") or []:
        kind = int(top.get("type", 0))
        if kind == 18:  # a Label around one component
            pairs = [
                (
                    top.get("component") or {},
                    str(top.get("label", "")),
                    str(top.get("description") or ""),
                )
            ]
        elif kind == 1:  # the older layout: an action row with a text input carrying its label
            pairs = [(c, str(c.get("label") or ""), "") for c in top.get("components") or []]
        else:
            continue
        for component, label, description in pairs:
            question = _question(component, label, description)
            if question is not None:
                questions.append(question)
    return questions


def _question(component: JSON, label: str, description: str) -> Question | None:
    kind = int(component.get("type", 0))
    cid = str(component.get("custom_id", ""))
    if kind == 4:
        return Question(
            label=label or cid,
            kind="text",
            custom_id=cid,
            description=description,
            required=bool(component.get("required", True)),
            multiline=int(component.get("style", 1)) == 2,
            default=component.get("value") or None,
            min_length=component.get("min_length"),
            max_length=component.get("max_length"),
            placeholder=str(component.get("placeholder") or ""),
        )
    if kind in (3, 21):
        return select_question(component, label or cid, description)
    if kind == 23:
        return Question(
            label=label or cid,
            kind="checkbox",
            custom_id=cid,
            description=description,
            default=bool(component.get("default")),
        )
    return None


def answer(question: Question, text: str) -> Any:
    """The value to submit for `text` (raises AnswerError when Discord's client would refuse)."""
    typed = text.strip()
    if question.kind == "checkbox":
        if not typed:
            return bool(question.default)
        if typed.casefold() in _YES:
            return True
        if typed.casefold() in _NO:
            return False
        raise AnswerError("answer y or n")
    if question.kind == "select":
        return pick(question, typed)
    value = text if text.strip() else (question.default or "")
    if question.required and not value.strip():
        raise AnswerError(f"{question.label} is required")
    if value and question.min_length and len(value) < int(question.min_length):
        raise AnswerError(
            f"{question.label} needs at least {question.min_length} characters (got {len(value)})"
        )
    if question.max_length and len(value) > int(question.max_length):
        raise AnswerError(
            f"{question.label} takes at most {question.max_length} characters (got {len(value)})"
        )
    return value


def pick(question: Question, typed: str) -> list[str]:
    """Option values for a menu answer: keys, values, labels or numbers, comma-separated."""
    if not typed:
        if question.default:
            return list(question.default)
        if question.required and question.min_values > 0:
            raise AnswerError(f"pick one of: {', '.join(question.keys)}")
        return []
    chosen: list[str] = []
    for part in (p.strip() for p in typed.split(",")):
        chosen.append(_one(question, part))
    if not question.min_values <= len(chosen) <= question.max_values:
        raise AnswerError(f"pick {question.min_values} to {question.max_values}")
    return chosen


def _one(question: Question, part: str) -> str:
    options = question.options
    for key, option in zip(question.keys, options, strict=True):
        if part == key:
            return option.value
    folded = part.casefold()
    for option in options:
        if folded in (option.value.casefold(), option.label.casefold()):
            return option.value
    if part.isdigit() and 1 <= int(part) <= len(options):
        return options[int(part) - 1].value
    starts = [o for o in options if o.label.casefold().startswith(folded)]
    if len(starts) == 1:
        return starts[0].value
    raise AnswerError(f"no option {part!r}; pick one of: {', '.join(question.keys)}")
