"""Small real outputs of hybridfog for the analysis tests, made by the real binary (never hand-typed
numbers): a run folder (`hybridfog run`) and the study folders the study notebooks read (`hybridfog sweep`
of analysis/tests/studies/<kind>.yaml)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ANALYSIS = REPO / "analysis"
STUDIES = Path(__file__).resolve().parent / "studies"
KINDS = ("policy", "fleet", "design", "adaptive")


def hybridfog_binary() -> Path:
    """The simulator: $HYBRIDFOG_BIN (ctest sets it), else build/hybridfog of this checkout."""
    binary = Path(os.environ.get("HYBRIDFOG_BIN", REPO / "build" / "hybridfog"))
    if not binary.is_file():
        raise FileNotFoundError(f"{binary}: hybridfog binary not found (build it, or set HYBRIDFOG_BIN)")
    return binary


def work_folder(name: str) -> Path:
    """A fresh folder for one test's outputs: under $HYBRIDFOG_TEST_WORK (ctest: in the build tree, kept
    for a look after the test), else under /tmp."""
    root = Path(os.environ.get("HYBRIDFOG_TEST_WORK", "/tmp/hybridfog-analysis-tests"))
    folder = root / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def run(out: Path, scenario: str = "scenarios/quickstart.yaml", overrides=("workload.samples_per_device=20",)) -> Path:
    """`hybridfog run SCENARIO -o OUT --set ...` from the repository root (small by default); returns OUT."""
    command = [str(hybridfog_binary()), "--log-level", "warn", "run", str(REPO / scenario), "-o", str(out)]
    for override in overrides:
        command += ["--set", override]
    subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return out


def study(kind: str, out: Path) -> Path:
    """`hybridfog sweep analysis/tests/studies/<kind>.yaml -o OUT`, one run at a time; returns OUT."""
    command = [str(hybridfog_binary()), "--log-level", "warn", "sweep", str(STUDIES / f"{kind}.yaml"),
               "-o", str(out), "-j", "1", "--no-progress"]
    subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return out
