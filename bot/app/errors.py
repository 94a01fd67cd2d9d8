"""What a reader is told when something outside their control fails.

Storage problems get their own words: a busy database (``ficbot load`` running) is worth a
retry; a read-only or full disk is for the admin to fix, and reading keeps working meanwhile.
Everything else gets a short apology. The details always go to the log.
"""

from __future__ import annotations

import logging
import sqlite3

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on my side. Please try again in a moment."
BUSY = "The library is busy with an update right now. Please try again in a moment."
READ_ONLY = (
    "I can't save anything right now: the library's storage is read-only. "
    "Nothing you saved before is affected, and reading still works. The admins can see why in the log."
)
FULL = (
    "I can't save anything right now: the library's disk is full. "
    "Nothing you saved before is affected, and reading still works. The admins can see why in the log."
)


def storage_problem(exc: BaseException) -> str | None:
    """The reader's message for a storage failure, or None if ``exc`` is not one."""
    if not isinstance(exc, sqlite3.Error):
        return None
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return BUSY
    if "readonly" in text or "read-only" in text or "read only" in text:
        log.error("the database is read-only: %s (check the file's permissions and FICBOT_DB)", exc)
        return READ_ONLY
    if "full" in text:
        log.error("the database's disk is full: %s (free some space; nothing stored was lost)", exc)
        return FULL
    return None


def describe(exc: BaseException) -> str:
    return storage_problem(exc) or APOLOGY
