"""SQLite storage for the library, reviews and settings (aiosqlite). No Discord here."""
