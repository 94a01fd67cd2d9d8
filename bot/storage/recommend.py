"""What a reader might read next in one server, each suggestion with the reason for it.

Signals, all from this server only: the reader's kudos, reviews (weighted by their rating), shelf
and reading positions; the readers here who loved the same stories (their kudos and 4-5 star
reviews: who else they loved); and what the stories are about (characters, leads weighing
more, pairings, tags, author, length).

Every step is bounded whatever the library's or the server's size: the reader's most recent
liked stories (``SEEDS_MAX``) seed it; co-readers are read per seed story (``CO_READERS_PER_SEED``)
and the most alike kept (``NEIGHBOURS_MAX``); each profile feature draws a bounded number of
stories by index; everything is scored in Python on that candidate set, and the reader's filter
(channel age rule, exclusions) is applied in one query over it. Reasons name stories and counts,
never another reader.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import aiosqlite

from bot.storage.db import fetch_all
from bot.storage.models import StoredStory
from bot.storage.queries.filters import Length, StoryFilter
from bot.storage.queries.memo import memo
from bot.storage.queries.stories import STORY_COLUMNS_AS_S, attach_cast, stored_story

# Many ids go to a query as one JSON array, walked first: "WHERE id IN (?, ?, ...)" lets the
# planner start from the other table instead (every tag, every character), 10x slower.
_EACH = "json_each(?) j"


def _json(ids: Iterable[object]) -> str:
    return json.dumps(list(ids))


SEEDS_MAX = 40  # the reader's liked stories that seed the search, most recent first
CO_SEEDS_MAX = 20  # of which, the ones whose co-readers are read
CO_READERS_PER_SEED = 300  # the latest readers who loved a seed story
NEIGHBOURS_MAX = 150  # co-readers kept, the most alike
NEIGHBOUR_LOVES_MAX = 15_000  # their loved stories read, at most
PROFILE_FEATURES = 8  # the reader's strongest features that draw candidates
PER_FEATURE = 60  # stories drawn per feature
CANDIDATES_MAX = 800
CO_CANDIDATES_MAX = 500  # of which, at most, found through co-readers
BEST_LOVED_WINDOW = 400  # best-loved stories read to fill a list, before the filter
MIN_CO_READERS = 2  # "readers here who loved X" needs at least this many of them

# How much each signal says the reader liked a story (negative: disliked).
KUDOS_WEIGHT = 1.0
RATING_WEIGHT = {5: 1.5, 4: 1.0, 3: 0.2, 2: -0.6, 1: -1.0}
SHELF_WEIGHT = {"finished": 0.6, "reading": 0.3, "to-read": 0.2, "dropped": -0.6}

# How a feature counts in a story.
LEAD_WEIGHT = 1.0
SUPPORTING_WEIGHT = 0.4
PAIRING_WEIGHT = 1.2
TAG_WEIGHT = 0.4
AUTHOR_WEIGHT = 0.8
LENGTH_WEIGHT = 0.6

# How the parts of a score add up (each part scaled to 0..1 over the candidates).
CO_SHARE = 1.0
CONTENT_SHARE = 0.8
POPULAR_SHARE = 0.15


class Signal(StrEnum):
    """What the reader did with a story, strongest first (as a reason says it)."""

    KUDOS = "kudos"
    RATED = "rated"  # reviewed 4 or 5 stars
    FINISHED = "finished"
    SAVED = "saved"


class ReasonKind(StrEnum):
    PAIRING = "pairing"
    CHARACTER = "character"
    TAG = "tag"
    AUTHOR = "author"
    CO_READERS = "co-readers"  # readers here who loved a story the reader loved
    BEST_LOVED = "best-loved"


_DID = {
    Signal.KUDOS: "you gave kudos to",
    Signal.RATED: "you rated highly",
    Signal.FINISHED: "you finished",
    Signal.SAVED: "you saved",
}


def _plain_title(title: str) -> str:
    return f"*{title}*"


def _same(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class Reason:
    kind: ReasonKind
    count: int = 0  # how many of the reader's stories (or of the server's loves) it rests on
    label: str = ""  # the pairing, character or tag; the story's title for CO_READERS
    signal: Signal = Signal.KUDOS

    def text(
        self, title: Callable[[str], str] = _plain_title, name: Callable[[str], str] = _same
    ) -> str:
        """One line; ``title`` and ``name`` format a story's title and a name (markdown)."""
        n = self.count
        did = _DID[self.signal]
        stories = "story" if n == 1 else "stories"
        if self.kind is ReasonKind.PAIRING or self.kind is ReasonKind.CHARACTER:
            return f"because {did} {n} {name(self.label)} {stories}"
        if self.kind is ReasonKind.TAG:
            return f"because {did} {n} {stories} tagged {name(self.label)}"
        if self.kind is ReasonKind.AUTHOR:
            return f"{did[0].upper()}{did[1:]} {n} {stories} by this author"
        if self.kind is ReasonKind.CO_READERS:
            if self.label:
                return f"Readers here who loved {title(self.label)} also loved this"
            return "Readers here who loved what you loved also loved this"
        loved = f" ({n} {'reader' if n == 1 else 'readers'} loved it)" if n else ""
        return f"One of this server's best-loved stories{loved}"


