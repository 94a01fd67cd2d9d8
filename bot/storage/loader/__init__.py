"""Loading a folder of stories into the database: idempotent, incremental, crash-safe.

Files are known by content hash. An unchanged file costs no writes; a changed file is updated
in place and keeps its id (and the reviews and kudos attached to it); a removed file is marked
withdrawn, never deleted; the same text under two names loads once. Each story is written in
one transaction with others of its batch, so a crash leaves every story whole or absent.

How a load runs, so that a 100,000-story library loads fast and the bot stays responsive:

* the files are listed, read and hashed in a worker thread, a few hundred at a time
  (``files``), and only the ones that changed are parsed (``decide``);
* parsing (the expensive part) runs in worker processes, one per core, when there is enough to
  parse to pay for starting them (a few files parse in a thread). Workers read the files
  themselves and send back ready-to-insert rows, so the corpus is never held in memory: at
  most a few batches are in flight (``parse_worker``);
* rows are written in batches, one transaction each, through ``executemany`` calls that run
  on the connection's own thread (``writes``). The event loop only routes work between them
  (``run``).
"""

from bot.storage.loader.files import story_files
from bot.storage.loader.report import LoadReport, Progress, ProgressCallback, Skip
from bot.storage.loader.run import analysis_key, load_collection
from bot.storage.loader.writes import refresh_derived, sync_roster

__all__ = [
    "LoadReport",
    "Progress",
    "ProgressCallback",
    "Skip",
    "analysis_key",
    "load_collection",
    "refresh_derived",
    "story_files",
    "sync_roster",
]
