"""How good ``/fic recommend`` is, and how fast: ``python -m bench.recommend``.

A server's history is generated straight into a database (no story files: the recommender
reads only metadata, kudos and reviews): N stories in a few fandoms, each with leads and
supporting characters, often a pairing of its two leads, tags, an author, a length and a hidden
"quality"; readers with a home fandom, favourite characters and pairings and one or two liked
lengths, who give kudos mostly by taste (a favourite pairing or character, better stories more
often, a liked length far more often) and the rest at random among the well-liked stories, and
review some of what they loved. Part of some readers' kudos is held back (not written); each of
them then gets ten recommendations, and a hit is a held-back story among the first 5 or 10.
Beside it, two baselines on the same readers: the server's most-loved stories they have not
touched, and stories drawn at random. Each recommendation is timed as the bot makes it (one
``recommend`` call on the bot's own kind of connection).
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import itertools
import json
import math
import random
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import REPO, machine, percentile, remove_db
from bot.library import ratings
from bot.storage import db, recommend
from bot.storage.queries.filters import Length, StoryFilter

GUILD = 1
OTHER_GUILD = 2  # a second server whose readers love other stories: must never leak in
READER_BASE = 10_000_000
FANDOMS = 6
CHARACTERS_PER_FANDOM = 40
TAGS = 200
HOLD_BACK = 0.2
LENGTH_SHARES = {Length.DRABBLE: 0.2, Length.SHORT: 0.45, Length.LONG: 0.25, Length.EPIC: 0.1}
RATINGS = (
    (ratings.GENERAL, 0.35),
    (ratings.TEEN, 0.35),
    (ratings.MATURE, 0.18),
    (ratings.EXPLICIT, 0.12),
)
NOISE = 0.15  # share of kudos given at random among well-liked stories
PAIRING_SHARE = 0.45  # of the rest, by a favourite pairing; the others by a favourite character


@dataclass
class Story:
    index: int
    fandom: int
    leads: list[int]
    pairing: tuple[int, int] | None
    length: Length
    quality: float


@dataclass
class Reader:
    user_id: int
    fandom: int
    characters: list[int]
    pairings: list[tuple[int, int]]
    lengths: set[Length]
    kudos: list[int] = field(default_factory=list)  # story indexes, in the order given


@dataclass
class World:
    stories: int
    readers: list[Reader]
    held_back: dict[int, set[str]]  # user id -> story ids


def story_id(index: int) -> str:
    return f"s{index:06d}"


def _zipf(n: int, s: float = 1.0) -> list[float]:
    return list(itertools.accumulate(1 / (i + 1) ** s for i in range(n)))


def _pick(rng: random.Random, cum: list[float]) -> int:
    return bisect.bisect_right(cum, rng.random() * cum[-1])


def _length_words(rng: random.Random, length: Length) -> int:
    low, high = length.words
    return rng.randrange(max(low, 100), high if high is not None else 120_000)


def _character_name(char: int) -> str:
    return f"Hero {char // CHARACTERS_PER_FANDOM}-{char % CHARACTERS_PER_FANDOM}"


class _Generator:
    def __init__(self, conn: sqlite3.Connection, stories: int, seed: int) -> None:
        self.conn = conn
        self.rng = random.Random(seed)
        self.n = stories
        self.fandom_cum = _zipf(FANDOMS, 0.7)
        self.char_cum = _zipf(CHARACTERS_PER_FANDOM, 0.9)
        self.tag_cum = _zipf(TAGS, 1.0)
        self.stories: list[Story] = []
        # what readers choose from: stories by lead character and by pairing, with their quality
        self.by_char: dict[int, tuple[list[int], list[float]]] = {}
        self.by_pair: dict[tuple[int, int], tuple[list[int], list[float]]] = {}
        self.pairs_of_fandom: dict[int, list[tuple[int, int]]] = {}

    def write_library(self) -> None:
        c = self.conn
        c.executemany(
            "INSERT INTO characters (id, name, fandom) VALUES (?, ?, ?)",
            [
                (ch, _character_name(ch), f"Fandom {ch // CHARACTERS_PER_FANDOM}")
                for ch in range(FANDOMS * CHARACTERS_PER_FANDOM)
            ],
        )
        c.executemany(
            "INSERT INTO tags (id, kind, folded, name) VALUES (?, 'tag', ?, ?)",
            [(t + 1, f"tag {t}", f"Tag {t}") for t in range(TAGS)],
        )
        for start in range(0, self.n, 5000):
            self._write_stories(range(start, min(start + 5000, self.n)))
        c.execute(
            "INSERT INTO character_stats (character_id, stories, general) "
            "SELECT sc.character_id, count(*), sum(s.adult = 0) FROM story_characters sc "
            "JOIN stories s ON s.id = sc.story_id GROUP BY sc.character_id"
        )
        by_char: dict[int, list[int]] = {}
        by_pair: dict[tuple[int, int], list[int]] = {}
        for s in self.stories:
            for ch in s.leads:
                by_char.setdefault(ch, []).append(s.index)
            if s.pairing:
                by_pair.setdefault(s.pairing, []).append(s.index)
        q = [s.quality for s in self.stories]
        for key, members in by_char.items():
            self.by_char[key] = (members, list(itertools.accumulate(q[i] for i in members)))
        for pkey, members in by_pair.items():
            self.by_pair[pkey] = (members, list(itertools.accumulate(q[i] for i in members)))
            self.pairs_of_fandom.setdefault(pkey[0] // CHARACTERS_PER_FANDOM, []).append(pkey)
        self.quality_cum = list(itertools.accumulate(q))

    def _story(self, i: int) -> Story:
        rng = self.rng
        fandom = _pick(rng, self.fandom_cum)
        base = fandom * CHARACTERS_PER_FANDOM
        leads = [base + _pick(rng, self.char_cum)]
        if rng.random() < 0.7:
            other = base + _pick(rng, self.char_cum)
            if other != leads[0]:
                leads.append(other)
        pairing = None
        if len(leads) == 2 and rng.random() < 0.75:
            pairing = (min(leads), max(leads))
        length = rng.choices(list(LENGTH_SHARES), weights=list(LENGTH_SHARES.values()))[0]
        return Story(i, fandom, leads, pairing, length, rng.lognormvariate(0, 0.9))

    def _write_stories(self, indexes: range) -> None:
        rng = self.rng
        rows, chars, pairs, tags = [], [], [], []
        stamp = "2026-01-01T00:00:00"
        for i in indexes:
            s = self._story(i)
            self.stories.append(s)
            sid = story_id(i)
            rating = rng.choices([r for r, _ in RATINGS], weights=[w for _, w in RATINGS])[0]
            words = _length_words(rng, s.length)
            author = f"author{s.fandom}-{int(rng.paretovariate(1.2)) % 700}"
            rows.append(
                (
                    sid,
                    f"{sid}.txt",
                    sid,
                    "bench",
                    f"Story {i}",
                    author,
                    f"Fandom {s.fandom}",
                    rating,
                    int(rating in (ratings.MATURE, ratings.EXPLICIT)),
                    words,
                    max(1, words // 250),
                    stamp,
                    stamp,
                )
            )
            cast = dict.fromkeys(s.leads, 0)
            for _ in range(rng.randrange(0, 4)):
                cast.setdefault(s.fandom * CHARACTERS_PER_FANDOM + _pick(rng, self.char_cum), 1)
            for ch, rank in cast.items():
                role = "lead" if rank == 0 else "supporting"
                chars.append(
                    (sid, ch, role, rank, 10 - 5 * rank, 1.0 - rank / 2, _character_name(ch))
                )
            if s.pairing:
                a, b = s.pairing
                pairs.append((sid, 0, _character_name(a), _character_name(b), "romantic"))
            for t in {_pick(rng, self.tag_cum) for _ in range(rng.randrange(0, 5))}:
                tags.append((sid, t + 1))
        c = self.conn
        c.executemany(
            "INSERT INTO stories (id, file, content_hash, analysis_key, title, author, fandom, "
            "rating, adult, words, reading_minutes, loaded_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        c.executemany(
            "INSERT INTO story_characters (story_id, character_id, role, role_rank, mentions, "
            "score, called) VALUES (?, ?, ?, ?, ?, ?, ?)",
            chars,
        )
        c.executemany(
            "INSERT INTO pairings (story_id, pos, a, b, kind) VALUES (?, ?, ?, ?, ?)", pairs
        )
        c.executemany("INSERT INTO story_tags (story_id, tag_id) VALUES (?, ?)", tags)

    def reader(self, user_id: int) -> Reader:
        rng = self.rng
        fandom = _pick(rng, self.fandom_cum)
        base = fandom * CHARACTERS_PER_FANDOM
        chars = list(
            {base + _pick(rng, self.char_cum) for _ in range(rng.randrange(2, 4))}
            & set(self.by_char)
        ) or [next(iter(self.by_char))]
        fandom_pairs = self.pairs_of_fandom.get(fandom, [])
        liked_pairs = [p for p in fandom_pairs if p[0] in chars or p[1] in chars]
        rng.shuffle(liked_pairs)
        pairs = liked_pairs[: rng.randrange(1, 3)]
        lengths = set(rng.sample(list(Length), rng.choice((1, 1, 2))))
        return Reader(user_id, fandom, chars, pairs, lengths)

    def give_kudos(self, reader: Reader) -> None:
        rng = self.rng
        wanted = max(3, min(300, int(rng.lognormvariate(math.log(18), 0.8))))
        given: dict[int, None] = {}
        for _ in range(wanted * 20):
            if len(given) >= wanted:
                break
            r = rng.random()
            if r < NOISE:
                given.setdefault(_pick(rng, self.quality_cum), None)
                continue
            if r < NOISE + (1 - NOISE) * PAIRING_SHARE and reader.pairings:
                members, cum = self.by_pair[rng.choice(reader.pairings)]
            else:
                members, cum = self.by_char[rng.choice(reader.characters)]
            story = self.stories[members[_pick(rng, cum)]]
            if rng.random() < (0.9 if story.length in reader.lengths else 0.15):
                given.setdefault(story.index, None)
        reader.kudos = list(given)


def generate(path: Path, *, stories: int, readers: int, seed: int, evaluated: int) -> World:
    """Write the server's history into a new database at ``path``."""
    remove_db(path)
    asyncio.run(_migrate(path))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    gen = _Generator(conn, stories, seed)
    gen.write_library()
    people = [gen.reader(READER_BASE + u) for u in range(readers)]
    for person in people:
        gen.give_kudos(person)
    rng = random.Random(seed + 1)
    pool = [p for p in people if len(p.kudos) >= 5]
    chosen = rng.sample(pool, min(evaluated, len(pool)))
    held: dict[int, set[str]] = {}
    for person in chosen:
        back = rng.sample(person.kudos, max(1, int(len(person.kudos) * HOLD_BACK)))
        held[person.user_id] = {story_id(i) for i in back}
    _write_feedback(conn, people, held, rng, stories)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return World(stories, chosen, held)


