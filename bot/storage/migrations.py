"""The versioned schema. ``PRAGMA user_version`` says which migrations have run.

Never edit a migration that has shipped: add a new one. Each runs in its own transaction.
Only tables whose every column is in the primary key are WITHOUT ROWID: SQLite 3.40's
integrity_check wrongly reports NULLs in the other columns of such tables.
"""

from __future__ import annotations

# The title index (see migration 3), owned here and rebuilt whole by the loader at the end of
# every load that changed the library (``refresh_derived``): what these say is what every
# database has after its next load, so they may change without a migration.
STORY_TITLES_TABLE = (
    "CREATE VIRTUAL TABLE story_titles USING fts5 (title, id UNINDEXED, tokenize='trigram')"
)
STORY_TITLES_FILL = (
    "INSERT INTO story_titles (rowid, title, id) "
    "SELECT row_number() OVER (ORDER BY title COLLATE NOCASE, id), title, id "
    "FROM stories WHERE status = 'active'"
)


def _tag_rows(story: str, tags: str) -> str:
    """Trigger statements filing a story's tags and warnings into ``tags``/``story_tags``.

    No OR IGNORE: inside a trigger fired by an upsert (the loader's INSERT ... ON CONFLICT),
    SQLite applies the outer statement's conflict policy (abort) to every statement, so these
    insert only rows that are not there yet, each once.
    """
    parts = []
    for kind, path in (("tag", "$.tags"), ("warning", "$.warnings")):
        parts.append(
            f"""INSERT INTO tags (kind, folded, name)
            SELECT '{kind}', lower(trim(value)), min(trim(value)) FROM json_each({tags}, '{path}')
            WHERE trim(value) != '' AND lower(trim(value)) NOT IN
                (SELECT folded FROM tags WHERE kind = '{kind}')
            GROUP BY lower(trim(value));
        INSERT INTO story_tags (story_id, tag_id)
            SELECT DISTINCT {story}, t.id FROM json_each({tags}, '{path}') j
            JOIN tags t ON t.kind = '{kind}' AND t.folded = lower(trim(j.value))
            WHERE NOT EXISTS (SELECT 1 FROM story_tags x WHERE x.story_id = {story} AND x.tag_id = t.id);"""
        )
    return "\n        ".join(parts)


