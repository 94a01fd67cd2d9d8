"""Reading one story file: from bytes to a fully understood story.

``analyse`` is pure (bytes in, ``ParsedStory`` out) so it can run in a worker thread or process
while the bot's event loop stays free.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from bot.library import (
    completion,
    detect,
    formats,
    learned,
    metadata,
    passages,
    ratings,
    tags,
    text,
)
from bot.library.chapters import Given, StoryChapter
from bot.library.chapters import find as find_chapters
from bot.library.detect import CharacterRole, Detector
from bot.library.formats import assemble
from bot.library.metadata import StoryMeta
from bot.library.roster import CharacterDef, Roster
from bot.library.sections import Paragraph, Section, SplitStory, split

# Bumped whenever parsing or analysis changes, so that a reload re-analyses unchanged files.
PARSER_VERSION = 7

# Stories larger than this are refused: the longest novels posted as one file are well under it,
# and a bigger file is far more likely a mistake (a dump, an archive) than a story.
MAX_FILE_BYTES = 4 * 1024 * 1024


class StoryError(ValueError):
    """A file that cannot be loaded as a story; the message says why, for the load report."""


@dataclass(slots=True)
class ParsedStory:
    id: str
    content_hash: str
    paragraphs: list[Paragraph]
    meta: StoryMeta
    words: int
    reading_minutes: int
    characters: list[CharacterRole]
    pairings: list[tuple[str, str]]
    passages: list[passages.Passage]
    # "A & B": friendships, never shown as pairings.
    friendships: list[tuple[str, str]] = field(default_factory=list)
    passage_characters: list[list[str]] = field(default_factory=list)  # names per passage
    # Its chapters (at least one), where they are among ``paragraphs``, with titles and notes.
    chapters: list[StoryChapter] = field(default_factory=list)
    # Things the load should tell the admin about this file (a rating nobody can read).
    warnings: list[str] = field(default_factory=list)
    # Whether it is finished, and its chapters posted and planned when the source says.
    progress: completion.Progress = field(default_factory=completion.Progress)

    def section(self, name: Section) -> list[str]:
        return [p.text for p in self.paragraphs if p.section is name]


def content_hash(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


# What a story id may look like. Ids travel inside buttons' custom ids (which Discord caps at 100
# characters, shared with the other parts of the id) and in commands, so they are short lowercase
# ASCII. The rendering layer builds its custom-id templates from this same pattern.
STORY_ID_PATTERN = r"[a-z0-9][a-z0-9-]{0,47}"
STORY_ID_MAX = 48
_STORY_ID = re.compile(rf"^{STORY_ID_PATTERN}$", re.ASCII)
# A leading number longer than this is no id anyone would type (a timestamp, a hash): slug it.
_NUMBER_ID_MAX = 12
# Room left for the "-N" that tells apart two files wanting the same id.
_SLUG_MAX = 40


def is_story_id(value: str) -> bool:
    return bool(_STORY_ID.match(value))


def _ascii_digits(stem: str) -> str:
    """Any script's decimal digits (fullwidth ０, Arabic-Indic ٠, ...) as ASCII 0-9."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in stem)


def story_id(stem: str) -> str:
    """A short id that survives edits: the stem's leading number, else a slug of the stem.

    Always matches ``STORY_ID_PATTERN``: digits of any script become ASCII, a leading number too
    long to be an id falls back to the slug, and the slug is capped.
    """
    stem = _ascii_digits(stem)
    m = re.match(r"^([0-9]+)", stem)
    if m and len(m.group(1)) <= _NUMBER_ID_MAX:
        return m.group(1)
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")[:_SLUG_MAX].rstrip("-")
    if not slug:
        slug = "story-" + hashlib.blake2b(stem.encode(), digest_size=3).hexdigest()
    return slug


