"""Where documents come from: files, directories (recursively), glob patterns and
archives (``.tar``, ``.tar.gz``, ``.tgz``, ``.tar.xz``, ``.tar.bz2``, ``.zip``), as one
list of :class:`Source` with a document id each.

A document's id is its file name's stem, as a slug. Two files of one load with the same
stem (the same name in two folders of an archive) get their paths instead, folders and
all, so neither replaces the other; :attr:`Sources.collisions` says which.

>>> import pathlib, tempfile
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> for name in ("a/2025/note.md", "b/2025/note.md", "b/other.txt", "b/logo.png"):
...     (root / name).parent.mkdir(parents=True, exist_ok=True)
...     _ = (root / name).write_text("text")
>>> found = collect([str(root)])
>>> sorted(s.doc_id for s in found.sources)
['a-2025-note', 'b-2025-note', 'other']
>>> found.collisions
{'note': ['a/2025/note.md', 'b/2025/note.md']}
>>> found.skipped
[('b/logo.png', 'not a document (.png)')]
"""

from __future__ import annotations

import glob
import tarfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from accordgraph.loaders.errors import LoaderError
from accordgraph.loaders.read import HTML_SUFFIXES, MARKDOWN_SUFFIXES, PDF_SUFFIXES
from accordgraph.ontology.ids import slug

DOCUMENT_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | {".txt", ".text"}
ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".zip")
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # a member larger than this is skipped, not read


@dataclass(frozen=True)
class Source:
    """One document to load: where it is (``container`` is the archive, if any; ``name``
    its path inside the archive or directory), and its id."""

    name: str
    doc_id: str
    path: Path | None = None  # a file on disk
    container: Path | None = None  # the archive holding it
    size: int = 0

    @property
    def label(self) -> str:
        return f"{self.container}:{self.name}" if self.container else self.name


@dataclass
class Sources:
    sources: list[Source] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    collisions: dict[str, list[str]] = field(default_factory=dict)  # stem id -> names


def is_archive(path: str | Path) -> bool:
    return str(path).lower().endswith(ARCHIVE_SUFFIXES)


def collect(patterns: list[str], doc_id: str | None = None) -> Sources:
    """Every document the arguments name, with unique ids (``doc_id``: the id of the one
    file given). Raises :class:`LoaderError` for an argument that names nothing."""
    found = Sources()
    entries: list[tuple[str, Path | None, Path | None, int]] = []  # name, path, archive, size
    for pattern in patterns:
        matches = sorted(glob.glob(pattern, recursive=True)) if glob.has_magic(pattern) else []
        paths = [Path(m) for m in matches] or [Path(pattern)]
        for path in paths:
            if path.is_dir():
                for file in sorted(p for p in path.rglob("*") if p.is_file()):
                    name = file.relative_to(path).as_posix()
                    entries.append((name, file, None, file.stat().st_size))
            elif path.is_file() and is_archive(path):
                entries.extend((n, None, path, size) for n, size in _members(path))
            elif path.is_file():
                entries.append((path.name, path, None, path.stat().st_size))
            elif glob.has_magic(pattern):
                raise LoaderError(f"{pattern}: matches no file")
            else:
                raise LoaderError(f"{path}: no such file or directory")
    documents = []
    for name, local, archive, size in entries:
        suffix = PurePosixPath(name).suffix.lower()
        if suffix not in DOCUMENT_SUFFIXES:
            found.skipped.append((name, f"not a document ({suffix or 'no extension'})"))
        elif size > MAX_MEMBER_BYTES:
            found.skipped.append((name, f"larger than {MAX_MEMBER_BYTES // 2**20} MiB"))
        else:
            documents.append((name, local, archive, size))
    by_stem: dict[str, list[str]] = defaultdict(list)
    for name, *_ in documents:
        by_stem[_stem_id(name)].append(name)
    found.collisions = {k: v for k, v in by_stem.items() if len(v) > 1}
    if doc_id is not None and len(documents) != 1:
        raise LoaderError("an id applies to one document; give one file")
    ids = [doc_id] if doc_id else _unique_ids([_paths(n, loc, arc) for n, loc, arc, _ in documents])
    for (name, local, archive, size), ident in zip(documents, ids, strict=True):
        found.sources.append(Source(name, ident, local, archive, size))
    return found


