#!/usr/bin/env bash
# Build kg's wheel, install it into a fresh virtualenv outside the checkout and
# use it from an empty directory: `kg build <checkout>/data/` must give the
# sample's summary and write exports/kg.ttl and exports/graph.html (a page that
# loads nothing from the network), and `kg eval` must score. Catches files the
# package reads that the wheel does not ship (schema, lexicons).
#   bash scripts/wheel-check.sh [CHECKOUT]   (default: the checkout holding this script;
#                                             PYTHON=python3.12 picks the interpreter)
# Prints "wheel-check: OK ..." and exits 0, or "wheel-check: FAIL: ..." and exits 1.
set -euo pipefail
REPO="$(cd "${1:-$(dirname "$0")/..}" && pwd)"
PY="${PYTHON:-python}"
fail() {
  echo "wheel-check: FAIL: $*" >&2
  exit 1
}
[ -f "$REPO/pyproject.toml" ] && [ -d "$REPO/kg" ] && [ -d "$REPO/data" ] \
  || fail "$REPO is not a kg checkout (no pyproject.toml, kg/ and data/)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/kg-wheel-check.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
step() { echo "wheel-check: $*" >&2; }

# Build from a copy of the sources: an in-tree build/ left by an earlier build
# can hold stale modules that would slip into the wheel.
step "building the wheel from $REPO"
mkdir -p "$WORK/src" "$WORK/dist"
(cd "$REPO" && tar --exclude=./.git --exclude=./build --exclude=./dist --exclude='./*.egg-info' \
    --exclude=./.kg --exclude=./exports --exclude='__pycache__' --exclude=./.pytest_cache \
    --exclude=./.hypothesis --exclude='./.venv*' -cf - .) | tar -xf - -C "$WORK/src" \
  || fail "cannot copy the sources to $WORK/src"
"$PY" -m pip wheel -q --no-deps -w "$WORK/dist" "$WORK/src" > "$WORK/wheel.log" 2>&1 \
  || { cat "$WORK/wheel.log" >&2; fail "pip wheel could not build the wheel"; }
shopt -s nullglob
wheels=("$WORK"/dist/kg-*.whl)
[ "${#wheels[@]}" -eq 1 ] || fail "expected one kg wheel in $WORK/dist, found ${#wheels[@]}"
WHEEL="${wheels[0]}"

step "installing $(basename "$WHEEL") into a fresh virtualenv"
"$PY" -m venv "$WORK/venv" || fail "cannot create a virtualenv with $PY"
VPY="$WORK/venv/bin/python"
"$VPY" -m pip install -q "$WHEEL" > "$WORK/install.log" 2>&1 \
  || { cat "$WORK/install.log" >&2; fail "cannot install the wheel"; }

mkdir "$WORK/empty"
cd "$WORK/empty"
unset PYTHONPATH
where="$("$VPY" -c 'import kg, pathlib; print(pathlib.Path(kg.__file__).resolve().parent)')"
case "$where" in
  "$WORK/venv/"*) ;;
  *) fail "kg was imported from $where, not from the installed wheel" ;;
esac

step "kg build $REPO/data/ in an empty directory"
if ! "$WORK/venv/bin/kg" build "$REPO/data/" > "$WORK/build.out" 2> "$WORK/build.err"; then
  cat "$WORK/build.out" "$WORK/build.err" >&2
  fail "kg build from the installed wheel exited non-zero"
fi
grep -Eq '^items: 10 +input errors: 0 ' "$WORK/build.out" \
  || { cat "$WORK/build.out" "$WORK/build.err" >&2; fail "kg build summary is not 'items: 10   input errors: 0'"; }
grep -Fxq 'SHACL: conforms' "$WORK/build.out" \
  || { cat "$WORK/build.out" "$WORK/build.err" >&2; fail "kg build did not print 'SHACL: conforms'"; }
[ -s exports/kg.ttl ] || fail "exports/kg.ttl was not written"
[ -s exports/graph.html ] || fail "exports/graph.html was not written"
grep -q 'vis-network' exports/graph.html || fail "exports/graph.html does not embed vis-network"
if grep -Eiq '<(script|link)[^>]*(src|href)="(https?:)?//' exports/graph.html; then
  fail "exports/graph.html loads a script or stylesheet from the network"
fi

step "kg eval (reads the packaged schema)"
"$WORK/venv/bin/kg" eval --gold "$REPO/tests/data/seed-page.gold.json" "$REPO/data/seed-page.txt" \
    > "$WORK/eval.out" 2>&1 \
  || { cat "$WORK/eval.out" >&2; fail "kg eval from the installed wheel exited non-zero"; }
grep -q '^core (micro) ' "$WORK/eval.out" || { cat "$WORK/eval.out" >&2; fail "kg eval printed no scores"; }

step "kg extract of a saved web page (the HTML reader's libraries are installed with the wheel)"
printf '%s\n' '<html><head><meta charset="utf-8"><title>星河智能落户云湾科技园</title></head><body>' \
  '<nav><a href="/">首页</a></nav><article><h1>星河智能落户云湾科技园</h1>' \
  '<p>星河智能科技有限公司近日正式落户云湾科技园，总投资20亿元，建设智能传感器研发基地。</p>' \
  '<p>云湾科技园管委会表示，该项目预计明年投产。</p></article></body></html>' > page.html
"$WORK/venv/bin/kg" extract page.html > "$WORK/html.out" 2>&1 \
  || { cat "$WORK/html.out" >&2; fail "kg extract of an HTML page from the installed wheel exited non-zero"; }
grep -q '"title": "星河智能落户云湾科技园"' "$WORK/html.out" \
  || { cat "$WORK/html.out" >&2; fail "kg extract did not read the HTML page's article"; }
"$VPY" -c 'import pdfplumber, kg.sources.pdf' 2> "$WORK/pdf.err" \
  || { cat "$WORK/pdf.err" >&2; fail "the PDF reader does not import from the installed wheel"; }

echo "wheel-check: OK $(basename "$WHEEL"): $(head -n 1 "$WORK/build.out" | tr -s ' '); SHACL conforms; exports/kg.ttl and exports/graph.html written; an HTML page read"