@dataclass(frozen=True, slots=True)
class Recommendation:
    story: StoredStory
    reason: Reason
    score: float


@dataclass(frozen=True, slots=True)
class Recommendations:
    items: list[Recommendation]
    # False: the reader has no history here (or none that points anywhere), so these are the
    # server's best-loved stories, and the answer says so.
    personal: bool
    new_reader: bool = False  # nothing liked here at all: no kudos, good review or shelf


# --- the reader's history ----------------------------------------------------------------------


@dataclass(slots=True)
class _Seed:
    weight: float = 0.0
    signals: set[Signal] = field(default_factory=set)
    when: str = ""


@dataclass(slots=True)
class History:
    seen: set[str]  # everything the reader has touched: never recommended
    liked: dict[str, _Seed]  # weight > 0, most recent first

    def signal_of(self, story_id: str) -> Signal:
        signals = self.liked[story_id].signals
        return min(signals, key=list(Signal).index) if signals else Signal.SAVED


async def history(conn: aiosqlite.Connection, guild_id: int, user_id: int) -> History:
    rows = await fetch_all(
        conn,
        """SELECT 'k', story_id, 0, created_at FROM kudos WHERE guild_id = ? AND user_id = ?
           UNION ALL
           SELECT 'r', story_id, rating, updated_at FROM reviews WHERE guild_id = ? AND user_id = ?
           UNION ALL
           SELECT 's', story_id, status, updated_at FROM shelf WHERE guild_id = ? AND user_id = ?
           UNION ALL
           SELECT 'p', story_id, 0, updated_at FROM reading_positions
               WHERE guild_id = ? AND user_id = ?""",
        (guild_id, user_id) * 4,
    )
    seeds: dict[str, _Seed] = defaultdict(_Seed)
    for kind, story_id, value, when in rows:
        seed = seeds[story_id]
        seed.when = max(seed.when, when or "")
        seed.weight += _weigh(seed, kind, value)
    liked = sorted(
        ((sid, s) for sid, s in seeds.items() if s.weight > 0),
        key=lambda item: (item[1].when, item[1].weight),
        reverse=True,
    )
    return History(seen=set(seeds), liked=dict(liked))


def _weigh(seed: _Seed, kind: str, value: object) -> float:
    if kind == "k":
        seed.signals.add(Signal.KUDOS)
        return KUDOS_WEIGHT
    if kind == "r":
        rating = int(str(value))
        if rating >= 4:
            seed.signals.add(Signal.RATED)
        return RATING_WEIGHT.get(rating, 0.0)
    if kind == "s":
        status = str(value)
        if status == "finished":
            seed.signals.add(Signal.FINISHED)
        elif status != "dropped":
            seed.signals.add(Signal.SAVED)
        return SHELF_WEIGHT.get(status, 0.0)
    return 0.0  # a reading position: seen, no opinion yet


# --- what stories are about --------------------------------------------------------------------

# A feature is a kind and a value: "c" a character's id, "p" a pairing and "f" a friendship as
# a sorted pair of names, "t" a tag's id, "a" an author.
Feature = tuple[str, object]


@dataclass(slots=True)
class _About:
    features: dict[Feature, float] = field(default_factory=dict)
    length: Length | None = None