def _write_feedback(
    conn: sqlite3.Connection,
    people: list[Reader],
    held: dict[int, set[str]],
    rng: random.Random,
    stories: int,
) -> None:
    kudos, reviews = [], []
    for person in people:
        back = held.get(person.user_id, set())
        for n, index in enumerate(person.kudos):
            sid = story_id(index)
            if sid in back:
                continue
            when = f"2026-02-01T00:{n // 60 % 60:02d}:{n % 60:02d}.{person.user_id % 1000:03d}"
            kudos.append((GUILD, sid, person.user_id, when))
            if rng.random() < 0.12:
                reviews.append((GUILD, sid, person.user_id, rng.choice((4, 5, 5)), when))
        if rng.random() < 0.3:  # a disliked story now and then
            sid = story_id(rng.randrange(stories))
            reviews.append((GUILD, sid, person.user_id, rng.choice((1, 2)), "2026-03-01"))
    # Another server whose readers all love the same few stories: none may leak into GUILD.
    for u in range(200):
        for index in range(20):
            kudos.append((OTHER_GUILD, story_id(index * 7 + 1), READER_BASE + u, "2026-02-01"))
    conn.executemany(
        "INSERT OR IGNORE INTO kudos (guild_id, story_id, user_id, created_at) VALUES (?, ?, ?, ?)",
        kudos,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO reviews (guild_id, story_id, user_id, user_name, rating, body, "
        "created_at, updated_at) VALUES (?, ?, ?, 'reader', ?, 'a review, long enough', ?, ?)",
        [(g, s, u, r, w, w) for g, s, u, r, w in reviews],
    )


async def _migrate(path: Path) -> None:
    conn = await db.connect(path)
    await conn.close()


# --- measuring -----------------------------------------------------------------------------------


@dataclass
class Hits:
    at5: int = 0
    at10: int = 0
    recall10: float = 0.0

    def add(self, ranked: list[str], held: set[str]) -> None:
        self.at5 += bool(held & set(ranked[:5]))
        self.at10 += bool(held & set(ranked[:10]))
        self.recall10 += len(held & set(ranked[:10])) / len(held)

    def rates(self, n: int) -> dict[str, float]:
        return {
            "hit_rate_at_5": round(self.at5 / n, 4),
            "hit_rate_at_10": round(self.at10 / n, 4),
            "recall_at_10": round(self.recall10 / n, 4),
        }


async def evaluate(path: Path, world: World, *, seed: int) -> dict[str, Any]:
    conn = await db.connect(path)
    try:
        flt = StoryFilter(allow_adult=True)
        ids = [story_id(i) for i in range(world.stories)]
        rng = random.Random(seed + 2)
        hits = {"recommender": Hits(), "most_loved": Hits(), "random": Hits()}
        seconds: list[float] = []
        filled = 0
        for person in world.readers:
            held = world.held_back[person.user_id]
            started = time.perf_counter()
            recs = await recommend.recommend(conn, GUILD, person.user_id, flt, limit=10)
            seconds.append(time.perf_counter() - started)
            ranked = [r.story.id for r in recs.items]
            hits["recommender"].add(ranked, held)
            filled += sum(r.reason.kind is recommend.ReasonKind.BEST_LOVED for r in recs.items)
            seen = (await recommend.history(conn, GUILD, person.user_id)).seen
            loved = await recommend.best_loved(conn, GUILD, flt, 10, seen)
            hits["most_loved"].add([sid for sid, _ in loved], held)
            drawn: list[str] = []
            while len(drawn) < 10:
                sid = rng.choice(ids)
                if sid not in seen and sid not in drawn:
                    drawn.append(sid)
            hits["random"].add(drawn, held)
        cold = await _time_cold(conn, flt)
        general = await _time_general(conn, world)
    finally:
        await conn.close()
    n = len(world.readers)
    return {
        "readers_evaluated": n,
        "held_back_per_reader": round(sum(len(h) for h in world.held_back.values()) / n, 2),
        "hits": {name: h.rates(n) for name, h in hits.items()},
        "filled_with_best_loved": filled,
        "time_ms": _ms(seconds),
        "time_new_reader_ms": _ms(cold),
        "time_general_channel_with_exclusions_ms": _ms(general),
    }


def _ms(seconds: list[float]) -> dict[str, float]:
    return {
        "n": len(seconds),
        "median": round(percentile(seconds, 50) * 1000, 2),
        "p99": round(percentile(seconds, 99) * 1000, 2),
        "max": round(max(seconds) * 1000, 2),
    }


async def _time_cold(conn: Any, flt: StoryFilter) -> list[float]:
    out = []
    for u in range(100):
        started = time.perf_counter()
        recs = await recommend.recommend(conn, GUILD, 1 + u, flt, limit=10)
        out.append(time.perf_counter() - started)
        assert not recs.personal
    return out


async def _time_general(conn: Any, world: World) -> list[float]:
    """Outside an age-restricted channel, with a character and a tag excluded."""
    from bot.storage.queries.filters import Exclusions

    flt = StoryFilter(
        allow_adult=False,
        exclusions=Exclusions(characters=frozenset({"hero 0-1"}), tags=frozenset({"tag 0"})),
    )
    out = []
    for person in world.readers[:200]:
        started = time.perf_counter()
        await recommend.recommend(conn, GUILD, person.user_id, flt, limit=10)
        out.append(time.perf_counter() - started)
    return out


def _save_world(world: World, path: Path) -> None:
    data = {
        "stories": world.stories,
        "readers": [[r.user_id, len(r.kudos)] for r in world.readers],
        "held_back": {str(u): sorted(h) for u, h in world.held_back.items()},
    }
    path.write_text(json.dumps(data))


def _load_world(path: Path) -> World:
    data = json.loads(path.read_text())
    readers = [Reader(u, 0, [], [], set(), kudos=[0] * n) for u, n in data["readers"]]
    held = {int(u): set(h) for u, h in data["held_back"].items()}
    return World(data["stories"], readers, held)


def run(
    *, stories: int, readers: int, seed: int, evaluated: int, out: Path, reuse: bool = False
) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"recommend-n{stories}-r{readers}-s{seed}.sqlite3"
    saved = path.with_suffix(".world.json")
    started = time.perf_counter()
    if reuse and saved.exists() and path.exists():
        world = _load_world(saved)
    else:
        world = generate(path, stories=stories, readers=readers, seed=seed, evaluated=evaluated)
        _save_world(world, saved)
    generated = time.perf_counter() - started
    result = asyncio.run(evaluate(path, world, seed=seed))
    kudos = sum(len(r.kudos) for r in world.readers)
    result |= {
        "stories": stories,
        "readers": readers,
        "seed": seed,
        "generate_s": round(generated, 1),
        "reused": reuse,
        "evaluated_readers_kudos_mean": round(kudos / max(len(world.readers), 1), 1),
        "machine": machine(),
    }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--readers", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--evaluate", type=int, default=1000, help="readers with held-back kudos")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--reuse", action="store_true", help="the database a run generated")
    args = parser.parse_args(argv)
    result = run(
        stories=args.stories,
        readers=args.readers,
        seed=args.seed,
        evaluated=args.evaluate,
        out=args.out,
        reuse=args.reuse,
    )
    text = json.dumps(result, indent=2, sort_keys=True)
    (args.out / "recommend-latest.json").write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
