"""validate, run and partition (docs/python.md). The C++ work happens in hybridfog._core (validate, and
run in a forked child process) and in this build's `hybridfog` binary (partition)."""

from __future__ import annotations

import json
import math
import numbers
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


MAX_SEED = 1 << 62  # the seed range of the CLI and of scenario files (docs/formats.md)


def _argument_error(key: str, detail: str) -> InputError:
    return InputError(f"<argument>: {key}: {detail}", "<argument>", 0, 0, key, detail)


def _plain(value, key: str):
    """A value of an override as plain Python (NumPy scalars and arrays become int, float, bool, list), or
    InputError naming the key path."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if type(value).__module__ == "numpy" and type(value).__name__ in ("bool_", "bool"):
        return bool(value)
    if hasattr(value, "tolist") and type(value).__module__ == "numpy":
        return _plain(value.tolist(), key)
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise _argument_error(f"--set {key}", f"expected text keys in a mapping, got {k!r}")
            out[k] = _plain(v, f"{key}.{k}")
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(v, f"{key}[{i}]") for i, v in enumerate(value)]
    raise _argument_error(f"--set {key}", f"expected a number, text, true/false, a list or a mapping, got "
                                          f"{type(value).__name__} {value!r:.60}")


def _value_text(value, key: str = "") -> str:
    """A Python value as the YAML text of a `--set` value."""
    value = _plain(value, key)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, (int, str)):
        return str(value)
    if value is None:
        return "null"
    return json.dumps(value)  # lists and mappings: JSON is YAML flow syntax


def overrides_to_assignments(overrides: Overrides) -> list:
    """{"policy.threshold": 0.5} -> ["policy.threshold=0.5"] (the CLI's `--set` strings, in order). A list of
    "key.path=value" strings is passed through. NumPy scalars and arrays are accepted as values."""
    if overrides is None:
        return []
    if isinstance(overrides, Mapping):
        out = []
        for key, value in overrides.items():
            if not isinstance(key, str):
                raise _argument_error("overrides", f"expected key paths as text, got {key!r}")
            out.append(f"{key}={_value_text(value, key)}")
        return out
    try:
        items = None if isinstance(overrides, (str, bytes)) else list(overrides)
    except TypeError:
        items = None
    if items is None:
        raise _argument_error("overrides", "expected a mapping {key.path: value} or a list of 'key.path=value' "
                                           f"strings, got {type(overrides).__name__}")
    overrides = items
    for item in overrides:
        if not isinstance(item, str):
            raise _argument_error("overrides", f"expected 'key.path=value' strings, got {item!r}")
    return list(overrides)


def _seed(seed) -> Optional[int]:
    """The seed as the CLI takes it: an integer (NumPy integers too) in [0, 2^62]."""
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or not 0 <= int(seed) <= MAX_SEED:
        raise _argument_error("seed", f"expected an integer in [0, {MAX_SEED}], got {seed!r}")
    return int(seed)


def _count(value, key: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < minimum:
        raise _argument_error(key, f"expected an integer >= {minimum}, got {value!r}")
    return int(value)


def _handed_over(assignments: list, policy, orchestrator) -> list:
    """The overrides that make the scenario use objects handed over as policy= and orchestrator= (docs/python.md,
    "Your own policy or orchestrator"): the object itself stays in this process; the scenario (and the run's
    manifest) name it by its class."""
    out = list(assignments)
    for key, value, methods in (("policy", policy, ("decide",)), ("orchestration", orchestrator, ("choose",))):
        if value is None:
            continue
        name = type(value).__qualname__
        if isinstance(value, type):
            raise _argument_error(key if key == "policy" else "orchestrator",
                                  f"expected an object (an instance of your class), got the class {value.__name__}; "
                                  f"write {value.__name__}(...)")
        for method in methods:
            if not callable(getattr(value, method, None)):
                raise _argument_error(key if key == "policy" else "orchestrator",
                                      f"the object (a {name}) has no method {method}()")
        out.append(f"{key}=" + json.dumps({"name": "python", "object": name}))
    return out


def validate(scenario, overrides: Overrides = None, *, policy=None, orchestrator=None) -> dict:
    """Parse and check a scenario and everything it references, simulate nothing (`hybridfog validate`).
    policy / orchestrator: objects to use instead of the scenario's policy / orchestration (as in run()).
    Returns {scenario, devices, layers, trace_rows, policy, samples, estimated_memory_bytes}; with several applications
    also `applications` (per application: name, devices, profile, layers, trace_rows, policy) and `policy` joined
    by "+" (layers and trace_rows are the first application's); raises InputError."""
    assignments = _handed_over(overrides_to_assignments(overrides), policy, orchestrator)
    return dict(_core.validate(os.fspath(scenario), assignments, policy, orchestrator))


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


def run(scenario, overrides: Overrides = None, seed: Optional[int] = None, out=None, *, policy=None,
        orchestrator=None) -> Result:
    """Simulate a scenario (`hybridfog run SCENARIO [--set ...] [--seed N] -o OUT`) in a child process.

    policy: an object with decide(head, sample, context), used as the scenario's exit policy (docs/policies.md,
    "Policies written in Python"); orchestrator: an object with choose(tier, candidates, context), used as
    every server tier's orchestration rule (docs/orchestration.md). The child process is a copy of this one:
    the objects' state after the run is not brought back (what they learned stays in the child).

    out: the output folder, written exactly as the CLI writes it (same rules: an earlier hybridfog output
    is replaced); None: a temporary folder, removed once the tables are loaded. Raises InputError for bad
    input (before anything is simulated), RuntimeError for other failures (nothing partial is left at out).
    """
    assignments = _handed_over(overrides_to_assignments(overrides), policy, orchestrator)
    scenario = os.fspath(scenario)
    seed = _seed(seed)
    if out is not None:
        _core.run_to_folder(scenario, assignments, seed, os.fspath(out), policy, orchestrator)
        return Result(Path(out), keep=True)
    work = tempfile.mkdtemp(prefix="hybridfog-run-")
    try:
        folder = os.path.join(work, "out")
        _core.run_to_folder(scenario, assignments, seed, folder, policy, orchestrator)
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
    seed = _seed(seed)
    top, verify = _count(top, "top", 0), _count(verify, "verify", 0)
    _core.validate(scenario, assignments)  # scenario errors raise here with their parts
    args = [_hybridfog_binary(), "--log-level", "warn", "partition", scenario, "--objective", objective,
            "--model", model, "--top", str(top), "--verify", str(verify)]
    for assignment in assignments:
        args += ["--set", assignment]
    if seed is not None:
        args += ["--seed", str(seed)]
    for metric, weight in (weights or {}).items():
        args += ["--weight", f"{metric}={_value_text(weight, 'weights.' + str(metric))}"]
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