def analyse(
    raw: bytes,
    *,
    stem: str,
    roster: Roster,
    sidecar: metadata.HeaderFields | None = None,
    detector: Detector | None = None,
    suffix: str = ".txt",
) -> ParsedStory:
    """Parse and understand one story file. Raises StoryError with a reader-friendly reason.

    ``suffix`` (the file's, e.g. ".epub") says how to read the bytes: HTML and EPUB are read
    as markup, anything else as text.
    """
    if len(raw) > MAX_FILE_BYTES:
        raise StoryError(f"over the {MAX_FILE_BYTES // (1024 * 1024)} MB size limit")
    split_story, document = _split_file(raw, suffix)
    prose = split_story.prose
    if not prose:
        raise StoryError("no story text (only notes, a disclaimer or a header)")

    fields = {**split_story.header, **(sidecar or {})}
    # Characters the tags name that the roster does not know are this story's all the same.
    extra = _unknown_tagged(roster, fields)
    if extra:
        roster = Roster(
            roster.fandoms, [*roster.characters, *extra], roster.digest, roster.not_characters
        )
        detector = Detector(roster)
    detector = detector or Detector(roster)
    body_texts = [p.text for p in prose]
    body_joined = "\n\n".join(body_texts)
    words = text.word_count(body_joined)

    author_texts = [
        *split_story.section(Section.NOTES),
        *split_story.section(Section.DISCLAIMER),
        *split_story.section(Section.END_NOTES),
        *[p.text for p in split_story.body if p.kind.value == "note"],
    ]
    summary = fields.get("summary", "")
    meta_chars = _resolve_all(roster, metadata.split_list(fields.get("characters", "")))
    meta_pairs, meta_friends = _relationship_pairs(
        roster, metadata.split_list(fields.get("relationships", ""))
    )

    # Each paragraph made ready once for every pattern run on it (lower-cased, mostly).
    scans = [detect.prepare(t) for t in body_texts]
    paragraph_mentions = [detector.find(t, s) for t, s in zip(body_texts, scans, strict=True)]
    body_mentions = [m for found in paragraph_mentions for m in found]
    author_mentions = [m for t in author_texts for m in detector.find(_about_story(t))]
    summary_mentions = detector.find(summary) if summary else []
    author_mentions += summary_mentions
    # Pronouns paragraph by paragraph (the body's are their sum: words never span a paragraph).
    paragraph_pronouns = [
        detect.pronoun_starts(t, s) for t, s in zip(body_texts, scans, strict=True)
    ]
    roles = detect.assign_roles(
        detect.CastInput(
            body_mentions=body_mentions,
            author_mentions=author_mentions,
            meta_characters=meta_chars,
            meta_pairs=meta_pairs + meta_friends,
            pronouns={
                "m": sum(len(he) for he, _ in paragraph_pronouns),
                "f": sum(len(she) for _, she in paragraph_pronouns),
            },
            body_words=words,
            paragraphs=body_texts,
            paragraph_mentions=paragraph_mentions,
            # Only a "likely" mention consults it: skip reading every word otherwise.
            lower_words=(
                detect.lower_case_words(body_joined)
                if any(m.likely for m in body_mentions)
                else frozenset()
            ),
            paragraph_pronouns=paragraph_pronouns,
            summary_named=frozenset(m.character.name for m in summary_mentions),
            narrator=_narrator(body_joined, words, fields, meta_chars, roster, paragraph_pronouns),
        )
    )
    roles.extend(_unconfirmed_roles(body_texts, roster, roles, detector, paragraph_mentions, scans))
    tag_texts = [*metadata.split_list(fields.get("tags", "")), summary]
    pairs, friends = detect.pairings(
        detect.PairingInput(
            meta_pairs, meta_friends, author_texts, tag_texts, detector, roles, body_joined, words
        )
    )

    warnings: list[str] = []
    meta = _metadata(fields, split_story, roles, author_texts, roster, warnings)
    story_passages = passages.build(split_story.paragraphs)
    featured = _Featured(
        detector, roles, split_story.paragraphs, paragraph_mentions, paragraph_pronouns
    )
    return ParsedStory(
        id=story_id(stem),
        content_hash=content_hash(raw),
        paragraphs=split_story.paragraphs,
        meta=meta,
        words=words,
        reading_minutes=text.reading_minutes(words),
        characters=roles,
        pairings=pairs,
        friendships=friends,
        passages=story_passages,
        passage_characters=[featured(p) for p in story_passages],
        chapters=find_chapters(
            split_story.paragraphs, split_story.chapter_starts, _given_chapters(document)
        ),
        warnings=warnings,
        progress=_progress(fields, split_story, document),
    )


def _progress(
    fields: metadata.HeaderFields, split_story: SplitStory, document: formats.Document | None
) -> completion.Progress:
    """What the header says of the story's completion, else what its ending says."""
    # A fanfiction.net facts line, read as a Document or inside a plain header block.
    ffn = (document is not None and document.source == "ffn") or bool(
        metadata.ffn_rated(fields.get("rating", ""))
    )
    said = completion.from_fields(fields, ffn=ffn)
    if said is not None:
        return said
    body = [
        p.text
        for p in split_story.paragraphs
        if p.section is Section.BODY and p.kind.value != "break"
    ]
    closing = [
        *body[-completion.CLOSING_PARAGRAPHS :],
        *split_story.section(Section.END_NOTES),
    ]
    return completion.Progress(completion.from_ending(closing))


