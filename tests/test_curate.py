"""Corrections that survive rebuilds (kg.curate, `kg curate`): the whole loop on the sample, each
command, each error message."""
from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import api
from kg.cli import main
from kg.curate import Curation, append, load, parse, remove
from kg.errors import CurationError
from kg.model import Entity

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data"
NEW = ('{"id":"n1","title":"新文章","text":"本报讯 近日，威高集团与青岛高新区签署战略合作协议。'
       '北京市昌平区“生命谷”2023年医药健康产业实现收入800亿元。"}\n')
CURATED = "https://w3id.org/cnkg/id/graph/curation"


def _csv_rows(store) -> list[dict]:
    return list(csv.DictReader(io.StringIO(api.export("csv", store))))


def _select(store, sparql) -> list[tuple]:
    out = api.query(sparql, store, "json")
    data = json.loads(out)
    names = data["head"]["vars"]
    return sorted(tuple(b.get(n, {}).get("value", "") for n in names) for b in data["results"]["bindings"])


# ---------------------------------------------------------------- the whole loop on the sample

@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    """Build the sample, decide (reject, merge, add), build twice, add an article, build: each
    state's exports."""
    tmp = tmp_path_factory.mktemp("loop")
    store, out = tmp / "store", tmp / "exports"
    data = tmp / "data"
    shutil.copytree(SAMPLE, data)
    states = {}
    s0 = api.build([str(data)], store=store, out=out, html=False)
    states["before"] = (s0, _csv_rows(store), (out / "kg.ttl").read_text(encoding="utf-8"))
    wrong = [r for r in states["before"][1] if r["subject"] == "威高集团" and r["relation"] == "partnerOf"]
    iri = _select(store, 'SELECT ?a WHERE { ?a a kg:Assertion ; rdf:subject/rdfs:label "威高集团" ; '
                         'rdf:predicate kg:partnerOf }')[0][0]
    decisions = [
        api.curate("reject", store, by="tester", note="a signing, not a partnership", assertion=iri),
        api.curate("merge", store, by="tester", note="same park", entity="生命谷", into="中关村生命科学园"),
        api.curate("add", store, by="tester", note="company register", subject="昌发公司",
                   relation="locatedIn", object="北京市昌平区"),
    ]
    for name in ("first", "second"):
        s = api.build([str(data)], store=store, out=out, html=(name == "second"))
        states[name] = (s, _csv_rows(store), (out / "kg.ttl").read_text(encoding="utf-8"))
    (data / "new.jsonl").write_text(NEW, encoding="utf-8")
    s = api.build([str(data)], store=store, out=out, html=False)
    states["new article"] = (s, _csv_rows(store), (out / "kg.ttl").read_text(encoding="utf-8"))
    return {"store": store, "out": out, "states": states, "wrong": wrong, "decisions": decisions,
            "curation": tmp / "curation.toml", "data": data}


def _facts(rows):
    return Counter((r["subject"], r["relation"], r["object"], r["extractor"]) for r in rows)


def test_the_decisions_are_in_the_file(loop):
    cf = load(loop["curation"])
    assert [(d.id, d.action, d.author) for d in cf.decisions] == [
        ("c1", "reject", "tester"), ("c2", "merge", "tester"), ("c3", "add", "tester")]
    # a reject by IRI keeps the fact's labels too, so it still matches when IRIs change
    assert cf.decisions[0].get("subject") == "威高集团"
    assert cf.decisions[0].get("object") == "青岛高新区"
    assert cf.decisions[0].get("relation") == "partnerOf"