def length_of(words: int) -> Length:
    for length in _BY_LENGTH:
        high = length.words[1]
        if high is None or words < high:
            return length
    return Length.EPIC


_BY_LENGTH = sorted(Length, key=lambda n: n.words[0])


async def _about(
    conn: aiosqlite.Connection, ids: Sequence[str], labels: dict[Feature, str]
) -> dict[str, _About]:
    """Each story's features and their weights, in four indexed queries; fills ``labels``."""
    out: dict[str, _About] = {sid: _About() for sid in ids}
    if not ids:
        return out
    listed = [_json(ids)]
    for sid, author, words in await fetch_all(
        conn,
        f"SELECT s.id, s.author, s.words FROM {_EACH} CROSS JOIN stories s ON s.id = j.value",
        listed,
    ):
        out[sid].features[("a", author)] = AUTHOR_WEIGHT
        out[sid].length = length_of(words)
        labels[("a", author)] = author
    for sid, cid, rank, name in await fetch_all(
        conn,
        f"""SELECT sc.story_id, sc.character_id, sc.role_rank, c.name
            FROM {_EACH} CROSS JOIN story_characters sc ON sc.story_id = j.value
            CROSS JOIN characters c ON c.id = sc.character_id WHERE sc.role_rank <= 1""",
        listed,
    ):
        out[sid].features[("c", cid)] = LEAD_WEIGHT if rank == 0 else SUPPORTING_WEIGHT
        labels[("c", cid)] = name
    for sid, a, b, kind in await fetch_all(
        conn,
        f"SELECT p.story_id, p.a, p.b, p.kind FROM {_EACH} CROSS JOIN pairings p "
        "ON p.story_id = j.value",
        listed,
    ):
        pair = tuple(sorted((a, b), key=str.lower))
        key: Feature = ("f" if kind == "friendship" else "p", pair)
        out[sid].features[key] = PAIRING_WEIGHT
        labels[key] = (" & " if kind == "friendship" else "/").join(pair)
    for sid, tid, name in await fetch_all(
        conn,
        f"""SELECT st.story_id, st.tag_id, t.name
            FROM {_EACH} CROSS JOIN story_tags st ON st.story_id = j.value
            CROSS JOIN tags t ON t.id = st.tag_id WHERE t.kind = 'tag'""",
        listed,
    ):
        out[sid].features[("t", tid)] = TAG_WEIGHT
        labels[("t", tid)] = name
    return out


async def _candidates_about(
    conn: aiosqlite.Connection, shown: dict[str, _Shown], features: Iterable[Feature]
) -> dict[str, _About]:
    """What the candidates have of the reader's strongest ``features`` (all that scoring
    reads), and their length: index seeks on each table's primary key, no names."""
    out: dict[str, _About] = {}
    for sid, row in shown.items():
        out[sid] = _About({("a", row.author): AUTHOR_WEIGHT}, length_of(row.words))
    wanted: dict[str, list[object]] = defaultdict(list)
    for kind, value in features:
        wanted[kind].append(value)
    listed = _json(shown)
    if wanted["c"]:
        for sid, cid, rank in await fetch_all(
            conn,
            f"""SELECT sc.story_id, sc.character_id, sc.role_rank
                FROM {_EACH} CROSS JOIN story_characters sc ON sc.story_id = j.value
                WHERE sc.character_id IN (SELECT value FROM json_each(?)) AND sc.role_rank <= 1""",
            [listed, _json(wanted["c"])],
        ):
            out[sid].features[("c", cid)] = LEAD_WEIGHT if rank == 0 else SUPPORTING_WEIGHT
    if wanted["t"]:
        for sid, tid in await fetch_all(
            conn,
            f"""SELECT st.story_id, st.tag_id FROM {_EACH} CROSS JOIN story_tags st
                ON st.story_id = j.value WHERE st.tag_id IN (SELECT value FROM json_each(?))""",
            [listed, _json(wanted["t"])],
        ):
            out[sid].features[("t", tid)] = TAG_WEIGHT
    if wanted["p"] or wanted["f"]:
        await _candidate_pairings(conn, listed, out)
    return out