MIGRATIONS: list[str] = [
    # 1: the story library
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE characters (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        fandom TEXT NOT NULL DEFAULT '',
        confirmed INTEGER NOT NULL DEFAULT 1,  -- 0: a recurring name the roster does not know
        UNIQUE (name, fandom)
    );
    CREATE TABLE character_aliases (
        folded TEXT NOT NULL,  -- casefolded alias: look-ups are case-insensitive
        alias TEXT NOT NULL,
        character_id INTEGER NOT NULL REFERENCES characters(id) ON DELETE CASCADE,
        PRIMARY KEY (folded, character_id)
    );

    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        file TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        analysis_key TEXT NOT NULL,  -- parser version and roster digest it was analysed with
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
        title TEXT NOT NULL,
        author TEXT NOT NULL,
        fandom TEXT NOT NULL,
        rating TEXT NOT NULL,
        adult INTEGER NOT NULL,  -- Mature or Explicit: only in age-restricted channels
        derived TEXT NOT NULL DEFAULT '',  -- comma-separated names of derived fields
        summary TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '{}',  -- JSON: warnings, category, relationships, ...
        words INTEGER NOT NULL,
        reading_minutes INTEGER NOT NULL,
        loaded_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX stories_file ON stories (file);
    CREATE INDEX stories_hash ON stories (content_hash);
    CREATE INDEX stories_status_title ON stories (status, title COLLATE NOCASE);

    CREATE TABLE paragraphs (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        section TEXT NOT NULL,
        kind TEXT NOT NULL,
        scene_start INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (story_id, idx)
    );

    CREATE TABLE story_characters (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        character_id INTEGER NOT NULL REFERENCES characters(id),
        role TEXT NOT NULL,
        role_rank INTEGER NOT NULL,  -- 0 lead, 1 supporting, 2 mentioned: "best first"
        mentions INTEGER NOT NULL,
        score REAL NOT NULL,
        called TEXT NOT NULL,
        PRIMARY KEY (story_id, character_id)
    );
    CREATE INDEX story_characters_by_character
        ON story_characters (character_id, role_rank, score DESC);

    CREATE TABLE pairings (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        pos INTEGER NOT NULL,
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        PRIMARY KEY (story_id, pos)
    );

    -- Passages an excerpt may quote. rnd is a random key: a random passage is the first one
    -- at or after a random point of an index, so no query ever sorts a table by RANDOM().
    CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        first_para INTEGER NOT NULL,
        last_para INTEGER NOT NULL,
        text TEXT NOT NULL,
        rnd INTEGER NOT NULL,
        adult INTEGER NOT NULL,
        fandom TEXT NOT NULL
    );
    CREATE INDEX passages_story ON passages (story_id, seq);
    CREATE INDEX passages_random ON passages (adult, rnd);
    CREATE INDEX passages_fandom_random ON passages (fandom, adult, rnd);

    CREATE TABLE passage_characters (
        character_id INTEGER NOT NULL,
        adult INTEGER NOT NULL,
        rnd INTEGER NOT NULL,
        passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
        PRIMARY KEY (character_id, adult, rnd, passage_id)
    ) WITHOUT ROWID;  -- every column is in the key
    CREATE INDEX passage_characters_passage ON passage_characters (passage_id);

    CREATE VIRTUAL TABLE passages_fts USING fts5 (
        text, content='passages', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER passages_fts_insert AFTER INSERT ON passages BEGIN
        INSERT INTO passages_fts (rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER passages_fts_delete AFTER DELETE ON passages BEGIN
        INSERT INTO passages_fts (passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    """,
    # 2: what readers and admins give back: reviews, kudos, per-server settings
    """
    CREATE TABLE guild_settings (
        guild_id INTEGER PRIMARY KEY,
        feedback_channel_id INTEGER,
        updated_at TEXT NOT NULL
    );

    -- One review per reader per story per server; a second submission edits the first.
    -- story_id has no foreign key on purpose: a review outlives anything that happens to the
    -- story file (the stories row is never deleted, only withdrawn).
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        guild_id INTEGER NOT NULL,
        story_id TEXT NOT NULL,
        user_id INTEGER NOT NULL,
        user_name TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
        body TEXT NOT NULL,
        spoiler INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        -- Where it was posted; NULL while it waits for a working feedback channel.
        posted_channel_id INTEGER,
        posted_message_id INTEGER,
        posted_version TEXT,  -- updated_at of the version that was posted
        UNIQUE (guild_id, story_id, user_id)
    );
    CREATE INDEX reviews_story ON reviews (guild_id, story_id, updated_at DESC);
    CREATE INDEX reviews_unposted ON reviews (guild_id) WHERE posted_version IS NOT updated_at;

    CREATE TABLE kudos (
        guild_id INTEGER NOT NULL,
        story_id TEXT NOT NULL,
        user_id INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (guild_id, story_id, user_id)
    );

    -- The feedback thread of each story, per server, created on first use.
    CREATE TABLE story_threads (
        guild_id INTEGER NOT NULL,
        story_id TEXT NOT NULL,
        channel_id INTEGER NOT NULL,
        thread_id INTEGER NOT NULL,
        PRIMARY KEY (guild_id, story_id)
    );
    """,
    # 3: speed at scale (100,000 stories)
    #
    # The full-text index is written by the loader, in bulk, instead of by triggers: FTS5
    # flushes its pending terms at every savepoint, and each trigger run is one, so a trigger
    # made loading the index four times slower than inserting the same rows directly. The
    # loader is the only writer of passages; it adds and removes their index entries itself.
    #
    # character_stats: how many active stories feature each character (all of them, and those
    # a general channel may show), recounted by the loader when a load changed the library;
    # /fic characters and /fic by-character read it instead of counting 100,000 stories.
    #
    # story_titles: the active stories' titles by trigram, numbered in title order, so that
    # autocomplete finds the first titles (alphabetically) containing what was typed by
    # reading the index in order: a few rows whatever the library's size. Rebuilt by the
    # loader with character_stats; until then (a load under way) queries read the titles.
    #
    # stories_title_order: titles in order with their ids, for reading them in order (while
    # a load is under way, and for many ids sharing a prefix) without reading a single row.
    #
    # fandom_stats: the active stories of each fandom, recounted with character_stats.
    f"""
    DROP TRIGGER passages_fts_insert;
    DROP TRIGGER passages_fts_delete;

    CREATE TABLE character_stats (
        character_id INTEGER PRIMARY KEY,
        stories INTEGER NOT NULL,
        general INTEGER NOT NULL
    );
    INSERT INTO character_stats (character_id, stories, general)
        SELECT sc.character_id, count(*), sum(s.adult = 0)
        FROM story_characters sc JOIN stories s ON s.id = sc.story_id
        WHERE s.status = 'active' GROUP BY sc.character_id;

    {STORY_TITLES_TABLE};
    {STORY_TITLES_FILL};

    CREATE INDEX stories_title_order ON stories (status, title COLLATE NOCASE, id);

    CREATE TABLE fandom_stats (fandom TEXT PRIMARY KEY, stories INTEGER NOT NULL);
    INSERT INTO fandom_stats (fandom, stories)
        SELECT fandom, count(*) FROM stories WHERE status = 'active' GROUP BY fandom;
    """,
    # 4: posting reviews safely (issue 12)
    #
    # adult_feedback_channel_id: reviews of adult stories are posted only in an age-restricted
    # channel; NULL means they wait until one is set.
    #
    # post_nonce / post_thread_id / post_started_at: a post of a review's current version that
    # was sent but may not have been recorded (the bot killed between Discord accepting it and
    # the UPDATE): the next attempt sends the same nonce (Discord returns the existing message
    # within a few minutes) and first looks for the post in the thread after post_started_at.
    """
    ALTER TABLE guild_settings ADD COLUMN adult_feedback_channel_id INTEGER;
    ALTER TABLE reviews ADD COLUMN post_nonce TEXT;
    ALTER TABLE reviews ADD COLUMN post_thread_id INTEGER;
    ALTER TABLE reviews ADD COLUMN post_started_at TEXT;
    """,
    # 5 (issue 13): the library grows from Discord: imports, withdrawals, librarians
    #
    # imports: each file a librarian brought in. A 'pending' one is held back from readers:
    # the loader writes its story withdrawn (status is the one filter every reader query
    # uses) until a librarian publishes it. Held by file, not story id: the hold is recorded
    # before the file is moved into the folder, so no load (of this process or another) ever
    # sees the file without its hold.
    #
    # story_holds: stories a librarian withdrew; the loader keeps them withdrawn across
    # reloads (their file is still there) until restored. Reviews and kudos stay.
    #
    # library_log: who imported, published, fixed, withdrew or restored what, for /ficadmin log.
    """
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        guild_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        user_name TEXT NOT NULL,
        file TEXT NOT NULL,  -- relative to the story folder
        content_hash TEXT NOT NULL,
        story_id TEXT,  -- once loaded
        state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'published', 'failed')),
        created_at TEXT NOT NULL,
        published_at TEXT
    );
    CREATE INDEX imports_pending ON imports (file) WHERE state = 'pending';
    CREATE INDEX imports_story ON imports (story_id);

    CREATE TABLE story_holds (
        story_id TEXT PRIMARY KEY,
        guild_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );

    CREATE TABLE library_log (
        id INTEGER PRIMARY KEY,
        guild_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        user_name TEXT NOT NULL,
        action TEXT NOT NULL
            CHECK (action IN ('import', 'publish', 'fix', 'withdraw', 'restore')),
        story_id TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE INDEX library_log_guild ON library_log (guild_id, id DESC);

    ALTER TABLE guild_settings ADD COLUMN librarian_role_id INTEGER;
    ALTER TABLE guild_settings ADD COLUMN announce_channel_id INTEGER;
    ALTER TABLE guild_settings ADD COLUMN adult_announce_channel_id INTEGER;
    """,
    # 6: chapters (issue 11)
    #
    # A story's chapters in reading order, each a range of its paragraphs: first_para..last_para
    # is all of it (heading, notes, text, end notes), text_first..text_last the text a reader
    # reads. Summaries and notes are kept as written (paragraphs joined by blank lines) and
    # shown apart from the text. Written with the story's paragraphs, and replaced with them.
    # A story loaded before this migration has no rows until its next load (the parser version
    # changed with it): until then it reads as one untitled chapter.
    """
    CREATE TABLE chapters (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,  -- 1-based, in reading order
        title TEXT NOT NULL,  -- '' for an untitled chapter
        summary TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        end_notes TEXT NOT NULL DEFAULT '',
        first_para INTEGER NOT NULL,
        last_para INTEGER NOT NULL,
        text_first INTEGER NOT NULL,
        text_last INTEGER NOT NULL,
        words INTEGER NOT NULL,
        PRIMARY KEY (story_id, number)
    );
    """,
    # 7: who a story is about, in any fandom (issue 11)
    #
    # pairings.kind: "romantic" (A/B, A x B, a ship name) or "friendship" (A & B), which is
    # shown as such and never as a pairing.
    """
    ALTER TABLE pairings ADD COLUMN kind TEXT NOT NULL DEFAULT 'romantic';
    """,
    # 8: a reader's library (issue 14): shelves, where they stopped, exclusions, tags
    #
    # shelf: the stories a reader saved in a server, with a status and a note.
    # reading_positions: where a reader stopped in each story (a chapter, 0 for a story
    # read as one, and a page); the latest row per reader is what /fic continue reopens.
    # exclusions: what a reader (user_id) or a whole server (user_id 0) never wants shown;
    # value is the folded tag, warning or rating, a character's id, or a pairing's key.
    # tags / story_tags: the stories' AO3 additional tags and warnings, one row per tag, kept
    # in step with stories.tags by triggers (so the loader needs no change): browsing by tag
    # and excluding a tag are index look-ups instead of reading every story's JSON.
    f"""
    CREATE TABLE shelf (
        guild_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        story_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('to-read', 'reading', 'finished', 'dropped')),
        note TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (guild_id, user_id, story_id)
    );
    CREATE INDEX shelf_by_status ON shelf (guild_id, user_id, status, updated_at DESC);
    CREATE INDEX shelf_by_story ON shelf (guild_id, story_id, status);

    CREATE TABLE reading_positions (
        guild_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        story_id TEXT NOT NULL,
        chapter INTEGER NOT NULL DEFAULT 0,
        page INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (guild_id, user_id, story_id)
    );
    CREATE INDEX reading_positions_latest ON reading_positions (guild_id, user_id, updated_at DESC);

    CREATE TABLE exclusions (
        guild_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,  -- 0: the whole server
        kind TEXT NOT NULL CHECK (kind IN ('tag', 'character', 'pairing', 'warning', 'rating')),
        value TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (guild_id, user_id, kind, value)
    );

    CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,  -- 'tag' (additional tags) or 'warning'
        folded TEXT NOT NULL,
        name TEXT NOT NULL,
        UNIQUE (kind, folded)
    );
    CREATE TABLE story_tags (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id),
        PRIMARY KEY (story_id, tag_id)
    ) WITHOUT ROWID;  -- every column is in the key
    CREATE INDEX story_tags_by_tag ON story_tags (tag_id, story_id);
    CREATE INDEX pairings_by_pair ON pairings (a, b);

    CREATE TRIGGER stories_tags_insert AFTER INSERT ON stories BEGIN
        {_tag_rows("new.id", "new.tags")}
    END;
    CREATE TRIGGER stories_tags_update AFTER UPDATE OF tags ON stories BEGIN
        DELETE FROM story_tags WHERE story_id = new.id;
        {_tag_rows("new.id", "new.tags")}
    END;
    INSERT INTO tags (kind, folded, name)
        SELECT kind, folded, min(name) FROM (
            SELECT 'tag' AS kind, lower(trim(j.value)) AS folded, trim(j.value) AS name
            FROM stories s, json_each(s.tags, '$.tags') j WHERE trim(j.value) != ''
            UNION ALL
            SELECT 'warning', lower(trim(j.value)), trim(j.value)
            FROM stories s, json_each(s.tags, '$.warnings') j WHERE trim(j.value) != ''
        ) GROUP BY kind, folded;
    INSERT INTO story_tags (story_id, tag_id)
        SELECT DISTINCT s.id, t.id FROM stories s, json_each(s.tags, '$.tags') j
        JOIN tags t ON t.kind = 'tag' AND t.folded = lower(trim(j.value))
        UNION
        SELECT DISTINCT s.id, t.id FROM stories s, json_each(s.tags, '$.warnings') j
        JOIN tags t ON t.kind = 'warning' AND t.folded = lower(trim(j.value));
    """,
    # 9 (issue 13): announcements, follows, authors
    #
    # follows: what a reader follows in one server (a character's name or an author's, as
    # shown in the library); matched without regard to case. reader_settings: whether a reader
    # is told at all (notify) and whether an author is told of new reviews of their stories
    # (review_dms); a reader with no row is told of follows and not of reviews.
    # stories.author_user_id: the Discord account of a story's author (a sidecar's
    # discord_user_id, which set-author writes too); every load sets it from the sidecar.
    """
    CREATE TABLE follows (
        guild_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('character', 'author')),
        value TEXT NOT NULL COLLATE NOCASE,
        created_at TEXT NOT NULL,
        PRIMARY KEY (guild_id, user_id, kind, value)
    );
    CREATE INDEX follows_value ON follows (guild_id, kind, value);

    CREATE TABLE reader_settings (
        guild_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        notify INTEGER NOT NULL DEFAULT 1,
        review_dms INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (guild_id, user_id)
    );

    ALTER TABLE stories ADD COLUMN author_user_id INTEGER;
    CREATE INDEX stories_author_user ON stories (author_user_id) WHERE author_user_id IS NOT NULL;
    """,
    # 10 (issue 14): "your data"
    #
    # library_log may record that an admin forgot a member's data ('forget'); SQLite cannot
    # change a CHECK in place, so the table is rebuilt with the same rows and ids.
    """
    CREATE TABLE library_log_new (
        id INTEGER PRIMARY KEY,
        guild_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        user_name TEXT NOT NULL,
        action TEXT NOT NULL
            CHECK (action IN ('import', 'publish', 'fix', 'withdraw', 'restore', 'forget')),
        story_id TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    INSERT INTO library_log_new SELECT id, guild_id, user_id, user_name, action, story_id,
        detail, created_at FROM library_log;
    DROP TABLE library_log;
    ALTER TABLE library_log_new RENAME TO library_log;
    CREATE INDEX library_log_guild ON library_log (guild_id, id DESC);
    """,
    # 11 (issue 14): whether a story is finished
    #
    # completion: 'complete', 'in-progress' or 'unknown' (bot.library.completion says how each
    # format tells); chapters_posted and chapters_total: what the source says ("Chapters: 3/10"),
    # NULL when it does not say. Written by the loader: rows loaded before this migration read
    # 'unknown' until the next load re-parses them (the parser version changed with it).
    """
    ALTER TABLE stories ADD COLUMN completion TEXT NOT NULL DEFAULT 'unknown'
        CHECK (completion IN ('complete', 'in-progress', 'unknown'));
    ALTER TABLE stories ADD COLUMN chapters_posted INTEGER;
    ALTER TABLE stories ADD COLUMN chapters_total INTEGER;
    """,
    # 12 (issue 14): recommendations
    #
    # story_love: per server and story, how many readers gave it kudos and how many reviewed it
    # 4 or 5 stars, kept in step by triggers on kudos and reviews (no upsert in them: a trigger
    # takes its outer statement's conflict policy, and kudos are written with OR IGNORE). The
    # server's best-loved stories are then read in index order instead of counting every kudos.
    # kudos_by_reader / reviews_by_reader: a reader's own kudos and reviews (the primary keys
    # start with the story), for their history and their co-readers', covering what is read. stories_by_author: more
    # stories by an author the reader liked.
    """
    CREATE TABLE story_love (
        guild_id INTEGER NOT NULL,
        story_id TEXT NOT NULL,
        kudos INTEGER NOT NULL DEFAULT 0,
        liked INTEGER NOT NULL DEFAULT 0,  -- reviews rated 4 or 5
        loves INTEGER GENERATED ALWAYS AS (kudos + liked) VIRTUAL,
        PRIMARY KEY (guild_id, story_id)
    );
    CREATE INDEX story_love_best ON story_love (guild_id, loves DESC);
    INSERT INTO story_love (guild_id, story_id, kudos, liked)
        SELECT guild_id, story_id, sum(k), sum(l) FROM (
            SELECT guild_id, story_id, 1 AS k, 0 AS l FROM kudos
            UNION ALL
            SELECT guild_id, story_id, 0, 1 FROM reviews WHERE rating >= 4
        ) GROUP BY guild_id, story_id;

    CREATE TRIGGER story_love_kudos_insert AFTER INSERT ON kudos BEGIN
        INSERT INTO story_love (guild_id, story_id) SELECT new.guild_id, new.story_id
            WHERE NOT EXISTS (SELECT 1 FROM story_love
                              WHERE guild_id = new.guild_id AND story_id = new.story_id);
        UPDATE story_love SET kudos = kudos + 1
            WHERE guild_id = new.guild_id AND story_id = new.story_id;
    END;
    CREATE TRIGGER story_love_kudos_delete AFTER DELETE ON kudos BEGIN
        UPDATE story_love SET kudos = kudos - 1
            WHERE guild_id = old.guild_id AND story_id = old.story_id;
    END;
    CREATE TRIGGER story_love_review_insert AFTER INSERT ON reviews WHEN new.rating >= 4 BEGIN
        INSERT INTO story_love (guild_id, story_id) SELECT new.guild_id, new.story_id
            WHERE NOT EXISTS (SELECT 1 FROM story_love
                              WHERE guild_id = new.guild_id AND story_id = new.story_id);
        UPDATE story_love SET liked = liked + 1
            WHERE guild_id = new.guild_id AND story_id = new.story_id;
    END;
    CREATE TRIGGER story_love_review_update AFTER UPDATE OF rating ON reviews
        WHEN (new.rating >= 4) != (old.rating >= 4) BEGIN
        INSERT INTO story_love (guild_id, story_id) SELECT new.guild_id, new.story_id
            WHERE NOT EXISTS (SELECT 1 FROM story_love
                              WHERE guild_id = new.guild_id AND story_id = new.story_id);
        UPDATE story_love SET liked = liked + (new.rating >= 4) - (old.rating >= 4)
            WHERE guild_id = new.guild_id AND story_id = new.story_id;
    END;
    CREATE TRIGGER story_love_review_delete AFTER DELETE ON reviews WHEN old.rating >= 4 BEGIN
        UPDATE story_love SET liked = liked - 1
            WHERE guild_id = old.guild_id AND story_id = old.story_id;
    END;

    CREATE INDEX story_love_of_story ON story_love (guild_id, story_id, loves);  -- covering
    CREATE INDEX kudos_by_reader ON kudos (guild_id, user_id, story_id);
    CREATE INDEX reviews_by_reader ON reviews (guild_id, user_id, rating, story_id);
    CREATE INDEX stories_by_author ON stories (author);
    """,
]
