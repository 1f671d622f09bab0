"""The `kg` command line, end to end: every command through click's CliRunner
(and one real `kg` subprocess), working in a temporary directory so the default
./.kg store and ./exports land there.

The sample page is built once per module (`built`); tests that need the default
paths chdir into that directory.  Scores are only compared with the reference
scorer (../shared/tools/score.py), never against fixed values: thresholds are
another test's business.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from kg.cli import main
from kg.export import CSV_COLUMNS
from kg.vocab import KG, ORG_KINDS, SCHEMA

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "seed-page.txt"
SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "gold" / "seed-page.gold.json"
SCORER = SHARED / "tools" / "score.py"
SCHEMA_DIR = REPO / "schema"

COMMANDS = ("build", "query", "export", "extract", "viz", "eval", "remove", "serve", "push", "train", "curate")
ENTITY_CLASSES = ("Person", "Organization", "Park", "Place", "Project", "Event")
MONEY_RELATIONS = ("investment", "fundsRaised", "revenue")
ENTITY_RELATIONS = ("locatedIn", "listedOn", "partnerOf", "organizer")
COUNT_ARTICLES = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kg:Article }"
# rdflib's own parsers use its deprecated ConjunctiveGraph; not ours to fix
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

SCORED_KEYS = ("locatedIn", "holdsRole", "investment", "core", "entities")
NUMBERS = ("tp", "fp", "fn", "p", "r", "f1")


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def triples_of(stdout: str) -> int:
    m = re.search(r"triples: (\d+)", stdout)
    assert m, stdout
    return int(m.group(1))


def kg_executable() -> str:
    exe = Path(sys.executable).parent / "kg"
    if exe.is_file():
        return str(exe)
    found = shutil.which("kg")
    if not found:
        pytest.skip("the `kg` console script is not installed (pip install -e .)")
    return found


def stderr_lines(result) -> list[str]:
    return [ln for ln in result.stderr.splitlines() if ln.strip()]


# ---------------------------------------------------------------- fixtures

@dataclass
class Built:
    dir: Path
    exit_code: int
    stdout: str
    stderr: str
    ttl: bytes


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    """`kg build data/seed-page.txt` once, in a fresh directory."""
    d = tmp_path_factory.mktemp("built")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(d)
        res = invoke("build", SEED)
    ttl_path = d / "exports" / "kg.ttl"
    return Built(d, res.exit_code, res.stdout, res.stderr,
                 ttl_path.read_bytes() if ttl_path.exists() else b"")


@pytest.fixture(scope="module")
def ref(built) -> Graph:
    """The union graph of the build, read back from exports/kg.ttl."""
    assert built.exit_code == 0, built.stderr
    return Graph().parse(data=built.ttl.decode("utf-8"), format="turtle")


@pytest.fixture
def in_built(built, monkeypatch) -> Path:
    assert built.exit_code == 0, built.stderr
    monkeypatch.chdir(built.dir)
    return built.dir


def articles_of(g: Graph) -> set:
    return set(g.subjects(RDF.type, KG.Article))


def entity_nodes(g: Graph) -> set:
    types = [KG[c] for c in ENTITY_CLASSES] + [KG[k] for k in ORG_KINDS]
    return {s for t in types for s in g.subjects(RDF.type, t)}


def money_nodes(g: Graph) -> set:
    return {o for rel in MONEY_RELATIONS for o in g.objects(None, KG[rel])}


def query_count(store: Path | None = None) -> int:
    args = ["query", "--format", "csv", COUNT_ARTICLES]
    if store is not None:
        args += ["--store", store]
    res = invoke(*args)
    assert res.exit_code == 0, res.stderr
    rows = list(csv.reader(res.stdout.splitlines()))
    assert rows[0] == ["n"] and len(rows) == 2, rows
    return int(rows[1][0])


# ---------------------------------------------------------------- help and README

@pytest.mark.parametrize("cmd", COMMANDS)
def test_every_command_has_help(cmd):
    assert cmd in main.commands, sorted(main.commands)
    help_text = (main.commands[cmd].help or "").strip()
    assert help_text
    res = invoke(cmd, "--help")
    assert res.exit_code == 0
    assert res.stdout.startswith(f"Usage: main {cmd}") or f" {cmd} " in res.stdout.splitlines()[0]
    # the first sentence of the help text is shown (click rewraps long lines)
    first_words = " ".join(help_text.split()[:3])
    assert first_words in " ".join(res.stdout.split())


def test_group_help_lists_every_command():
    res = invoke("--help")
    assert res.exit_code == 0
    listed = {ln.split()[0] for ln in res.stdout.split("Commands:", 1)[1].splitlines() if ln.strip()}
    assert listed == set(COMMANDS)


def test_every_command_is_named_in_readme():
    readme = REPO / "README.md"
    if not readme.is_file():
        pytest.skip("README.md not written yet")
    text = readme.read_text(encoding="utf-8")
    missing = [c for c in COMMANDS if not re.search(rf"\bkg\s+{c}\b", text)]
    assert missing == [], f"README.md never shows `kg <cmd>` for {missing}"


# ---------------------------------------------------------------- build

def test_build_prints_summary_and_writes_outputs(built):
    assert built.exit_code == 0, built.stderr
    first = built.stdout.splitlines()[0]
    assert re.match(r"items: 10\s+input errors: 0\s+triples: \d+$", first), first
    assert "turtle: exports/kg.ttl" in built.stdout.splitlines()
    assert "html: exports/graph.html" in built.stdout.splitlines()
    assert "kg: " not in built.stderr          # no error lines
    assert (built.dir / ".kg").is_dir() and any((built.dir / ".kg").iterdir())
    html = (built.dir / "exports" / "graph.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "kgNetwork" in html
    assert sorted(p.name for p in (built.dir / "exports").iterdir()) == ["graph.html", "kg.ttl"]


def test_build_turtle_has_ten_articles_and_the_printed_triple_count(built, ref):
    assert len(articles_of(ref)) == 10
    assert len(ref) == triples_of(built.stdout)


def test_store_holds_ten_articles(in_built):
    assert query_count() == 10


def test_building_twice_is_byte_identical(built, ref):
    """The second build is a real `kg` process, in the same directory and store."""
    proc = subprocess.run([kg_executable(), "build", str(SEED)], cwd=built.dir,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == built.stdout.splitlines()[0]     # items, errors, triples
    assert triples_of(proc.stdout) == triples_of(built.stdout) == len(ref)
    assert (built.dir / "exports" / "kg.ttl").read_bytes() == built.ttl
    # replacing, not appending: still ten articles in the store
    assert query_count(built.dir / ".kg") == 10


# ---------------------------------------------------------------- query

def test_query_table(in_built):
    res = invoke("query", COUNT_ARTICLES)
    assert res.exit_code == 0, res.stderr
    lines = res.stdout.splitlines()
    assert [ln.strip() for ln in lines] == ["n", "--", "10", "(1 row)"]


def test_query_csv(in_built):
    res = invoke("query", "--format", "csv", COUNT_ARTICLES)
    assert res.exit_code == 0, res.stderr
    assert list(csv.reader(res.stdout.splitlines())) == [["n"], ["10"]]


def test_query_json(in_built):
    res = invoke("query", "--format", "json", COUNT_ARTICLES)
    assert res.exit_code == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["head"]["vars"] == ["n"]
    bindings = doc["results"]["bindings"]
    assert len(bindings) == 1
    assert bindings[0]["n"]["type"] == "literal"
    assert bindings[0]["n"]["value"] == "10"


def test_query_from_file(in_built, tmp_path):
    q = tmp_path / "q.rq"
    q.write_text(COUNT_ARTICLES + "\n", encoding="utf-8")
    res = invoke("query", "--file", q, "--format", "csv")
    assert res.exit_code == 0, res.stderr
    assert list(csv.reader(res.stdout.splitlines())) == [["n"], ["10"]]


def test_query_with_explicit_prefix_and_select_rows(in_built, ref):
    res = invoke("query", "--format", "json",
                 "PREFIX kg: <https://w3id.org/cnkg/ontology#> SELECT ?a WHERE { ?a a kg:Article } ORDER BY ?a")
    assert res.exit_code == 0, res.stderr
    got = [b["a"]["value"] for b in json.loads(res.stdout)["results"]["bindings"]]
    assert got == sorted(str(a) for a in articles_of(ref))


def test_query_syntax_error(in_built):
    res = invoke("query", "SELEC ?x WHERE { ?x ?y }")
    assert res.exit_code == 2
    assert res.stdout == ""
    lines = stderr_lines(res)
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("kg: error: ")
    assert "Traceback" not in res.stderr


def test_query_without_a_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = invoke("query", COUNT_ARTICLES)
    assert res.exit_code == 2
    lines = stderr_lines(res)
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("kg: error: ") and "kg build" in lines[0]
    assert not (tmp_path / ".kg").exists()          # a query never creates a store


def test_query_without_any_query(in_built):
    res = invoke("query")
    assert res.exit_code == 2
    assert stderr_lines(res)[0].startswith("kg: error: ")


UPDATE_REFUSED = ("kg: error: updates are not accepted by kg query (this is a SPARQL update: {op}); it runs "
                  "SELECT, ASK, CONSTRUCT and DESCRIBE only. To change the store, use kg build or kg remove, "
                  "or start kg serve --allow-update and POST the update to its /sparql endpoint")


@pytest.mark.parametrize("sparql, op", [
    ('INSERT DATA { <https://example.org/a> <https://example.org/b> "c" }', "INSERT"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("PREFIX ex: <https://example.org/#x>\nBASE <https://example.org/>\n# empty the store\nclear all", "CLEAR"),
    ("DROP ALL", "DROP"),
    ("WITH <https://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ("LOAD <https://example.org/data.ttl>", "LOAD"),
])
def test_query_refuses_updates(in_built, sparql, op):
    res = invoke("query", sparql)
    assert (res.exit_code, res.stdout) == (2, "")
    assert stderr_lines(res) == [UPDATE_REFUSED.format(op=op)]
    assert query_count() == 10


@pytest.mark.parametrize("sparql, out", [
    ('SELECT ?insert WHERE { BIND("INSERT DATA" AS ?insert) }', "insert\n-----------\nINSERT DATA\n(1 row)\n"),
    ("# DELETE WHERE { ?s ?p ?o }\nASK { ?a a kg:Article }", "true\n"),
    ("PREFIX drop: <https://example.org/drop#>\nASK { ?a a drop:Nothing }", "false\n"),
])
def test_queries_that_mention_update_words_run(in_built, sparql, out):
    res = invoke("query", sparql)
    assert (res.exit_code, res.stdout) == (0, out), res.stderr


# ---------------------------------------------------------------- a store another process holds

IN_USE = ("kg: error: .kg: the store is in use by another kg process (being written by kg build, kg remove "
          "or kg serve --allow-update); try again when it has finished")
HOLD = ("import sys, pyoxigraph\n"
        "from kg.store import Store\n"
        "held = Store(sys.argv[2]) if sys.argv[1] == 'kg' else pyoxigraph.Store(sys.argv[2])\n"
        "print('held', flush=True)\n"
        "sys.stdin.read()\n")


@pytest.fixture
def own_copy(built, tmp_path, monkeypatch) -> Path:
    """A copy of the built store as ./.kg in an empty directory."""
    shutil.copytree(built.dir / ".kg", tmp_path / ".kg")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def holder(own_copy):
    """hold(how): another process opens ./.kg for writing, through kg ("kg") or pyoxigraph
    directly ("oxigraph"), until the test ends."""
    procs = []

    def hold(how: str) -> None:
        proc = subprocess.Popen([sys.executable, "-c", HOLD, how, str(own_copy / ".kg")], cwd=REPO,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        procs.append(proc)
        assert proc.stdout.readline() == "held\n"

    yield hold
    for proc in procs:
        proc.stdin.close()
        proc.wait(60)
        proc.stdout.close()


@pytest.mark.parametrize("args, written", [
    (("query", COUNT_ARTICLES), None),
    (("export", "--format", "nt"), None),
    (("export", "--out", "out.ttl"), "out.ttl"),
    (("viz", "--out", "graph.html"), "graph.html"),
])
def test_readers_say_the_store_is_in_use(holder, own_copy, args, written):
    holder("kg")
    res = invoke(*args)
    assert (res.exit_code, res.stdout) == (2, "")
    assert stderr_lines(res) == [IN_USE]
    if written:
        assert not (own_copy / written).exists()


def test_query_while_kg_serve_allow_update_runs(own_copy):
    """The real thing: `kg serve --allow-update` holds the store; `kg query` says so, and reads
    the store again once the server has stopped."""
    kg = kg_executable()
    srv = subprocess.Popen([kg, "serve", "--allow-update", "--port", "0"], cwd=own_copy,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert srv.stderr.readline().startswith("serving .kg (read-write) at http://127.0.0.1:")
        res = subprocess.run([kg, "query", COUNT_ARTICLES], cwd=own_copy, capture_output=True, text=True,
                             timeout=120)
        assert (res.returncode, res.stdout, res.stderr) == (2, "", IN_USE + "\n")
    finally:
        srv.terminate()
        srv.wait(30)
        srv.stderr.close()
    res = subprocess.run([kg, "query", "--format", "csv", COUNT_ARTICLES], cwd=own_copy, capture_output=True,
                         text=True, timeout=120)
    assert (res.returncode, res.stdout.split()) == (0, ["n", "10"]), res.stderr


def test_a_writer_meets_a_store_open_outside_kg(holder):
    # e.g. `oxigraph serve --location .kg`: no kg lock, but RocksDB's own LOCK
    holder("oxigraph")
    res = invoke("remove", "seed-page.txt")
    assert res.exit_code == 2
    assert stderr_lines(res) == [
        "kg: error: .kg: the store is in use by another process (its database is open for writing outside kg, "
        "e.g. by oxigraph serve --location); stop that process and try again"]


# ---------------------------------------------------------------- export

def _dataset_quads(path: Path, fmt: str) -> set[tuple]:
    ds = Dataset()
    ds.parse(path, format=fmt)
    out = set()
    for s, p, o, ctx in ds.quads((None, None, None, None)):
        out.add((s, p, o, getattr(ctx, "identifier", ctx)))
    return out


def _check_rdf(path: Path, fmt: str, ref: Graph, built: Built) -> None:
    g = Graph().parse(path, format=fmt)
    assert len(g) == len(ref)
    assert isomorphic(g, ref)


def _check_quads(path: Path, fmt: str, ref: Graph, built: Built) -> None:
    quads = _dataset_quads(path, fmt)
    names = {q[3] for q in quads}
    articles = articles_of(ref)
    assert len(articles) == 10
    assert names == articles                      # one named graph per article, no default graph
    for a in articles:                            # each article's graph describes that article
        assert (a, RDF.type, KG.Article, a) in quads
    union = Graph()
    for s, p, o, _ in quads:
        union.add((s, p, o))
    assert isomorphic(union, ref)


def _check_graphml(path: Path, fmt: str, ref: Graph, built: Built) -> None:
    g = nx.read_graphml(path)
    classes = Counter(d.get("class", "") for _, d in g.nodes(data=True))
    entities, money = entity_nodes(ref), money_nodes(ref)
    assert sum(classes[c] for c in ENTITY_CLASSES) == len(entities)
    assert classes["MonetaryAmount"] == len(money)
    assert {n for n, d in g.nodes(data=True) if d.get("class") in ENTITY_CLASSES} == {str(e) for e in entities}
    for _, d in g.nodes(data=True):
        assert d.get("label")
    # one edge per distinct (subject, object, relation[:role title]) fact
    expected = set()
    for rel in ENTITY_RELATIONS:
        for s, o in ref.subject_objects(KG[rel]):
            expected.add((str(s), str(o), rel, ""))
    for s, pos in ref.subject_objects(KG.holdsRole):
        org = ref.value(pos, KG.organization)
        if org is not None:
            expected.add((str(s), str(org), "holdsRole", str(ref.value(pos, KG.roleTitle) or "")))
    for rel in MONEY_RELATIONS:
        for s, o in ref.subject_objects(KG[rel]):
            expected.add((str(s), str(o), rel, ""))
    got = {(s, o, d["relation"], d.get("roleTitle", "")) for s, o, d in g.edges(data=True)}
    assert got == expected
    assert g.number_of_edges() == len(expected)


def _check_csv(path: Path, fmt: str, ref: Graph, built: Built) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames) == tuple(CSV_COLUMNS)
        rows = list(reader)
    assertions = list(ref.subjects(RDF.type, KG.Assertion))
    assert len(rows) == len(assertions)
    rels = Counter(str(ref.value(a, RDF.predicate)).rsplit("#", 1)[-1] for a in assertions)
    assert Counter(r["relation"] for r in rows) == rels
    for r in rows:
        assert r["subject"] and r["object"] and r["evidence"] and r["extractor"], r
        assert 0 <= int(r["char_start"]) <= int(r["char_end"])
        assert 0.0 < float(r["confidence"]) <= 1.0
        assert r["article_source"] == "seed-page.txt"
    # span lengths agree with the evidence (except facts evidenced outside the text:
    # see test_extract_every_fact_evidence_is_text_start_end)
    spans = [r for r in rows if r["extractor"] != "holdsRole/byline"]
    assert len(spans) > 0
    for r in spans:
        assert len(r["evidence"]) == int(r["char_end"]) - int(r["char_start"]), r


EXPORTS = {
    "turtle": ("ttl", "turtle", _check_rdf),
    "nt": ("nt", "nt", _check_rdf),
    "jsonld": ("jsonld", "json-ld", _check_rdf),
    "trig": ("trig", "trig", _check_quads),
    "nquads": ("nq", "nquads", _check_quads),
    "graphml": ("graphml", None, _check_graphml),
    "csv": ("csv", None, _check_csv),
}


@pytest.mark.parametrize("fmt", list(EXPORTS))
def test_export(fmt, in_built, built, ref, tmp_path):
    ext, parse_fmt, check = EXPORTS[fmt]
    out = tmp_path / f"out.{ext}"
    res = invoke("export", "--format", fmt, "--out", out)
    assert res.exit_code == 0, res.stderr
    assert res.stdout == ""
    assert out.is_file() and out.stat().st_size > 0
    check(out, parse_fmt, ref, built)


def test_export_turtle_file_equals_build_turtle(in_built, built, tmp_path):
    out = tmp_path / "again.ttl"
    assert invoke("export", "--format", "turtle", "--out", out).exit_code == 0
    assert out.read_bytes() == built.ttl


def test_export_to_stdout(in_built, ref):
    res = invoke("export", "--format", "nt")
    assert res.exit_code == 0, res.stderr
    g = Graph().parse(data=res.stdout, format="nt")
    assert isomorphic(g, ref)


def test_export_without_a_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = invoke("export", "--format", "turtle", "--out", tmp_path / "x.ttl")
    assert res.exit_code == 2
    lines = stderr_lines(res)
    assert len(lines) == 1 and lines[0].startswith("kg: error: ") and "kg build" in lines[0]
    assert not (tmp_path / "x.ttl").exists()


# ---------------------------------------------------------------- viz

def test_viz_rewrites_the_page(in_built, tmp_path):
    out = tmp_path / "g.html"
    res = invoke("viz", "--out", out)
    assert res.exit_code == 0, res.stderr
    assert res.stdout.strip() == f"wrote {out}"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# ---------------------------------------------------------------- extract

@pytest.fixture(scope="module")
def extracted():
    res = invoke("extract", SEED)
    return res


def test_extract_prints_ten_records_in_input_order(extracted):
    from kg.api import read_inputs

    assert extracted.exit_code == 0, extracted.stderr
    lines = extracted.stdout.splitlines()
    assert len(lines) == 10
    recs = [json.loads(ln) for ln in lines]
    for r in recs:
        assert {"id", "text", "mentions", "facts"} <= set(r), sorted(r)
    articles, errors = read_inputs([str(SEED)])
    assert errors == []
    assert [r["id"] for r in recs] == [a.id for a in articles]
    assert [r["text"] for r in recs] == [a.text for a in articles]
    assert len({r["id"] for r in recs}) == 10


def _records(extracted) -> list[dict]:
    assert extracted.exit_code == 0, extracted.stderr
    return [json.loads(ln) for ln in extracted.stdout.splitlines()]


def _bad_evidence(recs: list[dict], only_in_text: bool) -> list:
    """Facts whose evidence is not text[start:end] (only_in_text: just those whose evidence
    occurs somewhere in the article text, i.e. leaving out evidence taken from outside it)."""
    bad = []
    for r in recs:
        for f in r["facts"]:
            if only_in_text and f["evidence"] not in r["text"]:
                continue
            if f["evidence"] != r["text"][f["start"]:f["end"]]:
                bad.append((r["id"], f["extractor"], f["start"], f["end"], f["evidence"]))
    return bad


def test_extract_mention_offsets_point_into_the_text(extracted):
    n = 0
    for r in _records(extracted):
        for m in r["mentions"]:
            assert {"text", "start", "end"} <= set(m), m
            assert m["text"] == r["text"][m["start"]:m["end"]], (r["id"], m)
            n += 1
    assert n > 0


def test_extract_facts_carry_provenance(extracted):
    n = 0
    for r in _records(extracted):
        for f in r["facts"]:
            for key in ("evidence", "start", "end", "confidence", "extractor"):
                assert key in f, (r["id"], f)
            assert isinstance(f["evidence"], str) and f["evidence"]
            assert 0 <= f["start"] <= f["end"] <= len(r["text"])
            assert 0.0 < f["confidence"] <= 1.0
            assert isinstance(f["extractor"], str) and f["extractor"]
            n += 1
    assert n > 0


def test_extract_fact_evidence_taken_from_the_text_matches_its_offsets(extracted):
    assert _bad_evidence(_records(extracted), only_in_text=True) == []


def test_extract_byline_facts_point_after_the_text(extracted):
    """Bylines are not article text: their facts quote the byline and sit at offset len(text)."""
    byline_facts = []
    for rec in _records(extracted):
        for f in rec["facts"]:
            if f["extractor"] == "holdsRole/byline":
                assert f["start"] == f["end"] == len(rec["text"])
                byline_facts.append((f["subject"], f["evidence"]))
    assert sorted(byline_facts) == [("周华", "新华社记者 周华/摄"), ("唐文豪", "新华社记者 唐文豪/摄")]


def test_extract_touches_no_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = invoke("extract", SEED)
    assert res.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# ---------------------------------------------------------------- bad input

GOOD_PAGE = ("青岛高新区引进医疗器械项目\n\n"
             "本报讯 近日,威高国际医疗器械产业园项目签约仪式在青岛举行,"
             "总投资50亿元的威高国际医疗器械产业园正式落户青岛高新区。\n\n高欣\n")
GOOD_JSONL = [
    {"id": "j1", "title": "珠海高新区建设科技园", "text": "珠海高新区与华发集团共建光伏绿色能源科技园。"},
    {"id": "j2", "title": "人事", "text": "张伟是华为技术有限公司总经理。"},
]


def test_bad_inputs_are_reported_and_the_rest_is_built(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "pic.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)))
    lines = [json.dumps(GOOD_JSONL[0], ensure_ascii=False), "{not json", json.dumps(GOOD_JSONL[1], ensure_ascii=False)]
    (src / "items.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    res = invoke("build", "in", "missing.txt")
    assert res.exit_code == 1
    errs = stderr_lines(res)
    assert all(ln.startswith("kg: input error: ") for ln in errs), errs
    assert len(errs) == 4, errs
    for name in ("in/empty.txt", "in/pic.txt", "in/items.jsonl", "missing.txt"):
        hits = [ln for ln in errs if re.search(rf"(?<![\w/]){re.escape(name)}\b", ln)]
        assert len(hits) == 1, (name, errs)
    assert [ln for ln in errs if "in/items.jsonl:2:" in ln], errs     # names the bad line
    assert "input errors: 4" in res.stdout.splitlines()[0]
    good = query_count()                      # the good page and the two good lines
    assert res.stdout.splitlines()[0].startswith(f"items: {good} ")
    assert good == 3
    assert (tmp_path / "exports" / "kg.ttl").is_file()


def test_extract_reports_bad_input_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.jsonl").write_text(json.dumps(GOOD_JSONL[1], ensure_ascii=False) + "\n[1, 2]\n",
                                      encoding="utf-8")
    res = invoke("extract", "a.jsonl")
    assert res.exit_code == 1
    assert len(res.stdout.splitlines()) == 1
    assert json.loads(res.stdout)["id"] == "j2"
    errs = stderr_lines(res)
    assert len(errs) == 1 and errs[0].startswith("kg: input error: a.jsonl:2:"), errs


# ---------------------------------------------------------------- eval vs the reference scorer

needs_shared = pytest.mark.skipif(not (GOLD.is_file() and SCORER.is_file()),
                                  reason=f"{SHARED} (gold key and reference scorer) not present")


def reference_scores(ttl: Path) -> dict:
    proc = subprocess.run([sys.executable, str(SCORER), str(ttl), "--gold", str(GOLD),
                           "--schema", str(SCHEMA_DIR), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def numbers(doc: dict) -> dict:
    return {k: {n: doc[k][n] for n in NUMBERS} for k in SCORED_KEYS}


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory):
    if not (GOLD.is_file() and SCORER.is_file()):
        pytest.skip(f"{SHARED} (gold key and reference scorer) not present")
    ttl = tmp_path_factory.mktemp("eval") / "out.ttl"
    res = invoke("eval", "--gold", GOLD, SEED, "--json", "--ttl", ttl)
    return res, ttl


@needs_shared
def test_eval_json_agrees_with_reference_scorer(evaluated):
    res, ttl = evaluated
    assert res.exit_code == 0, res.stderr
    ours = json.loads(res.stdout)
    for k in SCORED_KEYS:
        assert set(NUMBERS) <= set(ours[k]), (k, ours[k])
    assert ttl.is_file()
    assert numbers(ours) == numbers(reference_scores(ttl))


@needs_shared
def test_eval_lists_agree_with_reference_scorer(evaluated):
    res, ttl = evaluated
    ours, theirs = json.loads(res.stdout), reference_scores(ttl)
    assert sorted(ours["false_positives"]) == sorted(theirs["false_positives"])
    assert sorted(ours["missed"]) == sorted(theirs["missed"])


@needs_shared
def test_eval_text_report_names_every_relation():
    res = invoke("eval", "--gold", GOLD, SEED)
    assert res.exit_code == 0, res.stderr
    for k in ("locatedIn", "holdsRole", "investment", "entities"):
        assert k in res.stdout


@needs_shared
def test_build_turtle_agrees_with_reference_scorer(built, ref):
    from kg.evaluate import load_gold, score_graph
    from kg.schema import schema_dir

    ours = score_graph(ref, load_gold(GOLD), schema_dir()).to_dict()
    assert numbers(ours) == numbers(reference_scores(built.dir / "exports" / "kg.ttl"))


def test_eval_with_a_missing_gold_file_is_a_usage_error(tmp_path):
    res = invoke("eval", "--gold", tmp_path / "nope.json", SEED)
    assert res.exit_code == 2
    assert "nope.json" in res.stderr


def test_help_states_each_default_once():
    """No option's help says its default in words and again as click's ``[default: ...]`` (issue 16)."""
    import click

    from kg.cli import main

    ctx = click.Context(main)
    twice = []
    for name, cmd in main.commands.items():
        sub = click.Context(cmd, parent=ctx, info_name=name)
        for param in cmd.params:
            record = param.get_help_record(sub)
            if record and "[default:" in record[1] and "(default" in record[1]:
                twice.append(f"{name} {record[0]}: {record[1]}")
    assert twice == []
