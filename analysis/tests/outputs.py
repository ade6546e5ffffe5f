"""Small real outputs of hybridfog for the analysis tests: a run folder and the study folders the study
notebooks read, all made by the real `hybridfog` binary (never hand-typed numbers).

A study comes from `hybridfog sweep` when the binary has that subcommand. Until then it is assembled the
way docs/outputs.md describes a study folder: one `hybridfog run` per point and replication into
points/<point>-r<replication>/, and results.csv flattened from each summary.json by the contract's rules
(written here independently of the loader, so that the loader is checked against the contract).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ANALYSIS = REPO / "analysis"
STUDIES = Path(__file__).resolve().parent / "studies"


def hybridfog_binary() -> Path:
    """The simulator: $HYBRIDFOG_BIN (ctest sets it), else build/hybridfog of this checkout."""
    binary = Path(os.environ.get("HYBRIDFOG_BIN", REPO / "build" / "hybridfog"))
    if not binary.is_file():
        raise FileNotFoundError(f"{binary}: hybridfog binary not found (build it, or set HYBRIDFOG_BIN)")
    return binary


def work_folder(name: str) -> Path:
    """A fresh folder for one test's outputs: under $HYBRIDFOG_TEST_WORK (ctest: the build tree, kept for a
    look after the test), else under /tmp."""
    root = Path(os.environ.get("HYBRIDFOG_TEST_WORK", "/tmp/hybridfog-analysis-tests"))
    folder = root / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def run(out: Path, scenario: str = "scenarios/quickstart.yaml", overrides=(), seed=None) -> Path:
    """`hybridfog run SCENARIO -o OUT --set ...` from the repository root; returns OUT."""
    command = [str(hybridfog_binary()), "--log-level", "warn", "run", str(REPO / scenario), "-o", str(out)]
    for override in overrides:
        command += ["--set", override]
    if seed is not None:
        command += ["--seed", str(seed)]
    subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return out


def has_sweep() -> bool:
    """Whether the binary lists a `sweep` subcommand yet."""
    result = subprocess.run([str(hybridfog_binary()), "--help"], capture_output=True, text=True)
    subcommands = result.stdout.split("Subcommands:")[-1]
    return re.search(r"^\s*sweep\s", subcommands, re.MULTILINE) is not None


# ---- studies assembled from runs (until `hybridfog sweep` exists) ----------------------------------------

def quickstart_platform(folder: Path, name: str, devices_per_site=None, uplink=None) -> Path:
    """A copy of platforms/quickstart.yaml with another number of devices per site or uplink bandwidth."""
    text = (REPO / "platforms" / "quickstart.yaml").read_text()
    if devices_per_site is not None:
        text, count = re.subn(r"(- name: rpi4[^\n]*\n\s+count: )\d+", rf"\g<1>{devices_per_site}", text)
        assert count == 1, "platforms/quickstart.yaml: device class rpi4 not found"
    if uplink is not None:
        text, count = re.subn(r"(uplink:\s+\{bandwidth: )[^,]+", rf"\g<1>{uplink}", text)
        assert count == 1, "platforms/quickstart.yaml: uplink not found"
    path = folder / f"{name}.yaml"
    path.write_text(text)
    return path


def policy_points(folder: Path):
    """Policy comparison: policies x thresholds x uplink bandwidth. Yields (axes, --set overrides)."""
    platforms = {bw: quickstart_platform(folder, f"uplink-{bw}", uplink=bw) for bw in ("5Mbps", "20Mbps", "100Mbps")}
    settings = ([("entropy", t) for t in (0.1, 0.4, 0.78, 1.2, 1.8)]
                + [("max-softmax", t) for t in (0.5, 0.7, 0.85, 0.95, 0.99)]
                + [("edge-only", None), ("cloud-only", None)])
    for name, threshold in settings:
        for bandwidth, platform in platforms.items():
            axes = {"policy.name": name, "policy.threshold": threshold, "platform": str(platform)}
            # A policy without parameters refuses the scenario's threshold: replace the whole policy.
            policy = (f"policy={{name: {name}, threshold: {threshold}}}" if threshold is not None
                      else f"policy={{name: {name}}}")
            yield axes, [policy, f"platform={platform}", "workload.samples_per_device=30"]


def fleet_points(folder: Path):
    """Fleet scaling: devices per site, busy devices and a slow uplink so that the links fill up."""
    for devices_per_site in (2, 5, 10, 20, 40):
        platform = quickstart_platform(folder, f"devices-{devices_per_site}", devices_per_site=devices_per_site,
                                      uplink="5Mbps")
        axes = {"platform": str(platform)}
        yield axes, [f"platform={platform}", "workload.samples_per_device=20", "workload.rate=20/s"]


def design_points(folder: Path):
    """The hybrid-network paper's design space: edge bit width x entropy threshold."""
    for precision in ("binary", "int4", "fp32"):
        for threshold in (0.05, 0.2, 0.4, 0.7, 1.0, 1.5):
            axes = {"model.profile": f"../models/profiles/hybrid-{precision}-fmnist.yaml",
                    "model.trace": f"../models/traces/hybrid-{precision}-fmnist.csv",
                    "policy.threshold": threshold}
            yield axes, [f"{k}={v}" for k, v in axes.items()] + ["workload.samples_per_device=40"]