def _paths(name: str, local: Path | None, archive: Path | None) -> tuple[str, str]:
    """A document's path (inside its archive or directory, or on disk as given for a
    file named on its own), and the same with its archive's name in front."""
    if archive is not None:
        return name, f"{archive.name}/{name}"
    path = local.as_posix() if local is not None and PurePosixPath(name).name == name else name
    return path, path


def _unique_ids(paths: list[tuple[str, str]]) -> list[str]:
    """Ids from file names, and from more of the path where names collide: the path's
    folders, then its suffix, then its archive's name, then a number, until each id is
    one document's.

    >>> _unique_ids([("a/statement.txt",) * 2, ("b/statement.txt",) * 2, ("c/remarks.md",) * 2])
    ['a-statement', 'b-statement', 'remarks']
    >>> _unique_ids([("a/statement.txt",) * 2, ("a/statement.md",) * 2])
    ['a-statement-txt', 'a-statement-md']
    >>> _unique_ids([("doc.txt", "x.zip/doc.txt"), ("doc.txt", "y.zip/doc.txt")])
    ['x-zip-doc-txt', 'y-zip-doc-txt']
    """
    ids = [_stem_id(path) for path, _ in paths]
    for way in (_folders_id, _whole_id, _archived_id):
        repeated = Counter(ids)
        ids = [way(p) if repeated[i] > 1 else i for p, i in zip(paths, ids, strict=True)]
    counts = Counter(ids)
    seen: Counter[str] = Counter()
    unique = []
    for i in ids:
        seen[i] += 1
        unique.append(i if counts[i] == 1 else f"{i}-{seen[i]}")
    return unique


def _stem_id(name: str) -> str:
    return slug(PurePosixPath(name).stem) or "document"


def _folders_id(paths: tuple[str, str]) -> str:
    return slug(str(PurePosixPath(paths[0]).with_suffix(""))) or "document"


def _whole_id(paths: tuple[str, str]) -> str:
    return slug(paths[0]) or "document"


def _archived_id(paths: tuple[str, str]) -> str:
    return slug(paths[1]) or "document"


def _clean(name: str) -> str:
    """A member's name without a leading ``./``."""
    return name[2:] if name.startswith("./") else name


def _members(archive: Path) -> Iterator[tuple[str, int]]:
    try:
        if archive.name.lower().endswith(".zip"):
            with zipfile.ZipFile(archive) as z:
                for info in z.infolist():
                    if not info.is_dir():
                        yield _clean(info.filename), info.file_size
            return
        with tarfile.open(archive) as t:
            for member in t:
                if member.isfile():
                    yield _clean(member.name), member.size
    except (OSError, tarfile.TarError, zipfile.BadZipFile, EOFError) as exc:
        raise LoaderError(f"{archive}: cannot read the archive ({exc})") from None


def read_all(sources: list[Source]) -> Iterator[tuple[Source, bytes]]:
    """The bytes of each source, in order; an archive is read once, front to back."""
    by_archive: dict[Path, dict[str, Source]] = defaultdict(dict)
    for source in sources:
        if source.container is not None:
            by_archive[source.container][source.name] = source
    done: set[Path] = set()
    for source in sources:
        if source.path is not None:
            try:
                yield source, source.path.read_bytes()
            except OSError as exc:
                raise LoaderError(f"{source.path}: cannot read ({exc.strerror or exc})") from None
        elif source.container is not None and source.container not in done:
            done.add(source.container)
            yield from _read_archive(source.container, by_archive[source.container])


def _read_archive(archive: Path, wanted: dict[str, Source]) -> Iterator[tuple[Source, bytes]]:
    try:
        if archive.name.lower().endswith(".zip"):
            with zipfile.ZipFile(archive) as z:
                for info in z.infolist():
                    source = wanted.get(_clean(info.filename))
                    if source is not None:
                        yield source, z.read(info)
            return
        with tarfile.open(archive, mode="r|*") as t:  # a stream: one pass, little memory
            for member in t:
                source = wanted.get(_clean(member.name))
                stream = t.extractfile(member) if source is not None else None
                if source is not None and stream is not None:
                    yield source, stream.read()
    except (OSError, tarfile.TarError, zipfile.BadZipFile, EOFError) as exc:
        raise LoaderError(f"{archive}: cannot read the archive ({exc})") from None
