"""Tests for kg.ingest: page splitting, bylines, JSON Lines, encodings, file walking."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import decode_bytes, parse_byline, read_source, read_sources, split_page
from kg.model import Article

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "seed-page.txt"
SEED_GOLD = Path(__file__).parent / "data" / "seed-page.gold.json"


def articles(items):
    return [x for x in items if isinstance(x, Article)]


def errors(items):
    return [x for x in items if isinstance(x, InputError)]


# --------------------------------------------------------------------------- the sample page

def test_seed_page_matches_gold_exactly():
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    items = list(read_source(SEED))
    assert not errors(items)
    got = [(a.position, a.kind, a.title, list(a.creators)) for a in items]
    want = [(g["n"], g["kind"], g["title"], g["authors"]) for g in gold["articles"]]
    assert got == want


def test_seed_page_text_normalised():
    items = articles(read_source(SEED))
    assert [a.id for a in items] == [str(i) for i in range(1, 11)]
    assert all(a.source == "seed-page.txt" for a in items)
    by_title = {a.title: a for a in items}
    a4 = items[3]
    # subheadings stay, page breaks are rejoined, bylines are gone, title is not in the text
    assert "\n母基金群助力医药健康产业\n" in a4.text
    assert "\n创新格局带来机遇和挑战\n" in a4.text
    assert "以中关村生命科学园为核心" in a4.text
    assert "与光大永明保险" in a4.text
    assert "创新格局和激烈的竞争" in a4.text
    assert "国家蛋白质科学中心" in a4.text
    assert not a4.text.startswith("王查娜") and a4.title not in a4.text
    assert "谢晓亮等14位知名科学家" in items[4].text
    a6 = items[5]
    assert a6.text.startswith("本报讯 11月28日,")
    assert "李争粉" not in a6.text
    assert items[8].text.endswith("奠定基础。")
    assert "王查娜" not in items[8].text
    assert "唐文豪" not in items[6].text and "/摄" not in items[6].text
    assert "对标国际一流" in items[7].text
    for a in items:
        assert "\n\n" not in a.text and "  " not in a.text
        assert a.text == a.text.strip()
    assert "业界传真" not in "".join(a.text for a in items)
    assert by_title["巨子生物在香港交易所上市"].creators == ("朱晨",)


# --------------------------------------------------------------------------- small pages

BODY1 = "本报讯 近日,甲公司在某地举行签约仪式,双方将开展合作。"
BODY2 = "该项目总投资10亿元,预计明年投产。"


@pytest.mark.parametrize(
    "page, expected",
    [
        # title / body / signature
        (f"标题一\n\n{BODY1}\n\n{BODY2}\n\n高欣\n",
         [("article", "标题一", ("高欣",), f"{BODY1}\n{BODY2}")]),
        # page header above the first title is dropped
        (f"业界新闻\n\n甲公司项目落户高新区\n\n{BODY1}\n\n高欣\n",
         [("article", "甲公司项目落户高新区", ("高欣",), BODY1)]),
        (f"2022年12月5日 星期一\n\n业界新闻\n\n甲公司项目落户高新区\n\n{BODY1}\n",
         [("article", "甲公司项目落户高新区", (), BODY1)]),
        # two articles separated by a signature
        (f"标题一\n\n{BODY1}\n\n张三\n\n标题二\n\n{BODY2}\n\n李四\n",
         [("article", "标题一", ("张三",), BODY1), ("article", "标题二", ("李四",), BODY2)]),
        # byline under the title, subheading inside the article stays
        (f"标题一\n\n王小明\n\n{BODY2}\n\n小标题在这里\n\n{BODY2}\n\n第二篇的标题\n\n{BODY1}\n",
         [("article", "标题一", ("王小明",), f"{BODY2}\n小标题在这里\n{BODY2}"),
          ("article", "第二篇的标题", (), BODY1)]),
        # dateline with reporter
        ("标题一\n\n本报讯(记者 李争粉) 11月28日,会议在京召开。\n",
         [("article", "标题一", ("李争粉",), "本报讯 11月28日,会议在京召开。")]),
        ("标题一\n\n新华社北京11月28日电(记者 王海波 张冬冬)会议在京召开。\n",
         [("article", "标题一", ("王海波", "张冬冬"), "新华社北京11月28日电 会议在京召开。")]),
        # explicit byline forms
        (f"标题一\n\n本报记者 黄金滔\n\n{BODY2}\n",
         [("article", "标题一", ("黄金滔",), BODY2)]),
        (f"标题一\n\n□本报记者 赵六\n\n{BODY2}\n",
         [("article", "标题一", ("赵六",), BODY2)]),
        (f"标题一\n\n文/钱七\n\n{BODY2}\n",
         [("article", "标题一", ("钱七",), BODY2)]),
        (f"标题一\n\n{BODY2}\n\n记者 孙八 通讯员 周九\n",
         [("article", "标题一", ("孙八", "周九"), BODY2)]),
        # name glued to the last sentence
        (f"标题一\n\n{BODY1}\n\n{BODY2}王查娜\n\n标题二\n\n{BODY1}\n",
         [("article", "标题一", ("王查娜",), f"{BODY1}\n{BODY2}"), ("article", "标题二", (), BODY1)]),
        # page break mid-sentence is rejoined
        (f"标题一\n\n{BODY1}合作领域包括生物医药和以中关\n\n村为核心的园区建设。\n",
         [("article", "标题一", (), f"{BODY1}合作领域包括生物医药和以中关村为核心的园区建设。")]),
        ("标题一\n\n面对激烈\n\n的竞争,他表示有信心。\n",
         [("article", "标题一", (), "面对激烈的竞争,他表示有信心。")]),
        # photo caption after an article, with photographer
        (f"标题一\n\n{BODY1}\n\n11月27日,论坛在成都召开。图为会场。\n\n新华社记者 唐文豪/摄\n",
         [("article", "标题一", (), BODY1), ("photo", "", ("唐文豪",), "11月27日,论坛在成都召开。图为会场。")]),
        ("图为施工现场。\n\n周华/摄\n",
         [("photo", "", ("周华",), "图为施工现场。")]),
        # no title: the whole page is one article
        (f"{BODY1}\n\n{BODY2}\n",
         [("article", "", (), f"{BODY1}\n{BODY2}")]),
        # whitespace runs collapsed, controls removed by the reader
        (f"标题  一\n\n本报讯   近日,会议召开。\n",
         [("article", "标题 一", (), "本报讯 近日,会议召开。")]),
    ],
)
def test_split_page(page, expected):
    got = [(it.kind, it.title, it.creators, it.text) for it in split_page(page)]
    assert got == expected


@pytest.mark.parametrize(
    "line, bare, expected",
    [
        ("高欣", True, ("高欣",)),
        ("高欣", False, None),
        ("新华社记者 唐文豪/摄", False, ("唐文豪",)),
        ("周华/摄", False, ("周华",)),
        ("本报记者 黄金滔", False, ("黄金滔",)),
        ("□本报记者 黄金滔", False, ("黄金滔",)),
        ("(记者 王海波 张冬冬)", False, ("王海波", "张冬冬")),
        ("记者 X 通讯员 Y", False, None),
        ("记者 孙八 通讯员 周九", False, ("孙八", "周九")),
        ("文/钱七", False, ("钱七",)),
        ("编者按", True, None),
        ("母基金群助力医药健康产业", True, None),
        ("会议在京召开。", True, None),
    ],
)
def test_parse_byline(line, bare, expected):
    assert parse_byline(line, bare=bare) == expected


# --------------------------------------------------------------------------- JSON Lines

def test_jsonl_good_and_bad_lines(tmp_path):
    p = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "标题", "text": "正文一。", "date": "2022-01-01", "source": "x"},
                   ensure_ascii=False),
        "{not json",
        json.dumps({"text": "正文三。"}, ensure_ascii=False),
        "",
        json.dumps({"id": "a4"}),
        json.dumps({"text": 5}),
        json.dumps({"text": "正文。", "title": 3}, ensure_ascii=False),
        json.dumps(["x"]),
        json.dumps({"id": 9, "text": "  多  空格\n\n第二段  "}, ensure_ascii=False),
        json.dumps({"id": "a1", "text": "重复。"}, ensure_ascii=False),
        json.dumps({"id": True, "text": "x"}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_source(p))
    arts = articles(items)
    assert [(a.id, a.title, a.text, a.date, a.source, a.position) for a in arts] == [
        ("a1", "标题", "正文一。", "2022-01-01", "news.jsonl", 1),
        ("3", "", "正文三。", None, "news.jsonl", 3),
        ("9", "", "多 空格\n第二段", None, "news.jsonl", 8),
    ]
    assert [str(e) for e in errors(items)] == [
        f"{p}:2: invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{p}:5: missing field 'text'",
        f"{p}:6: field 'text' must be a non-empty string",
        f"{p}:7: field 'title' must be a string",
        f"{p}:8: expected a JSON object, got array",
        f"{p}:10: duplicate id 'a1'",
        f"{p}:11: field 'id' must be a string or an integer",
    ]
    e = errors(items)[0]
    assert (e.path, e.line) == (str(p), 2)
    # order is preserved: errors come out where they stand
    kinds = ["A" if isinstance(x, Article) else "E" for x in items]
    assert kinds == ["A", "E", "A", "E", "E", "E", "E", "A", "E", "E"]


def test_json_array(tmp_path):
    p = tmp_path / "news.json"
    p.write_text(json.dumps([{"text": "一。"}, {"id": "b", "text": "二。"}, {"x": 1}],
                            ensure_ascii=False), encoding="utf-8")
    items = list(read_source(p))
    assert [(a.id, a.text, a.position) for a in articles(items)] == [("1", "一。", 1), ("b", "二。", 2)]
    assert [str(e) for e in errors(items)] == [f"{p}: item 3: missing field 'text'"]


def test_cnews_dev_if_present():
    path = REPO.parent / "shared" / "corpus" / "cnews-dev.jsonl"
    if not path.exists():
        pytest.skip("shared corpus not present beside the checkout")
    items = list(read_source(path))
    assert not errors(items)
    assert len(items) == 12 and all(a.title == "" and a.text for a in items)
    assert items[0].id == "cnews-val-0033" and items[0].source == "cnews-dev.jsonl"


# --------------------------------------------------------------------------- encodings

PAGE = "标题一\n\n本报讯 近日,会议在京召开。\n\n高欣\n"


@pytest.mark.parametrize(
    "encoding, prefix",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("utf-16-be", b"\xfe\xff"),
     ("gb18030", b""), ("utf-32", b"")],
)
def test_encodings(tmp_path, encoding, prefix):
    p = tmp_path / "page.txt"
    p.write_bytes(prefix + PAGE.encode(encoding))
    items = list(read_source(p))
    assert [(a.title, a.text, a.creators) for a in items] == [
        ("标题一", "本报讯 近日,会议在京召开。", ("高欣",))]


def test_gb18030_jsonl(tmp_path):
    p = tmp_path / "gb.jsonl"
    p.write_bytes(json.dumps({"text": "中文正文。"}, ensure_ascii=False).encode("gb18030"))
    assert [a.text for a in read_source(p)] == ["中文正文。"]


def test_control_characters_removed(tmp_path):
    p = tmp_path / "c.txt"
    p.write_bytes("本报讯 近日,\x07会议\x1b在京\t召开。\r\n".encode())
    (a,) = read_source(p)
    assert a.text == "本报讯 近日,会议在京 召开。"


def test_decode_bytes():
    assert decode_bytes("中文".encode("gb18030")) == "中文"
    assert decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00") is None
    assert decode_bytes(b"abc\x00def") is None
    assert decode_bytes(b"") == ""
    noise = bytes((i * 97 + 13) % 255 + 1 for i in range(400))   # no NUL, not text
    assert decode_bytes(noise) is None


# --------------------------------------------------------------------------- bad files, directories

@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        ("nul.txt", b"abc\x00\x01\x02def", "binary file, not text"),
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\n\r\n", "empty file"),
        ("blank.jsonl", b"\n\n", "empty file"),
    ],
)
def test_bad_files(tmp_path, name, data, reason):
    p = tmp_path / name
    p.write_bytes(data)
    (e,) = list(read_source(p))
    assert isinstance(e, InputError)
    assert str(e) == f"{p}: {reason}" and e.line is None


def test_missing_path(tmp_path):
    p = tmp_path / "nope.txt"
    (e,) = list(read_sources([p]))
    assert str(e) == f"{p}: no such file or directory"
    (e,) = list(read_source(p))
    assert str(e) == f"{p}: no such file or directory"


def test_directory_walk_with_symlink_loop(tmp_path):
    root = tmp_path / "root"
    (root / "b" / "c").mkdir(parents=True)
    (root / "a.txt").write_text(PAGE, encoding="utf-8")
    (root / "b" / "c" / "d.jsonl").write_text('{"text": "正文。"}\n', encoding="utf-8")
    (root / "b" / "skip.md").write_text("ignored", encoding="utf-8")
    (root / "b" / "e.txt").write_bytes(b"")
    os.symlink(root, root / "b" / "c" / "loop")           # loop back to the top
    os.symlink(root / "b", root / "b" / "self")            # loop to its own parent
    os.symlink(tmp_path / "gone.txt", root / "dangling.txt")
    items = list(read_sources([root, root / "a.txt"]))
    summary = [(a.source, a.text) if isinstance(a, Article) else str(a) for a in items]
    assert summary == [
        ("a.txt", "本报讯 近日,会议在京召开。"),
        ("b/c/d.jsonl", "正文。"),   # named below its argument
        f"{root / 'b' / 'e.txt'}: empty file",
        f"{root / 'dangling.txt'}: no such file or directory",
    ]


def test_read_source_on_directory(tmp_path):
    (e,) = list(read_source(tmp_path))
    assert str(e) == f"{tmp_path}: is a directory"


def test_errors_do_not_stop_the_rest(tmp_path):
    (tmp_path / "1.txt").write_bytes(b"\x00\x00")
    (tmp_path / "2.txt").write_text(PAGE, encoding="utf-8")
    out = list(read_sources([tmp_path / "missing", tmp_path]))
    assert [type(x).__name__ for x in out] == ["InputError", "InputError", "Article"]
