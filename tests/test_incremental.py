"""Incremental builds (issue 16): an article whose text, metadata and extractor version are
unchanged is not extracted again; a rebuild that changes nothing writes nothing, validates
nothing and leaves the exports byte-identical; one changed article is extracted alone."""
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg import api, pipeline  # noqa: E402
from kg.ingest import read_sources  # noqa: E402
from kg.model import Article  # noqa: E402
from kg.store import Store  # noqa: E402

SAMPLE = ROOT / "data" / "seed-page.txt"


@pytest.fixture
def extracted(monkeypatch):
    """The ids of the articles extracted (not taken from the store), in order."""
    seen = []
    real = pipeline.extract_articles

    def counting(articles, *args, **kw):
        articles = list(articles)
        seen.extend(a.id for a in articles)
        return real(articles, *args, **kw)

    monkeypatch.setattr(pipeline, "extract_articles", counting)
    return seen


def write_jsonl(path: Path, changed: dict[str, str] | None = None) -> Path:
    arts = [a for a in read_sources([SAMPLE]) if isinstance(a, Article)]
    with open(path, "w", encoding="utf-8") as f:
        for a in arts:
            text = (changed or {}).get(a.id, a.text)
            f.write(json.dumps({"id": f"n{a.id}", "title": a.title, "text": text}, ensure_ascii=False) + "\n")
    return path


def build(tmp, src, store="store", **kw):
    kw.setdefault("html", False)
    return api.build([str(src)], store=tmp / store, out=tmp / f"out-{store}", **kw)


def test_unchanged_rebuild_extracts_nothing_and_exports_the_same_bytes(tmp_path, extracted):
    src = write_jsonl(tmp_path / "news.jsonl")
    first = build(tmp_path, src, validate=False)
    assert len(extracted) == 10
    ttl = (tmp_path / "out-store" / "kg.ttl").read_bytes()
    with Store(tmp_path / "store") as st:
        generation = api._meta(st, "generation")
    del extracted[:]
    again = build(tmp_path, src, validate=False)
    assert extracted == []
    assert (tmp_path / "out-store" / "kg.ttl").read_bytes() == ttl
    with Store(tmp_path / "store") as st:
        assert api._meta(st, "generation") == generation        # nothing was written
    assert (again.items, again.triples, again.facts, again.entities) == (
        first.items, first.triples, first.facts, first.entities)


def test_one_changed_article_is_extracted_alone_and_the_result_is_a_fresh_builds(tmp_path, extracted):
    build(tmp_path, write_jsonl(tmp_path / "news.jsonl"), validate=False)
    del extracted[:]
    changed = write_jsonl(tmp_path / "news.jsonl", {"3": "青岛高新区管委会主任张三表示,威高集团将在青岛高新区投资50亿元。"})
    build(tmp_path, changed, validate=False)
    assert extracted == ["n3"]
    build(tmp_path, changed, store="fresh", validate=False)
    assert (tmp_path / "out-store" / "kg.ttl").read_bytes() == (tmp_path / "out-fresh" / "kg.ttl").read_bytes()


def test_another_extractor_version_extracts_everything_again(tmp_path, extracted, monkeypatch):
    src = write_jsonl(tmp_path / "news.jsonl")
    build(tmp_path, src, validate=False)
    del extracted[:]
    monkeypatch.setattr(api, "_package_digest", lambda: "another kg")
    build(tmp_path, src, validate=False)
    assert len(extracted) == 10
    del extracted[:]
    build(tmp_path, src, validate=False, pipeline=["mentions.rules", "mentions.settle", "locatedIn"])
    assert len(extracted) == 10                                 # another pipeline: another extractor


def test_validation_is_not_repeated_on_an_unchanged_store_but_is_after_an_unvalidated_write(tmp_path, monkeypatch):
    import kg.validate as validate

    calls = []
    real = validate.validate_store
    monkeypatch.setattr(validate, "validate_store", lambda *a, **k: calls.append(1) or real(*a, **k))
    src = write_jsonl(tmp_path / "news.jsonl")
    assert build(tmp_path, src).shacl_conforms is True and len(calls) == 1
    again = build(tmp_path, src)
    assert (again.shacl_conforms, len(calls)) == (True, 1)
    assert again.to_text().count("SHACL: conforms") == 1
    changed = write_jsonl(tmp_path / "news.jsonl", {"3": "威高集团在青岛高新区投资50亿元。"})
    build(tmp_path, changed, validate=False)                    # a write nothing validated
    assert build(tmp_path, changed).shacl_conforms is True and len(calls) == 2


