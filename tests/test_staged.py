"""kg.store's staged write (``Store.replace_articles_staged``): the default build's
all-or-nothing write with flat memory. Same result as one transaction, quad for
quad and byte for byte; failures and leftovers of a crash leave the store as it
was. The kill -9 tests are in tests/test_crash.py."""
from __future__ import annotations

import errno
import os

import pytest
from rdflib import Graph, Literal, URIRef

import kg.store
from kg import api
from kg.errors import StoreError
from kg.export import export
from kg.store import LOCK_NAME, Store, staging_dir

EXPORTS = ("turtle", "nt", "trig", "nquads")


def graph(i: int, shared: int = 3) -> tuple[URIRef, Graph]:
    a = URIRef(f"https://w3id.org/cnkg/id/article/s{i}")
    g = Graph()
    for j in range(4):
        g.add((a, URIRef(f"https://example.org/p{j}"), Literal(f"文本 {i} {j} \"引号\" <b>")))
    for j in range(shared):                       # triples every article holds (the union has them once)
        g.add((URIRef("https://example.org/shared"), URIRef(f"https://example.org/q{j}"), Literal(j)))
    return a, g


OLD = [graph(i) for i in range(3)]
NEW = [graph(i) for i in range(2, 9)]             # s2 replaced, s3..s8 added
OLD_SMALLER = [(OLD[2][0], Graph())]              # s2 emptied in the old store


def state(path) -> tuple[set, list, int, int]:
    with Store(path, read_only=True) as st:
        return set(st.iter_quads()), st.articles(), st.quad_count(), st.triple_count()


def exports(path) -> dict[str, str]:
    with Store(path, read_only=True) as st:
        return {fmt: export(st, fmt) for fmt in EXPORTS}


@pytest.fixture
def old(tmp_path):
    path = tmp_path / "kg"
    with Store(path) as st:
        st.replace_articles(OLD)
    return path


def one_transaction(old, to):
    """A copy of the store ``old`` at ``to`` with NEW written in one transaction."""
    import shutil

    shutil.copytree(old, to)
    with Store(to) as st:
        st.replace_articles(NEW)
    return to


@pytest.mark.parametrize("batch", [1, 2, 200])
def test_staged_write_equals_one_transaction(tmp_path, old, batch):
    one = one_transaction(old, tmp_path / "one")
    with Store(old) as st:
        st.replace_articles_staged(NEW, batch=batch)
        assert st.quad_count() == 9 * 7           # nine articles of 4 + 3 triples
        assert st.triple_count() == 9 * 4 + 3     # the shared triples once
    assert state(old) == state(one)
    assert exports(old) == exports(one)
    assert not staging_dir(old).exists()


def test_new_articles_are_loaded_and_others_replaced_with_the_same_result(tmp_path, old):
    """New articles go in as N-Quads; replaced ones and a name given twice in a batch (the
    last wins) keep the update: all equal to writing them one by one."""
    twice = [graph(10), (graph(10)[0], graph(11, shared=1)[1])]
    items = NEW + twice
    one = tmp_path / "one"
    import shutil

    shutil.copytree(old, one)
    with Store(one) as st:
        for item in items:                   # one at a time: a later item replaces an earlier one
            st.replace_articles([item])
    with Store(old) as st:
        st.replace_articles_staged(items, batch=200)
        assert st.quad_count() == 9 * 7 + 5        # s10 holds graph 11's 4 triples + 1 shared
    assert state(old) == state(one)
    assert exports(old) == exports(one)


def test_staged_write_replaces_and_keeps_the_union_in_step(tmp_path, old):
    with Store(old) as st:
        st.replace_articles_staged(OLD_SMALLER, batch=1)
        assert st.quad_count() == 2 * 7
        assert st.triple_count() == 2 * 4 + 3
        st.replace_articles_staged([(OLD[0][0], Graph()), (OLD[1][0], Graph())], batch=1)
        assert st.quad_count() == 0 and st.triple_count() == 0   # the shared triples left the union


