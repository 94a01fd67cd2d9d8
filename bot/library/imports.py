"""Files a librarian brings in from Discord: checked, unpacked and placed in the story folder.

Pure file handling, no Discord and no database. What it guarantees:

* only story files (``.txt``, ``.html``, ``.epub``...) and zips of them are accepted, each
  within the library's size limit; a zip is checked *before* anything is inflated (total
  inflated size, file count, compression ratio), and one inside another, or a member whose
  name climbs out of the archive (``../``, an absolute path), is refused;
* a file's name in the folder is made from its name as given, never trusted: no folders, no
  dots in front, only letters, digits and dashes, so nothing lands outside ``imported/``;
* a file is written under a hidden temporary name (which loads ignore), flushed to disk, then
  linked to its final name in one step (``bot.storage.importer`` records the import's hold
  in between), so a load never sees half a file and two imports of the same name never
  overwrite each other.
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import stat
import tomllib
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any

from bot.library import metadata
from bot.library.story import MAX_FILE_BYTES, story_id

# The suffixes the loader reads (bot.storage.loader.files), and what a zip may hold.
STORY_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".epub"})
ZIP_SUFFIX = ".zip"
# An attachment (a story or a zip of them) is downloaded only up to this size: Discord's own
# limit for a server without boosts, and far above any story.
MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024
# A zip may hold at most this many files, inflating to at most this much, each member
# compressed at most this well (text compresses ~5:1; a bomb, thousands to one).
MAX_ZIP_FILES = 50
MAX_ZIP_INFLATED_BYTES = 64 * 1024 * 1024
MAX_ZIP_RATIO = 100
# Imported files live here, under the story folder.
IMPORT_FOLDER = "imported"
# Temporary files are hidden (a leading dot): loads skip them, and a start removes leftovers.
TEMP_PREFIX = ".import-"
TEMP_SUFFIX = ".part"
_NAME_MAX = 60


class Refused(ValueError):
    """A file (or zip member) that will not be imported; the message is one sentence why."""


@dataclass(frozen=True, slots=True)
class Incoming:
    """One story file to import: its name as given (for the librarian) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Rejected:
    name: str
    reason: str


