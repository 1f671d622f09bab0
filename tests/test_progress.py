"""`kg build`'s progress display (issue 16): shown on standard error when it is a terminal
(run here under a pseudo-terminal), or with --progress; silent otherwise and with --quiet;
the summary on standard output is the same either way."""
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "seed-page.txt"
KG = [sys.executable, "-m", "kg.cli"]
STAGES = ("extract articles", "write changed graphs", "validate (SHACL nodes)", "export Turtle",
          "write the HTML graph")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def run_on_terminal(args, cwd):
    """(stdout, what the terminal on standard error showed) of a kg command."""
    main, side = pty.openpty()
    env = dict(os.environ, COLUMNS="110", TERM="xterm")
    proc = subprocess.Popen(KG + args, cwd=cwd, stdout=subprocess.PIPE, stderr=side, stdin=subprocess.DEVNULL,
                            env=env)
    os.close(side)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:             # EIO: the other side is closed
            break
        if not chunk:
            break
        shown += chunk
    out = proc.stdout.read().decode("utf-8")
    assert proc.wait(timeout=300) == 0
    os.close(main)
    return out, ANSI.sub("", shown.decode("utf-8", "replace")).replace("\r", "\n")


def test_progress_is_shown_on_a_terminal_and_the_summary_stays(tmp_path):
    out, shown = run_on_terminal(["build", str(SAMPLE)], tmp_path)
    final = [line for line in shown.split("\n") if line.startswith("✓")]
    for stage in STAGES:
        assert any(stage in line for line in final), (stage, shown[-2000:])
    assert any(re.search(r"extract articles\s+━+ 10/10\s+[\d.,]+/s", line) for line in final), shown[-2000:]
    assert out.startswith("items: 10   input errors: 0   triples: ")
    assert "SHACL: conforms" in out


def test_quiet_silences_the_display(tmp_path):
    out, shown = run_on_terminal(["build", "--quiet", "--no-html", str(SAMPLE)], tmp_path)
    assert shown.strip() == ""
    assert out.startswith("items: 10")


def test_no_display_when_stderr_is_not_a_terminal_unless_asked(tmp_path):
    res = subprocess.run(KG + ["build", "--no-validate", "--no-html", str(SAMPLE)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0 and res.stderr == ""
    res = subprocess.run(KG + ["build", "--progress", "--no-validate", "--no-html", "--store", "s2", str(SAMPLE)],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0
    assert "extract articles" in res.stderr and "export Turtle" in res.stderr
    assert "validate" not in ANSI.sub("", res.stderr)