def test_a_batch_below_one_is_refused(old):
    before = state(old)
    with Store(old) as st:
        with pytest.raises(ValueError, match="batch must be at least 1"):
            st.replace_articles_staged(NEW, batch=0)
    assert state(old) == before


def test_staged_write_of_nothing_changes_nothing(old):
    before = state(old)
    with Store(old) as st:
        st.replace_articles_staged(iter(()))
    assert state(old) == before
    assert not staging_dir(old).exists()


def test_store_stays_locked_and_usable_after_the_switch(old):
    import subprocess
    import sys

    probe = ("import sys\nfrom kg.store import Store\n"
             "try:\n    Store(sys.argv[1], read_only=sys.argv[2] == 'r')\nexcept Exception as e:\n"
             "    print(type(e).__name__, e)\n")
    env = dict(os.environ, PYTHONPATH=str(kg.store.Path(kg.__file__).parents[1]))
    with Store(old) as st:
        st.replace_articles_staged(NEW, batch=3)
        assert (old / LOCK_NAME).exists()
        for mode in "rw":                         # the lock of the new directory is held
            out = subprocess.run([sys.executable, "-c", probe, str(old), mode], env=env,
                                 capture_output=True, text=True, check=True).stdout
            assert out.startswith("StoreError") and "process" in out
        st.replace_articles_staged(OLD_SMALLER)   # a second staged write on the same open store
        st.replace_article(*graph(20))            # and a plain one
        assert len(st.articles()) == 9
    assert len(state(old)[1]) == 9


def test_staged_write_through_a_symlink_keeps_the_link(tmp_path, old):
    link = tmp_path / "link"
    link.symlink_to(old)
    with Store(link) as st:
        st.replace_articles_staged(NEW, batch=2)
    assert link.is_symlink() and os.readlink(link) == str(old)
    assert len(state(link)[1]) == 9 and state(link) == state(old)
    assert not staging_dir(old).exists() and not (tmp_path / "link.kg-staging").exists()


def test_an_error_in_a_later_batch_leaves_the_old_store(old):
    before = state(old)
    bad = NEW[:4] + [("not an iri", Graph())]
    with Store(old) as st:
        with pytest.raises(StoreError, match="invalid article IRI"):
            st.replace_articles_staged(bad, batch=2)
        assert set(st.iter_quads()) == before[0]  # still open on the old store
    assert state(old) == before
    assert not staging_dir(old).exists()


def test_a_query_result_still_open_refuses_the_switch(old):
    before = state(old)
    st = Store(old)
    try:
        result = st.query("SELECT * WHERE { ?s ?p ?o }")   # holds the old database open
        with pytest.raises(StoreError, match="cannot switch"):
            st.replace_articles_staged(NEW)
        del result
    finally:
        st.close()
    assert state(old) == before
    assert not staging_dir(old).exists()


def test_without_an_atomic_swap_it_falls_back_to_one_transaction(tmp_path, old, monkeypatch):
    one = one_transaction(old, tmp_path / "one")

    def no_exchange(a, b):
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(kg.store, "_exchange", no_exchange)
    with Store(old) as st:
        st.replace_articles_staged(NEW, batch=2)
    assert state(old) == state(one)
    assert not staging_dir(old).exists()


def test_without_room_beside_the_store_it_falls_back_to_one_transaction(tmp_path, old, monkeypatch):
    from pathlib import Path

    one = one_transaction(old, tmp_path / "one")
    mkdir = Path.mkdir

    def read_only_parent(self, *args, **kwargs):
        if self == staging_dir(old):
            raise PermissionError(errno.EACCES, "Permission denied")
        return mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only_parent)
    with Store(old) as st:
        st.replace_articles_staged(NEW, batch=2)
    assert state(old) == state(one)
    assert not staging_dir(old).exists()


# ---------------------------------------------------------------- leftovers of a crash

def leftover(store_path, contents=True, marker=True):
    staging = staging_dir(store_path)
    staging.mkdir()
    if marker:
        (staging / kg.store._STAGING_MARKER).write_text("x")
    if contents:                                  # a half-written or half-deleted store
        (staging / "store").mkdir()
        (staging / "store" / "000012.sst").write_bytes(b"\0" * 100)
    return staging