POINTS = {"policy": policy_points, "fleet": fleet_points, "design": design_points}

# results.csv's fixed order (docs/outputs.md): each summary column's group, then its place in the group.
_GROUPS = ["samples", "correct", "accuracy", "exit_fraction.", "latency_s.", "latency_parts_mean_s.",
           "energy_j.total", "energy_j.by_tier.", "compute_energy_j.total", "compute_energy_j.by_tier.",
           "network_energy_j.total", "bytes.total", "bytes.by_link_class.", "link_utilization.", "sim_time_s"]
_FIXED_ORDER = {"latency_s.": ["mean", "p50", "p95", "p99", "max"],
                "latency_parts_mean_s.": ["compute", "queue", "transfer"]}


def _column_key(column: str):
    for rank, group in enumerate(_GROUPS):
        if column == group or (group.endswith(".") and column.startswith(group)):
            rest = column[len(group):]
            if group in _FIXED_ORDER:
                return rank, _FIXED_ORDER[group].index(rest), ""
            if group == "link_utilization.":
                link_class, stat = rest.rsplit(".", 1)
                return rank, 0, (link_class, ["mean", "peak"].index(stat))
            return rank, 0, rest
    raise ValueError(f"summary column {column} has no place in results.csv")


def _flatten(summary: dict) -> dict:
    """summary.json -> results.csv cells, by docs/outputs.md (dotted key paths, `exit_fraction.<head>`,
    `bytes.by_link_class.<class>`, `link_utilization.<class>.mean|peak`, `network_energy_j.total` empty
    when null; exit_count, by_link_class of network energy and wall_time_s are not in results.csv)."""
    cells = {}
    for key in ("samples", "correct", "accuracy", "sim_time_s"):
        cells[key] = summary[key]
    for key in ("exit_fraction", "latency_s", "latency_parts_mean_s"):
        for name, value in summary[key].items():
            cells[f"{key}.{name}"] = value
    for key in ("energy_j", "compute_energy_j"):
        cells[f"{key}.total"] = summary[key]["total"]
        for tier, value in summary[key]["by_tier"].items():
            cells[f"{key}.by_tier.{tier}"] = value
    network = summary["network_energy_j"]
    cells["network_energy_j.total"] = "" if network is None else network["total"]
    cells["bytes.total"] = summary["bytes"]["total"]
    for link_class, value in summary["bytes"]["by_link_class"].items():
        cells[f"bytes.by_link_class.{link_class}"] = value
    for link_class, stats in summary["link_utilization"].items():
        for stat in ("mean", "peak"):
            cells[f"link_utilization.{link_class}.{stat}"] = stats[stat]
    return cells


def assemble_study(kind: str, out: Path, replications: int = 2) -> Path:
    """A study folder of `kind` made of real runs, laid out as docs/outputs.md says."""
    inputs = out.parent / f"{out.name}-inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    rows, axis_names = [], []
    for point, (axes, overrides) in enumerate(POINTS[kind](inputs)):
        for name in axes:
            if name not in axis_names:
                axis_names.append(name)
        for replication in range(replications):
            seed = 1000 * point + replication + 1
            output_dir = f"points/{point}-r{replication}"
            run(out / output_dir, "scenarios/quickstart.yaml", overrides, seed=seed)
            summary = json.loads((out / output_dir / "summary.json").read_text())
            rows.append(({"point": point, "replication": replication, "seed": seed},
                         {k: ("" if v is None else v) for k, v in axes.items()},
                         _flatten(summary), output_dir))
    summary_columns = sorted({c for _, _, cells, _ in rows for c in cells}, key=_column_key)
    header = ["point", "replication", "seed"] + axis_names + summary_columns + ["output_dir"]
    with (out / "results.csv").open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for fixed, axes, cells, output_dir in rows:
            values = {**fixed, **axes, **cells, "output_dir": output_dir}
            writer.writerow([_cell(values.get(column, "")) for column in header])
    return out


def _cell(value):
    return repr(value) if isinstance(value, float) else value


def study(kind: str, out: Path) -> Path:
    """The study folder the `kind` notebook reads: a real `hybridfog sweep` of
    analysis/tests/studies/<kind>.yaml when the binary has sweep, else assembled from runs."""
    if has_sweep() and (STUDIES / f"{kind}.yaml").is_file():
        command = [str(hybridfog_binary()), "--log-level", "warn", "sweep", str(STUDIES / f"{kind}.yaml"),
                   "-o", str(out)]
        subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
        return out
    return assemble_study(kind, out)