@pytest.mark.parametrize("state", ["first", "second", "new article"])
def test_exports_show_exactly_the_decisions(loop, state):
    before = _facts(loop["states"]["before"][1])
    summary, rows, ttl = loop["states"][state]
    after = _facts(rows)
    assert len(loop["wrong"]) == 1
    removed = before - after
    added = after - before
    # the rejected fact is gone (also from the new article, which states it again)
    assert ("威高集团", "partnerOf", "青岛高新区", "partnerOf/sign-with") in removed
    assert not any(k[:3] == ("威高集团", "partnerOf", "青岛高新区") for k in after)
    # the merge: 生命谷's two revenue facts now have the park's label
    assert {k for k in removed if k[0] == "生命谷"} == {("生命谷", "revenue", "281亿元", "revenue/trigger"),
                                                        ("生命谷", "revenue", "717亿元", "revenue/trigger")}
    assert after[("中关村生命科学园", "revenue", "281亿元", "revenue/trigger")] == 1
    assert after[("中关村生命科学园", "revenue", "717亿元", "revenue/trigger")] == 1
    # the fact added by hand, with the note as its evidence
    assert after[("昌发公司", "locatedIn", "昌平区", "curation/add")] == 1
    hand = [r for r in rows if r["extractor"] == "curation/add"]
    assert [(r["evidence"], r["article_source"]) for r in hand] == [("company register", "")]
    if state == "new article":
        assert added - Counter({("中关村生命科学园", "revenue", "281亿元", "revenue/trigger"): 1,
                                ("中关村生命科学园", "revenue", "717亿元", "revenue/trigger"): 1}) == Counter({
            ("昌发公司", "locatedIn", "昌平区", "curation/add"): 1,
            ("中关村生命科学园", "revenue", "800亿元", "revenue/trigger"): 1})
        assert len(rows) == len(loop["states"]["before"][1]) - 1 + 1 + 1
    else:
        assert set(removed) == {("威高集团", "partnerOf", "青岛高新区", "partnerOf/sign-with"),
                                ("生命谷", "revenue", "281亿元", "revenue/trigger"),
                                ("生命谷", "revenue", "717亿元", "revenue/trigger")}
        assert len(rows) == len(loop["states"]["before"][1]) - 1 + 1
    assert summary.curation_decisions == 3 and summary.curation_unmatched == []
    assert "curation: 3 decision(s) in" in summary.to_text()
    # Turtle: 生命谷 is an alias of the park, no entity of its own; the rejected triple is absent
    assert '"生命谷"' in ttl
    parks = _select(loop["store"], 'SELECT ?x WHERE { ?x rdfs:label|skos:altLabel "生命谷" }')
    assert len(parks) == 1
    assert _select(loop["store"], 'SELECT ?l WHERE { ?x skos:altLabel "生命谷" ; rdfs:label ?l }') == [
        ("中关村生命科学园",)]


def test_rebuilding_changes_nothing(loop):
    first, second = loop["states"]["first"], loop["states"]["second"]
    assert first[1] == second[1]
    assert first[2] == second[2]
    assert first[0].triples == second[0].triples


def test_curated_graph_tells_extracted_from_curated(loop):
    store = loop["store"]
    rows = _select(store, f"""SELECT ?id ?action ?who ?time WHERE {{ GRAPH <{CURATED}> {{
        ?d a kg:CurationDecision ; dcterms:identifier ?id ; kg:action ?action ;
           prov:wasAttributedTo/rdfs:label ?who ; prov:generatedAtTime ?time }} }}""")
    assert [r[:3] for r in rows] == [("c1", "reject", "tester"), ("c2", "merge", "tester"), ("c3", "add", "tester")]
    # the fact added by hand is in the curation graph only, derived from its decision
    hand = _select(store, """SELECT ?g ?id WHERE { GRAPH ?g { ?s kg:locatedIn ?o } ?s rdfs:label "昌发公司" .
        ?o skos:notation "110114" . OPTIONAL { ?a rdf:subject ?s ; rdf:object ?o ;
        prov:wasDerivedFrom/dcterms:identifier ?id } }""")
    assert hand == [(CURATED, "c3")]
    merged = _select(store, f'SELECT ?l WHERE {{ GRAPH <{CURATED}> {{ ?d kg:action "merge" ; kg:curatedEntity ?e }} '
                            f'?e rdfs:label ?l }}')
    assert merged == [("中关村生命科学园",)]


def test_the_html_graph_draws_curated_facts_apart(loop):
    page = (loop["out"] / "graph.html").read_text(encoding="utf-8")
    assert page.count('"kgCurated": true') == 1
    assert "dashed red: added by hand (kg curate)" in page