@pytest.mark.parametrize("contents,marker", [(True, True), (False, True), (False, False)],
                         ids=["store", "marker-only", "empty"])
def test_writable_open_removes_a_leftover_staging_directory(old, contents, marker):
    before = state(old)
    staging = leftover(old, contents, marker)
    with Store(old, read_only=True):              # readers never touch it
        assert staging.exists()
    assert state(old) == before and staging.exists()
    with Store(old):
        assert not staging.exists()
    assert state(old) == before


def test_a_directory_that_is_not_kgs_is_left_alone(old):
    before = state(old)
    staging = leftover(old, contents=True, marker=False)
    with Store(old) as st:
        assert staging.exists()
        with pytest.raises(StoreError, match="exists and is not kg's"):
            st.replace_articles_staged(NEW)
    assert state(old) == before
    assert (staging / "store" / "000012.sst").exists()


# ---------------------------------------------------------------- the build

BUILD = [{"id": f"b{i}", "text": f"总投资{i + 1}亿元的第{i}号产业园项目正式落户青岛高新区。"} for i in range(5)]


def test_default_build_is_byte_identical_to_one_transaction_and_to_batches(tmp_path, monkeypatch):
    import json

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in BUILD), encoding="utf-8")

    def build(name, **kw):
        api.build([str(src)], store=tmp_path / name, out=tmp_path / f"{name}-out", validate=False,
                  html=False, **kw)
        return (tmp_path / f"{name}-out" / "kg.ttl").read_bytes(), exports(tmp_path / name), state(tmp_path / name)

    staged = build("staged")
    batched = build("batched", batch=2)
    monkeypatch.setattr(Store, "replace_articles_staged", lambda self, items, **kw: self.replace_articles(items))
    one = build("one")
    assert staged == one == batched
    assert len(staged[2][1]) == len(BUILD)
    assert not staging_dir(tmp_path / "staged").exists()


# ---------------------------------------------------------------- a build that fails validation

import shutil as _shutil
from pathlib import Path as _Path

from click.testing import CliRunner
from rdflib import Namespace
from rdflib.namespace import RDFS, SH

import kg.schema
import kg.validate
from kg.cli import main
from kg.errors import ValidationError

REPO = _Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "seed-page.txt"
PARKS = ('{"id": "p1", "text": "青岛高新区管委会主任李明表示，华为技术有限公司落户青岛高新区。"}\n'
         '{"id": "p2", "text": "深圳华星光电技术股份有限公司今日宣布，华星光电将在武汉光谷扩产。"}\n')
TEST = Namespace("https://example.org/test#")


def _strict_shapes():
    """The real shapes plus one the build's new parks break: a park's label at most 4 characters."""
    g = Graph()
    for t in kg.schema.shapes_graph():
        g.add(t)
    prop = TEST.ShortLabel
    g.add((TEST.ParkShape, kg.validate.RDF.type, SH.NodeShape))
    g.add((TEST.ParkShape, SH.targetClass, URIRef("https://w3id.org/cnkg/ontology#Park")))
    g.add((TEST.ParkShape, SH.property, prop))
    g.add((prop, SH.path, RDFS.label))
    g.add((prop, SH.maxLength, Literal(4)))
    return g


@pytest.fixture
def built(tmp_path):
    """A store and exports from the sample page (validated), and a second input with new parks."""
    store, out = tmp_path / "kg", tmp_path / "out"
    api.build([str(SEED)], store=store, out=out)
    more = tmp_path / "more.jsonl"
    more.write_text(PARKS, encoding="utf-8")
    return store, out, more


def _snapshot(store, out):
    files = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    with Store(store, read_only=True) as st:
        return export(st, "nquads"), st.articles(), files, (store / kg.store.RECORDS_NAME).read_bytes()


def _assert_untouched(store, out, before):
    assert _snapshot(store, out) == before
    assert not staging_dir(store).exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]   # no temporary export left


