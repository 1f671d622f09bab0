"""Extraction as a pipeline of registered components over one Doc."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import api
from kg.cli import main
from kg.errors import InputError
from kg.extract import DEFAULT_PIPELINE, registry
from kg.extract.doc import Doc
from kg.model import Article, Mention
from kg.pipeline import extract_article

TEXT = "甲乙科技有限公司落户苏州工业园区。甲乙科技有限公司董事长张明表示，公司总投资50亿元。"


def article(text=TEXT):
    return Article("t", text, "t.txt", 1)


def test_every_default_name_is_registered_and_recognisers_come_first():
    names = registry.check_pipeline(DEFAULT_PIPELINE)
    stages = [registry.get(n).stage for n in names]
    assert stages == sorted(stages, key=("mentions", "settle", "facts").index)
    assert "mentions.settle" in names and "locatedIn" in names


def test_doc_is_annotated_by_each_stage():
    doc = registry.run(Doc.of(article()), ["mentions.rules"])
    assert doc.mentions == [] and {m.cls for m in doc.candidates} >= {"Organization", "Park", "Money"}
    assert [(m.text, v.value) for m, v in doc.amounts] == [("50亿元", 5_000_000_000)]
    registry.run(doc, ["mentions.settle", "locatedIn"])
    assert [(f.relation, f.subject.text, f.object.text) for f in doc.facts] == \
        [("locatedIn", "甲乙科技有限公司", "苏州工业园区")]
    assert doc.extractors == {"locatedIn/settle": "locatedIn"}


def test_a_relation_match_is_pure():
    doc = registry.run(Doc.of(article()), ["mentions.rules", "mentions.settle"])
    match = registry.get("locatedIn").match
    assert match(doc) == match(doc) and doc.facts == []


def test_extraction_names_the_component_of_each_mention_and_fact():
    ex = extract_article(article())
    got = {(m.text, c) for m, c in zip(ex.mentions, ex.components)}
    assert {("甲乙科技有限公司", "mentions.organisations"), ("苏州工业园区", "mentions.organisations"),
            ("董事长", "mentions.titles"), ("50亿元", "mentions.amounts")} <= got
    assert {ex.component_of_fact(f) for f in ex.facts} == {"locatedIn", "holdsRole", "money"}


def test_a_recogniser_plugs_in_before_settling():
    @registry.component("test.names", registry.add_mentions)
    def names(doc):
        i = doc.text.find("苏州")
        return [Mention("苏州", "Place", i, i + 2, source="test")]

    try:
        pipe = ("mentions.rules", "test.names", "mentions.settle", "locatedIn")
        ex = extract_article(article(), pipe)
        assert ex.components[[m.text for m in ex.mentions].index("苏州工业园区")] == "mentions.organisations"
        # alone it settles its own mentions
        ex = extract_article(article(), ("test.names", "mentions.settle"))
        assert [(m.text, c) for m, c in zip(ex.mentions, ex.components)] == [("苏州", "test.names")]
    finally:
        registry.unregister("test.names")


def test_relations_alone_run_after_the_default_recognisers():
    ex = extract_article(article(), ("locatedIn",))
    assert {f.relation for f in ex.facts} == {"locatedIn"}


def test_unknown_component_is_an_input_error():
    with pytest.raises(InputError, match="unknown component 'nope'"):
        registry.check_pipeline(["mentions.rules", "nope"])


def test_cli_pipeline_option_and_components_in_extract(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "1", "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    conf = tmp_path / "pipe.txt"
    conf.write_text("# recognisers\nmentions.rules\nmentions.settle\nlocatedIn  # one relation\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["extract", "--pipeline", str(conf), str(src)])
    assert r.exit_code == 0, r.output
    rec = json.loads(r.output)
    assert [(f["relation"], f["component"]) for f in rec["facts"]] == [("locatedIn", "locatedIn")]
    assert {"text": "50亿元", "class": "Money", "start": 38, "end": 42, "component": "mentions.amounts"} in rec["mentions"]
    r = CliRunner().invoke(main, ["extract", "--pipeline", "mentions.rules,bogus", str(src)])
    assert r.exit_code == 2 and "unknown component 'bogus'" in r.output


def test_api_extract_default_equals_explicit_default():
    a, _ = api.extract(["data/seed-page.txt"])
    b, _ = api.extract(["data/seed-page.txt"], pipeline=DEFAULT_PIPELINE)
    assert a == b


def test_imports_point_one_way():
    """kg.extract (and the name shapes it shares with resolution) never import kg.resolve."""
    import subprocess
    import sys

    code = "import sys, kg.extract, kg.names; print('kg.resolve' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "kg"
    for path in sorted((root / "extract").glob("*.py")) + [root / "names.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert "resolve" not in (node.module or ""), f"{path.name} imports {node.module}"


def test_mention_sources_are_an_enum():
    from kg.model import Source

    ex = extract_article(article())
    assert all(isinstance(m.source, Source) for m in ex.mentions)
    assert Source("person:jieba") is Source.PERSON_JIEBA and Source.PERSON_JIEBA == "person:jieba"
    by_text = {m.text: m.source for m in ex.mentions}
    assert by_text["甲乙科技有限公司"] is Source.SUFFIX and by_text["董事长"] is Source.TITLE
    import ast
    from pathlib import Path

    # no rule tests a source as a free string any more
    for path in sorted((Path(__file__).resolve().parents[1] / "kg" / "extract").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "source":
                assert not any(isinstance(c, ast.Constant) for c in node.comparators), f"{path.name}:{node.lineno}"


def test_the_trained_tagger_fits_the_recogniser_socket():
    """kg.tagger plugged in as a component (as docs/architecture.md shows), alone and beside the rules."""
    pytest.importorskip("pycrfsuite")
    from kg import tagger as crf
    from kg.model import Source

    @registry.component("test.tagger", registry.add_mentions)
    def tag(doc):
        return [Mention(s.text, s.label, s.start, s.end, source=Source.TAGGER)
                for s in crf.load().tag(doc.text, doc.tokens)]

    try:
        text = "腾讯控股有限公司总裁刘炽平表示，公司将加大投入。"
        ex = extract_article(article(text), ("test.tagger", "mentions.settle", "holdsRole"))
        assert [(m.text, m.cls, c) for m, c in zip(ex.mentions, ex.components) if m.cls != "Ref"] == [
            ("腾讯控股有限公司", "Organization", "test.tagger"), ("总裁", "RoleTitle", "test.tagger"),
            ("刘炽平", "Person", "test.tagger")]
        assert [(f.relation, ex.component_of_fact(f)) for f in ex.facts] == [("holdsRole", "holdsRole")]
        both = extract_article(article(text), ("mentions.rules", "test.tagger", "mentions.settle", "holdsRole"))
        assert {m.text for m in both.mentions} >= {"腾讯控股有限公司", "总裁", "刘炽平"}
    finally:
        registry.unregister("test.tagger")


def test_a_chunk_of_articles_extracts_as_each_alone():
    """The components' batch steps (the tagger reads a chunk's texts at once) change nothing."""
    from kg.ingest import read_sources
    from kg.model import Article
    from kg.pipeline import extract_article, extract_articles

    arts = [a for a in read_sources([str(Path(__file__).resolve().parents[1] / "data" / "seed-page.txt")])
            if isinstance(a, Article)]
    together = extract_articles(arts)
    assert len(together) == 10
    for a, ex in zip(arts, together):
        alone = extract_article(a)
        assert (ex.mentions, ex.entities, ex.facts, ex.components) == \
            (alone.mentions, alone.entities, alone.facts, alone.components)
