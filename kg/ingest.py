"""Sources -> Articles.

`read_source(path)` reads one file, `read_sources(paths)` files and directories.
Both yield `Article` records and `InputError`s (never raise them), so one bad
file or line never stops the rest.

Formats
  * JSON Lines (`.jsonl`, `.json`): one `{"id","title","text","date","source"}`
    object per line, only `text` required. A `.json` file holding one JSON
    array of such objects is read too.
  * Plain text (everything else): a newspaper page, split into items
    (articles and photo captions) by the layout rules in `split_page`.
  * E-paper PDF pages (`.pdf`): the text layer, split into articles by the
    page's layout (`kg.sources.pdf`).
  * Saved web pages (`.html`, `.htm`): the main article, with its title,
    date and author (`kg.sources.html`).

The suffix picks the reader, in `read_source` (`_READERS`); the PDF and HTML
readers, and their libraries, are imported only when such a file is read.

Dates: an article without a date of its own takes the date of its dateline
(`本报北京3月5日电`), resolved as `kg.sources.dates` says (a JSON date naming only
a year or a month, or a PDF page's edition date, gives the year).

Encodings: UTF-8 (with or without BOM), UTF-16/UTF-32 with BOM, GB18030,
then whatever charset-normalizer finds. A file that mixes UTF-8 and GB18030
lines is decoded line by line; UTF-8 cut off at the end, damaged UTF-8 lines
and NUL bytes are repaired (the bytes dropped) and reported, the rest of the
file is still read. Control characters other than newline and tab are
removed; whitespace runs inside a line are collapsed. The text is otherwise
kept as written (no NFKC), so offsets refer to it.

Limits (`Limits`, see docs/reliability.md): a file larger than
`max_file_bytes` is refused before it is read; an article longer than
`max_article_chars` characters, and a text line longer than that, is refused
with an error naming it. Everything else in the file is still read.

Repairs and refusals are `InputError`s that name the file and, where there is
one, the line; they come out in file order among the articles.

Identity: `Article.source` is the file's path relative to the argument that
named it: its name for a file given directly (`seed-page.txt`), the path
below the directory for a file found in one (`2024-01-01/news.jsonl`), so two
files of the same name in different folders are different sources, and
building the same folder from another working directory gives the same
sources (and article IRIs). Two different files of one `read_sources` call
that would get the same source (`a/news.jsonl` and `b/news.jsonl` given as
two arguments) are told apart: the later one is named by its path as given,
or, failing that, its absolute path. An article whose normalised text is the
same as an earlier one's of the same call, in any source, is a duplicate: it
is reported (`duplicate article: same text as FILE:LINE; skipped`) and only
the first is kept.

JSON Lines are split on `\\n` only (`\\r\\n` is tolerated): U+2028 and U+2029,
which `json.dumps(ensure_ascii=False)` writes inside strings, are no line
breaks there. A record holding a number Python cannot represent (an integer
of more digits than `sys.get_int_max_str_digits()`, a float beyond the double
range such as `1e999`), or nested too deeply, is refused with its line. A
`date` of the form YYYY-MM-DD that is no calendar day (`2024-99-99`) is
reported and kept as written (a plain string, never an `xsd:date`).
"""
from __future__ import annotations

import codecs
import datetime
import errno
import hashlib
import json
import math
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, display_path
from .model import Article
from .sources.dates import NEWS_AGENCIES, article_date

__all__ = ["read_source", "read_sources", "split_page", "decode_bytes", "decode_source", "parse_byline",
           "Limits", "DEFAULT_LIMITS", "SOURCE_SUFFIXES", "JSON_SUFFIXES", "is_valid_date"]

JSON_SUFFIXES = (".jsonl", ".json")
# suffix -> "module:function" of a reader of the file's bytes (kg.sources.*), imported when needed
_READERS = {
    ".pdf": "kg.sources.pdf:read_pdf",
    ".html": "kg.sources.html:read_html",
    ".htm": "kg.sources.html:read_html",
}
SOURCE_SUFFIXES = (".txt",) + JSON_SUFFIXES + tuple(_READERS)


