"""Scale-out and streaming: `kg build --jobs N` and `--dask ADDRESS` give the
same bytes as one process, the streamed corpus merge equals `merge_corpus`,
and only a bounded window of articles is ever in flight."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.ingest import read_sources
from kg.model import Article
from kg.pipeline import CorpusMerger, Packed, extract_article, extract_stream, merged_bodies, pack
from kg.resolve import merge_corpus
from kg.vocab import KGR_NS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "seed-page.txt"
CNEWS = REPO.parent / "shared" / "corpus" / "cnews-dev.jsonl"


def inputs() -> list[Path]:
    return [SEED] + ([CNEWS] if CNEWS.is_file() else [])


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def build(d: Path, *extra) -> tuple[int, bytes, bytes]:
    res = invoke("build", *inputs(), "--store", d / "store", "--out", d / "out", "--no-validate", "--no-html", *extra)
    assert res.exit_code == 0, res.stderr
    triples = int(re.search(r"triples: (\d+)", res.stdout).group(1))
    nq = invoke("export", "--format", "nquads", "--store", d / "store")
    assert nq.exit_code == 0, nq.stderr
    return triples, (d / "out" / "kg.ttl").read_bytes(), nq.stdout_bytes


@pytest.fixture(scope="module")
def one_process(tmp_path_factory):
    return build(tmp_path_factory.mktemp("jobs1"))


@pytest.fixture(scope="module")
def articles():
    return [a for a in read_sources(inputs()) if isinstance(a, Article)]


# two articles the cross-article merge must join (one company, written two ways), so the
# test means something even where ../shared is absent and only the sample page is read
MERGED_PAIR = [Article("m1", "深圳华星光电技术股份有限公司今日宣布，华星光电将扩产。", "pair.jsonl", 1),
               Article("m2", "华星光电技术有限公司表示，华星光电将扩产。", "pair.jsonl", 2)]


def test_corpus_merger_equals_merge_corpus(articles):
    articles = list(articles) + MERGED_PAIR
    extractions = [extract_article(a) for a in articles]
    expected = merge_corpus(extractions)
    with CorpusMerger() as merger:
        for ex in extractions:
            merger.add(ex)
        assert merger.count == len(articles)
        got = list(merger)
    assert got == expected
    # the merge really does something on this corpus: some ids change
    before = {e.id for ex in extractions for e in ex.entities}
    after = {e.id for ex in expected for e in ex.entities}
    assert before != after


def test_packed_extractions_merge_as_the_extractions_do(articles):
    extractions = [extract_article(a) for a in list(articles) + MERGED_PAIR]
    with CorpusMerger() as merger:
        for ex in extractions:
            packed = pack(ex)
            assert isinstance(packed, Packed) and packed.entities == ex.entities
            merger.add(packed)
        spans = list(merger.spans(3))
        assert [n for _, _, n in spans] == [3] * (len(extractions) // 3) + (
            [len(extractions) % 3] if len(extractions) % 3 else [])
        assert spans[0][0] == 0 and all(a[0] + a[1] == b[0] for a, b in zip(spans, spans[1:]))
        assert list(merger) == merge_corpus(extractions)


def test_bodies_from_forked_workers_equal_the_parents(articles):
    """With --jobs 2 each worker reads its spans of the spill file and merges there:
    the same bodies, in the same order, as the parent makes alone."""
    with CorpusMerger() as merger:
        for a in list(articles) + MERGED_PAIR:
            merger.add(extract_article(a))
        alone = list(merged_bodies(merger, KGR_NS, jobs=1))
        forked = list(merged_bodies(merger, KGR_NS, jobs=2, chunk=3))
    assert len(alone) == len(articles) + 2
    assert forked == alone
    pair = [b for b in alone if b.source == "pair.jsonl"]
    assert len(pair) == 2 and all("华星光电" in b.text for b in pair)


def test_jobs_2_is_byte_identical_to_one_process(one_process, tmp_path):
    triples, ttl, nq = build(tmp_path, "--jobs", "2")
    assert triples == one_process[0] > 0
    assert ttl == one_process[1]
    assert nq == one_process[2]


def test_dask_local_cluster_is_byte_identical_to_one_process(one_process, tmp_path):
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        triples, ttl, nq = build(tmp_path, "--dask", cluster.scheduler_address)
    assert triples == one_process[0]
    assert ttl == one_process[1]
    assert nq == one_process[2]


def test_jobs_0_is_a_usage_error(tmp_path):
    res = invoke("build", SEED, "--store", tmp_path / "s", "--jobs", "0")
    assert res.exit_code == 2
    assert not (tmp_path / "s").exists()


class CountingSource:
    """An endless-looking article source that counts how far it was read."""

    def __init__(self, articles, repeat: int):
        self.articles, self.repeat, self.taken = articles, repeat, 0

    def __iter__(self):
        for r in range(self.repeat):
            for a in self.articles:
                self.taken += 1
                yield Article(id=f"{r}-{a.id}", text=a.text, source=a.source, position=self.taken)


# one process reads one chunk at a time (its Docs go through the components together)
@pytest.mark.parametrize("jobs, chunk, bound", [(1, 8, 8 - 1), (2, 4, 4 * 2 * 2)])
def test_streaming_reads_only_a_bounded_window_ahead(articles, jobs, chunk, bound):
    source = CountingSource(articles[:5], repeat=20)          # 100 articles
    ahead = []
    n = 0
    for ex in extract_stream(source, jobs=jobs, chunk=chunk):
        n += 1
        ahead.append(source.taken - n)
    assert n == 100
    assert max(ahead) <= bound
    assert ex.article.id == "19-" + articles[4].id           # input order kept


def test_dask_scheduler_that_does_not_answer_is_a_clear_error(tmp_path):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        res = invoke("build", SEED, "--store", tmp_path / "s", "--out", tmp_path / "o", "--dask", f"tcp://127.0.0.1:{port}")
    assert res.exit_code == 2
    assert f"cannot connect to the Dask scheduler at tcp://127.0.0.1:{port}" in res.stderr