async def _candidate_pairings(
    conn: aiosqlite.Connection, listed: str, out: dict[str, _About]
) -> None:
    for sid, a, b, kind in await fetch_all(
        conn,
        f"SELECT p.story_id, p.a, p.b, p.kind FROM {_EACH} CROSS JOIN pairings p "
        "ON p.story_id = j.value",
        [listed],
    ):
        pair = tuple(sorted((a, b), key=str.lower))
        out[sid].features[("f" if kind == "friendship" else "p", pair)] = PAIRING_WEIGHT


@dataclass(slots=True)
class Profile:
    """What the reader's liked stories are about: feature -> weight, and per feature how many
    of those stories have it, by what the reader did with them (for the reason)."""

    weights: dict[Feature, float] = field(default_factory=dict)
    lengths: dict[Length, float] = field(default_factory=dict)
    counts: dict[Feature, Counter[Signal]] = field(default_factory=dict)
    rarity: dict[Feature, float] = field(default_factory=dict)  # idf of the strongest ones

    def strongest(self, n: int) -> list[Feature]:
        return sorted(self.weights, key=lambda f: self.weights[f], reverse=True)[:n]


def _profile(hist: History, about: dict[str, _About]) -> Profile:
    prof = Profile()
    total = sum(s.weight for s in hist.liked.values()) or 1.0
    for sid, seed in hist.liked.items():
        a = about.get(sid)
        if a is None:
            continue
        share = seed.weight / total
        for feat, w in a.features.items():
            prof.weights[feat] = prof.weights.get(feat, 0.0) + share * w
            prof.counts.setdefault(feat, Counter())[hist.signal_of(sid)] += 1
        if a.length is not None:
            prof.lengths[a.length] = prof.lengths.get(a.length, 0.0) + share
    return prof


async def _rarity(conn: aiosqlite.Connection, features: list[Feature]) -> dict[Feature, float]:
    """log(1 + stories / stories with the feature): a rare pairing says more than Cloud."""
    total = await memo(conn, "recommend_story_count", lambda: _story_count(conn))
    out: dict[Feature, float] = {}
    for feat in features:
        kind, value = feat
        if kind == "c":
            sql, args = (
                "SELECT stories FROM character_stats WHERE character_id = ?",
                [value],
            )
        elif kind in ("p", "f"):
            a, b = _pair_of(value)
            sql = "SELECT count(*) FROM pairings WHERE (a = ? AND b = ?) OR (a = ? AND b = ?)"
            args = [a, b, b, a]
        elif kind == "t":
            sql, args = ("SELECT count(*) FROM story_tags WHERE tag_id = ?", [value])
        else:
            sql, args = ("SELECT count(*) FROM stories WHERE author = ?", [value])
        rows = await fetch_all(conn, sql, args)
        df = int(rows[0][0]) if rows and rows[0][0] is not None else 0
        out[feat] = math.log(1 + total / max(df, 1))
    return out


async def _story_count(conn: aiosqlite.Connection) -> int:
    rows = await fetch_all(conn, "SELECT count(*) FROM stories WHERE status = 'active'")
    return max(int(rows[0][0]), 1) if rows else 1


def _pair_of(value: object) -> tuple[str, str]:
    a, b = value if isinstance(value, tuple) else ("", "")
    return str(a), str(b)


# --- candidates ----------------------------------------------------------------------------------


async def _drawn_by(conn: aiosqlite.Connection, feat: Feature) -> list[str]:
    """Up to ``PER_FEATURE`` stories with this feature, by index (leads first for a character)."""
    kind, value = feat
    if kind == "c":
        sql = (
            "SELECT story_id FROM story_characters WHERE character_id = ? AND role_rank <= 1 "
            "ORDER BY role_rank, score DESC LIMIT ?"
        )
        args: list[object] = [value, PER_FEATURE]
    elif kind in ("p", "f"):
        a, b = _pair_of(value)
        sql = (
            "SELECT story_id FROM pairings WHERE a = ? AND b = ? "
            "UNION SELECT story_id FROM pairings WHERE a = ? AND b = ? LIMIT ?"
        )
        args = [a, b, b, a, PER_FEATURE]
    elif kind == "t":
        sql, args = (
            "SELECT story_id FROM story_tags WHERE tag_id = ? LIMIT ?",
            [value, PER_FEATURE],
        )
    else:
        sql, args = ("SELECT id FROM stories WHERE author = ? LIMIT ?", [value, PER_FEATURE])
    return [r[0] for r in await fetch_all(conn, sql, args)]