def _split_file(raw: bytes, suffix: str) -> tuple[SplitStory, formats.Document | None]:
    """The file's paragraphs in their sections, and its Document when a reader made one."""
    if suffix.lower() in formats.MARKUP_SUFFIXES:
        try:
            document = formats.read_markup(raw, suffix)
        except formats.FormatError as exc:
            raise StoryError(str(exc)) from exc
        return assemble.to_split(document), document
    try:
        decoded = text.decode(raw)
    except text.UndecodableError as exc:
        raise StoryError(str(exc)) from exc
    clean = text.normalise(decoded)
    if not clean.strip():
        raise StoryError("empty file")
    found = formats.read_text(clean)
    if found is not None:
        return assemble.to_split(found), found
    return split(text.blocks(clean)), None


def _given_chapters(document: formats.Document | None) -> list[Given]:
    if document is None:
        return []
    return [Given(c.title, c.summary, c.notes, c.end_notes) for c in document.chapters]


def _resolve_all(roster: Roster, names: list[str]) -> list[CharacterDef]:
    out: list[CharacterDef] = []
    for name in names:
        # AO3 tags: "Aerith Gainsborough (Compilation)", the fandom in brackets; "Red XIII |
        # Nanaki", a pipe between names of one character.
        tag = tags.character_tag(name)
        if tag is None or tag.placeholder:
            continue
        char = next(
            (c for c in map(roster.resolve, [tag.name, *tag.aliases]) if c is not None), None
        )
        if char is not None and char not in out:
            out.append(char)
    return out


# A sentence of the notes that thanks, dedicates or credits: the names in it are people the
# author talks about, not the story's leads ("thanks to my beta, who loves Reno").
_IN_PASSING = re.compile(
    r"\b(?:thanks?|thank you|beta(?:'?d)?|dedicated|dedication|shout-?out|credit|"
    r"requested|prompt(?:ed)? by|gift for|birthday)\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.!?\n]")


def _about_story(note: str) -> str:
    """The note without its sentences of thanks and dedications."""
    m = _IN_PASSING.search(note)
    if m is None:
        return note
    kept: list[str] = []
    start = 0
    for brk in _SENTENCE_BREAK.finditer(note):
        sentence = note[start : brk.end()]
        if _IN_PASSING.search(sentence) is None:
            kept.append(sentence)
        start = brk.end()
    tail = note[start:]
    if tail and _IN_PASSING.search(tail) is None:
        kept.append(tail)
    return "".join(kept)


_I = re.compile(r"\bI\b")
_CALLED_ME = re.compile(
    r"\b(?:my name is|my name's|I'm|I am|call me)\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
)
# A story is told in the first person when "I" is this share of its words, at least.
_FIRST_PERSON_SHARE = 0.02


def _narrator(
    body: str,
    words: int,
    fields: metadata.HeaderFields,
    meta_chars: list[CharacterDef],
    roster: Roster,
    pronouns: list[detect.PronounStarts],
) -> str | None:
    """Who "I" is in a story told in the first person: the character a POV tag or the
    Characters tag names first, else the one the narrator says they are ("my name is ...")."""
    # Cheap first: most stories are not told as "I", and this says so without a regex.
    if body.count(" I ") < _FIRST_PERSON_SHARE * words:
        return None
    count = len(_I.findall(body))
    third = sum(len(he) + len(she) for he, she in pronouns)
    if not words or count < _FIRST_PERSON_SHARE * words or count <= third:
        return None
    for tag in metadata.split_list(fields.get("tags", "")):
        if "pov" in tag.casefold():
            char = roster.resolve(re.sub(r"(?i)['’]?s?\s*pov\b.*$", "", tag).strip())
            if char is not None:
                return char.name
    if meta_chars:
        return meta_chars[0].name
    for m in _CALLED_ME.finditer(body):
        name = m.group(1)
        char = roster.resolve(name) or roster.resolve(name.split()[0])
        if char is not None:
            return char.name
    return None