def test_removing_an_article_keeps_the_decisions(loop, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(loop["store"], store)
    shutil.copy(loop["curation"], tmp_path / "curation.toml")
    removed, _ = api.remove(["new.jsonl"], store)
    assert len(removed) == 1
    rows = _facts(_csv_rows(store))
    assert rows[("昌发公司", "locatedIn", "昌平区", "curation/add")] == 1
    assert not any(k[0] == "生命谷" for k in rows)
    assert not any(k[:3] == ("威高集团", "partnerOf", "青岛高新区") for k in rows)


def test_no_curation_builds_the_extraction_alone(loop, tmp_path):
    summary = api.build([str(loop["data"])], store=tmp_path / "s", out=tmp_path / "o", html=False,
                        curation=False)
    assert summary.curation is None
    rows = _facts(_csv_rows(tmp_path / "s"))
    assert rows[("威高集团", "partnerOf", "青岛高新区", "partnerOf/sign-with")] == 2


def test_eval_with_and_without_curation(loop):
    gold = ROOT / "tests" / "data" / "seed-page.gold.json"
    plain, _, _ = api.evaluate(gold, [str(SAMPLE)])
    curated, _, graph = api.evaluate(gold, [str(SAMPLE)], curation=loop["curation"])
    p, c = plain.to_dict(), curated.to_dict()
    assert json.dumps(p) != json.dumps(c)
    from rdflib import Literal
    from rdflib.namespace import RDFS
    from kg.vocab import KG
    assert not list(graph.subjects(RDFS.label, Literal("生命谷")))
    (weigao,) = graph.subjects(RDFS.label, Literal("威高集团"))
    assert not list(graph.objects(weigao, KG.partnerOf))      # the rejected fact: now a miss of the key
    assert json.dumps(p).count('"fn": 1') < json.dumps(c).count('"fn": 1')


def test_a_stale_decision_is_reported_and_listed(loop, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(loop["store"], store)
    cur = tmp_path / "curation.toml"
    shutil.copy(loop["curation"], cur)
    append(cur, "reject", "tester", subject="不存在的公司", relation="locatedIn", object="北京市昌平区")
    summary = api.build([str(loop["data"])], store=store, out=tmp_path / "o", html=False)
    assert summary.curation_unmatched == [
        "curation.toml:34: c4 reject 不存在的公司 locatedIn 北京市昌平区: matches no fact"]
    assert "curation: not applied: curation.toml:34: c4 reject" in summary.to_text()
    result = CliRunner().invoke(main, ["curate", "list", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "curation.toml:34: c4 reject 不存在的公司 locatedIn 北京市昌平区  [tester " in result.output
    assert result.output.rstrip().endswith("NOT APPLIED: matches no fact")
    # the next build, nothing changed: still reported
    again = api.build([str(loop["data"])], store=store, out=tmp_path / "o", html=False)
    assert again.curation_unmatched == summary.curation_unmatched


def test_a_bad_decision_changes_nothing_in_the_store(loop, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(loop["store"], store)
    cur = tmp_path / "curation.toml"
    shutil.copy(loop["curation"], cur)
    before = api.export("nquads", store)
    with cur.open("a", encoding="utf-8") as f:
        f.write('\n[[decision]]\nid = "x1"\naction = "reject"\nauthor = "t"\ntime = "2026-01-01T00:00:00Z"\n'
                'assertion = "https://w3id.org/cnkg/id/assertion/0000000000000000"\n')
    with pytest.raises(CurationError, match=r"curation.toml:34: reject decision x1: unknown assertion IRI "
                                            r"https://w3id.org/cnkg/id/assertion/0000000000000000"):
        api.build([str(loop["data"])], store=store, out=tmp_path / "o", html=False)
    assert api.export("nquads", store) == before
    result = CliRunner().invoke(main, ["build", str(loop["data"]), "--store", str(store), "--out",
                                       str(tmp_path / "o"), "--no-html", "-q"])
    assert result.exit_code == 2
    assert "curation.toml:34: reject decision x1: unknown assertion IRI" in result.output


# ---------------------------------------------------------------- the file: each error names its line

HEAD = 'id = "{id}"\naction = "{action}"\nauthor = "t"\ntime = "2026-01-01T00:00:00Z"\n'


def _block(action, did="c1", **keys):
    return "[[decision]]\n" + HEAD.format(id=did, action=action) + "".join(
        f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in keys.items())


@pytest.mark.parametrize("text, message", [
    ("[[decision]]\nid = \"c1\nx", r"curation.toml:2: not valid TOML"),
    (_block("reject", subject="a", relation="locatedIn", object="b") + "\n" + _block("delete", "c2"),
     r"curation.toml:12: unknown action 'delete' \(expected one of reject, add, merge, split, rename, unalias\)"),
    (_block("merge", entity="甲公司", into="甲公司"), r"curation.toml:7: merge decision c1: merges '甲公司' with itself"),
    (_block("merge", entity="甲", into="乙") + "\n" + _block("merge", "c2", entity="乙", into="丙") + "\n"
     + _block("merge", "c3", entity="丙", into="甲"),
     r"curation.toml:17: merge decision c3: a cycle of merges \(丙 -> 甲 -> 乙 -> 丙\)"),
    (_block("reject", assertion="not an iri"), r"curation.toml:6: reject decision c1: 'not an iri' is not an "
                                               r"assertion IRI"),
    (_block("reject", subject="a", relation="ownedBy", object="b"),
     r"curation.toml:7: reject decision c1: unknown relation 'ownedBy'"),
    (_block("reject", subject="a"), r"curation.toml:1: reject decision c1: 'relation' is missing"),
    (_block("add", subject="a", relation="holdsRole", object="b"),
     r"curation.toml:1: add decision c1: 'title' is missing"),
    (_block("add", subject="a", relation="locatedIn", object="b", title="董事长"),
     r"curation.toml:9: add decision c1: 'title' belongs to a role \(holdsRole\), not to locatedIn"),
    (_block("add", subject="a", relation="holdsRole", object="b", title="董事长", current="maybe"),
     r"curation.toml:10: add decision c1: 'current' is \"true\" or \"false\", for a role"),
    (_block("add", subject="a", relation="investment", object="很多钱"),
     r"curation.toml:8: add decision c1: the object of investment is an amount of money \(5亿元, 3000万美元\), "
     r"not '很多钱'"),
    (_block("add", subject="a", relation="locatedIn", object="b", subject_class="Company2"),
     r"curation.toml:9: add decision c1: unknown class 'Company2'"),
    (_block("split", entity="a", forms=[]), r"curation.toml:7: split decision c1: 'forms' must be a list of names"),
    (_block("rename", entity="a"), r"curation.toml:1: rename decision c1: give a new 'label' or 'to_class'"),
    (_block("unalias", entity="a", alias="b", colour="red"), r"curation.toml:8: unalias decision c1: unknown key "
                                                             r"'colour'"),
    (_block("reject", subject="a", relation="locatedIn", object="b") + _block("reject", subject="a",
     relation="locatedIn", object="c"), r"curation.toml:10: decision id 'c1' is used twice \(first on line 1\)"),
    ("[[decision]]\nid = \"c1\"\naction = \"reject\"\nauthor = \"t\"\ntime = \"yesterday\"\n",
     r"curation.toml:5: decision c1: time 'yesterday' is not an ISO 8601 date and time"),
    ("[[decision]]\nid = \"c1\"\naction = \"reject\"\ntime = \"2026-01-01T00:00:00Z\"\n",
     r"curation.toml:1: decision without 'author'"),
    ("[decision]\nid = \"c1\"\n", r"curation.toml:1: decisions must be written as \[\[decision\]\] tables"),
    ("colour = 1\n", r"curation.toml:1: unknown top-level key 'colour'"),
])
def test_errors_name_the_line(text, message):
    with pytest.raises(CurationError, match=message):
        parse(text, "curation.toml")


def test_a_missing_file_is_no_decisions(tmp_path):
    assert load(tmp_path / "curation.toml").decisions == ()


# ---------------------------------------------------------------- the commands (file edits)

def _run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("args, action, fields", [
    (["reject", "--subject", "甲公司", "--relation", "locatedIn", "--object", "乙园"], "reject",
     {"subject": "甲公司", "relation": "locatedIn", "object": "乙园"}),
    (["add", "甲公司", "locatedIn", "乙园", "--subject-class", "Company", "--object-class", "Park"], "add",
     {"subject": "甲公司", "relation": "locatedIn", "object": "乙园", "subject_class": "Company",
      "object_class": "Park"}),
    (["merge", "甲", "甲公司", "--class", "Organization"], "merge",
     {"entity": "甲", "into": "甲公司", "class": "Organization"}),
    (["split", "华为", "华为终端", "华为手机", "--label", "华为终端"], "split",
     {"entity": "华为", "forms": ("华为终端", "华为手机"), "label": "华为终端"}),
    (["rename", "甲", "--label", "甲股份有限公司", "--to-class", "Company"], "rename",
     {"entity": "甲", "label": "甲股份有限公司", "to_class": "Company"}),
    (["unalias", "中国银行", "中行"], "unalias", {"entity": "中国银行", "alias": "中行"}),
])
def test_each_command_writes_one_decision(tmp_path, args, action, fields):
    cur = tmp_path / "c.toml"
    result = _run("curate", *args, "--curation", str(cur), "--store", str(tmp_path / "none"),
                  "--by", "alice", "--note", "why \"quoted\"\nand a newline")
    assert result.exit_code == 0, result.output
    (d,) = load(cur).decisions
    assert (d.id, d.action, d.author, d.note) == ("c1", action, "alice", "why \"quoted\"\nand a newline")
    assert dict(d.fields) == fields
    assert result.output.startswith(f"c1 {action} ")


def test_author_defaults_to_user(tmp_path, monkeypatch):
    monkeypatch.setenv("USER", "bob")
    cur = tmp_path / "c.toml"
    assert _run("curate", "unalias", "甲", "乙", "--curation", str(cur), "--store", str(tmp_path / "x")).exit_code == 0
    assert load(cur).decisions[0].author == "bob"


def test_list_and_undo(tmp_path):
    cur = tmp_path / "c.toml"
    store = str(tmp_path / "none")
    for name in ("甲", "乙", "丙"):
        _run("curate", "unalias", name, "别名", "--curation", str(cur), "--store", store, "--by", "a")
    cur.write_text(cur.read_text(encoding="utf-8") + "# a comment of mine\n", encoding="utf-8")
    listed = _run("curate", "list", "--curation", str(cur), "--store", store)
    assert [line.split("  [")[0] for line in listed.output.splitlines()] == [
        "c.toml:4: c1 unalias 别名 is not 甲", "c.toml:13: c2 unalias 别名 is not 乙",
        "c.toml:22: c3 unalias 别名 is not 丙"]
    assert _run("curate", "undo", "c2", "--curation", str(cur), "--store", store).output.startswith(
        "removed c2 unalias 别名 is not 乙")
    assert [d.id for d in load(cur).decisions] == ["c1", "c3"]
    assert "# a comment of mine" in cur.read_text(encoding="utf-8")
    assert _run("curate", "undo", "--curation", str(cur), "--store", store).exit_code == 0
    assert [d.id for d in load(cur).decisions] == ["c1"]
    bad = _run("curate", "undo", "c9", "--curation", str(cur), "--store", store)
    assert bad.exit_code == 2 and "no decision 'c9' (see `kg curate list`)" in bad.output
    # the next id is never one still in the file
    _run("curate", "unalias", "丁", "别名", "--curation", str(cur), "--store", store)
    assert [d.id for d in load(cur).decisions] == ["c1", "c2"]


def test_the_writer_round_trips_hostile_text(tmp_path):
    cur = tmp_path / "c.toml"
    note = 'a "quote", a \\ backslash, }{ ]] [[decision]]\n\t\x7f\x01 and 中文'
    d = append(cur, "unalias", "t", note=note, entity="x\"]]\n", alias="y")
    assert d.note == note.strip() and d.get("entity") == "x\"]]"
    assert len(load(cur).decisions) == 1
    remove(cur)
    assert load(cur).decisions == ()


@pytest.mark.parametrize("args, message", [
    (["merge", "生命谷", "生命谷"], "merge decision c1: merges '生命谷' with itself"),
    (["merge", "生命谷", "不存在的园区"], "no entity of the store is named '不存在的园区'"),
    (["reject", "https://w3id.org/cnkg/id/assertion/0000000000000000"],
     "unknown assertion IRI https://w3id.org/cnkg/id/assertion/0000000000000000 (no kg:Assertion of the store)"),
    (["add", "不存在的公司", "locatedIn", "北京市昌平区"],
     "no entity of the store is named '不存在的公司' (give --subject-class to make a new one)"),
    (["reject"], "give an assertion IRI, or --subject, --relation and --object"),
])
def test_commands_check_names_against_the_store(loop, tmp_path, args, message):
    cur = tmp_path / "c.toml"
    result = _run("curate", *args, "--curation", str(cur), "--store", str(loop["store"]))
    assert result.exit_code == 2
    assert message in result.output
    assert not cur.exists()


# ---------------------------------------------------------------- entity decisions at the merge

def _ent(cls, label, *alts, kind=None):
    return Entity(Entity.make_id(cls, label), label, cls, kind, tuple(alts))


def _canon(text, entities):
    cur = Curation(parse(text, "curation.toml"))
    return cur, cur.canonical(Counter(entities))


def test_split_keeps_the_named_mentions_apart():
    long_ = _ent("Organization", "华为技术有限公司", "华为")
    short = _ent("Organization", "华为")
    other = _ent("Organization", "华为终端", "华为")
    plain_cur = Curation(parse("", "c.toml"))
    assert len({e.id for e in plain_cur.canonical(Counter([long_, short, other])).values()}) == 1
    cur, canon = _canon(_block("split", entity="华为技术有限公司", forms=["华为终端"]), [long_, short, other])
    assert canon[other.id].label == "华为终端"
    assert canon[long_.id].label == canon[short.id].label == "华为技术有限公司"
    assert "华为" not in canon[other.id].alt_labels
    assert cur.unmatched() == []


def test_split_with_a_label():
    a, b = _ent("Park", "甲产业园", "甲园"), _ent("Park", "甲园")
    _, canon = _canon(_block("split", entity="甲产业园", forms=["甲园"], label="甲园区"), [a, b])
    assert canon[b.id].label == "甲园区" and canon[b.id].id == "Park/甲园区"
    assert canon[a.id].label == "甲产业园" and canon[a.id].alt_labels == ()


def test_unalias_drops_the_name_and_detaches_its_mentions():
    a, b = _ent("Organization", "中国银行", "中行"), _ent("Organization", "中行")
    cur, canon = _canon(_block("unalias", entity="中国银行", alias="中行"), [a, b])
    assert canon[a.id].alt_labels == ()
    assert canon[b.id].label == "中行" and canon[b.id].id != canon[a.id].id


def test_rename_label_and_class():
    a = _ent("Organization", "甲", kind="Company")
    cur, canon = _canon(_block("rename", entity="甲", label="甲股份有限公司", to_class="GovernmentBody"), [a])
    assert canon[a.id] == Entity("Organization/甲股份有限公司", "甲股份有限公司", "Organization", "GovernmentBody", ("甲",))
    _, canon = _canon(_block("rename", entity="甲", to_class="Park"), [a])
    assert canon[a.id] == Entity("Park/甲", "甲", "Park", None, ())


def test_merge_keeps_the_target_label_and_both_names():
    a, b = _ent("Park", "生命谷"), _ent("Park", "中关村生命科学园", "生命科学园")
    _, canon = _canon(_block("merge", entity="生命谷", into="生命科学园"), [a, b])
    assert canon[a.id] == canon[b.id] == Entity("Park/中关村生命科学园", "中关村生命科学园", "Park", None,
                                                 ("生命科学园", "生命谷"))


def test_a_cycle_through_aliases_is_an_error_at_the_merge():
    a, b = _ent("Park", "甲园", "甲"), _ent("Park", "乙园", "乙")
    text = _block("merge", entity="甲", into="乙园") + "\n" + _block("merge", "c2", entity="乙", into="甲园")
    with pytest.raises(CurationError, match=r"curation.toml:9: merge decision c2: a cycle of merges \(乙园 -> 甲园 -> 乙园\)"):
        _canon(text, [a, b])


@pytest.mark.parametrize("text, why", [
    (_block("merge", entity="丙", into="甲园"), "c1 merge 丙 into 甲园: no entity is named '丙'"),
    (_block("merge", entity="甲", into="甲园"), "'甲' and '甲园' are already one entity"),
    (_block("merge", entity="甲", into="乙公司"), "'甲园' (Park) and '乙公司' (Organization) are of different classes: one entity has one class"),
    (_block("rename", entity="甲", label="x", **{"class": "Person"}), "no entity is named '甲' (Person)"),
    (_block("split", entity="甲园", forms=["丁"]), "no mention of '甲园' is named 丁"),
    (_block("unalias", entity="甲园", alias="丁"), "'丁' is not an alias of '甲园'"),
])
def test_decisions_that_match_nothing_say_why(text, why):
    cur, _ = _canon(text, [_ent("Park", "甲园", "甲"), _ent("Organization", "乙公司")])
    (line,) = cur.unmatched()
    assert line.startswith("curation.toml:1: ") and line.endswith(why.split(": ", 1)[-1])


# ---------------------------------------------------------------- more of the loop

def test_the_summary_counts_the_same_facts_on_every_rebuild(loop):
    first, second = loop["states"]["first"][0], loop["states"]["second"][0]
    assert first.facts == second.facts
    assert first.facts["partnerOf"] == loop["states"]["before"][0].facts["partnerOf"] - 1


def test_two_processes_apply_the_curation_alike(loop, tmp_path):
    shutil.copy(loop["curation"], tmp_path / "curation.toml")
    api.build([str(SAMPLE)], store=tmp_path / "s", out=tmp_path / "o", html=False, jobs=2)
    assert _csv_rows(tmp_path / "s") == loop["states"]["first"][1]
    assert (tmp_path / "o" / "kg.ttl").read_text(encoding="utf-8") == loop["states"]["first"][2]


def test_a_reject_by_assertion_iri_alone(loop, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(loop["store"], store)
    (iri,) = _select(store, 'SELECT ?a WHERE { ?a a kg:Assertion ; rdf:subject/rdfs:label "海尔生物" ; '
                            'rdf:predicate kg:locatedIn }')[0]
    cur = tmp_path / "curation.toml"
    cur.write_text(_block("reject", "r1", assertion=iri) + _block("add", "y1", subject="昌发公司",
                   relation="foundingYear", object="2008"), encoding="utf-8")
    summary = api.build([str(loop["data"])], store=store, out=tmp_path / "o", html=False)
    assert summary.curation_unmatched == []
    rows = _facts(_csv_rows(store))
    assert not any(k[0] == "海尔生物" for k in rows)
    assert rows[("昌发公司", "foundingYear", "2008", "curation/add")] == 1
    # the other decisions are gone from the file: their effects are gone from the store
    assert rows[("威高集团", "partnerOf", "青岛高新区", "partnerOf/sign-with")] == 2
    assert _select(store, f"SELECT ?id WHERE {{ GRAPH <{CURATED}> {{ ?d dcterms:identifier ?id }} }}") == [("r1",), ("y1",)]
    assert [k for k in rows if k[3] == "curation/add"] == [("昌发公司", "foundingYear", "2008", "curation/add")]


def test_a_role_and_an_amount_added_by_hand(loop, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(loop["store"], store)
    cur = tmp_path / "curation.toml"
    assert _run("curate", "add", "林岚", "holdsRole", "昌发公司", "--title", "董事长", "--subject-class", "Person",
                "--former", "--curation", str(cur), "--store", str(store), "--by", "t",
                "--note", "annual report").exit_code == 0
    assert _run("curate", "add", "昌发公司", "investment", "3.5亿元", "--curation", str(cur), "--store", str(store),
                "--by", "t", "--note", "press release").exit_code == 0
    summary = api.build([str(loop["data"])], store=store, out=tmp_path / "o", html=False)
    assert summary.curation_unmatched == [] and summary.shacl_conforms is True
    added = [(r["subject"], r["subject_class"], r["relation"], r["object"], r["role_title"], r["current"],
              r["value"], r["currency"], r["evidence"]) for r in _csv_rows(store) if r["extractor"] == "curation/add"]
    assert sorted(added) == [
        ("昌发公司", "Organization", "investment", "3.5亿元", "", "", "350000000", "CNY", "press release"),
        ("林岚", "Person", "holdsRole", "昌发公司", "董事长", "false", "", "", "annual report")]
    assert _select(store, f"SELECT ?t ?cur WHERE {{ GRAPH <{CURATED}> {{ ?p kg:holdsRole ?pos . "
                          f"?pos kg:roleTitle ?t ; kg:current ?cur ; kg:organization ?o }} }}") == [
        ("董事长", "false")]


def test_without_the_file_the_extraction_comes_back(loop, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(loop["store"], store)
    summary = api.build([str(loop["data"])], store=store, out=tmp_path / "o", html=False)
    assert summary.curation is None and "curation" not in summary.to_text()
    assert _select(store, f"SELECT ?s WHERE {{ GRAPH <{CURATED}> {{ ?s ?p ?o }} }}") == []
    rows = _facts(_csv_rows(store))
    assert rows[("威高集团", "partnerOf", "青岛高新区", "partnerOf/sign-with")] == 2
    assert rows[("生命谷", "revenue", "281亿元", "revenue/trigger")] == 1