@dataclass(slots=True)
class _CoReaders:
    """What the readers here who loved the reader's stories loved too."""

    score: dict[str, float] = field(default_factory=dict)
    lovers: dict[str, list[int]] = field(default_factory=dict)  # the co-readers who loved it
    shared: dict[int, list[str]] = field(default_factory=dict)  # the seeds each loved

    def readers(self, story_id: str) -> int:
        return len(self.lovers.get(story_id, ()))

    def via(self, story_id: str) -> Counter[str]:
        """The reader's stories that lead to this one: how many of its lovers loved each."""
        return Counter(s for u in self.lovers.get(story_id, ()) for s in self.shared[u])


# Who loved these stories (the latest readers of each), and what these readers loved: each
# walks the listed ids first (CROSS JOIN keeps that order) and reads an index range per id.
_LOVES_OF_STORIES = f"""
    SELECT story_id, user_id FROM (
        SELECT story_id, user_id, row_number() OVER (
            PARTITION BY story_id ORDER BY created_at DESC) AS n
        FROM (SELECT k.story_id, k.user_id, k.created_at FROM {_EACH} CROSS JOIN kudos k
              ON k.guild_id = ? AND k.story_id = j.value WHERE k.user_id != ?
              UNION
              SELECT r.story_id, r.user_id, r.updated_at FROM {_EACH} CROSS JOIN reviews r
              ON r.guild_id = ? AND r.story_id = j.value WHERE r.user_id != ? AND r.rating >= 4))
    WHERE n <= ?"""

_LOVES_OF_READERS = f"""
    SELECT k.user_id, k.story_id FROM {_EACH} CROSS JOIN kudos k
        ON k.guild_id = ? AND k.user_id = j.value
    UNION ALL
    SELECT r.user_id, r.story_id FROM {_EACH} CROSS JOIN reviews r
        ON r.guild_id = ? AND r.user_id = j.value AND r.rating >= 4
    LIMIT ?"""


async def _co_readers(
    conn: aiosqlite.Connection, guild_id: int, user_id: int, hist: History
) -> _CoReaders:
    """Item-to-item through readers of this server: the readers who loved the most of the
    reader's stories (each seed's latest ``CO_READERS_PER_SEED``), and what else they loved,
    each of them counting by how alike they are (shared stories over the root of their loves)."""
    out = _CoReaders()
    seeds = list(hist.liked)[:CO_SEEDS_MAX]
    if not seeds:
        return out
    shared: dict[int, list[str]] = defaultdict(list)
    for sid, uid in await fetch_all(
        conn,
        _LOVES_OF_STORIES,
        [_json(seeds), guild_id, user_id, _json(seeds), guild_id, user_id, CO_READERS_PER_SEED],
    ):
        shared[uid].append(sid)
    if not shared:
        return out
    neighbours = sorted(
        shared, key=lambda u: (sum(hist.liked[s].weight for s in shared[u]), -u), reverse=True
    )[:NEIGHBOURS_MAX]
    loves: dict[int, set[str]] = defaultdict(set)
    for uid, sid in await fetch_all(
        conn,
        _LOVES_OF_READERS,
        [_json(neighbours), guild_id, _json(neighbours), guild_id, NEIGHBOUR_LOVES_MAX],
    ):
        loves[uid].add(sid)  # kudos and a good review of one story: one love
    out.shared = shared
    seen, score, lovers = hist.seen, out.score, out.lovers
    for uid, stories in loves.items():
        alike = sum(hist.liked[s].weight for s in shared[uid]) / math.sqrt(len(stories))
        for sid in stories:
            if sid not in seen:
                score[sid] = score.get(sid, 0.0) + alike
                lovers.setdefault(sid, []).append(uid)
    return out


@dataclass(frozen=True, slots=True)
class _Shown:
    title: str
    author: str
    words: int
    loves: int  # readers here who loved it