def test_an_export_changed_by_hand_is_written_again(tmp_path):
    src = write_jsonl(tmp_path / "news.jsonl")
    build(tmp_path, src, validate=False)
    ttl = tmp_path / "out-store" / "kg.ttl"
    good = ttl.read_bytes()
    ttl.write_bytes(b"# edited\n")
    build(tmp_path, src, validate=False)
    assert ttl.read_bytes() == good
    ttl.unlink()
    build(tmp_path, src, validate=False)
    assert ttl.read_bytes() == good


def test_records_of_an_earlier_kg_without_input_digests_are_extracted_again(tmp_path, extracted):
    import sqlite3

    src = write_jsonl(tmp_path / "news.jsonl")
    build(tmp_path, src, validate=False)
    db = sqlite3.connect(tmp_path / "store" / "kg-records.sqlite")      # the table as kg wrote it before
    db.executescript("CREATE TABLE old AS SELECT iri, entities, extraction, digest FROM article;"
                     "DROP TABLE article; ALTER TABLE old RENAME TO article;")
    db.commit()
    db.close()
    del extracted[:]
    build(tmp_path, src, validate=False)
    assert len(extracted) == 10
    del extracted[:]
    build(tmp_path, src, validate=False)
    assert extracted == []


def test_a_rebuild_of_part_of_the_store_keeps_the_others_sources_in_the_page_title(tmp_path):
    src = write_jsonl(tmp_path / "news.jsonl")
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "x", "title": "另一篇", "text": "华发集团在珠海高新区投资建设光伏项目。"},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    build(tmp_path, other, validate=False, html=True)
    build(tmp_path, src, validate=False, html=True)
    page = (tmp_path / "out-store" / "graph.html").read_text(encoding="utf-8")
    build(tmp_path, src, validate=False, html=True)                # unchanged: the page is not written again
    assert (tmp_path / "out-store" / "graph.html").read_text(encoding="utf-8") == page
    assert "kg: news.jsonl, other.jsonl" in page


def _no_lan_shapes():
    """The real shapes plus one that an organisation named with 岚 breaks (none in the sample)."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, RDFS, SH

    import kg.schema

    test = Namespace("https://example.org/test#")
    g = Graph()
    for t in kg.schema.shapes_graph():
        g.add(t)
    g.add((test.OrgShape, RDF.type, SH.NodeShape))
    g.add((test.OrgShape, SH.targetClass, URIRef("https://w3id.org/cnkg/ontology#Organization")))
    g.add((test.OrgShape, SH.property, test.NoLan))
    g.add((test.NoLan, SH.path, RDFS.label))
    g.add((test.NoLan, SH.pattern, Literal("^[^岚]*$")))
    return g


def test_a_changed_article_is_validated_where_it_can_matter_and_a_violation_still_blocks(tmp_path, monkeypatch):
    import kg.validate as validate
    from kg.errors import ValidationError

    strict = _no_lan_shapes()
    monkeypatch.setattr(validate, "shapes_graph", lambda: strict)
    checked = {}

    def progress(stage, done, total):
        if stage == "validate":
            checked[len(checked)] = done

    def focus_nodes_checked(src):
        checked.clear()
        summary = build(tmp_path, src, progress=progress)
        return summary, max(checked.values())

    first, whole = focus_nodes_checked(write_jsonl(tmp_path / "news.jsonl"))
    assert first.shacl_conforms is True and whole > 150
    records = (tmp_path / "store" / "kg-records.sqlite").read_bytes()
    bad = write_jsonl(tmp_path / "news.jsonl", {"3": "青岛高新区管委会主任张三表示,星岚集团将在青岛高新区投资50亿元。"})
    with pytest.raises(ValidationError) as info:
        build(tmp_path, bad)
    head, *lines = str(info.value).split("\n")
    assert head == ("SHACL validation failed with 1 violation(s); "
                    "the store and its exports were left as they were:")
    assert len(lines) == 1 and lines[0].startswith("  <https://w3id.org/cnkg/id/organization/")
    assert "rdfs:label: <https://example.org/test#NoLan>, sh:PatternConstraintComponent, value " in lines[0]
    assert (tmp_path / "store" / "kg-records.sqlite").read_bytes() == records     # the store as it was
    good = write_jsonl(tmp_path / "news.jsonl", {"3": "青岛高新区管委会主任张三表示,威高集团将在青岛高新区投资50亿元。"})
    changed, part = focus_nodes_checked(good)
    assert changed.shacl_conforms is True and 0 < part < whole / 3
    fresh = build(tmp_path, good, store="fresh")              # the same verdict as validating everything
    assert fresh.shacl_conforms is True
