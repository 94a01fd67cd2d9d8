"""A deterministic fan-fiction corpus: N story files from a seed, shaped like a real archive.

Every story is a pure function of ``(seed, index)``, so a corpus can be generated in parallel,
regenerated file by file, and cached on disk under ``bench/out/corpus/`` keyed by size, seed
and generator version. Text comes from sentence skeletons (vocabulary + templates) filled in
per story with the cast's names and pronouns; no third-party library is needed.

What the stories carry, as people post them:

* lengths from 100-word drabbles to 50,000-word epics, median about 3,000 words;
* author's notes (labelled and unlabelled), disclaimers, closing notes asking for reviews;
* scene breaks (``* * *``, ``~~~``, ``oOo``, ``-x-x-``, rules, extra blank lines) and, in long
  stories, chapter headings with notes around them;
* AO3 header blocks, AO3 download banners, or a title and byline on some;
* cp1252 bytes (curly quotes as single bytes), CRLF line endings, a UTF-8 BOM on some;
* hard-wrapped lines on some, one paragraph per line with no blank lines on others;
* characters from the roster under their aliases (Aeris for Aerith, Seph, Vinnie), leads that
  are named once and then called "he" or "she" for paragraphs, original characters;
* one character (``POPULAR``) in about 30% of stories and one (``RARE``) in about 1%, so the
  benchmark can ask for both.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import shutil
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bot.library.roster import CharacterDef, Roster
from bot.library.roster_file import BUNDLED_ROSTER

# Bump when the generated text changes: cached corpora of an older version are regenerated.
GENERATOR_VERSION = 5

POPULAR = "Cloud Strife"  # in about 30% of stories
POPULAR_SHARE = 0.30
RARE = "Shelke"  # in about 1% of stories
RARE_SHARE = 0.01

MIN_WORDS = 100
MAX_WORDS = 50_000
MEDIAN_WORDS = 3_000

# --- vocabulary -------------------------------------------------------------------------------

_NOUNS = (
    "sword door window rain light shadow voice hand road city wall sky street fire smoke glass "
    "bottle letter table chair bed floor ceiling stair roof bridge train station market church "
    "flower garden field river lake sea shore cliff forest tree branch leaf stone dust ash blood "
    "wound bandage scar coat glove boot belt pocket key lock box book page map photograph memory "
    "dream silence breath heart chest shoulder arm finger palm neck jaw lip eye cheek tear smile "
    "frown laugh whisper shout promise secret lie truth question answer reason choice mistake "
    "debt favor mission report order rumor story song prayer name word night morning evening "
    "dawn dusk hour minute moment year season winter summer autumn spring storm wind snow ice "
    "mako reactor engine cable pipe lamp candle ember spark flame blade hilt gun bullet shell "
    "helmet uniform badge collar ribbon bracelet ring necklace feather wing bird chocobo wolf "
    "monster ghost spirit planet star moon sun cloudbank horizon ocean wave tide harbor ship "
    "deck rail rope anchor mast sail crate barrel cup mug kettle bread apple soup coffee tea "
    "whiskey wine beer bar counter stool kitchen hallway corridor office desk paper pen ink "
    "phone screen message signal radio static alarm siren clock bell candle mirror portrait "
    "blanket pillow sheet curtain rug carpet tile pavement gravel mud puddle fence gate path "
    "trail hill valley canyon desert dune mountain peak ridge cave tunnel mine shaft ladder"
).split()
_ADJECTIVES = (
    "old young quiet loud cold warm bright dark heavy light broken whole empty full tired "
    "restless gentle rough soft hard sharp dull pale red green blue silver golden black white "
    "grey distant close narrow wide deep shallow slow quick careful reckless sudden familiar "
    "strange bitter sweet sour faint steady shaking wet dry dusty clean ragged torn worn new "
    "ancient fragile stubborn hollow heavy-lidded bloodied scorched frozen humid muggy crowded "
    "deserted silent hushed crooked straight low high thin thick long short small vast tiny "
    "endless weary hopeful hopeless patient impatient proud ashamed grateful furious calm"
).split()
_VERBS = (
    "walked turned looked stepped reached pulled pushed opened closed lifted dropped carried "
    "touched grabbed held watched waited listened breathed laughed sighed nodded shrugged smiled "
    "frowned whispered muttered answered asked called shouted ran climbed jumped fell stumbled "
    "leaned knelt sat stood paused hesitated glanced stared blinked swallowed winced flinched "
    "shivered trembled shook settled rested slept woke dreamed remembered forgot wondered "
    "decided refused agreed promised lied admitted confessed laughed cried fought struck "
    "blocked dodged parried swung drew sheathed cleaned polished fixed broke poured drank ate "
    "cooked washed folded packed wrote read counted crossed followed led searched found lost"
).split()
_TRANSITIVE = (
    "touched grabbed held watched lifted dropped carried opened closed pulled pushed cleaned "
    "polished fixed broke poured studied traced counted followed found lost remembered kept "
    "hid offered returned checked folded packed read wrote"
).split()
_ADVERBS = (
    "slowly quickly quietly carefully gently softly suddenly finally barely nearly almost "
    "already still again once twice abruptly calmly coldly warmly firmly loosely lightly "
    "heavily sharply wearily absently thoughtfully stiffly awkwardly easily"
).split()
_PLACE_NAMES = (
    "Midgar",
    "Nibelheim",
    "Junon",
    "Kalm",
    "Wutai",
    "Gongaga",
    "Costa del Sol",
    "Cosmo Canyon",
    "Icicle Inn",
    "Edge",
    "Sector 7",
    "Wall Market",
    "Seventh Heaven",
    "Rocket Town",
    "Mideel",
)
_FEELINGS = (
    "grief guilt relief hope fear anger longing regret joy dread shame pride tenderness "
    "loneliness exhaustion wonder doubt"
).split()
_UTTERANCES = (
    "We should go.",
    "I know.",
    "You don't have to do this.",
    "Are you all right?",
    "It's late.",
    "Stay here.",
    "I'll be back before morning.",
    "That's not what I meant.",
    "Do you remember the first time?",
    "Don't.",
    "Thank you.",
    "I never asked for this.",
    "We can still make it if we leave now.",
    "Why did you come back?",
    "Because someone had to.",
    "It was never your fault.",
    "How long have you known?",
    "Long enough.",
    "Then tell me the truth.",
    "You look tired.",
    "I'm fine.",
    "No, you're not.",
    "Keep moving.",
    "Is it over?",
    "Not yet.",
    "I'm sorry.",
    "Say that again.",
    "Where are the others?",
    "Waiting at the station.",
    "Give me a minute.",
)
_OC_NAMES = (
    "Mira",
    "Kaelen",
    "Aster",
    "Brynn",
    "Lysander",
    "Oriane",
    "Tamsin",
    "Corvin",
    "Isolde",
    "Rowan",
    "Sable",
    "Evander",
)
_AUTHOR_PARTS = (
    "silver feather wander ash moon lit quill ink crimson sky star fall night shade "
    "mako lily chocobo sword wing ember frost rain"
).split()
_GENRES = (
    "Angst",
    "Hurt/Comfort",
    "Fluff",
    "Romance",
    "Friendship",
    "Drama",
    "Post-Canon",
    "Alternate Universe",
    "Canon Compliant",
    "Slow Burn",
    "Character Study",
    "Found Family",
)

# Sentence templates. {s} subject, {o} object pronoun, {p} possessive, {n}/{n2} nouns,
# {a}/{a2} adjectives, {v} a past verb, {t} a transitive verb, {d} an adverb, {l} a place,
# {f} a feeling. Subjects are filled per story: a name, or he/she for the lead.
_TEMPLATES = (
    "{s} {v} {d} toward the {a} {n}, and for a long moment nothing else moved.",
    "{s} {t} the {n} and {v} without a word, as if the {n2} had asked a question.",
    "The {n} was {a}, and {s} {v} anyway, because there was nothing else left to do.",
    "For a moment {s} {v}, {p} {n} {a} against the {n2} while the rain kept falling.",
    "{s} {t} {p} {n}, the {a} weight of it familiar after all these years.",
    "Somewhere beyond the {n}, a {a} {n2} {v}, and the sound of it carried a long way.",
    "{s} remembered {l}, the {a} {n} and the {n2} that never seemed to end.",
    "{s} {v}, and the {f} came back all at once, sharp and {a}.",
    "The {a} {n} was nothing like the {n2} {s} remembered from before.",
    "{s} {t} the {a} {n} {d}, careful not to wake anyone in the next room.",
    "There was {f} in the way {s} {v}, though neither of them would have called it that.",
    "{s} did not look at the {n}; instead {s} {t} the {n2} and waited.",
    "When the {n} {v}, {s} {v} too, and the silence between them grew {a}.",
    "The {n2} smelled of {n} and {a} rain, the way it always did at the end of the day.",
    "{s} {v} {d}, {p} {n} still {a} from the long walk home.",
    "Outside, the {n} {v} over the rooftops, {a} and {a2} in the failing light.",
    "{s} had {t} that {n} a hundred times, and it had never felt this {a}.",
    "Nobody spoke of the {a} {n} anymore, not since the {n2} had gone quiet.",
    "{s} {t} the {n} from the {a} {n2} and {v}.",
    "The light was {a} and {a2}, and {s} {v} in it for a while without thinking.",
    "It was {f}, {s} thought, or something close enough to it that the difference did not matter.",
    "{s} {v}.",
    "Then {s} {v} {d}.",
    "{p} {n} ached, a {a} reminder of the {n2} and of everything that had come after it.",
    "Every {n} in the city was {a} that night, and {s} {v} past all of them.",
    "{s} {t} the {n} with {a} fingers and tried not to think about what it meant.",
    "There had been a {n} once, {a} and {a2}, and {s} had {t} it before anyone noticed.",
    "It had been a {a} year since {l}, and {s} still {v} whenever the {n} {v}.",
    "{s} {v} and {v}, then {t} the {n} again, slower this time.",
    "The {n} in {p} hands was {a}; {s} {t} it until the {f} passed.",
    "{s} could not say how long {s} stood there, only that the {n} had gone {a} by the end.",
    "Later, {s} would remember the {a} {n} and the {n2}, and little else.",
)
_DIALOGUE = (
    '"{u}" {s} said.',
    '"{u}" {s} {say} {d}.',
    '"{u}"',
    '"{u}" {s} {say}, and {v}.',
    '{s} {v}. "{u}"',
)
_SAY = ("said", "asked", "murmured", "whispered", "muttered", "answered", "called")

_NOTES_OPEN = (
    "A/N: This is my first fic for this fandom, so please be gentle! Reviews are always welcome.",
    "A/N: Written for a prompt on tumblr. I hope you enjoy it!",
    "Author's Note: I have had this plot bunny for months. Thanks to my beta for putting up with me.",
    "AN: Quick drabble. I couldn't get this idea out of my head, so here it is.",
    "Notes: Set after Advent Children. Mild spoilers for Crisis Core.",
    "A/N: Sorry for the long hiatus! This chapter fought me the whole way. Let me know what you think.",
    "A/N: Rated T for language. Please review, I read every single one!",
    "Author's Notes: This fic is dedicated to everyone who still ships them. Enjoy!",
)
_NOTES_MORE = (
    "I know it's a little OOC but I hope you like it anyway. Constructive criticism is welcome, flames are not.",
    "Thanks so much to everyone who reviewed the last chapter, you guys are amazing!",
    "Also, I'm sorry for any typos, this fic isn't betaed yet.",
)
_DISCLAIMERS = (
    "Disclaimer: I don't own Final Fantasy VII or any of its characters. They belong to Square Enix.",
    "Disclaimer: I do not own FF7. If I did, things would have gone very differently.",
    "Disclaimer: Final Fantasy VII and all its characters are the property of Square Enix. No money is being made.",
    "Disclaimer: Not mine. Never will be.",
)
_END_NOTES = (
    "Please review! Let me know what you think.",
    "Thanks for reading! Reviews make my day.",
    "R&R please!",
    "End notes: That's it for now. I might write a sequel if people want one.",
    "Like it? Hate it? Let me know in a review!",
    "A/N: Thank you for reading this fic. Kudos and comments are always appreciated!",
)
_BREAKS = ("* * *", "~~~", "oOo", "-x-x-", "***", "----------", "~*~*~", "xXx")
_AO3_RATINGS = (
    ("General Audiences", 0.25),
    ("Teen And Up Audiences", 0.40),
    ("Mature", 0.20),
    ("Explicit", 0.15),
)


@dataclass(frozen=True, slots=True)
class Cast:
    lead: CharacterDef
    second: CharacterDef | None  # a second lead (a pairing, or a rival)
    supporting: tuple[CharacterDef, ...]
    mentioned: tuple[CharacterDef, ...]
    oc: str | None


@dataclass(frozen=True, slots=True)
class CorpusInfo:
    folder: Path
    stories: int
    seed: int
    bytes: int
    words: int
    generated_seconds: float
    cached: bool

    def as_json(self) -> dict[str, object]:
        return {
            "folder": str(self.folder),
            "stories": self.stories,
            "seed": self.seed,
            "bytes": self.bytes,
            "words": self.words,
            "generated_seconds": round(self.generated_seconds, 2),
            "cached": self.cached,
        }


class Generator:
    """Writes story ``index`` of the corpus for ``seed``. Cheap to build, deterministic."""

    def __init__(self, seed: int, roster: Roster | None = None) -> None:
        self.seed = seed
        self.roster = roster or Roster.load(BUNDLED_ROSTER)
        chars = [c for c in self.roster.characters if c.gender in ("m", "f")]
        by_name = {c.name: c for c in chars}
        self.popular = by_name[POPULAR]
        self.rare = by_name[RARE]
        self.others = [c for c in chars if c.name not in (POPULAR, RARE)]
        # Zipf-like popularity among the rest: the main cast is everywhere, minor NPCs rare.
        self.weights = [1.0 / (rank + 3) ** 1.1 for rank in range(len(self.others))]
        rng = random.Random(f"ficbot-bench-skeletons:{seed}")
        self.skeletons = [self._skeleton(rng) for _ in range(6000)]
        self.dialogue = [self._dialogue(rng) for _ in range(1500)]

    # --- sentence skeletons: everything but who ------------------------------------------------

    @staticmethod
    def _fill(template: str, rng: random.Random) -> str:
        return template.format(
            s="{s}",
            o="{o}",
            p="{p}",
            n=rng.choice(_NOUNS),
            n2=rng.choice(_NOUNS),
            a=rng.choice(_ADJECTIVES),
            a2=rng.choice(_ADJECTIVES),
            v=rng.choice(_VERBS),
            t=rng.choice(_TRANSITIVE),
            d=rng.choice(_ADVERBS),
            l=rng.choice(_PLACE_NAMES),
            f=rng.choice(_FEELINGS),
            u="{u}",
            say="{say}",
        )

    def _skeleton(self, rng: random.Random) -> str:
        return self._fill(rng.choice(_TEMPLATES), rng)

    def _dialogue(self, rng: random.Random) -> str:
        line = self._fill(rng.choice(_DIALOGUE), rng)
        return line.replace("{u}", rng.choice(_UTTERANCES)).replace("{say}", rng.choice(_SAY))

    # --- one story ----------------------------------------------------------------------------

    def words_for(self, rng: random.Random) -> int:
        """Drabbles, one-shots and epics: median about 3,000 words, 100 to 50,000."""
        roll = rng.random()
        if roll < 0.12:
            return rng.randint(MIN_WORDS, 1000)  # drabbles and ficlets
        if roll < 0.994:
            # log-normal one-shots and short multi-chapter works around the median
            value = math.exp(rng.gauss(math.log(MEDIAN_WORDS * 1.06), 0.38))
            return int(min(max(value, 1000), 20_000))
        return rng.randint(20_000, MAX_WORDS)  # epics

    def cast(self, rng: random.Random) -> Cast:
        picked: list[CharacterDef] = []
        if rng.random() < POPULAR_SHARE:
            picked.append(self.popular)
        if rng.random() < RARE_SHARE:
            picked.append(self.rare)
        size = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6))
        while len(picked) < size:
            c = rng.choices(self.others, self.weights)[0]
            if c not in picked:
                picked.append(c)
        rng.shuffle(picked)
        lead = picked[0]
        second = picked[1] if len(picked) > 1 and rng.random() < 0.45 else None
        rest = picked[2:] if second else picked[1:]
        cut = (len(rest) + 1) // 2
        oc = rng.choice(_OC_NAMES) if rng.random() < 0.12 else None
        return Cast(lead, second, tuple(rest[:cut]), tuple(rest[cut:]), oc)

    def story(self, index: int) -> bytes:
        rng = random.Random(f"ficbot-bench-story:{self.seed}:{index}")
        target = self.words_for(rng)
        cast = self.cast(rng)
        rating, rating_shown = self._rating(rng)
        title = self._title(rng)
        author = self._author(rng)

        front: list[str] = []
        shape = rng.random()
        if shape < 0.25:
            front.append(self._ao3_header(rng, title, author, rating, cast))
        elif shape < 0.30:
            front.append(
                f"{title}\nPosted originally on the Archive of Our Own at "
                f"http://archiveofourown.org/works/{1000000 + index}."
            )
        elif shape < 0.45:
            front.append(title)
            front.append(f"by {author}")
        if rng.random() < 0.55:
            note = rng.choice(_NOTES_OPEN)
            if rating_shown and rng.random() < 0.5:
                note += f" Rated {rating_shown[0]} to be safe."
            front.append(note)
            if rng.random() < 0.3:
                front.append(rng.choice(_NOTES_MORE))
        if rng.random() < 0.45:
            front.append(rng.choice(_DISCLAIMERS))

        body = self._body(rng, cast, target)
        end: list[str] = []
        if rng.random() < 0.45:
            end.append(rng.choice(_END_NOTES))
            if rng.random() < 0.3:
                end.append(rng.choice(_END_NOTES))

        text = self._layout(rng, front, body, end)
        return self._encode(rng, text)

    def _rating(self, rng: random.Random) -> tuple[str, str]:
        roll = rng.random()
        acc = 0.0
        for rating, share in _AO3_RATINGS:
            acc += share
            if roll < acc:
                return rating, rating
        return "Not Rated", ""

    def _title(self, rng: random.Random) -> str:
        shapes = (
            lambda: f"The {rng.choice(_ADJECTIVES).title()} {rng.choice(_NOUNS).title()}",
            lambda: f"{rng.choice(_NOUNS).title()} and {rng.choice(_NOUNS).title()}",
            lambda: f"What the {rng.choice(_NOUNS).title()} Remembers",
            lambda: f"{rng.choice(_FEELINGS).title()} in {rng.choice(_PLACE_NAMES)}",
            lambda: f"A {rng.choice(_ADJECTIVES).title()} Kind of {rng.choice(_FEELINGS).title()}",
        )
        return rng.choice(shapes)()

    def _author(self, rng: random.Random) -> str:
        a, b = rng.sample(_AUTHOR_PARTS, 2)
        return f"{a}{b}" + (str(rng.randint(1, 99)) if rng.random() < 0.3 else "")

    def _ao3_header(
        self, rng: random.Random, title: str, author: str, rating: str, cast: Cast
    ) -> str:
        named = [cast.lead, *([cast.second] if cast.second else []), *cast.supporting]
        lines = [
            f"Title: {title}",
            f"Author: {author}",
            "Fandom: Final Fantasy VII",
            f"Rating: {rating}",
            "Archive Warning: No Archive Warnings Apply",
            "Category: " + rng.choice(("Gen", "F/M", "M/M", "F/F", "Multi")),
        ]
        if cast.second is not None:
            lines.append(f"Relationships: {cast.lead.name}/{cast.second.name}")
        lines.append("Characters: " + ", ".join(c.name for c in named))
        lines.append("Additional Tags: " + ", ".join(rng.sample(_GENRES, 3)))
        lines.append(
            f"Summary: {cast.lead.aliases[0]} {rng.choice(_VERBS)} through "
            f"{rng.choice(_PLACE_NAMES)}, looking for a {rng.choice(_NOUNS)}."
        )
        return "\n".join(lines)

    def _names(self, rng: random.Random, char: CharacterDef) -> tuple[str, ...]:
        """The spellings this story uses: the canonical name and, often, one favourite alias."""
        plain = [a for a in char.aliases if a not in char.common_words] or [char.name]
        short = [a for a in plain if " " not in a] or plain
        favourite = rng.choice(short)
        return (favourite, favourite, favourite, char.name) if rng.random() < 0.7 else (favourite,)

    def _body(self, rng: random.Random, cast: Cast, target: int) -> list[str]:
        lead_names = self._names(rng, cast.lead)
        he = {"m": ("he", "him", "his"), "f": ("she", "her", "her")}
        lead_pron = he[cast.lead.gender]
        second = cast.second
        second_names = self._names(rng, second) if second else ()
        second_pron = he[second.gender] if second else ("they", "them", "their")
        support = [(self._names(rng, c), he[c.gender]) for c in cast.supporting]
        mention = [self._names(rng, c)[0] for c in cast.mentioned]
        # Pronoun-heavy: the lead is named once in a while and is "he"/"she" otherwise.
        name_rate = rng.choice((0.04, 0.08, 0.15, 0.25))
        dialogue_rate = rng.choice((0.1, 0.2, 0.3))
        chapters = target >= 12_000 and rng.random() < 0.8
        chapter_words = rng.randint(3000, 6000)
        scene_words = rng.randint(600, 2500)
        skeletons, dialogue = self.skeletons, self.dialogue

        out: list[str] = []
        words = 0
        since_scene = since_chapter = 0
        chapter = 1
        if chapters:
            out.append("Chapter 1")
        first = True
        while words < target:
            if chapters and since_chapter >= chapter_words:
                chapter += 1
                if rng.random() < 0.5:
                    out.append(
                        "A/N: Thanks for all the reviews on the last chapter! Here's the next one."
                    )
                out.append(f"Chapter {chapter}")
                since_chapter = since_scene = 0
            elif since_scene >= scene_words:
                out.append("" if rng.random() < 0.25 else rng.choice(_BREAKS))
                since_scene = 0
            sentences: list[str] = []
            n_sent = rng.choice((1, 2, 2, 3, 3, 4, 4, 5, 6))
            for _ in range(n_sent):
                roll = rng.random()
                if first or roll < name_rate:
                    s, o, p = rng.choice(lead_names), lead_pron[1], lead_pron[2]
                    first = False
                elif second and roll < name_rate + 0.08:
                    s, o, p = rng.choice(second_names), second_pron[1], second_pron[2]
                elif support and roll < name_rate + 0.14:
                    names, pron = rng.choice(support)
                    s, o, p = rng.choice(names), pron[1], pron[2]
                elif mention and roll < name_rate + 0.15:
                    s, o, p = rng.choice(mention), "them", "their"
                elif cast.oc and roll < name_rate + 0.17:
                    s, o, p = cast.oc, "her", "her"
                else:
                    s, o, p = lead_pron
                template = (
                    rng.choice(dialogue) if rng.random() < dialogue_rate else rng.choice(skeletons)
                )
                sentence = template.format(s=s, o=o, p=p)
                sentences.append(sentence[0].upper() + sentence[1:])
            para = " ".join(sentences)
            out.append(para)
            n = para.count(" ") + 1
            words += n
            since_scene += n
            since_chapter += n
        return out

    def _layout(self, rng: random.Random, front: list[str], body: list[str], end: list[str]) -> str:
        roll = rng.random()
        if roll < 0.08:
            # one paragraph per line, no blank lines except around scene breaks
            lines = [*front, "", *[p for p in body if p], "", *end]
            return "\n".join(lines) + "\n"
        wrap = 0 if roll < 0.9 else rng.choice((72, 76, 80))
        parts: list[str] = []
        for p in front:
            parts.append(p)
        for p in body:
            if not p:
                parts.append("\n")  # a wider gap: a scene break without a marker
            else:
                parts.append(_wrap(p, wrap) if wrap else p)
        parts.extend(end)
        return "\n\n".join(parts) + "\n"

    def _encode(self, rng: random.Random, text: str) -> bytes:
        roll = rng.random()
        if roll < 0.15:
            # An old archive: Windows line endings and cp1252 typography.
            curly = _OPEN_QUOTE.sub("\u201c", text).replace('"', "\u201d")
            curly = curly.replace("'", "\u2019").replace("...", "\u2026")
            return curly.replace("\n", "\r\n").encode("cp1252", errors="replace")
        if roll < 0.25:
            return text.replace("\n", "\r\n").encode("utf-8")
        if roll < 0.30:
            return b"\xef\xbb\xbf" + text.encode("utf-8")
        return text.encode("utf-8")


# A straight double quote that opens a quotation: at the start of a line or after a space.
_OPEN_QUOTE = re.compile(r'(?:(?<=^)|(?<=[\s(]))"', re.MULTILINE)


def _wrap(paragraph: str, width: int) -> str:
    lines: list[str] = []
    current = ""
    for word in paragraph.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return "\n".join(lines)


def file_name(index: int) -> str:
    return f"{index:06d}_story.txt"


def changed_indices(stories: int, share: float = 0.01) -> list[int]:
    """The stories an "edit 1% of the files" step rewrites: spread evenly, at least one."""
    count = max(1, round(stories * share))
    step = stories / count
    return [int(k * step) for k in range(count)]


def edited(original: bytes) -> bytes:
    """A story after its author fixed a typo and added a thank-you at the end."""
    crlf = b"\r\n" in original
    nl = b"\r\n" if crlf else b"\n"
    return (
        original.rstrip()
        + nl
        + nl
        + b"Edit: fixed a few typos. Thank you for all the reviews!"
        + nl
    )


# --- generation, in parallel, cached ----------------------------------------------------------

_WORKER: Generator | None = None


def _init_worker(seed: int) -> None:
    global _WORKER
    _WORKER = Generator(seed)


def _write_range(folder: str, start: int, stop: int) -> tuple[int, int]:
    assert _WORKER is not None
    total_bytes = total_words = 0
    for index in range(start, stop):
        data = _WORKER.story(index)
        with open(os.path.join(folder, file_name(index)), "wb") as fh:
            fh.write(data)
        total_bytes += len(data)
        total_words += data.count(b" ") + data.count(b"\n")
    return total_bytes, total_words


def corpus_dir(out: Path, stories: int, seed: int) -> Path:
    return out / "corpus" / f"n{stories}-s{seed}-v{GENERATOR_VERSION}"


def ensure_corpus(
    out: Path, stories: int, seed: int, *, workers: int | None = None, log: bool = True
) -> CorpusInfo:
    """The corpus for ``(stories, seed)``, generated once and then read from the cache."""
    import time

    folder = corpus_dir(out, stories, seed)
    marker = folder / ".complete.json"
    if marker.is_file():
        data = json.loads(marker.read_text())
        return CorpusInfo(
            folder,
            stories,
            seed,
            int(data["bytes"]),
            int(data["words"]),
            float(data["seconds"]),
            True,
        )
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    workers = workers or os.cpu_count() or 1
    chunk = max(50, min(2000, stories // (workers * 8) or 1))
    ranges = [(k, min(k + chunk, stories)) for k in range(0, stories, chunk)]
    total_bytes = total_words = 0
    if log:
        print(f"generating {stories:,} stories (seed {seed}) in {folder} ...", flush=True)
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(seed,)) as pool:
        for b, w in pool.map(
            _write_range, *zip(*[(str(folder), a, z) for a, z in ranges], strict=True)
        ):
            total_bytes += b
            total_words += w
    seconds = time.perf_counter() - started
    marker.write_text(json.dumps({"bytes": total_bytes, "words": total_words, "seconds": seconds}))
    if log:
        print(f"  {total_bytes / 1e6:,.0f} MB in {seconds:.1f} s", flush=True)
    return CorpusInfo(folder, stories, seed, total_bytes, total_words, seconds, False)


def length_stats(seed: int, sample: Iterable[int]) -> dict[str, float]:
    """Word-count distribution of the given stories (for checking the generator's shape)."""
    gen = Generator(seed)
    counts = sorted(gen.words_for(random.Random(f"ficbot-bench-story:{seed}:{i}")) for i in sample)
    return _describe(counts)


def _describe(values: Sequence[int]) -> dict[str, float]:
    n = len(values)
    return {
        "n": n,
        "min": values[0],
        "median": values[n // 2],
        "mean": sum(values) / n,
        "max": values[-1],
    }