def _unknown_tagged(roster: Roster, fields: metadata.HeaderFields) -> list[CharacterDef]:
    """The characters the story's tags name that the roster does not know, in its fandom."""
    names = metadata.split_list(fields.get("characters", ""))
    for rel in metadata.split_list(fields.get("relationships", "")):
        parsed = tags.relationship_tag(rel)
        names.extend(parsed.names if parsed else ())
    fandoms = metadata.split_list(fields.get("fandom", ""))
    fandom = tags.clean_name(fandoms[0]) if fandoms else ""
    fandom = (roster.fandom_named_in(fandom) or fandom) if fandom else learned.UNKNOWN_FANDOM
    found: dict[str, CharacterDef] = {}
    for name in names:
        tag = tags.character_tag(name)
        if tag is None or tag.placeholder or tags.abbreviated(tag.name):
            continue
        if any(roster.resolve(n) is not None for n in [tag.name, *tag.aliases]):
            continue
        if roster.is_not_character(tag.name) or tag.name.casefold() in found:
            continue
        aliases = [tag.name, *tag.aliases]
        found[tag.name.casefold()] = CharacterDef(tag.name, fandom, "n", tuple(aliases))
    if not found:
        return []
    return learned.name_forms(list(found.values()), roster.known_names())


def _relationship_pairs(
    roster: Roster, relationships: list[str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Romantic pairs and friendships from the Relationships tags."""
    pairs: list[tuple[str, str]] = []
    friends: list[tuple[str, str]] = []
    for rel in relationships:
        parsed = tags.relationship_tag(rel)
        if parsed is None:
            ship = roster.ship(rel.strip())
            if ship is not None:
                pairs.append(ship)
            continue
        into = pairs if parsed.kind == tags.ROMANTIC else friends
        resolved = [c.name for c in _resolve_all(roster, list(parsed.names))]
        if len(resolved) >= 2:
            into.append((resolved[0], resolved[1]))
        elif not resolved:
            names = [tags.clean_name(n.split("|")[0]) for n in parsed.names]
            into.append((names[0], names[1]))
    return pairs, friends


def _unconfirmed_roles(
    body: list[str],
    roster: Roster,
    known: list[CharacterRole],
    detector: Detector,
    mentions: list[list[detect.Mention]] | None = None,
    scans: list[detect.Scan] | None = None,
) -> list[CharacterRole]:
    counts = detect.unconfirmed_names(
        body,
        roster,
        {r.name.casefold() for r in known},
        detector,
        mentions=mentions,
        scans=scans,
    )
    top = max((r.mentions for r in known), default=0)
    roles = []
    for name, n in counts.most_common(10):
        role = "supporting" if n >= max(3, top // 4) else "mentioned"
        roles.append(
            CharacterRole(name, None, role, n, float(n), name, confirmed=False, gender="n")
        )
    return roles


def _featured(passage: str, detector: Detector, roles: list[CharacterRole]) -> list[str]:
    """Who a passage features: who it names, and the lead its pronouns stand for.

    "He stood, regal as always" features the story's male lead, unless the passage names
    another man, who is then the likelier "he".
    """
    named = {m.character.name for m in detector.find(passage)}
    featured = [r.name for r in roles if r.name in named or (not r.confirmed and r.name in passage)]
    counts = detect.pronoun_counts(passage)
    for gender in ("m", "f"):
        if counts[gender] < 2:
            continue
        if any(r.gender == gender and r.name in named for r in roles):
            continue
        leads = [r for r in roles if r.role == "lead" and r.gender == gender and r.confirmed]
        if len(leads) == 1 and leads[0].name not in featured:
            featured.append(leads[0].name)
    return featured


class _Featured:
    """``_featured`` for every passage of a story, without scanning the text again.

    A passage is whole prose paragraphs joined by blank lines (or a piece of one long
    paragraph). The names found in each paragraph were found already, while casting the
    story; a passage's are theirs, with one exception the detector's context rules allow: an
    ordinary-word alias ("Cloud") opening a paragraph may read differently after the end of the
    paragraph before it ("... the" / "Cloud ..."). That case, and pieces of long paragraphs,
    are scanned afresh, so the result is always exactly ``_featured``'s.
    """

    def __init__(
        self,
        detector: Detector,
        roles: list[CharacterRole],
        paragraphs: list[Paragraph],
        prose_mentions: list[list[detect.Mention]],
        prose_pronouns: list[detect.PronounStarts],
    ) -> None:
        self.detector = detector
        self.roles = roles
        self.paragraphs = paragraphs
        # Index among all paragraphs -> the mentions found in that prose paragraph.
        prose = [
            k
            for k, p in enumerate(paragraphs)
            if p.section is Section.BODY and p.kind.value == "text"
        ]
        self.mentions = dict(zip(prose, prose_mentions, strict=True))
        # Index among all paragraphs -> (he, she) counts of that prose paragraph.
        self.pronouns = {
            k: (len(he), len(she)) for k, (he, she) in zip(prose, prose_pronouns, strict=True)
        }
        self.unconfirmed = [r.name for r in roles if not r.confirmed]
        # Per gender, the one confirmed lead its pronouns may stand for (if exactly one).
        self.lone_lead: dict[str, str] = {}
        for gender in ("m", "f"):
            leads = [r for r in roles if r.role == "lead" and r.gender == gender and r.confirmed]
            if len(leads) == 1:
                self.lone_lead[gender] = leads[0].name

    def _named(self, passage: passages.Passage) -> set[str] | None:
        """Names found in the passage, from its paragraphs' mentions; None to scan afresh."""
        parts = passage.text.split("\n\n")
        if len(parts) != passage.last - passage.first + 1:
            return None
        named: set[str] = set()
        for offset, part in enumerate(parts):
            k = passage.first + offset
            found = self.mentions.get(k)
            if found is None or part != self.paragraphs[k].text:
                return None
            if offset and found:
                first = found[0]
                if not part[: first.start].strip() and self.detector.is_common_word(first):
                    return None
            named.update(m.character.name for m in found)
        return named

    def __call__(self, passage: passages.Passage) -> list[str]:
        named = self._named(passage)
        if named is None:
            return _featured(passage.text, self.detector, self.roles)
        text_ = passage.text
        roles = self.roles
        featured = [
            r.name for r in roles if r.name in named or (not r.confirmed and r.name in text_)
        ]
        for gender in ("m", "f"):
            lead = self.lone_lead.get(gender)
            if lead is None or lead in featured:
                continue  # nothing to add, whatever the pronouns say
            if any(r.gender == gender and r.name in named for r in roles):
                continue
            # The passage is whole paragraphs (``_named`` said so), and no word spans two of
            # them: its pronouns are theirs.
            column = 0 if gender == "m" else 1
            pronouns = sum(self.pronouns[k][column] for k in range(passage.first, passage.last + 1))
            if pronouns >= 2:
                featured.append(lead)
        return featured


def _metadata(
    fields: metadata.HeaderFields,
    split_story: SplitStory,
    roles: list[CharacterRole],
    author_texts: list[str],
    roster: Roster,
    warnings: list[str],
) -> StoryMeta:
    derived: set[str] = set()
    title = fields.get("title") or split_story.heading_title
    if not title:
        title = metadata.title_from_opening(split_story.prose[0].text.split("\n")[0])
        derived.add("title")
    author = fields.get("author") or split_story.byline or ""
    if not author:
        author = "unknown"
        derived.add("author")
    fandom = fields.get("fandom", "")
    if fandom:
        fandom = roster.fandom_named_in(fandom) or fandom
    else:
        derived.add("fandom")
        fandom = _derive_fandom(roles, author_texts, roster)
    written = " ".join(fields.get("rating", "").split())
    rating = ratings.read_rating(written) if written else None
    if written and rating is None:
        # Present but not understood: fail closed, as adult, and say so in the load.
        rating = ratings.FAIL_CLOSED
        derived.add("rating")
        warnings.append(f"rating {written!r} not understood: treated as {rating} (adult)")
    if rating is None:
        rating = metadata.rating_from_notes(author_texts)
        if rating is None:
            rating = "Not Rated"
            derived.add("rating")
    return StoryMeta(
        title=title,
        author=author,
        fandom=fandom,
        rating=rating,
        warnings=metadata.split_list(fields.get("warnings", "")),
        category=metadata.split_list(fields.get("category", "")),
        relationships=metadata.split_list(fields.get("relationships", "")),
        characters=metadata.split_list(fields.get("characters", "")),
        tags=metadata.split_list(fields.get("tags", "")),
        summary=fields.get("summary", ""),
        derived=derived,
    )


def _derive_fandom(roles: list[CharacterRole], author_texts: list[str], roster: Roster) -> str:
    for t in author_texts:
        named = roster.fandom_named_in(t)
        if named:
            return named
    weight: dict[str, float] = {}
    for r in roles:
        if r.fandom:
            weight[r.fandom] = weight.get(r.fandom, 0.0) + r.score + 1
    if weight:
        return max(weight, key=lambda f: weight[f])
    return learned.UNKNOWN_FANDOM