@dataclass(frozen=True)
class Limits:
    """Size limits of ingest (the CLI's --max-file-size and --max-article-chars).

    max_file_bytes     a larger file is refused before it is read (default 32 MiB)
    max_article_chars  a longer article, or text line, is refused (default 100 000
                       characters; a long news article has about 10 000)
    """

    max_file_bytes: int = 32 * 1024 * 1024
    max_article_chars: int = 100_000

    def __post_init__(self):
        for name in ("max_file_bytes", "max_article_chars"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                raise ValueError(f"{name} must be a positive integer, not {v!r}")


DEFAULT_LIMITS = Limits()

# --------------------------------------------------------------------------- reading files


def read_sources(paths: Iterable[str | os.PathLike],
                 limits: Limits | None = None) -> Iterator[Article | InputError]:
    """Read files and directories (walked recursively, in sorted order).

    Inside directories only `.txt`, `.jsonl`, `.json`, `.pdf`, `.html` and `.htm`
    files are read. Each
    real path is read once, so symlink loops and repeated arguments are harmless.
    Sources are named relative to their argument and duplicate articles are
    skipped with an error (see the module's "Identity").
    """
    visited: set[str] = set()
    run = _Run()
    for p in paths:
        path = Path(p)
        try:
            st = os.stat(path)
        except OSError as e:
            yield InputError(str(path), _os_reason(e))
            continue
        real = os.path.realpath(path)
        if real in visited:
            continue
        visited.add(real)
        if _is_dir(st):
            yield from _walk(path, visited, limits, run, path)
        else:
            yield from read_source(path, limits, source=run.source(path, path.name, real), _run=run)


class _Run:
    """What one read_sources call remembers across its files: the sources named so far
    (source -> real path) and the text of every article kept (digest -> where it was read)."""

    def __init__(self):
        self.sources: dict[str, str] = {}
        self.texts: dict[bytes, str] = {}

    def source(self, path: Path, wanted: str, real: str) -> str:
        for name in (wanted, Path(os.path.normpath(path)).as_posix(), Path(os.path.abspath(path)).as_posix()):
            if self.sources.setdefault(name, real) == real:
                return name
        return wanted                   # pragma: no cover - an absolute path names one file

    def duplicate(self, text: str, where: str) -> str | None:
        """Where an article of the same text was read before, or None (and remember this one)."""
        key = hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()
        first = self.texts.get(key)
        if first is None:
            self.texts[key] = where
        return first


def _where(name: str, line: int | None = None, item: str | None = None) -> str:
    return display_path(name) + (f":{line}" if line is not None else f" {item}" if item else "")


def _walk(directory: Path, visited: set[str], limits: Limits | None, run: _Run,
          root: Path) -> Iterator[Article | InputError]:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as e:
        yield InputError(str(directory), _os_reason(e))
        return
    for entry in entries:
        path = Path(directory, entry.name)
        try:
            st = os.stat(path)            # follows symlinks
        except OSError as e:
            if path.suffix.lower() in SOURCE_SUFFIXES or e.errno == errno.ELOOP:
                yield InputError(str(path), _os_reason(e))
            continue
        real = os.path.realpath(path)
        if real in visited:
            continue
        if _is_dir(st):
            visited.add(real)
            yield from _walk(path, visited, limits, run, root)
        elif path.suffix.lower() in SOURCE_SUFFIXES:
            visited.add(real)
            rel = path.relative_to(root).as_posix()
            yield from read_source(path, limits, source=run.source(path, rel, real), _run=run)


def _is_dir(st: os.stat_result) -> bool:
    return stat.S_ISDIR(st.st_mode)


def _os_reason(e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return "no such file or directory"
    if isinstance(e, PermissionError):
        return "permission denied"
    if isinstance(e, IsADirectoryError):
        return "is a directory"
    return (e.strerror or str(e)).lower()


def read_source(path: str | os.PathLike, limits: Limits | None = None, *, source: str | None = None,
                _run: _Run | None = None) -> Iterator[Article | InputError]:
    """Read one file: by suffix JSON Lines (`.jsonl`, `.json`), an e-paper PDF (`.pdf`),
    a saved web page (`.html`, `.htm`), otherwise a text page.

    ``source`` names it in the articles (`Article.source`, default the file name);
    articles of the same text within the file are reported as duplicates.
    """
    limits = limits or DEFAULT_LIMITS
    path = Path(path)
    name = str(path)
    source = source or path.name
    run = _run or _Run()
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            yield InputError(name, "is a directory")
            return
        if not stat.S_ISREG(st.st_mode):
            # a FIFO or a device would block or never end
            yield InputError(name, "not a regular file")
            return
        if st.st_size > limits.max_file_bytes:
            yield InputError(name, f"file too large: {st.st_size} bytes (limit {limits.max_file_bytes}; "
                                   "raise it with --max-file-size)")
            return
        with open(path, "rb") as fh:
            data = fh.read(limits.max_file_bytes + 1)
    except OSError as e:
        yield InputError(name, _os_reason(e))
        return
    if len(data) > limits.max_file_bytes:       # grew since stat
        yield InputError(name, f"file too large: over {limits.max_file_bytes} bytes (limit {limits.max_file_bytes}; "
                               "raise it with --max-file-size)")
        return
    reader = _READERS.get(path.suffix.lower())
    if reader is not None:
        if not data:
            yield InputError(name, "empty file")
            return
        module, function = reader.split(":")
        import importlib
        yield from getattr(importlib.import_module(module), function)(path, data, limits, source, run)
        return
    text, problems = decode_source(data)
    if text is None:
        yield InputError(name, "binary file, not text")
        return
    problems = [InputError(name, reason, line=line) for line, reason in problems]
    is_json = path.suffix.lower() in JSON_SUFFIXES
    # JSON Lines break at \n only: U+2028/U+2029 may stand inside their strings
    text = _clean_controls(text, keep_separators=is_json)
    if not text.strip():
        yield from problems
        yield InputError(name, "empty file")
        return
    if is_json:
        yield from _merge_by_line(problems, _read_json(path, text, limits, source, run))
    else:
        yield from problems
        yield from _read_page(path, text, limits, source, run)


def _merge_by_line(problems: list[InputError], items: Iterator[Article | InputError]):
    """Decoding problems (which have lines) placed before the first item of a later line."""
    pending = list(problems)
    for item in items:
        line = getattr(item, "line", None)
        while pending and line is not None and pending[0].line is not None and pending[0].line <= line:
            yield pending.pop(0)
        yield item
    yield from pending


def _read_page(path: Path, text: str, limits: Limits, source: str | None = None,
               run: _Run | None = None) -> Iterator[Article | InputError]:
    name = str(path)
    source = source or path.name
    run = run or _Run()
    lines = text.split("\n")
    kept = []
    for lineno, line in enumerate(lines, start=1):
        if len(line) > limits.max_article_chars:
            yield InputError(name, f"line too long: {len(line)} characters (limit {limits.max_article_chars}; "
                                   "raise it with --max-article-chars); line skipped", line=lineno)
            continue
        kept.append(line)
    if len(kept) != len(lines) and not "".join(kept).strip():
        return
    for n, item in enumerate(split_page("\n".join(kept)), start=1):
        if len(item.text) > limits.max_article_chars:
            what = f"item {n}" + (f" ({item.title[:20]})" if item.title else "")
            yield InputError(name, f"{what}: article too long: {len(item.text)} characters "
                                   f"(limit {limits.max_article_chars}; raise it with --max-article-chars)")
            continue
        what = f"item {n}" + (f" ({item.title[:20]})" if item.title else "")
        first = run.duplicate(item.text, _where(name, item=what))
        if first is not None:
            yield InputError(name, f"{what}: duplicate article: same text as {first}; skipped")
            continue
        yield Article(id=str(n), text=item.text, source=source, position=n,
                      title=item.title, creators=item.creators, kind=item.kind, bylines=item.bylines,
                      date=article_date(item.text))


def refusal(name: str, what: str, text: str, limits: Limits, run: _Run) -> InputError | None:
    """The error refusing an item of file ``name`` (``what``: how a message names it) that is
    too long or repeats an article read before; None to keep it (it is remembered)."""
    if len(text) > limits.max_article_chars:
        return InputError(name, f"{what}: article too long: {len(text)} characters "
                                f"(limit {limits.max_article_chars}; raise it with --max-article-chars)")
    first = run.duplicate(text, _where(name, item=what))
    if first is not None:
        return InputError(name, f"{what}: duplicate article: same text as {first}; skipped")
    return None


# --------------------------------------------------------------------------- encodings

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x7fELF")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")


def decode_bytes(data: bytes) -> str | None:
    """Decode a source file's bytes; None when they are not text.

    `decode_source` without the list of repairs.
    """
    return decode_source(data)[0]


def decode_source(data: bytes) -> tuple[str | None, list[tuple[int, str]]]:
    """(text or None when the bytes are not text, [(line, repair), ...]).

    Order: a byte-order mark (UTF-8, UTF-16, UTF-32), strict UTF-8, UTF-8 cut
    off inside its last character (the partial character is dropped), a file
    mixing UTF-8 and GB18030 lines (decoded line by line; damaged UTF-8 lines
    lose their invalid bytes), strict GB18030, charset-normalizer.

    Known binary magic, NUL bytes making up over 1% of the file (outside
    UTF-16/32 with a BOM), or text with many control characters (over 5%) are
    not text. Fewer NUL bytes are dropped and reported. Each repair names the
    (1-based) line it happened on.
    """
    if not data:
        return "", []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _plausible(data.decode(enc)), []
            except UnicodeDecodeError:
                return None, []
    if data.startswith(_BINARY_MAGIC):
        return None, []
    problems: list[tuple[int, str]] = []
    nul = data.count(b"\x00")
    if nul:
        if nul * 100 > len(data):
            return None, []
        first = data[:data.index(b"\x00")].count(b"\n") + 1
        problems.append((first, f"{nul} NUL byte{'s' if nul > 1 else ''} removed"
                                + (" (the first on this line)" if nul > 1 else "")))
        data = data.replace(b"\x00", b"")
    try:
        return _plausible(data.decode("utf-8")), problems  # strict
    except UnicodeDecodeError as e:
        err = e
    if err.reason == "unexpected end of data" and err.end == len(data):
        # cut off inside the last character
        line = data[:err.start].count(b"\n") + 1
        dropped = len(data) - err.start
        problems.append((line, f"truncated UTF-8 at the end of the file ({dropped} byte"
                               f"{'s' if dropped > 1 else ''} of a cut-off character dropped)"))
        return _plausible(data[:err.start].decode("utf-8")), problems
    lines = data.split(b"\n")
    if any(_is_multibyte_utf8(line) for line in lines):
        text, line_problems = _decode_lines(lines)
        if text is not None:
            return _plausible(text), problems + line_problems
    try:
        return _plausible(data.decode("gb18030")), problems
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - declared dependency
        return None, []
    best = from_bytes(data).best()
    if best is None:
        return None, []
    return _plausible(str(best)), problems


def _is_multibyte_utf8(line: bytes) -> bool:
    """Valid UTF-8 with at least one character of three or more bytes (CJK)."""
    if line.isascii():
        return False
    try:
        u = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(ord(c) >= 0x800 for c in u)


def _decode_lines(lines: list[bytes]) -> tuple[str | None, list[tuple[int, str]]]:
    """A file with some UTF-8 lines and some not: decode each line by itself.

    None if more than one line and over a tenth of the lines decode as
    nothing (then the file is more likely another encoding, or binary).
    """
    out, problems, gb_lines, failed = [], [], [], 0
    for lineno, line in enumerate(lines, start=1):
        try:
            out.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        lossy = line.decode("utf-8", errors="replace")
        bad = lossy.count("\ufffd")
        good = sum(1 for c in lossy if ord(c) >= 0x800 and c != "\ufffd")
        if good >= 4 * bad:
            # damaged UTF-8: mostly good characters and a few invalid bytes
            out.append(lossy.replace("\ufffd", ""))
            problems.append((lineno, f"invalid UTF-8 ({bad} invalid byte sequence{'s' if bad > 1 else ''} removed)"))
            continue
        try:
            out.append(line.decode("gb18030"))
            gb_lines.append(lineno)
            continue
        except UnicodeDecodeError:
            pass
        failed += 1
        out.append("")
        problems.append((lineno, "line is neither UTF-8 nor GB18030; line skipped"))
    if failed > 1 and failed * 10 > len(lines):
        return None, []
    if gb_lines:
        shown = ", ".join(map(str, gb_lines[:5])) + (", ..." if len(gb_lines) > 5 else "")
        problems.append((gb_lines[0], f"mixed encodings: line{'s' if len(gb_lines) > 1 else ''} {shown} "
                                      "decoded as GB18030, the rest as UTF-8"))
    problems.sort(key=lambda p: p[0])
    return "\n".join(out), problems


def _plausible(text: str) -> str | None:
    bad = len(_CONTROL_RE.findall(text))
    return None if bad >= 4 and bad / len(text) > 0.05 else text


def _clean_controls(text: str, keep_separators: bool = False) -> str:
    """Line ends made \\n, control characters removed. ``keep_separators`` (the raw text of a
    JSON file): only \\r\\n becomes \\n; a lone \\r and U+2028/U+2029 stay (JSON reads them)."""
    if keep_separators:
        return _CONTROL_RE.sub("", text.replace("\r\n", "\n"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return _CONTROL_RE.sub("", text)


_WS_RE = re.compile(r"\s+")


def _norm_line(line: str) -> str:
    return _WS_RE.sub(" ", line).strip()


def _norm_text(text: str) -> str:
    """Collapse whitespace inside lines, drop blank lines, join with newlines."""
    lines = (_norm_line(x) for x in text.split("\n"))
    return "\n".join(x for x in lines if x)


# --------------------------------------------------------------------------- JSON Lines

_OPTIONAL_STR_FIELDS = ("title", "date", "source")


class _BadNumber:
    """What the decoder gives for a number Python cannot hold; the record holding it is refused."""

    __slots__ = ("reason",)

    def __init__(self, reason: str):
        self.reason = reason


def _parse_int(s: str):
    try:
        return int(s)
    except ValueError:          # more digits than sys.get_int_max_str_digits()
        return _BadNumber(f"number out of range: an integer of {len(s.lstrip('-'))} digits "
                          f"(the limit is {sys.get_int_max_str_digits()})")


def _parse_float(s: str):
    v = float(s)
    if v in (math.inf, -math.inf):
        shown = s if len(s) <= 24 else f"{s[:10]}...{s[-10:]} ({len(s)} characters)"
        return _BadNumber(f"number out of range: {shown} is beyond the floating-point range")
    return v


_DECODER = json.JSONDecoder(parse_int=_parse_int, parse_float=_parse_float)


def _bad_number(value: object) -> _BadNumber | None:
    """The first out-of-range number anywhere in a decoded value (walked without recursion)."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, _BadNumber):
            return v
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_valid_date(value: str) -> bool:
    """True for YYYY-MM-DD naming a real day (what kg writes as an xsd:date)."""
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _read_json(path: Path, text: str, limits: Limits = DEFAULT_LIMITS, source: str | None = None,
               run: _Run | None = None) -> Iterator[Article | InputError]:
    name = str(path)
    source = source or path.name
    run = run or _Run()
    records: list[tuple[int | None, object]] = []
    stripped = text.strip()
    whole = None
    if stripped[:1] in ("[", "{") and ("\n" in stripped or stripped[:1] == "["):
        # a JSON array (in .json or .jsonl), or one pretty-printed object
        try:
            whole = _DECODER.decode(stripped)
        except (ValueError, RecursionError):
            whole = None
    if isinstance(whole, list):
        # a JSON array: no line numbers per record; errors name the item
        for i, rec in enumerate(whole, start=1):
            records.append((None, rec))
    elif isinstance(whole, dict):
        records.append((text[:text.index("{")].count("\n") + 1, whole))
    else:
        for lineno, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                rec = _DECODER.decode(line)
            except json.JSONDecodeError as e:
                records.append((lineno, InputError(name, f"invalid JSON: {e.msg} (column {e.colno})",
                                                   line=lineno)))
                continue
            except RecursionError:
                records.append((lineno, InputError(name, "invalid JSON: nested too deeply", line=lineno)))
                continue
            except ValueError as e:      # whatever else the decoder cannot take: one line refused
                records.append((lineno, InputError(name, f"invalid JSON: {e}", line=lineno)))
                continue
            records.append((lineno, rec))
    seen_ids: set[str] = set()
    for position, (lineno, rec) in enumerate(records, start=1):
        if isinstance(rec, InputError):
            yield rec
            continue
        where = {"line": lineno} if lineno is not None else {}
        prefix = "" if lineno is not None else f"item {position}: "
        bad = _bad_number(rec)
        problem = bad.reason if bad is not None else _check_record(rec)
        if problem:
            yield InputError(name, prefix + problem, **where)
            continue
        assert isinstance(rec, dict)
        rec, repaired = _clean_record(rec)
        if repaired:
            yield InputError(name, prefix + repaired, **where)
        rid = rec.get("id")
        if rid is None:
            rid = str(lineno if lineno is not None else position)
        rid = str(rid)
        if not rid.strip():
            yield InputError(name, prefix + "field 'id' must not be empty", **where)
            continue
        if rid in seen_ids:
            yield InputError(name, prefix + f"duplicate id {rid!r}", **where)
            continue
        seen_ids.add(rid)
        body = _norm_text(rec["text"])
        if not body:
            yield InputError(name, prefix + "field 'text' must be a non-empty string", **where)
            continue
        if len(body) > limits.max_article_chars:
            yield InputError(name, prefix + f"article too long: {len(body)} characters "
                                            f"(limit {limits.max_article_chars}; raise it with --max-article-chars)",
                             **where)
            continue
        first = run.duplicate(body, _where(name, line=lineno, item=f"item {position}"))
        if first is not None:
            yield InputError(name, prefix + f"duplicate article: same text as {first}; skipped", **where)
            continue
        date = rec.get("date") or None
        if date is not None and _ISO_DATE.fullmatch(date) and not is_valid_date(date):
            yield InputError(name, prefix + f"invalid date {date!r}: no such day; kept as text, not as an xsd:date",
                             **where)
        yield Article(id=rid, text=body, source=source, position=position,
                      title=_norm_line(rec.get("title") or ""), date=article_date(body, date))


_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


def _clean_record(rec: dict) -> tuple[dict, str | None]:
    """String fields without control characters (from JSON escapes such as
    \\u0007) and lone surrogates (\\ud800, not Unicode text); a note if any
    surrogate was removed."""
    out, bad = dict(rec), []
    for f in ("id", "text") + _OPTIONAL_STR_FIELDS:
        v = out.get(f)
        if isinstance(v, str):
            if _SURROGATE_RE.search(v):
                bad.append(f)
                v = _SURROGATE_RE.sub("", v)
            out[f] = _clean_controls(v)
    if bad:
        fields = ", ".join(repr(f) for f in bad)
        return out, f"invalid Unicode: lone surrogate escape(s) removed from field{'s' if len(bad) > 1 else ''} {fields}"
    return out, None


def _check_record(rec: object) -> str | None:
    if not isinstance(rec, dict):
        return f"expected a JSON object, got {_json_type(rec)}"
    if "text" not in rec:
        return "missing field 'text'"
    t = rec["text"]
    if not isinstance(t, str) or not _norm_text(t):
        return "field 'text' must be a non-empty string"
    rid = rec.get("id")
    if rid is not None and (isinstance(rid, bool) or not isinstance(rid, (str, int))):
        return "field 'id' must be a string or an integer"
    if isinstance(rid, str) and not rid.strip():
        return "field 'id' must not be empty"
    for f in _OPTIONAL_STR_FIELDS:
        v = rec.get(f)
        if v is not None and not isinstance(v, str):
            return f"field {f!r} must be a string"
    return None


def _json_type(v: object) -> str:
    return {dict: "object", list: "array", str: "string", int: "number", float: "number",
            bool: "boolean", type(None): "null"}.get(type(v), type(v).__name__)


# --------------------------------------------------------------------------- page splitting

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NAME = rf"[{HAN}]{{2,4}}"
_FOREIGN_NAME = rf"[{HAN}]{{1,8}}(?:[·•・][{HAN}]{{1,10}})+"
_NAME_RE = re.compile(rf"(?:{_FOREIGN_NAME}|{_NAME})")

# sentence-final punctuation, possibly followed by closing quotes / brackets
_FINAL_RE = re.compile(r"[。！？!?；;…:：][”’」』》)）\"']*$")
# clause punctuation that a heading does not contain
_CLAUSE_PUNCT_RE = re.compile(r"[,，、。！？!?；;:：]")
# characters that cannot open a paragraph: the paragraph continues the previous one
_CONTINUATION_START = tuple("的地得了着过之,，、。；;：:！？!?）)”’》」』")
MAX_HEADING = 40

_AGENCY = "(?:%s)" % "|".join(NEWS_AGENCIES)
_ROLE_WORD = re.compile(
    rf"{_AGENCY}?\s*(?:特约|实习|首席|驻[{HAN}]{{1,6}})?"
    r"(?:摄影记者|记者|通讯员|实习生|特约撰稿人|撰稿|编辑|摄影)"
)
_ROLE_PREFIX = re.compile(r"(?:文\s*/\s*图|图\s*/\s*文|文图|文|图|摄影|摄)\s*[/／:：]")
_ROLE_SUFFIX = re.compile(r"[/／]\s*(?:摄影|摄|文|图)(?=$|\s)")
_PHOTO_MARK = re.compile(r"(?:[/／]\s*摄|摄影|(?:^|\s)图\s*[/／:：]|文\s*/\s*图|图\s*/\s*文)")
_BULLETS = "□■●▲◆△○◇◎☆★"
# lines that look like a 2-4 character name but are editorial labels
_NOT_NAMES = frozenset({"编者按", "编者的话", "导语", "导读", "摘要", "前言", "引言", "结语", "后记",
                        "图片", "链接", "相关链接", "延伸阅读", "背景", "背景链接", "附件", "附表",
                        "简讯", "快讯", "短讯", "专访", "评论", "社论", "观察", "声明", "通知",
                        "公告", "启事", "广告"})

# common surnames: a name glued to the end of a paragraph must start with one
_SURNAMES_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
    "柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈"
    "饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵"
    "苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南"
    "班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阎帅聶"
)
_SURNAMES_2 = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
               "宇文", "司徒", "夏侯", "令狐", "端木", "西门", "南宫", "独孤", "轩辕", "呼延")

_DATELINE_RE = re.compile(
    rf"^[{_BULLETS}]?\s*(?:"
    rf"[{HAN}]{{0,6}}[报刊台网]讯"
    rf"|{_AGENCY}\s*[{HAN}]{{0,10}}\s*(?:\d{{4}}\s*年\s*)?(?:\d{{1,2}}\s*月\s*)?\d{{1,2}}\s*日\s*电"
    rf"|{_AGENCY}\s*[{HAN}]{{2,10}}电"
    rf")"
)
_REPORTER_PAREN_RE = re.compile(r"\s*[(（]\s*([^()（）]{2,60}?)\s*[)）]")


@dataclass(frozen=True)
class PageItem:
    """One item of a text page, before it becomes an Article."""

    title: str
    text: str
    creators: tuple[str, ...] = ()
    kind: str = "article"
    bylines: tuple[str, ...] = ()      # byline lines as written (新华社记者 张明/摄)


def parse_byline(line: str, *, bare: bool = True) -> tuple[str, ...] | None:
    """The names of a byline line, or None if the line is not a byline.

    Recognises `本报记者 X`, `□本报记者 X`, `记者 X 通讯员 Y`, `新华社记者 X/摄`,
    `文/X`, `X/摄`, `(记者 X Y)` and, if `bare`, a line of names alone.
    """
    s = _norm_line(line).strip(_BULLETS + " ")
    if s[:1] in "(（" and s[-1:] in ")）":
        s = s[1:-1].strip()
    if not s or len(s) > 40:
        return None
    marked = False
    for rx in (_ROLE_WORD, _ROLE_PREFIX, _ROLE_SUFFIX):
        s, k = rx.subn(" ", s)
        marked = marked or k > 0
    if not marked and not bare:
        return None
    tokens = [t for t in re.split(r"[\s、,，;；]+", s) if t]
    if not tokens or len(tokens) > 6:
        return None
    if not marked and (len(tokens) > 3 or any(t in _NOT_NAMES for t in tokens)):
        return None
    if not all(_NAME_RE.fullmatch(t) for t in tokens):
        return None
    return tuple(tokens)


def _is_photo_credit(line: str) -> bool:
    return parse_byline(line, bare=False) is not None and bool(_PHOTO_MARK.search(line))


def _ends_final(s: str) -> bool:
    return bool(_FINAL_RE.search(s))


def _heading_like(s: str) -> bool:
    """Short, without clause or sentence-final punctuation."""
    return len(s) <= MAX_HEADING and not _CLAUSE_PUNCT_RE.search(s)


def _glued_name(s: str) -> str | None:
    """A 2-3 character name glued after the last sentence of a paragraph."""
    m = re.search(rf"[。！？!?][”’」』)）\"']?([{HAN}]{{2,3}})$", s)
    if not m or len(s) <= len(m.group(1)) + 1:
        return None
    name = m.group(1)
    if name[:2] in _SURNAMES_2 or name[0] in _SURNAMES_1:
        return name
    return None


def _dateline(s: str) -> re.Match | None:
    return _DATELINE_RE.match(s)


def _strip_reporter(par: str) -> tuple[str, tuple[str, ...]]:
    """Remove `(记者 X)` after a dateline or at the start of a paragraph."""
    m = _dateline(par)
    at = m.end() if m else 0
    pm = _REPORTER_PAREN_RE.match(par, at)
    if not pm:
        return par, ()
    names = parse_byline(pm.group(1), bare=False)
    if not names:
        return par, ()
    rest = par[pm.end():]
    joined = par[:at] + (" " if at and rest and not rest.startswith(" ") else "") + rest
    return _norm_line(joined), names


@dataclass
class _Block:
    text: str
    kind: str = "body"            # body | heading | byline (explicit) | name (bare names)
    names: tuple[str, ...] = ()


@dataclass
class _Item:
    title: str = ""
    paras: list[str] = field(default_factory=list)
    creators: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    closed: bool = False          # a byline ended it
    photo: bool = False


def _blocks(text: str) -> list[_Block]:
    lines = [_norm_line(x) for x in text.split("\n")]
    paras = [x for x in lines if x]
    # 1. a name glued to the end of a paragraph becomes its own byline line
    split: list[str] = []
    signatures: set[int] = set()          # indices (in `split`) of names cut off a paragraph
    for i, p in enumerate(paras):
        nxt = paras[i + 1] if i + 1 < len(paras) else ""
        name = _glued_name(p)
        if name and not nxt.startswith(_CONTINUATION_START):
            split.append(p[: -len(name)])
            signatures.add(len(split))
            split.append(name)
        else:
            split.append(p)
    # 2. rejoin paragraphs cut by a page break
    joined: list[tuple[str, bool]] = []
    i = 0
    while i < len(split):
        cur = split[i]
        if i in signatures:
            joined.append((cur, True))
            i += 1
            continue
        while i + 1 < len(split) and i + 1 not in signatures and _continues(cur, split[i + 1]):
            cur += split[i + 1]
            i += 1
        joined.append((cur, False))
        i += 1
    # 3. classify
    out = []
    for p, signature in joined:
        if signature:
            out.append(_Block(p, "byline", (p,)))
            continue
        explicit = parse_byline(p, bare=False)
        if explicit:
            out.append(_Block(p, "byline", explicit))
            continue
        bare = parse_byline(p, bare=True)
        if bare:
            out.append(_Block(p, "name", bare))
        elif _heading_like(p) and not _dateline(p):
            out.append(_Block(p, "heading"))
        else:
            out.append(_Block(p))
    return out


def _continues(a: str, b: str) -> bool:
    """Does paragraph `b` continue `a`, which a page break cut mid-sentence?"""
    if _ends_final(a) or parse_byline(a, bare=False) or parse_byline(b, bare=False):
        return False
    if b.startswith(_CONTINUATION_START):
        return True
    if _heading_like(a) or _heading_like(b) or _dateline(b):
        return False
    return True


def split_page(text: str) -> list[PageItem]:
    """Split a newspaper page into items (articles and photo captions).

    Rules, in the order they apply:
      * a paragraph ending mid-sentence, followed by one that cannot stand
        alone (or by a long one, when it is long itself), is rejoined;
      * byline lines (explicit `记者 X`, `X/摄`, ... or a line of 2-4
        character names in a byline position) become creators;
      * a heading (short, without clause punctuation) followed by body text
        starts a new article when the previous item was closed by a byline,
        when a byline follows the heading, or when the body opens with a
        dateline (`本报讯`, `新华社…电`); otherwise it is a subheading and
        stays in the text;
      * headings at the top of the page not followed by body text are page
        headers and dropped;
      * a paragraph followed by a photographer credit is a photo caption,
        its own item unless it is the first paragraph of a titled item;
      * a page without any title is one article.
    """
    blocks = _blocks(text)
    items: list[_Item] = []
    cur: _Item | None = None
    pending: list[str] = []       # creators seen before the item they belong to

    def kind_at(j: int) -> str | None:
        return blocks[j].kind if j < len(blocks) else None

    def after_bylines(j: int) -> int:
        while j < len(blocks) and blocks[j].kind in ("byline", "name"):
            j += 1
        return j

    def starts_article(j: int) -> bool:
        return kind_at(after_bylines(j + 1)) == "body"

    def start(title: str = "") -> _Item:
        nonlocal cur, pending
        if cur is not None:
            items.append(cur)
        cur = _Item(title=title, creators=list(pending))
        pending = []
        return cur

    def add_para(item: _Item, par: str) -> None:
        if not item.paras:
            par, names = _strip_reporter(par)
            item.creators.extend(names)
        item.paras.append(par)

    for i, b in enumerate(blocks):
        nxt = kind_at(i + 1)
        if b.kind == "byline":
            if cur is None:
                pending.extend(b.names)          # a byline above the first title
                continue
            cur.creators.extend(b.names)
            cur.bylines.append(b.text)
            if _is_photo_credit(b.text) and cur.paras:
                cur.photo = True
            if cur.paras:
                cur.closed = True
            continue
        if b.kind == "name" and cur is not None:
            if cur.paras and nxt in (None, "heading", "byline", "name"):
                cur.creators.extend(b.names)     # signature at the end of an item
                cur.closed = True
                continue
            if cur.title and not cur.paras and nxt == "body":
                cur.creators.extend(b.names)     # byline under the title
                continue
        if b.kind in ("heading", "name"):
            if starts_article(i):
                body = blocks[after_bylines(i + 1)]
                if (cur is None or cur.closed or _dateline(body.text)
                        or kind_at(i + 1) in ("byline", "name") or not cur.paras):
                    start(b.text)
                    continue
            if cur is None:
                continue                          # page header
            cur.paras.append(b.text)              # subheading
            continue
        # body paragraph
        caption = nxt == "byline" and _is_photo_credit(blocks[i + 1].text)
        if caption:
            if cur is None or cur.paras or cur.closed:
                start()
            assert cur is not None
            cur.photo = True
            add_para(cur, b.text)
            continue
        if cur is None or cur.closed:
            start()
        assert cur is not None
        add_para(cur, b.text)
    if cur is not None:
        items.append(cur)
    if pending and items:
        items[-1].creators.extend(pending)
    items = [it for it in items if it.paras or it.title]

    if items and not any(it.title or it.photo for it in items) and len(items) > 1:
        merged = _Item()
        for it in items:
            merged.paras.extend(it.paras)
            merged.creators.extend(it.creators)
        items = [merged]

    result = []
    for it in items:
        creators = tuple(dict.fromkeys(it.creators))
        kind = "photo" if it.photo else "article"
        result.append(PageItem(title=it.title, text="\n".join(it.paras), creators=creators, kind=kind,
                               bylines=tuple(it.bylines)))
    if not result and text.strip():
        result.append(PageItem(title="", text=_norm_text(text)))
    return result
