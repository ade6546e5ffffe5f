"""validate, run and partition (docs/python.md). The C++ work happens in hybridfog._core (validate, and
run in a forked child process) and in this build's `hybridfog` binary (partition)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Mapping, Optional, Sequence, Union

import pandas as pd

from . import _core
from .errors import InputError

Overrides = Union[None, Mapping[str, object], Sequence[str]]

# dtypes that keep identifiers as text (a head named "0" stays "0"); the same as analysis/'s loaders.
_TABLE_DTYPES = {
    "samples": {"exit": str},
    "hosts": {"host": str, "tier": str, "host_class": str},
    "links": {"link": str, "link_class": str},
}


def _value_text(value) -> str:
    """A Python value as the YAML text of a `--set` value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    if value is None:
        return "null"
    return json.dumps(value)  # lists and mappings: JSON is YAML flow syntax


def overrides_to_assignments(overrides: Overrides) -> list:
    """{"policy.threshold": 0.5} -> ["policy.threshold=0.5"] (the CLI's `--set` strings, in order). A list of
    "key.path=value" strings is passed through."""
    if overrides is None:
        return []
    if isinstance(overrides, Mapping):
        return [f"{key}={_value_text(value)}" for key, value in overrides.items()]
    if isinstance(overrides, str):
        raise TypeError("overrides: expected a mapping {key.path: value} or a list of 'key.path=value' strings")
    return [str(item) for item in overrides]


def validate(scenario, overrides: Overrides = None) -> dict:
    """Parse and check a scenario and everything it references, simulate nothing (`hybridfog validate`).
    Returns {scenario, devices, layers, trace_rows, policy, samples}; raises InputError."""
    return dict(_core.validate(os.fspath(scenario), overrides_to_assignments(overrides)))


class Result:
    """The outputs of one run (docs/outputs.md) as pandas DataFrames.

    summary   one row: summary.json flattened with dotted column names (e.g. `latency_s.p95`)
    samples   samples.csv (None when outputs.samples is false); hosts, links likewise
    manifest  one row: manifest.json flattened
    summary_json, manifest_json   the two JSON documents as dicts
    path      the output folder, or None when the run was written to a temporary folder (removed)
    """

    def __init__(self, folder: Path, keep: bool):
        folder = Path(folder)
        self.path: Optional[Path] = folder if keep else None
        self.summary_json: dict = json.loads((folder / "summary.json").read_text())
        self.manifest_json: dict = json.loads((folder / "manifest.json").read_text())
        for table, dtypes in _TABLE_DTYPES.items():
            csv = folder / f"{table}.csv"
            setattr(self, table, pd.read_csv(csv, dtype=dtypes) if csv.is_file() else None)
        self.summary = pd.json_normalize(self.summary_json)
        self.manifest = pd.json_normalize(self.manifest_json)

    def __repr__(self) -> str:
        s = self.summary_json
        return (f"<hybridfog.Result {s.get('scenario')}: {s.get('samples')} samples, accuracy {s.get('accuracy')}, "
                f"p95 latency {s.get('latency_s', {}).get('p95')} s>")


def run(scenario, overrides: Overrides = None, seed: Optional[int] = None, out=None) -> Result:
    """Simulate a scenario (`hybridfog run SCENARIO [--set ...] [--seed N] -o OUT`) in a child process.

    out: the output folder, written exactly as the CLI writes it (same rules: an earlier hybridfog output
    is replaced); None: a temporary folder, removed once the tables are loaded. Raises InputError for bad
    input (before anything is simulated), RuntimeError for other failures (nothing partial is left at out).
    """
    assignments = overrides_to_assignments(overrides)
    scenario = os.fspath(scenario)
    if seed is not None and (isinstance(seed, bool) or int(seed) != seed or seed < 0):
        raise InputError(f"<argument>: seed: expected an integer >= 0, got {seed!r}", "<argument>", 0, 0, "seed",
                         f"expected an integer >= 0, got {seed!r}")
    seed = None if seed is None else int(seed)
    if out is not None:
        _core.run_to_folder(scenario, assignments, seed, os.fspath(out))
        return Result(Path(out), keep=True)
    work = tempfile.mkdtemp(prefix="hybridfog-run-")
    try:
        folder = os.path.join(work, "out")
        _core.run_to_folder(scenario, assignments, seed, folder)
        return Result(Path(folder), keep=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _hybridfog_binary() -> str:
    binary = os.environ.get("HYBRIDFOG_BIN")
    if not binary:
        from ._build import HYBRIDFOG_BIN as binary
    if not os.access(binary, os.X_OK):
        raise RuntimeError(f"{binary}: the hybridfog binary of this build is missing (run `make` first)")
    return binary


def partition(scenario, overrides: Overrides = None, seed: Optional[int] = None, *, objective: str = "latency",
              weights: Optional[Mapping[str, float]] = None, queries: Sequence[str] = (),
              max_upload: Sequence[str] = (), max_time: Sequence[str] = (), model: str = "hybridfog",
              benchmark=None, benchmark_model: Optional[str] = None, network=None,
              input_size: Optional[str] = None, scission_compat: bool = False, top: int = 10,
              verify: int = 0) -> pd.DataFrame:
    """Rank where to cut the network and which tier runs each part (`hybridfog partition`, docs/partition.md).
    Arguments mirror the CLI's options (queries = `-q`, weights = `--weight METRIC=W`). Returns the ranked
    table (the CSV of `partition -o`) as a DataFrame; the printed report is in `.attrs["report"]`. Raises
    InputError with the CLI's message for bad input."""
    scenario = os.fspath(scenario)
    assignments = overrides_to_assignments(overrides)
    _core.validate(scenario, assignments)  # scenario errors raise here with their parts
    args = [_hybridfog_binary(), "--log-level", "warn", "partition", scenario, "--objective", objective,
            "--model", model, "--top", str(int(top)), "--verify", str(int(verify))]
    for assignment in assignments:
        args += ["--set", assignment]
    if seed is not None:
        args += ["--seed", str(int(seed))]
    for metric, weight in (weights or {}).items():
        args += ["--weight", f"{metric}={weight}"]
    for option, values in (("-q", queries), ("--max-upload", max_upload), ("--max-time", max_time)):
        for value in ([values] if isinstance(values, str) else values):
            args += [option, value]
    for option, value in (("--benchmark", benchmark), ("--benchmark-model", benchmark_model),
                          ("--network", network), ("--input-size", input_size)):
        if value is not None:
            args += [option, os.fspath(value)]
    if scission_compat:
        args.append("--scission-compat")
    with tempfile.TemporaryDirectory(prefix="hybridfog-partition-") as work:
        csv = os.path.join(work, "ranking.csv")
        done = subprocess.run(args + ["-o", csv], capture_output=True, text=True)
        if done.returncode == 2:
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            raise InputError.from_message(lines[-1] if lines else "hybridfog partition: bad input")
        if done.returncode != 0:
            raise RuntimeError(f"hybridfog partition failed (exit status {done.returncode}): {done.stderr.strip()}")
        table = pd.read_csv(csv)
    table.attrs["report"] = done.stdout
    return table