def suffix_of(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def unpack(name: str, data: bytes) -> tuple[list[Incoming], list[Rejected]]:
    """The story files in one attachment: itself, or a zip's members. A bad attachment (or
    member) is a ``Rejected`` with its reason; the others go on."""
    if len(data) > MAX_ATTACHMENT_BYTES:
        return [], [Rejected(name, _too_big(MAX_ATTACHMENT_BYTES))]
    suffix = suffix_of(name)
    if suffix == ZIP_SUFFIX:
        try:
            return _unzip(data)
        except Refused as exc:
            return [], [Rejected(name, str(exc))]
    try:
        check_story(name, data)
    except Refused as exc:
        return [], [Rejected(name, str(exc))]
    return [Incoming(name, data)], []


def check_story(name: str, data: bytes) -> None:
    check_declared(name, len(data))
    if not data.strip():
        raise Refused("the file is empty")


def check_declared(name: str, size: int) -> None:
    """What can be told before reading a file: its kind (by suffix) and its size."""
    if suffix_of(name) not in STORY_SUFFIXES:
        readable = ", ".join(sorted(s for s in STORY_SUFFIXES if s != ".text"))
        raise Refused(f"not a story file: the library reads {readable}, or a .zip of them")
    if size > MAX_FILE_BYTES:
        raise Refused(_too_big(MAX_FILE_BYTES))


def _too_big(limit: int) -> str:
    return f"over the {limit // (1024 * 1024)} MB size limit"


def _unzip(data: bytes) -> tuple[list[Incoming], list[Rejected]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise Refused(f"not a valid zip ({exc})") from exc
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        check_zip(members)
        found: list[Incoming] = []
        rejected: list[Rejected] = []
        for member in members:
            if _hidden(member.filename):
                continue  # __MACOSX/, .DS_Store: what archivers add, not stories
            try:
                check_declared(member.filename, member.file_size)
                raw = archive.read(member)
            except Refused as exc:
                rejected.append(Rejected(member.filename, str(exc)))
                continue
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
                rejected.append(Rejected(member.filename, f"cannot be unpacked ({exc})"))
                continue
            try:
                check_story(member.filename, raw)
            except Refused as exc:
                rejected.append(Rejected(member.filename, str(exc)))
                continue
            found.append(Incoming(PurePosixPath(member.filename).name, raw))
    return found, rejected


def check_zip(members: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb or a zip with path tricks before inflating any of it: everything
    checked here is what the zip's directory *declares*, and ``zipfile`` stops reading a
    member that inflates past its declared size."""
    if len(members) > MAX_ZIP_FILES:
        raise Refused(f"the zip holds {len(members)} files; at most {MAX_ZIP_FILES} at once")
    if sum(m.file_size for m in members) > MAX_ZIP_INFLATED_BYTES:
        limit = MAX_ZIP_INFLATED_BYTES // (1024 * 1024)
        raise Refused(f"the zip inflates to more than {limit} MB")
    for m in members:
        if m.file_size > max(m.compress_size, 1) * MAX_ZIP_RATIO:
            raise Refused("the zip is compressed suspiciously well (a zip bomb?)")
        if suffix_of(m.filename) == ZIP_SUFFIX:
            raise Refused("the zip holds another zip; unpack it first")
        if _climbs(m.filename):
            raise Refused(f"the zip names a file outside itself ({m.filename!r})")
        if stat.S_ISLNK(m.external_attr >> 16):
            raise Refused(f"the zip holds a link ({m.filename!r})")


def _climbs(name: str) -> bool:
    path = name.replace("\\", "/")
    parts = PurePosixPath(path).parts
    return path.startswith("/") or ".." in parts or (len(path) > 1 and path[1] == ":")


def _hidden(name: str) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in PurePosixPath(name).parts)


def safe_name(name: str) -> str:
    """A file name for the story folder made from the name as given: its last part only,
    letters, digits and dashes (``story_id`` slugs it), and its suffix if it is a story's."""
    base = PurePosixPath(name.replace("\\", "/")).name
    suffix = suffix_of(base)
    if suffix not in STORY_SUFFIXES:
        suffix = ".txt"
    stem = base[: -len(suffix)] if base.lower().endswith(suffix) else base
    return story_id(stem)[:_NAME_MAX] + suffix


def write_temp(folder: Path, data: bytes) -> Path:
    """Write ``data`` under a hidden temporary name in ``folder/imported``, flushed to disk."""
    target = folder / IMPORT_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    temp = target / f"{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return temp


def free_name(folder: Path, name: str) -> str:
    """The file (relative to ``folder``) an import of ``name`` goes to: ``imported/name``,
    else ``imported/name-2``... the first not taken."""
    safe = safe_name(name)
    suffix = PurePosixPath(safe).suffix
    stem = safe[: -len(suffix)]
    n = 1
    while True:
        candidate = f"{IMPORT_FOLDER}/{safe if n == 1 else f'{stem}-{n}{suffix}'}"
        if not (folder / candidate).exists():
            return candidate
        n += 1


def link_into_place(temp: Path, folder: Path, rel: str) -> bool:
    """Give ``temp`` its final name in one step; False if that name was taken meanwhile
    (``link`` never replaces a file: two imports racing for one name each get their own)."""
    try:
        os.link(temp, folder / rel)
    except FileExistsError:
        return False
    return True


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove temporary files an import killed midway left behind; returns them."""
    target = folder / IMPORT_FOLDER
    if not target.is_dir():
        return []
    gone = []
    for path in target.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        path.unlink(missing_ok=True)
        gone.append(path)
    return gone


def split_cast(text: str) -> tuple[list[str], list[str]]:
    """Characters and pairings as a librarian types them in one field: comma-separated, a
    pairing written ``A/B`` (AO3's way) or ``A x B``."""
    characters: list[str] = []
    pairings: list[str] = []
    for item in re.split(r"[,;\n]", text):
        item = " ".join(item.split())
        if not item:
            continue
        pair = re.split(r"\s*/\s*|\s+x\s+|\s*&\s*", item, maxsplit=1)
        if len(pair) == 2 and all(pair):
            pairings.append(f"{pair[0]}/{pair[1]}")
        else:
            characters.append(item)
    return characters, pairings


# What a sidecar value may be: what the Fix form and ``set-author`` write, and whatever a
# hand-written sidecar held (kept as it was when another field is changed).
SidecarValue = str | int | float | bool | list[Any] | dict[str, Any] | date | time | datetime


def _toml_value(value: SidecarValue) -> str:
    """One value as TOML. JSON's string escapes, numbers and booleans are TOML's."""
    if isinstance(value, bool | int | float | str):
        return json.dumps(value)
    if isinstance(value, date | time | datetime):
        return value.isoformat()
    if isinstance(value, list):
        return f"[{', '.join(_toml_value(v) for v in value)}]"
    inline = ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items())
    return f"{{{inline}}}"


def sidecar_text(fields: Mapping[str, SidecarValue]) -> str:
    """A sidecar's TOML (see ``metadata.read_sidecar``)."""
    return "".join(f"{key} = {_toml_value(value)}\n" for key, value in fields.items())


def write_sidecar(folder: Path, rel: str, fields: Mapping[str, SidecarValue]) -> Path:
    """Write ``<stem>.toml`` beside the story ``rel`` in one step (a temporary file renamed
    over it): a load reads the old sidecar or the new one, never half of one."""
    path = (folder / rel).with_suffix(".toml")
    temp = path.with_name(f"{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}")
    try:
        temp.write_text(sidecar_text(fields), encoding="utf-8")
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return path


def update_sidecar(folder: Path, rel: str, changes: Mapping[str, SidecarValue | None]) -> Path:
    """Change some fields of the story ``rel``'s sidecar (None: remove the field), keeping
    the others; creates it if there is none. A field already there under another spelling
    (``Title``, ``characters`` for ``character``) is replaced, not doubled. Raises
    ``metadata.SidecarError`` if the sidecar there is not valid TOML (it is not overwritten:
    someone wrote it by hand and should fix it)."""
    path = (folder / rel).with_suffix(".toml")
    fields: dict[str, SidecarValue] = {}
    if path.is_file():
        try:
            fields = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise metadata.SidecarError(f"{path.name}: {exc}") from exc
    for key, value in changes.items():
        same = metadata.sidecar_key(key)
        fields = {k: v for k, v in fields.items() if metadata.sidecar_key(k) != same}
        if value is not None:
            fields[key] = value
    return write_sidecar(folder, rel, fields)
