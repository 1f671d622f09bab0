"""Exports compared byte for byte with files recorded before extraction became a pipeline of
components: the sample's Turtle, CSV, GraphML and `kg extract` records under tests/data/exports/,
and SHA-256 digests of the same for the shared dev corpora (whose text is not ours to commit).

To record again after a deliberate change of behaviour: ``python tests/test_exports_recorded.py``.
"""
import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg import api  # noqa: E402

DATA = ROOT / "tests" / "data" / "exports"
SHARED = ROOT.parent / "shared" / "corpus"
SAMPLE = ROOT / "data" / "seed-page.txt"
FORMATS = {"turtle": "ttl", "csv": "csv", "graphml": "graphml"}
CORPORA = ("cnews-dev.jsonl", "invest-dev.jsonl")


def exports(source: Path, tmp: Path) -> dict[str, bytes]:
    """{file name: bytes} of the exports of one source: each format, and the `kg extract` lines
    (without the ``component`` fields, which name where each record came from)."""
    store = tmp / f"store-{source.stem}"
    api.build([str(source)], store=store, out=tmp / "out", validate=False, html=False)
    out = {f"{source.stem}.{ext}": api.export(fmt, store).encode("utf-8") for fmt, ext in FORMATS.items()}
    exs, _ = api.extract([str(source)])
    lines = []
    for ex in exs:
        rec = api.extraction_json(ex)
        for part in rec["mentions"] + rec["facts"]:
            part.pop("component", None)
        lines.append(json.dumps(rec, ensure_ascii=False) + "\n")
    out[f"{source.stem}.extract.jsonl"] = "".join(lines).encode("utf-8")
    return out


def digest(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}


def test_sample_exports_byte_identical(tmp_path):
    got = exports(SAMPLE, tmp_path)
    for name, data in got.items():
        assert data == (DATA / name).read_bytes(), f"{name} differs from the recorded export"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpus (the shared dev corpora) is absent")
@pytest.mark.parametrize("corpus", CORPORA)
def test_corpus_exports_digests(tmp_path, corpus):
    want = json.loads((DATA / "digests.json").read_text(encoding="utf-8"))[corpus]
    assert digest(exports(SHARED / corpus, tmp_path)) == want


if __name__ == "__main__":      # record the expected exports again
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        DATA.mkdir(parents=True, exist_ok=True)
        for name, data in exports(SAMPLE, Path(d)).items():
            (DATA / name).write_bytes(data)
        digests = {c: digest(exports(SHARED / c, Path(d))) for c in CORPORA}
        (DATA / "digests.json").write_text(json.dumps(digests, indent=1) + "\n", encoding="utf-8")
