"""Bad input, one row per kind (docs/reliability.md has the same table).

Every row is checked twice:
  * ingest alone: the exact errors (file, line, reason) and the exact
    articles, in order;
  * a build into a store that already holds two articles, together with one
    good file: the same errors, every good article built (exact count), and
    the store loses nothing (the earlier quads are all still there).
"""
from __future__ import annotations

import json
import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from kg import api
from kg.cli import main
from kg.errors import InputError
from kg.ingest import Limits, read_source, read_sources
from kg.model import Article
from kg.store import Store

TITLE = "青岛高新区引进医疗器械项目"
BODY = "本报讯 近日,威高国际医疗器械产业园项目签约仪式在青岛举行。"
PAGE = f"{TITLE}\n\n{BODY}\n\n高欣\n"
TITLE2 = "广州开发区新签项目"
BODY2 = "本报讯 广州开发区与华为技术有限公司签约,总投资20亿元。"
PAGE2 = f"{TITLE2}\n\n{BODY2}\n"
BODY3 = "本报讯 苏州工业园区新引进生物医药项目12个。"     # a third text: the same text twice is a duplicate
NO_TITLES = "张伟是华为技术有限公司总经理,他说公司将扩大投资。\n他还说,明年将在深圳建设新的研发中心。\n"


def jl(*records) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


@dataclass
class Kind:
    id: str
    files: dict[str, bytes] | Callable[[Path], None]
    errors: list[str]                       # "{d}" is the input directory
    articles: list[tuple[str, str]]         # (source, text) in order
    inputs: list[str] | None = None         # default: the directory itself
    build: bool = True
    limits: Limits | None = None
    marks: list = field(default_factory=list)


def symlink_loop(d: Path) -> None:
    (d / "b" / "c").mkdir(parents=True)
    (d / "a.txt").write_text(PAGE, encoding="utf-8")
    (d / "b" / "c" / "d.jsonl").write_bytes(jl({"text": "正文。"}))
    os.symlink(d, d / "b" / "c" / "loop")
    os.symlink(d / "b", d / "b" / "self")
    os.symlink(d / "gone.txt", d / "dangling.txt")


def fifo(d: Path) -> None:
    os.mkfifo(d / "pipe.txt")
    (d / "ok.txt").write_text(PAGE, encoding="utf-8")


def fifty_megabytes(d: Path) -> None:
    with open(d / "big.txt", "wb") as fh:          # one line, real UTF-8 text
        chunk = ("投资" * 1024 * 1024).encode("utf-8")  # 6 MiB
        for _ in range(8):
            fh.write(chunk)
        fh.write(b"x" * (50 * 1024 * 1024 - 8 * len(chunk)))
    (d / "ok.txt").write_text(PAGE, encoding="utf-8")


def tiny_articles(n: int) -> bytes:
    return jl(*({"id": f"t{i}", "text": f"第{i}条。"} for i in range(n)))


def odd_names(d: Path) -> None:
    (d / "带 空格 的 文件.txt").write_text(PAGE, encoding="utf-8")
    (d / "新闻.jsonl").write_bytes(jl({"id": "x", "text": BODY2}))
    (d / "new\nline.txt").write_bytes(b"")


PAGE_UTF8 = PAGE.encode("utf-8")
LONG = "又一段。" * 15                  # 60 characters: a line under 100, two of them an article over
# line 5 is the byline "高欣"; its last character cut after two of its three bytes
TRUNCATED = PAGE_UTF8.rstrip(b"\n")[:-1]
DAMAGED = PAGE_UTF8.replace(BODY.encode(), BODY.encode()[:13] + b"\xff\xfe" + BODY.encode()[13:])
MIXED = PAGE_UTF8 + b"\n" + PAGE2.encode("gb18030")

