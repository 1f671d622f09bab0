"""What the wheel ships: the package reads its schema and lexicons from itself, never
from the checkout around it.

The top-level ``schema/`` holds the ontology and shapes people read and edit;
``kg/schema/*.ttl`` link to them and the wheel carries their content. The wheel is
built from a copy of the sources (as ``scripts/wheel-check.sh`` does; that script,
run by ``.ci/run``, also installs it into a fresh virtualenv with its dependencies).
Here the wheel is unpacked and imported on its own from an empty directory, with
the test environment's dependencies.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kg.schema import SCHEMA_FILES, schema_bytes, schema_dir

REPO = Path(__file__).resolve().parents[1]
IGNORED = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", ".kg", "exports", "__pycache__",
                                 ".pytest_cache", ".hypothesis", ".venv*")


# ---------------------------------------------------------------- one copy of the schema

@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_packaged_schema_is_the_top_level_schema(name):
    top = (REPO / "schema" / name).read_bytes()
    assert (REPO / "kg" / "schema" / name).read_bytes() == top
    assert schema_bytes(name) == top
    assert (schema_dir() / name).read_bytes() == top


def test_the_packaged_files_are_links_to_schema():
    # one file to edit: kg/schema/*.ttl are symlinks to ../../schema/*.ttl
    for name in SCHEMA_FILES:
        link = REPO / "kg" / "schema" / name
        assert link.is_symlink(), link
        assert os.readlink(link) == f"../../schema/{name}"
    assert sorted(p.name for p in (REPO / "schema").iterdir()) == sorted(SCHEMA_FILES)


def test_a_missing_schema_file_is_named():
    from kg.errors import ValidationError

    with pytest.raises(ValidationError) as exc:
        schema_bytes("nope.ttl")
    assert str(exc.value) == f"{schema_dir() / 'nope.ttl'}: schema file is missing"


# ---------------------------------------------------------------- the wheel

@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(REPO, src, symlinks=True, ignore=IGNORED)
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp / "dist"),
                           str(src)], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 and "No matching distribution found for setuptools" in proc.stderr:
        pytest.skip("pip cannot fetch the build backend (no package index): " + proc.stderr.strip()[-200:])
    assert proc.returncode == 0, proc.stderr
    (whl,) = (tmp / "dist").glob("kg-*.whl")
    return whl


def _sources() -> dict[str, bytes]:
    """Every file under kg/ (modules, lexicons, schema), by its path in the wheel."""
    return {path.relative_to(REPO).as_posix(): path.read_bytes()
            for path in sorted((REPO / "kg").rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts}


def test_wheel_holds_the_package_schema_and_lexicons(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = [n for n in z.namelist() if not n.split("/")[0].endswith(".dist-info")]
        contents = {n: z.read(n) for n in names}
        (entry_points,) = [z.read(n).decode() for n in z.namelist()
                           if re.fullmatch(r"kg-[^/]+\.dist-info/entry_points\.txt", n)]
    expected = _sources()
    assert sorted(contents) == sorted(expected)
    for name in expected:
        assert contents[name] == expected[name], name
    for name in SCHEMA_FILES:            # the links' content, not links
        assert contents[f"kg/schema/{name}"] == (REPO / "schema" / name).read_bytes()
    assert len([n for n in contents if n.startswith("kg/resources/")]) == len(list((REPO / "kg" / "resources").iterdir()))
    assert "kg = kg.cli:main" in entry_points


def test_unpacked_wheel_builds_the_sample_from_an_empty_directory(wheel, tmp_path):
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    work = tmp_path / "empty"
    work.mkdir()
    code = ("import sys, kg; print(kg.__file__, file=sys.stderr); from kg.cli import main; "
            "sys.argv = ['kg', 'build', sys.argv[1]]; main()")
    env = dict(os.environ, PYTHONPATH=str(site))
    proc = subprocess.run([sys.executable, "-c", code, str(REPO / "data")], cwd=work, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr.splitlines()[0] == str(site / "kg" / "__init__.py")
    lines = proc.stdout.splitlines()
    assert lines[0].split()[:6] == ["items:", "10", "input", "errors:", "0", "triples:"]
    assert "SHACL: conforms" in lines
    assert (work / "exports" / "kg.ttl").stat().st_size > 0
    html = (work / "exports" / "graph.html").read_text(encoding="utf-8")
    assert "vis-network" in html and 'src="http' not in html and 'href="http' not in html
