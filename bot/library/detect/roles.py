"""Who a story is about: leads, supporting characters and those only mentioned."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from bot.library.detect.names import Mention
from bot.library.detect.pronouns import PronounStarts, pronoun_starts
from bot.library.roster import CharacterDef


@dataclass(frozen=True, slots=True)
class CharacterRole:
    name: str
    fandom: str | None
    role: str  # "lead", "supporting" or "mentioned"
    mentions: int  # times named in the body
    score: float  # mentions plus the pronouns we attribute to them: orders the cast
    called: str  # the name the story uses most for them ("Aeris")
    confirmed: bool = True  # False for recurring proper names that are not in the roster
    gender: str = "n"


ROLE_ORDER = {"lead": 0, "supporting": 1, "mentioned": 2}

# A pronoun is weaker evidence than a name: it may refer to anyone of that gender in the scene.
_PRONOUN_WEIGHT = 0.5
# Above this many characters named by the author, the list is a cast list, not a focus.
_FOCUS_LIMIT = 4
# A character the notes do not name is a lead only with this many times the focus's score.
_OUTWEIGH_FOCUS = 1.5
# A character named only in the notes is the "he"/"she" of a POV piece from this many pronouns.
_POV_PRONOUNS = 3


@dataclass(frozen=True, slots=True)
class CastInput:
    body_mentions: list[Mention]
    author_mentions: list[Mention]  # in notes, disclaimer, end notes and summary
    meta_characters: list[CharacterDef]  # from the Characters field
    meta_pairs: list[tuple[str, str]]  # from Relationships
    pronouns: dict[str, int]
    body_words: int
    # The body paragraph by paragraph, with the mentions found in each: when given, each
    # he/she is credited to the character it most likely stands for, not shared out evenly.
    paragraphs: list[str] = field(default_factory=list)
    paragraph_mentions: list[list[Mention]] = field(default_factory=list)
    lower_words: frozenset[str] = frozenset()  # the body's words written in lower case
    # Optional: each paragraph's pronoun_starts, already found.
    paragraph_pronouns: list[PronounStarts] | None = None
    # The characters the summary names (also among author_mentions): what the story is about,
    # even when the text calls them only by an epithet ("the General") or "he".
    summary_named: frozenset[str] = frozenset()
    # The first-person narrator, when the story is told as "I" and says who that is.
    narrator: str | None = None


def assign_roles(cast: CastInput) -> list[CharacterRole]:  # noqa: C901 (one ranking pass; each branch is one documented role rule)
    confident = {m.character.name for m in cast.body_mentions if m.confident}
    confident |= {
        m.character.name
        for m in cast.body_mentions
        if m.likely and not {m.alias.casefold(), m.alias.casefold() + "s"} & cast.lower_words
    }
    confident |= {m.character.name for m in cast.author_mentions}
    confident |= {c.name for c in cast.meta_characters}
    mentions: Counter[str] = Counter()
    called: dict[str, Counter[str]] = defaultdict(Counter)
    chars: dict[str, CharacterDef] = {}
    for m in cast.body_mentions:
        if m.confident or m.character.name in confident:
            mentions[m.character.name] += 1
            called[m.character.name][m.alias] += 1
            chars[m.character.name] = m.character

    author_named = list(dict.fromkeys(m.character.name for m in cast.author_mentions))
    for m in cast.author_mentions:
        chars.setdefault(m.character.name, m.character)
        called[m.character.name][m.alias] += 0
    pair_names = {n for pair in cast.meta_pairs for n in pair}
    for c in cast.meta_characters:
        chars.setdefault(c.name, c)
    focus = set(author_named) if len(author_named) <= _FOCUS_LIMIT else set()
    meta_named = pair_names | {c.name for c in cast.meta_characters}
    for name in list(focus):
        if name in cast.summary_named:
            continue  # the summary says who the story is about, named in the text or not
        if mentions[name] or name in meta_named:
            continue
        # Named in the notes, never in the story: the lead of a POV piece ("Sephiroth's
        # thoughts", then only "he") when nobody else could be that "he"; otherwise a name in
        # passing ("thanks to my beta, who loves Reno").
        gender = chars[name].gender
        rivals = any(mentions[o] for o in chars if o != name and chars[o].gender == gender)
        if gender == "n" or rivals or cast.pronouns.get(gender, 0) < _POV_PRONOUNS:
            focus.discard(name)
    focus |= {n for n in pair_names if n in chars}
    if cast.narrator is not None and cast.narrator in chars:
        focus.add(cast.narrator)

    score: dict[str, float] = {name: float(mentions[name]) for name in chars}
    if cast.paragraphs:
        credit = _pronoun_credit(cast, chars, mentions, focus, confident)
        for name, pronouns in credit.items():
            score[name] += _PRONOUN_WEIGHT * pronouns
    else:
        for gender in ("m", "f"):
            group = [n for n in chars if chars[n].gender == gender and (mentions[n] or n in focus)]
            # Pronouns go first to the characters the author says the story is about.
            priority = [n for n in group if n in focus] or group
            weights = {n: mentions[n] + 1 for n in priority}
            total = sum(weights.values())
            for n in priority:
                score[n] += _PRONOUN_WEIGHT * cast.pronouns.get(gender, 0) * weights[n] / total

    top = max(score.values(), default=0.0) or 1.0
    # With the author's focus given, another character must clearly outweigh it to be a lead.
    focus_top = max((score[n] for n in focus), default=0.0)
    lead_bar = max(0.5 * top, _OUTWEIGH_FOCUS * focus_top)
    supporting_floor = max(3, cast.body_words // 5000)
    roles: list[CharacterRole] = []
    for name, char in chars.items():
        named = mentions[name]
        if (
            name in focus
            or (named >= 1 and score[name] == top and not focus)  # named once, then "he"
            or (named >= 2 and score[name] > lead_bar)
        ):
            role = "lead"
        elif (
            named >= supporting_floor
            or (named >= 2 and score[name] >= 0.2 * top)
            or name in pair_names
        ):
            role = "supporting"
        else:
            role = "mentioned"
        if named == 0 and name not in focus and char not in cast.meta_characters:
            continue  # named only in passing in the notes ("thanks to my beta, who loves Reno")
        spelled = called[name].most_common(1)
        roles.append(
            CharacterRole(
                name=name,
                fandom=char.fandom,
                role=role,
                mentions=named,
                score=round(score[name], 2),
                called=_display_alias(spelled[0][0], char) if spelled else char.name,
                gender=char.gender,
            )
        )
    roles.sort(key=lambda r: (ROLE_ORDER[r.role], -r.score, r.name))
    return roles


def _pronoun_credit(  # noqa: C901 (one left-to-right scan; each branch is one attribution rule)
    cast: CastInput,
    chars: dict[str, CharacterDef],
    mentions: Counter[str],
    focus: set[str],
    confident: set[str],
) -> Counter[str]:
    """Who each he/she stands for: the last character of that gender named before it in the
    paragraph; failing that, the story's own "he" or "she": the character of that gender the
    author says the story is about, else the first one the story names."""
    eligible = {n for n in chars if mentions[n] or n in focus}
    default: dict[str, str] = {}
    for gender in ("m", "f"):
        # Ties broken by name: ``focus`` is a set, whose order changes from process to
        # process (string hashing), and the same story must read the same in every one.
        focused = sorted(
            (n for n in focus if chars[n].gender == gender), key=lambda n: (-mentions[n], n)
        )
        if focused:
            default[gender] = focused[0]
            continue
        for found in cast.paragraph_mentions:
            first = next(
                (
                    m.character.name
                    for m in found
                    if m.character.gender == gender
                    and m.character.name in eligible
                    and (m.confident or m.character.name in confident)
                ),
                None,
            )
            if first is not None:
                default[gender] = first
                break
    credit: Counter[str] = Counter()
    male, female = default.get("m"), default.get("f")
    for index, (text, found) in enumerate(
        zip(cast.paragraphs, cast.paragraph_mentions, strict=True)
    ):
        if cast.paragraph_pronouns is not None:
            he, she = cast.paragraph_pronouns[index]
        else:
            he, she = pronoun_starts(text)
        names = [
            (m.start, m.character)
            for m in found
            if m.character.name in eligible and (m.confident or m.character.name in confident)
        ]
        if not names:
            # Nobody named here: every he is the story's he, every she its she.
            if male is not None and he:
                credit[male] += len(he)
            if female is not None and she:
                credit[female] += len(she)
            continue
        # Each pronoun stands for the last character of its gender named before it (a name
        # starting before the pronoun does), else for the story's default: the pronouns
        # between two such names are counted at once, by bisecting their sorted starts,
        # instead of walking through them one by one.
        for gender, starts in (("m", he), ("f", she)):
            if not starts:
                continue
            who = default.get(gender)
            done = 0  # pronouns credited so far: those starting at or before the last name
            for start, char in names:
                if char.gender != gender:
                    continue
                upto = bisect.bisect_right(starts, start, done)
                if who is not None and upto > done:
                    credit[who] += upto - done
                who, done = char.name, upto
            if who is not None and len(starts) > done:
                credit[who] += len(starts) - done
    return credit


def _display_alias(written: str, char: CharacterDef) -> str:
    for alias in char.aliases:
        if alias.casefold() == written.casefold():
            return alias
    return written