KINDS = [
    Kind("empty", {"e.txt": b""}, ["{d}/e.txt: empty file"], []),
    Kind("whitespace-only", {"w.txt": " \n\t\r\n\u3000 \n".encode()}, ["{d}/w.txt: empty file"], []),
    Kind("png", {"p.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))},
         ["{d}/p.txt: binary file, not text"], []),
    Kind("utf16-bom", {"u.txt": PAGE.encode("utf-16")}, [], [("u.txt", BODY)]),
    Kind("utf16-be-bom", {"u.txt": b"\xfe\xff" + PAGE.encode("utf-16-be")}, [], [("u.txt", BODY)]),
    Kind("utf16-no-bom", {"u.txt": PAGE.encode("utf-16-le")}, ["{d}/u.txt: binary file, not text"], []),
    Kind("gb18030", {"g.txt": PAGE.encode("gb18030")}, [], [("g.txt", BODY)]),
    Kind("gb18030-jsonl", {"g.jsonl": json.dumps({"text": BODY2}, ensure_ascii=False).encode("gb18030")},
         [], [("g.jsonl", BODY2)]),
    Kind("mixed-encodings", {"m.txt": MIXED},
         ["{d}/m.txt:7: mixed encodings: lines 7, 9 decoded as GB18030, the rest as UTF-8"],
         [("m.txt", BODY), ("m.txt", BODY2)]),
    Kind("truncated-utf8", {"t.txt": TRUNCATED},
         ["{d}/t.txt:5: truncated UTF-8 at the end of the file (2 bytes of a cut-off character dropped)"],
         [("t.txt", BODY + "\n高")]),      # "高" alone is no byline
    Kind("damaged-utf8-line", {"t.txt": DAMAGED},
         ["{d}/t.txt:3: invalid UTF-8 (2 invalid byte sequences removed)"], [("t.txt", BODY)]),
    Kind("undecodable-line", {"x.txt": PAGE_UTF8 + b"\xff\xfe\xff\n\n" + PAGE2.encode()},
         ["{d}/x.txt:6: line is neither UTF-8 nor GB18030; line skipped"], [("x.txt", BODY), ("x.txt", BODY2)]),
    Kind("bom-utf8", {"b.txt": b"\xef\xbb\xbf" + PAGE_UTF8,
                      "b.jsonl": b"\xef\xbb\xbf" + jl({"text": BODY2})},
         [], [("b.jsonl", BODY2), ("b.txt", BODY)]),
    Kind("bom-inside-jsonl", {"c.jsonl": jl({"id": "1", "text": BODY}) + b"\xef\xbb\xbf" + jl({"id": "2", "text": BODY2})},
         [], [("c.jsonl", BODY), ("c.jsonl", BODY2)]),
    Kind("crlf", {"c.txt": PAGE_UTF8.replace(b"\n", b"\r\n"),
                  "c.jsonl": jl({"text": BODY3}).replace(b"\n", b"\r\n") * 1 + jl({"id": "b", "text": BODY2}).replace(b"\n", b"\r\n")},
         [], [("c.jsonl", BODY3), ("c.jsonl", BODY2), ("c.txt", BODY)]),
    Kind("control-and-nul", {"n.txt": f"{TITLE}\n\n本报讯 近日,\x07威高\x1b国际医疗器械产业园项目签约\x00仪式在青岛举行。\n\n高欣\n".encode()},
         ["{d}/n.txt:3: 1 NUL byte removed"], [("n.txt", BODY)]),
    Kind("controls-in-json-escapes", {"n.jsonl": b'{"text": "\\u0007\\u0000ok\\u001b\\u0085!"}\n{"text": "\\u0000\\u0007"}\n'},
         ["{d}/n.jsonl:2: field 'text' must be a non-empty string"], [("n.jsonl", "ok!")]),
    Kind("lone-surrogate-json", {"s.jsonl": b'{"id": "s1", "text": "abc\\ud800def", "title": "\\udfff"}\n'},
         ["{d}/s.jsonl:1: invalid Unicode: lone surrogate escape(s) removed from fields 'text', 'title'"],
         [("s.jsonl", "abcdef")]),
    Kind("invalid-jsonl-line", {"j.jsonl": jl({"id": "1", "text": BODY}) + b"{not json\n" + jl({"id": "3", "text": BODY2})},
         ["{d}/j.jsonl:2: invalid JSON: Expecting property name enclosed in double quotes (column 2)"],
         [("j.jsonl", BODY), ("j.jsonl", BODY2)]),
    Kind("json-wrong-types", {"w.jsonl": jl({"id": "1", "text": BODY}, {"text": 5}, {"text": ["a"]},
                                            {"text": "正文。", "title": 3}, {"id": 1.5, "text": "x"},
                                            {"text": "正文。", "date": 20220101}, "just a string", None,
                                            {"id": "6", "text": BODY2})},
         ["{d}/w.jsonl:2: field 'text' must be a non-empty string",
          "{d}/w.jsonl:3: field 'text' must be a non-empty string",
          "{d}/w.jsonl:4: field 'title' must be a string",
          "{d}/w.jsonl:5: field 'id' must be a string or an integer",
          "{d}/w.jsonl:6: field 'date' must be a string",
          "{d}/w.jsonl:7: expected a JSON object, got string",
          "{d}/w.jsonl:8: expected a JSON object, got null"],
         [("w.jsonl", BODY), ("w.jsonl", BODY2)]),
    Kind("deeply-nested-json", {"n.jsonl": b"[" * 100000 + b"]" * 100000 + b"\n" + jl({"text": BODY})},
         ["{d}/n.jsonl:1: invalid JSON: nested too deeply"], [("n.jsonl", BODY)]),
    Kind("jsonl-holding-an-array", {"a.jsonl": json.dumps([{"text": BODY}, {"text": BODY2}, {"x": 1}],
                                                          ensure_ascii=False, indent=1).encode()},
         ["{d}/a.jsonl: item 3: missing field 'text'"], [("a.jsonl", BODY), ("a.jsonl", BODY2)]),
    Kind("pretty-printed-json-object", {"o.json": json.dumps({"title": TITLE, "text": BODY}, ensure_ascii=False,
                                                             indent=2).encode()},
         [], [("o.json", BODY)]),
    Kind("empty-jsonl", {"e.jsonl": b"\n\n  \n"}, ["{d}/e.jsonl: empty file"], []),
    Kind("50MB-single-line", fifty_megabytes,
         ["{d}/big.txt: file too large: 52428800 bytes (limit 33554432; raise it with --max-file-size)"],
         [("ok.txt", BODY)]),
    Kind("no-recognisable-titles", {"n.txt": NO_TITLES.encode()}, [],
         [("n.txt", NO_TITLES.strip())]),
    Kind("symlink-loop", symlink_loop, ["{d}/dangling.txt: no such file or directory"],
         [("a.txt", BODY), ("b/c/d.jsonl", "正文。")]),
    Kind("missing-path", {"ok.txt": PAGE_UTF8}, ["{d}/missing.txt: no such file or directory"],
         [("ok.txt", BODY)], inputs=["missing.txt", "ok.txt"]),
    Kind("fifo", fifo, ["{d}/pipe.txt: not a regular file"], [("ok.txt", BODY)]),
    Kind("directory-as-file-argument", {"sub.txt/x.md": b"not read", "ok.txt": PAGE_UTF8}, [],
         [("ok.txt", BODY)]),
    Kind("odd-file-names", odd_names, ["{d}/new\\nline.txt: empty file"],
         [("带 空格 的 文件.txt", BODY), ("新闻.jsonl", BODY2)]),
    Kind("many-tiny-articles", {"t.jsonl": tiny_articles(5000)}, [],
         [("t.jsonl", f"第{i}条。") for i in range(5000)], build=False),
    Kind("some-tiny-articles", {"t.jsonl": tiny_articles(30)}, [],
         [("t.jsonl", f"第{i}条。") for i in range(30)]),
    Kind("line-over-the-article-limit", {"l.txt": (PAGE + "长" * 300 + "。\n" + PAGE2).encode()},
         ["{d}/l.txt:6: line too long: 301 characters (limit 200; raise it with --max-article-chars); line skipped"],
         [("l.txt", BODY), ("l.txt", BODY2)], limits=Limits(max_article_chars=200)),
    Kind("article-over-the-limit", {"l.jsonl": jl({"text": "长" * 150 + "。"}, {"text": BODY3}),
                                    "l.txt": (f"{TITLE}\n\n{BODY}\n{LONG}\n{LONG}\n\n高欣\n\n" + PAGE2).encode()},
         ["{d}/l.jsonl:1: article too long: 151 characters (limit 100; raise it with --max-article-chars)",
          f"{{d}}/l.txt: item 1 ({TITLE}): article too long: {len(BODY) + 2 * len(LONG) + 2} characters (limit 100; "
          "raise it with --max-article-chars)"],
         [("l.jsonl", BODY3), ("l.txt", BODY2)], limits=Limits(max_article_chars=100)),
    Kind("file-over-a-lowered-limit", {"a.txt": PAGE_UTF8, "b.jsonl": jl({"text": BODY2})},
         [f"{{d}}/a.txt: file too large: {len(PAGE_UTF8)} bytes (limit 120; raise it with --max-file-size)"],
         [("b.jsonl", BODY2)], limits=Limits(max_file_bytes=120)),
    # ---- data that used to disappear without a word
    Kind("same-file-name-in-two-folders", {"2024-01-01/news.jsonl": jl({"id": "1", "text": BODY}),
                                           "2024-01-02/news.jsonl": jl({"id": "1", "text": BODY2})},
         [], [("2024-01-01/news.jsonl", BODY), ("2024-01-02/news.jsonl", BODY2)]),
    Kind("duplicate-article-in-another-source", {"a/news.jsonl": jl({"id": "1", "text": BODY}, {"id": "2", "text": BODY2}),
                                                 "b.txt": PAGE_UTF8, "c.jsonl": jl({"id": "9", "text": f" {BODY2}\n\n"})},
         ["{d}/b.txt: item 1 (青岛高新区引进医疗器械项目): duplicate article: same text as {d}/a/news.jsonl:1; skipped",
          "{d}/c.jsonl:1: duplicate article: same text as {d}/a/news.jsonl:2; skipped"],
         [("a/news.jsonl", BODY), ("a/news.jsonl", BODY2)]),
    Kind("line-separators-inside-json-strings", {"s.jsonl": jl({"id": "1", "text": f"{BODY}\u2028{BODY3}", "title": "标\u2029题"},
                                                              {"id": "2", "text": BODY2})},
         [], [("s.jsonl", f"{BODY}\n{BODY3}"), ("s.jsonl", BODY2)]),
    Kind("integer-over-4300-digits", {"n.jsonl": b'{"text": "x", "count": ' + b"9" * 5000 + b'}\n' + jl({"text": BODY}),
                                      "ok.jsonl": jl({"text": BODY2})},
         ["{d}/n.jsonl:1: number out of range: an integer of 5000 digits (the limit is 4300)"],
         [("n.jsonl", BODY), ("ok.jsonl", BODY2)]),
    Kind("integer-over-4300-digits-as-id", {"n.jsonl": b'{"id": -' + b"1" * 4301 + b', "text": "x"}\n' + jl({"text": BODY})},
         ["{d}/n.jsonl:1: number out of range: an integer of 4301 digits (the limit is 4300)"], [("n.jsonl", BODY)]),
    Kind("float-beyond-the-double-range", {"f.jsonl": b'{"text": "x", "score": 1e99999}\n'
                                                      + b'{"text": "y", "v": [1, {"w": -' + b"1" * 400 + b'.5}]}\n'
                                                      + jl({"text": BODY})},
         ["{d}/f.jsonl:1: number out of range: 1e99999 is beyond the floating-point range",
          "{d}/f.jsonl:2: number out of range: -111111111...11111111.5 (403 characters) is beyond the floating-point range"],
         [("f.jsonl", BODY)]),
    Kind("deep-nesting-inside-a-field", {"n.jsonl": b'{"text": "x", "a": ' + b"[" * 100000 + b"]" * 100000 + b"}\n"
                                                    + jl({"text": BODY})},
         ["{d}/n.jsonl:1: invalid JSON: nested too deeply"], [("n.jsonl", BODY)]),
    Kind("huge-integer-in-a-json-array", {"a.json": b'[{"text": "x"}, {"text": "y", "n": ' + b"7" * 5000 + b"}, "
                                                    + json.dumps({"text": BODY}, ensure_ascii=False).encode() + b"]"},
         ["{d}/a.json: item 2: number out of range: an integer of 5000 digits (the limit is 4300)"],
         [("a.json", "x"), ("a.json", BODY)]),
    Kind("date-that-is-no-day", {"d.jsonl": jl({"text": BODY, "date": "2024-99-99"}, {"text": BODY2, "date": "2023-02-29"},
                                               {"text": BODY3, "date": "2024-02-29"}, {"text": "正文。", "date": "2024年3月"})},
         ["{d}/d.jsonl:1: invalid date '2024-99-99': no such day; kept as text, not as an xsd:date",
          "{d}/d.jsonl:2: invalid date '2023-02-29': no such day; kept as text, not as an xsd:date"],
         [("d.jsonl", BODY), ("d.jsonl", BODY2), ("d.jsonl", BODY3), ("d.jsonl", "正文。")]),
]


def make(kind: Kind, d: Path) -> list[str]:
    d.mkdir(parents=True, exist_ok=True)
    if callable(kind.files):
        kind.files(d)
    else:
        for name, data in kind.files.items():
            (d / name).parent.mkdir(parents=True, exist_ok=True)
            (d / name).write_bytes(data)
    return [str(d / i) for i in kind.inputs] if kind.inputs else [str(d)]


def split(items):
    arts = [x for x in items if isinstance(x, Article)]
    errs = [x for x in items if isinstance(x, InputError)]
    assert len(arts) + len(errs) == len(items)
    return arts, errs


@pytest.mark.parametrize("kind", KINDS, ids=[k.id for k in KINDS])
def test_ingest(kind, tmp_path):
    d = tmp_path / "in"
    arts, errs = split(list(read_sources(make(kind, d), kind.limits)))
    assert [str(e) for e in errs] == [e.format(d=d) for e in kind.errors]
    for e in errs:                      # the line is on the error itself, not only in its text
        assert e.path.startswith(str(d)) and ("\n" not in str(e))
    assert [(a.source, a.text) for a in arts] == kind.articles


# ---------------------------------------------------------------- through a build

BASE = [{"id": "base1", "title": "珠海高新区建设科技园", "text": "珠海高新区与华发集团共建光伏绿色能源科技园。"},
        {"id": "base2", "title": "人事", "text": "张伟是华为技术有限公司总经理。"}]
GOOD = {"id": "good", "text": "总投资50亿元的威高国际医疗器械产业园正式落户青岛高新区。"}


@pytest.fixture(scope="module")
def base_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("base")
    (root / "base.jsonl").write_bytes(jl(*BASE))
    api.build([str(root / "base.jsonl")], store=root / "store", out=root / "out", validate=False, html=False)
    with Store(root / "store", read_only=True) as st:
        quads = set(st.iter_quads())
        graphs = st.articles()
    assert len(graphs) == 2
    return root / "store", quads, graphs


@pytest.mark.parametrize("kind", [k for k in KINDS if k.build], ids=[k.id for k in KINDS if k.build])
def test_build(kind, tmp_path, base_store, monkeypatch):
    store_path, before, base_graphs = base_store
    store = tmp_path / "store"
    shutil.copytree(store_path, store)
    d = tmp_path / "in"
    inputs = make(kind, d)
    (tmp_path / "good.jsonl").write_bytes(jl(GOOD))
    monkeypatch.chdir(d)                  # "missing.txt" style inputs are relative
    summary = api.build(inputs + [str(tmp_path / "good.jsonl")], store=store, out=tmp_path / "out",
                        validate=False, html=False, limits=kind.limits)
    assert [str(e) for e in summary.errors] == [e.format(d=d) for e in kind.errors]
    assert summary.items == len(kind.articles) + 1
    with Store(store, read_only=True) as st:
        after = set(st.iter_quads())
        graphs = st.articles()
    assert before <= after, "the build lost quads of earlier articles"
    assert set(base_graphs) <= set(graphs)
    assert len(graphs) == len(base_graphs) + len(kind.articles) + 1


# ---------------------------------------------------------------- unreadable files

def test_unreadable_file_chmod_000(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop root reading; "
                    "test_unreadable_file_simulated covers the code path")
    p = tmp_path / "secret.txt"
    p.write_text(PAGE, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(PAGE2, encoding="utf-8")
    p.chmod(0)
    try:
        arts, errs = split(list(read_sources([tmp_path])))
    finally:
        p.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert [str(e) for e in errs] == [f"{p}: permission denied"]
    assert [a.text for a in arts] == [BODY2]


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    """Simulated: open() raises the PermissionError the kernel gives a non-root
    reader of a chmod 000 file (root is never refused, so a real one cannot
    be made here)."""
    import builtins

    import kg.ingest

    p = tmp_path / "secret.txt"
    p.write_text(PAGE, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(PAGE2, encoding="utf-8")

    def fake_open(file, *args, **kwargs):
        if str(file) == str(p):
            raise PermissionError(13, "Permission denied", str(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(kg.ingest, "open", fake_open, raising=False)
    arts, errs = split(list(read_sources([tmp_path])))
    assert [str(e) for e in errs] == [f"{p}: permission denied"]
    assert [a.text for a in arts] == [BODY2]


def test_unreadable_directory_simulated(tmp_path, monkeypatch):
    import kg.ingest

    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "x.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(PAGE2, encoding="utf-8")
    real = os.scandir

    def fake_scandir(path):
        if str(path) == str(sub):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(kg.ingest.os, "scandir", fake_scandir)
    arts, errs = split(list(read_sources([tmp_path])))
    assert [str(e) for e in errs] == [f"{sub}: permission denied"]
    assert [a.text for a in arts] == [BODY2]


# ---------------------------------------------------------------- limits

def test_50mb_single_line_is_handled_when_the_file_limit_is_raised(tmp_path):
    """With the file limit raised the file is read; its one line is over the
    article limit and refused with its line number, nothing else is lost."""
    d = tmp_path / "in"
    d.mkdir()
    fifty_megabytes(d)
    arts, errs = split(list(read_source(d / "big.txt", Limits(max_file_bytes=64 * 1024 * 1024))))
    assert arts == []
    assert [str(e) for e in errs] == [
        f"{d}/big.txt:1: line too long: {8 * 2 * 1024 * 1024 + 50 * 1024 * 1024 - 8 * 6 * 1024 * 1024} "
        "characters (limit 100000; raise it with --max-article-chars); line skipped"]


def test_limits_must_be_positive():
    with pytest.raises(ValueError, match="max_file_bytes"):
        Limits(max_file_bytes=0)
    with pytest.raises(ValueError, match="max_article_chars"):
        Limits(max_article_chars=-1)


# ---------------------------------------------------------------- the command line

def test_cli_reports_every_bad_input_on_one_line_and_builds_the_rest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "in"
    d.mkdir()
    (d / "new\nline.txt").write_bytes(b"")
    (d / "m.txt").write_bytes(MIXED)
    (d / "t.txt").write_bytes(TRUNCATED)
    (d / "w.jsonl").write_bytes(jl({"id": "1", "text": BODY3}) + b"{oops\n" + jl({"text": 3}))
    (d / "big.jsonl").write_bytes(jl({"text": "长" * 50 + "。"}))
    res = CliRunner().invoke(main, ["build", "--no-validate", "--max-article-chars", "40", "in", "gone.txt"])
    assert res.exit_code == 1, res.output
    assert res.stderr.splitlines() == [
        "kg: input error: in/big.jsonl:1: article too long: 51 characters (limit 40; raise it with --max-article-chars)",
        "kg: input error: in/m.txt:7: mixed encodings: lines 7, 9 decoded as GB18030, the rest as UTF-8",
        "kg: input error: in/new\\nline.txt: empty file",
        "kg: input error: in/t.txt:5: truncated UTF-8 at the end of the file (2 bytes of a cut-off character dropped)",
        "kg: input error: in/w.jsonl:2: invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        "kg: input error: in/w.jsonl:3: field 'text' must be a non-empty string",
        "kg: input error: gone.txt: no such file or directory",
    ]
    assert res.stdout.splitlines()[0].startswith("items: 4   input errors: 7 ")
    with Store(tmp_path / ".kg", read_only=True) as st:
        assert len(st.articles()) == 4


def test_cli_limits_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", "a.txt"], env={"KG_MAX_FILE_SIZE": "10"})
    assert res.exit_code == 1
    assert res.stderr == (f"kg: input error: a.txt: file too large: {len(PAGE_UTF8)} bytes "
                          "(limit 10; raise it with --max-file-size)\n")
    assert res.stdout == ""
    res = CliRunner().invoke(main, ["extract", "--max-article-chars", "0", "a.txt"])
    assert res.exit_code == 2 and "max-article-chars" in res.stderr
