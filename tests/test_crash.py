"""Crashes and concurrency: `kill -9` during a build, two builds on one store,
atomic exports.

Real `kg build` subprocesses are killed with SIGKILL at known points, which
the store's write checkpoints ($KG_CHECKPOINT_DIR, see kg.store.checkpoint)
marks: "write-begin" (lock held, the write not started) and "write-end" (the
write committed, the exports not yet written), and inside the default build's
staged write "stage-batch", "switch-begin" and "switch-end". Other tests kill a
process while a large write (one transaction, or staged) is in progress. Nothing here asserts on time: waits
poll for marker files, with a long guard against hanging.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg import api
from kg.errors import StoreError
from kg.export import export
from kg.store import CHECKPOINT_ENV, Store, staging_dir

ROOT = Path(__file__).resolve().parents[1]
GUARD = 300          # seconds before a wait gives up (a hang, not a timing assertion)

OLD = [{"id": "old1", "title": "珠海高新区建设科技园", "text": "珠海高新区与华发集团共建光伏绿色能源科技园。"},
       {"id": "old2", "title": "人事", "text": "张伟是华为技术有限公司总经理。"}]
NEW = [{"id": f"new{i}", "text": f"总投资{i + 1}亿元的第{i}号产业园项目正式落户青岛高新区。"} for i in range(6)]


def jl(records) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def env(hooks: Path | None = None) -> dict:
    e = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    e.pop(CHECKPOINT_ENV, None)
    if hooks is not None:
        e[CHECKPOINT_ENV] = str(hooks)
    return e


def kg_build(cwd: Path, *args, hooks: Path | None = None, wait: bool = True):
    cmd = [sys.executable, "-m", "kg.cli", "build", "--no-validate", *args]
    if wait:
        return subprocess.run(cmd, cwd=cwd, env=env(hooks), capture_output=True, text=True, timeout=GUARD)
    return subprocess.Popen(cmd, cwd=cwd, env=env(hooks), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def wait_for(path: Path, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + GUARD
    while not path.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the build ended (exit {proc.returncode}) before reaching {path.name}: {err}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the build never reached {path.name}")
        time.sleep(0.02)


def kill9(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=GUARD)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL


def state(store: Path) -> tuple[set, list]:
    with Store(store, read_only=True) as st:
        return set(st.iter_quads()), st.articles()


@pytest.fixture(scope="module")
def old_build(tmp_path_factory):
    """A store and exports built from OLD, to copy into each test."""
    root = tmp_path_factory.mktemp("old")
    (root / "old.jsonl").write_text(jl(OLD), encoding="utf-8")
    api.build([str(root / "old.jsonl")], store=root / ".kg", out=root / "exports", validate=False, html=False)
    return root


@pytest.fixture
def work(tmp_path, old_build):
    shutil.copytree(old_build / ".kg", tmp_path / ".kg")
    shutil.copytree(old_build / "exports", tmp_path / "exports")
    (tmp_path / "new.jsonl").write_text(jl(NEW), encoding="utf-8")
    (tmp_path / "hooks").mkdir()
    return tmp_path


def held_build(work: Path, point: str) -> subprocess.Popen:
    """`kg build new.jsonl` started and held at the hook ``point`` (the hold file is made first)."""
    (work / "hooks" / f"{point}.hold").touch()
    proc = kg_build(work, "new.jsonl", hooks=work / "hooks", wait=False)
    wait_for(work / "hooks" / point, proc)
    return proc


def big_write(n: int, per: int) -> set:
    """The quads the WRITER scripts write: ``n`` articles of ``per`` triples."""
    from rdflib import Literal, URIRef

    return {(URIRef(f"https://w3id.org/cnkg/id/article/big{i}"), URIRef(f"https://example.org/p{j}"),
             Literal(f'文本 {i} {j} "引号" <b>'), URIRef(f"https://w3id.org/cnkg/id/article/big{i}"))
            for i in range(n) for j in range(per)}


def test_kill_9_while_holding_the_lock_before_the_write_changes_nothing(work):
    before = state(work / ".kg")
    ttl = (work / "exports" / "kg.ttl").read_bytes()
    kill9(held_build(work, "write-begin"))
    assert state(work / ".kg") == before
    assert (work / "exports" / "kg.ttl").read_bytes() == ttl
    # the next build completes, and holds old and new articles
    res = kg_build(work, "new.jsonl")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(f"items: {len(NEW)} ")
    quads, articles = state(work / ".kg")
    assert before[0] <= quads and len(articles) == len(OLD) + len(NEW)


def test_kill_9_after_the_write_keeps_the_whole_write(work):
    before = state(work / ".kg")
    ttl = (work / "exports" / "kg.ttl").read_bytes()
    kill9(held_build(work, "write-end"))
    quads, articles = state(work / ".kg")
    assert before[0] < quads and len(articles) == len(OLD) + len(NEW)    # all of the write, none lost
    assert (work / "exports" / "kg.ttl").read_bytes() == ttl             # the export was not yet replaced
    res = kg_build(work, "new.jsonl")
    assert res.returncode == 0, res.stderr
    assert state(work / ".kg") == (quads, articles)                       # rebuilding the same is a no-op


WRITER = textwrap.dedent("""
    import sys
    from rdflib import Graph, Literal, URIRef
    from kg.store import Store
    n, per = int(sys.argv[2]), int(sys.argv[3])
    items = []
    for i in range(n):
        g = Graph()
        a = URIRef(f"https://w3id.org/cnkg/id/article/big{i}")
        for j in range(per):
            g.add((a, URIRef(f"https://example.org/p{j}"), Literal(f"文本 {i} {j} \\"引号\\" <b>")))
        items.append((a, g))
    with Store(sys.argv[1]) as st:
        st.replace_articles(items)
    print("done")