async def _admitted(
    conn: aiosqlite.Connection, guild_id: int, ids: Iterable[str], flt: StoryFilter
) -> dict[str, _Shown]:
    """The stories the reader may be shown here (active, and through their filter), with what
    scoring reads of the story row and how loved it is here: one query."""
    ids = list(ids)
    if not ids:
        return {}
    clause, args = flt.where()
    rows = await fetch_all(
        conn,
        f"""SELECT s.id, s.title, s.author, s.words, coalesce(l.loves, 0)
            FROM {_EACH} CROSS JOIN stories s ON s.id = j.value
            LEFT JOIN story_love l ON l.guild_id = ? AND l.story_id = s.id
            WHERE s.status = 'active'{clause}""",
        [_json(ids), guild_id, *args],
    )
    return {r[0]: _Shown(r[1], r[2], int(r[3]), int(r[4])) for r in rows}


# --- scoring -------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Scored:
    story_id: str
    score: float
    reason: Reason


def _scaled(values: dict[str, float]) -> dict[str, float]:
    top = max(values.values(), default=0.0)
    return {k: v / top for k, v in values.items()} if top > 0 else {}


def _content(prof: Profile, about: _About) -> tuple[float, Feature | None]:
    """How well a story matches the profile, and the feature that matches best (a reason)."""
    score = 0.0
    best: Feature | None = None
    best_part = 0.0
    for feat, w in about.features.items():
        rarity = prof.rarity.get(feat)
        if rarity is None:
            continue
        part = prof.weights[feat] * w * rarity
        score += part
        if part > best_part:
            best, best_part = feat, part
    if about.length is not None:
        score += LENGTH_WEIGHT * prof.lengths.get(about.length, 0.0)
    return score, best


_KIND = {
    "c": ReasonKind.CHARACTER,
    "p": ReasonKind.PAIRING,
    "f": ReasonKind.PAIRING,
    "t": ReasonKind.TAG,
    "a": ReasonKind.AUTHOR,
}


def _feature_reason(prof: Profile, feat: Feature, labels: dict[Feature, str]) -> Reason:
    counts = prof.counts[feat]
    signal = min(counts, key=list(Signal).index)
    label = "" if feat[0] == "a" else labels.get(feat, "")
    return Reason(_KIND[feat[0]], counts[signal], label, signal)


def _co_reason(co: _CoReaders, sid: str, titles: dict[str, str]) -> Reason | None:
    readers = co.readers(sid)
    if readers < MIN_CO_READERS:
        return None
    for seed, _ in co.via(sid).most_common():
        if seed in titles:  # a story the reader may be shown here, named by its title
            return Reason(ReasonKind.CO_READERS, readers, titles[seed])
    return Reason(ReasonKind.CO_READERS, readers)


@dataclass(slots=True)
class _Parts:
    co: dict[str, float]
    content: dict[str, float]
    popular: dict[str, float]
    best_feature: dict[str, Feature | None]


@dataclass(slots=True)
class _Why:
    """What a reason is drawn from."""

    prof: Profile
    co: _CoReaders
    labels: dict[Feature, str]
    titles: dict[str, str]  # the reader's stories that may be named here


def _score(candidates: Iterable[str], parts: _Parts) -> list[tuple[float, str]]:
    co, content, popular = parts.co, parts.content, parts.popular
    scored = [
        (
            CO_SHARE * co.get(sid, 0.0)
            + CONTENT_SHARE * content.get(sid, 0.0)
            + POPULAR_SHARE * popular.get(sid, 0.0),
            sid,
        )
        for sid in candidates
    ]
    scored.sort(key=lambda x: (-x[0], x[1]))
    return scored


def _reason(sid: str, parts: _Parts, why: _Why) -> Reason:
    by_co = CO_SHARE * parts.co.get(sid, 0.0)
    by_content = CONTENT_SHARE * parts.content.get(sid, 0.0)
    feat = parts.best_feature.get(sid)
    co_reason = _co_reason(why.co, sid, why.titles)
    if co_reason is not None and (by_co >= by_content or feat is None):
        return co_reason
    if feat is not None:
        return _feature_reason(why.prof, feat, why.labels)
    return co_reason or Reason(ReasonKind.CO_READERS)


# --- the answer ----------------------------------------------------------------------------------