def test_a_violation_leaves_store_and_exports_byte_identical(built, monkeypatch):
    store, out, more = built
    before = _snapshot(store, out)
    strict = _strict_shapes()
    monkeypatch.setattr(kg.validate, "shapes_graph", lambda: strict)
    with pytest.raises(ValidationError) as info:
        api.build([str(SEED), str(more)], store=store, out=out)
    message = str(info.value)
    assert message.startswith("SHACL validation failed with ")
    head, *lines = message.split("\n")
    n = int(head.split()[4])
    assert head == f"SHACL validation failed with {n} violation(s); the store and its exports were left as they were:"
    assert n > 5 and lines[-1] == f"  ... and {n - 5} more" and len(lines) == 6
    assert all(line.startswith("  <https://w3id.org/cnkg/id/park/") and " rdfs:label: "
               "<https://example.org/test#ShortLabel>, sh:MaxLengthConstraintComponent, value "
               in line and line.endswith(': String length not <= Literal("4", datatype=xsd:integer)')
               for line in lines[:5]), lines
    _assert_untouched(store, out, before)


def test_a_violation_without_an_atomic_swap_leaves_the_store_as_it_was(built, monkeypatch):
    store, out, more = built
    before = _snapshot(store, out)
    strict = _strict_shapes()
    monkeypatch.setattr(kg.validate, "shapes_graph", lambda: strict)
    monkeypatch.setattr(kg.store, "_can_exchange", lambda staging: False)   # the one-transaction fallback
    with pytest.raises(ValidationError, match=r"^SHACL validation failed with \d+ violation"):
        api.build([str(more)], store=store, out=out)
    _assert_untouched(store, out, before)


def test_a_validator_that_crashes_leaves_store_and_exports_byte_identical(built, monkeypatch):
    store, out, more = built
    before = _snapshot(store, out)

    class Crashing:
        def __init__(self, *args, **kwargs):
            raise RuntimeError("boom inside pyshacl")

    monkeypatch.setattr(kg.validate, "_piece_validator", lambda: Crashing)
    with pytest.raises(ValidationError) as info:
        api.build([str(more)], store=store, out=out)
    assert str(info.value) == ("SHACL validation could not run: boom inside pyshacl; "
                               "the store and its exports were left as they were")
    _assert_untouched(store, out, before)


def test_missing_shapes_leave_store_and_exports_byte_identical(built, monkeypatch, tmp_path):
    store, out, more = built
    before = _snapshot(store, out)
    schema = tmp_path / "schema"
    schema.mkdir()
    _shutil.copy(kg.schema.schema_dir() / "kg.ttl", schema / "kg.ttl")
    monkeypatch.setattr(kg.schema, "schema_dir", lambda: schema)
    monkeypatch.setattr(kg.schema, "_resource", lambda name: schema / name)
    kg.schema.shapes_graph.cache_clear()
    try:
        with pytest.raises(ValidationError) as info:
            api.build([str(more)], store=store, out=out)
    finally:
        kg.schema.shapes_graph.cache_clear()
    assert str(info.value) == (f"{schema / 'shapes.ttl'}: schema file is missing; "
                               "the store and its exports were left as they were")
    monkeypatch.undo()
    _assert_untouched(store, out, before)


def test_cli_exits_2_with_the_violations_and_no_validate_still_builds(built, monkeypatch):
    store, out, more = built
    before = _snapshot(store, out)
    strict = _strict_shapes()
    monkeypatch.setattr(kg.validate, "shapes_graph", lambda: strict)
    args = ["build", str(more), "--store", str(store), "--out", str(out)]
    res = CliRunner().invoke(main, args, catch_exceptions=False)
    assert res.exit_code == 2
    assert res.stderr.startswith("kg: error: SHACL validation failed with ")
    assert "MaxLengthConstraintComponent" in res.stderr and res.stdout == ""
    _assert_untouched(store, out, before)
    res = CliRunner().invoke(main, args + ["--no-validate"], catch_exceptions=False)
    assert res.exit_code == 0, res.stderr
    assert "SHACL: not run" in res.stdout
    with Store(store, read_only=True) as st:
        assert len(st.articles()) == len(before[1]) + 2