""")


def test_kill_9_during_a_large_write_leaves_old_or_whole_new(work):
    """Killed as soon as the write starts: the store is exactly the old one
    (usually) or exactly old + the whole write (if the kill came after the
    commit); never anything in between, and it opens for writing again."""
    store = work / ".kg"
    before = state(store)
    n, per = 300, 100                   # a write of some seconds
    written = big_write(n, per)
    complete = before[0] | written
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(store), str(n), str(per)], cwd=work,
                            env=env(work / "hooks"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(work / "hooks" / "write-begin", proc)
    kill9(proc)
    after = state(store)
    assert after[0] in (before[0], complete)
    assert len(after[1]) == (len(OLD) if after[0] == before[0] else len(OLD) + n)
    with Store(store) as st:            # writable again: the lock died with the process
        st.rebuild_union()
    assert state(store) == after


# ---------------------------------------------------------------- the staged write (the default build)
#
# The default build writes into a checkpoint of the store in batches
# ("stage-batch" after each), locks the checkpoint ("switch-begin"), swaps the
# two directories in one rename ("switch-end": the swap is done, the old store
# not yet deleted), then reaches "write-end".


@pytest.fixture(scope="module")
def rebuilt(old_build, tmp_path_factory):
    """(store state, kg.ttl) of OLD + NEW built without interruption."""
    root = tmp_path_factory.mktemp("rebuilt")
    shutil.copytree(old_build / ".kg", root / ".kg")
    (root / "new.jsonl").write_text(jl(NEW), encoding="utf-8")
    api.build([str(root / "new.jsonl")], store=root / ".kg", out=root / "exports", validate=False, html=False)
    return state(root / ".kg"), (root / "exports" / "kg.ttl").read_bytes()


def kg_query_count(cwd: Path) -> str:
    res = subprocess.run([sys.executable, "-m", "kg.cli", "query", "--format", "csv",
                          "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                          "FILTER(!CONTAINS(STR(?g), '/reference/')) }"],      # the articles' graphs
                         cwd=cwd, env=env(), capture_output=True, text=True, timeout=GUARD)
    assert res.returncode == 0, res.stderr
    return res.stdout.split()[-1]


@pytest.mark.parametrize("point", ["stage-batch", "switch-begin", "switch-end"])
def test_kill_9_in_a_staged_build_leaves_old_or_whole_new_and_the_next_build_completes(work, rebuilt, point):
    store = work / ".kg"
    before = state(store)
    ttl = (work / "exports" / "kg.ttl").read_bytes()
    proc = held_build(work, point)
    # held there, the store is locked: a second build is refused
    (work / "other.jsonl").write_text(jl([{"id": "other", "text": "珠海高新区与格力电器签约。"}]), encoding="utf-8")
    other = kg_build(work, "other.jsonl")
    assert other.returncode == 2 and "in use by another process" in other.stderr
    kill9(proc)
    committed = point == "switch-end"
    assert state(store) == (rebuilt[0] if committed else before)
    assert (work / "exports" / "kg.ttl").read_bytes() == ttl     # exports come after the write
    assert staging_dir(store).is_dir()                           # left for the next writable open
    # a reader sees the same store and leaves the staging directory alone
    assert kg_query_count(work) == str(len(state(store)[0]))
    assert staging_dir(store).is_dir()
    res = kg_build(work, "new.jsonl")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(f"items: {len(NEW)} ")
    assert state(store) == rebuilt[0]
    assert (work / "exports" / "kg.ttl").read_bytes() == rebuilt[1]
    assert not staging_dir(store).exists()


STAGED_WRITER = WRITER.replace("st.replace_articles(items)", "st.replace_articles_staged(items, batch=20)")


def test_kill_9_during_a_large_staged_write_leaves_old_or_whole_new(work):
    """Killed right after its first batch (of 15): exactly the old store or old + the whole
    write, never anything in between; the next writable open removes the staging directory."""
    store = work / ".kg"
    before = state(store)
    n, per = 300, 100
    written = big_write(n, per)
    proc = subprocess.Popen([sys.executable, "-c", STAGED_WRITER, str(store), str(n), str(per)], cwd=work,
                            env=env(work / "hooks"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(work / "hooks" / "stage-batch", proc)
    kill9(proc)
    after = state(store)
    assert after[0] in (before[0], before[0] | written)
    assert len(after[1]) == (len(OLD) if after[0] == before[0] else len(OLD) + n)
    with Store(store) as st:
        st.rebuild_union()
    assert state(store) == after
    assert not staging_dir(store).exists()


# ---------------------------------------------------------------- two builds on one store

def test_second_build_fails_clearly_while_the_first_holds_the_store(work):
    """Build A is held inside its write (lock taken); build B is refused at
    once with a clear message and changes nothing; A then completes."""
    (work / "hooks" / "write-begin.hold").touch()
    (work / "other.jsonl").write_text(jl([{"id": "other", "text": "珠海高新区与格力电器签约。"}]), encoding="utf-8")
    a = kg_build(work, "new.jsonl", hooks=work / "hooks", wait=False)
    wait_for(work / "hooks" / "write-begin", a)
    b = kg_build(work, "other.jsonl")
    assert b.returncode == 2
    assert b.stderr == (".kg: the store is in use by another process (locked); "
                        "wait for the other build or query to finish\n").join(["kg: error: ", ""])
    assert b.stdout == ""
    (work / "hooks" / "write-begin.hold").unlink()
    out, err = a.communicate(timeout=GUARD)
    assert a.returncode == 0, err
    quads, articles = state(work / ".kg")
    assert len(articles) == len(OLD) + len(NEW)          # A's articles, none of B's


def test_build_refused_before_extraction_while_a_reader_holds_the_store(work):
    before = state(work / ".kg")
    with Store(work / ".kg", read_only=True):
        res = kg_build(work, "new.jsonl")
    assert res.returncode == 2
    assert "in use by another process" in res.stderr
    assert "extracting" not in res.stderr
    assert state(work / ".kg") == before


def test_api_build_refuses_a_held_store_before_reading_any_input(work, monkeypatch):
    import kg.api

    def no_extraction(*args, **kwargs):
        raise AssertionError("extraction started although the store is held")

    monkeypatch.setattr(kg.api, "extract", no_extraction)
    with Store(work / ".kg"):
        with pytest.raises(StoreError, match="in use by another process"):
            api.build([str(work / "new.jsonl")], store=work / ".kg", out=work / "exports",
                      validate=False, html=False)


# ---------------------------------------------------------------- atomic exports

@pytest.mark.parametrize("fail", ["os.fsync", "os.replace"])
def test_failed_export_leaves_the_old_file_and_no_temporary(work, monkeypatch, fail):
    target = work / "exports" / "kg.nq"
    target.write_bytes(b"old content\n")
    module, name = fail.split(".")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    with Store(work / ".kg", read_only=True) as st:
        monkeypatch.setattr(os, name, boom)
        with pytest.raises(StoreError, match="No space left on device"):
            export(st, "nquads", target)
        monkeypatch.undo()
        assert target.read_bytes() == b"old content\n"
        assert sorted(p.name for p in target.parent.iterdir()) == ["kg.nq", "kg.ttl"]
        export(st, "nquads", target)
    assert target.read_bytes() != b"old content\n"