async def recommend(
    conn: aiosqlite.Connection,
    guild_id: int,
    user_id: int,
    flt: StoryFilter,
    *,
    limit: int = 20,
) -> Recommendations:
    """Up to ``limit`` stories for this reader in this server, best first, each with its reason;
    the server's best-loved ones if the reader has no history (``personal`` False), and to fill
    the list when their own leads run short."""
    hist = await history(conn, guild_id, user_id)
    scored = await _personal(conn, guild_id, user_id, hist, flt, limit) if hist.liked else []
    chosen = scored[:limit]
    if len(chosen) < limit:
        taken = hist.seen | {s.story_id for s in chosen}
        chosen += await _best_loved(conn, guild_id, flt, limit - len(chosen), taken)
    stories = await _stories(conn, [s.story_id for s in chosen])
    items = [
        Recommendation(stories[s.story_id], s.reason, s.score)
        for s in chosen
        if s.story_id in stories
    ]
    return Recommendations(items, personal=bool(scored), new_reader=not hist.liked)


async def _personal(
    conn: aiosqlite.Connection,
    guild_id: int,
    user_id: int,
    hist: History,
    flt: StoryFilter,
    limit: int,
) -> list[_Scored]:
    labels: dict[Feature, str] = {}
    seeds = list(hist.liked)[:SEEDS_MAX]
    prof = _profile(hist, await _about(conn, seeds, labels))
    strongest = prof.strongest(PROFILE_FEATURES)
    prof.rarity = await _rarity(conn, strongest)
    co = await _co_readers(conn, guild_id, user_id, hist)
    pool: dict[str, None] = dict.fromkeys(
        sorted(co.score, key=lambda s: co.score[s], reverse=True)[:CO_CANDIDATES_MAX]
    )
    for feat in strongest:
        pool.update(dict.fromkeys(await _drawn_by(conn, feat)))
    candidates = [sid for sid in pool if sid not in hist.seen][:CANDIDATES_MAX]
    admitted = await _admitted(conn, guild_id, [*candidates, *seeds], flt)
    shown = {sid: admitted[sid] for sid in candidates if sid in admitted}
    candidates = list(shown)
    about = await _candidates_about(conn, shown, strongest)
    content: dict[str, float] = {}
    best_feature: dict[str, Feature | None] = {}
    for sid in candidates:
        content[sid], best_feature[sid] = _content(prof, about[sid])
    popular = {sid: math.log1p(row.loves) for sid, row in shown.items()}
    parts = _Parts(_scaled(co.score), _scaled(content), _scaled(popular), best_feature)
    chosen = _score(candidates, parts)[:limit]
    why = _Why(prof, co, labels, {s: admitted[s].title for s in seeds if s in admitted})
    return [_Scored(sid, score, _reason(sid, parts, why)) for score, sid in chosen]


async def best_loved(
    conn: aiosqlite.Connection,
    guild_id: int,
    flt: StoryFilter,
    limit: int,
    exclude: Iterable[str] = (),
) -> list[tuple[str, int]]:
    """The server's most-loved stories the filter lets through, with how many readers loved
    them (read in index order: a bounded window of the best, then the filter)."""
    clause, args = flt.where()
    skip = set(exclude)
    rows = await fetch_all(
        conn,
        f"""SELECT l.story_id, l.loves FROM (
                SELECT story_id, loves FROM story_love WHERE guild_id = ? AND loves > 0
                ORDER BY loves DESC, story_id LIMIT ?) l
            JOIN stories s ON s.id = l.story_id
            WHERE s.status = 'active'{clause} ORDER BY l.loves DESC, l.story_id""",
        [guild_id, BEST_LOVED_WINDOW + len(skip), *args],
    )
    return [(r[0], int(r[1])) for r in rows if r[0] not in skip][:limit]


async def _best_loved(
    conn: aiosqlite.Connection, guild_id: int, flt: StoryFilter, limit: int, taken: set[str]
) -> list[_Scored]:
    found = await best_loved(conn, guild_id, flt, limit, taken)
    return [_Scored(sid, 0.0, Reason(ReasonKind.BEST_LOVED, loves)) for sid, loves in found]


async def _stories(conn: aiosqlite.Connection, ids: Sequence[str]) -> dict[str, StoredStory]:
    if not ids:
        return {}
    rows = await fetch_all(
        conn,
        f"SELECT {STORY_COLUMNS_AS_S} FROM {_EACH} CROSS JOIN stories s ON s.id = j.value",
        [_json(ids)],
    )
    stories = [stored_story(r) for r in rows]
    await attach_cast(conn, stories)
    return {s.id: s for s in stories}
