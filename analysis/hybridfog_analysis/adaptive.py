"""Adaptive policies and deadlines over simulated time, from documented outputs only (docs/outputs.md:
samples.csv's `deadline_s`, `late`, `fallback`, `policy_threshold`; manifest.json's resolved policy and
workload; docs/policies.md for what the policies do)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import OutputError
from .run import Run

# The policies that read a PolicyContext (docs/policies.md, "Adaptive policies").
ADAPTIVE_POLICIES = ("deadline-aware", "budget-controller", "congestion-aware")
# budget-controller's targets: manifest key -> (what the notebook calls it, unit of the measured series).
BUDGET_TARGETS = {
    "target_wan_bandwidth": ("WAN bytes per second per device", "B/s"),
    "target_cloud_requests": ("cloud requests per second per device", "1/s"),
    "target_device_energy": ("device energy per sample", "J"),
}


def policy_label(run: Run) -> str:
    """A short name for a run's policy: `name` (`base`) and the threshold, e.g. 'deadline-aware (entropy 0.78)'."""
    policy = run.manifest["scenario"]["policy"]
    base = policy.get("base")
    threshold = policy.get("threshold")
    inner = " ".join(str(x) for x in (base, threshold) if x is not None)
    return f"{policy['name']} ({inner})" if inner else policy["name"]


def offload_bytes(run: Run) -> pd.Series:
    """Per sample: the bytes it sent toward the next tier, i.e. `bytes_sent` less the answer
    (manifest's `workload.result_size_bytes`) for samples that sent anything. Exact for two-tier partitions
    where the device sends every offload (the shipped device|cloud profiles)."""
    samples = run.require("samples")
    answer = float(run.manifest["scenario"]["workload"]["result_size_bytes"])
    return (samples["bytes_sent"] - answer).clip(lower=0).where(samples["bytes_sent"] > 0, 0.0)


def over_time(run: Run, window_s: float) -> pd.DataFrame:
    """One row per window of arrival time [k w, (k+1) w): `window_start_s`, `samples`, `accuracy`,
    `miss_fraction` (late answers; NaN without a deadline), `fallback_fraction`, `offload_fraction` (samples
    that sent anything onward), `offload_bytes_per_s` (all devices), `energy_j_per_sample` (energy caused,
    docs/outputs.md), `policy_threshold` (mean over the window's samples; NaN when the policy has none)."""
    if window_s <= 0:
        raise ValueError("window_s must be > 0")
    samples = run.require("samples").copy()
    samples["window_start_s"] = np.floor(samples["arrival_s"] / window_s) * window_s
    samples["offload_bytes"] = offload_bytes(run)
    samples["offloaded"] = samples["offload_bytes"] > 0
    for column in ("late", "fallback", "policy_threshold"):
        if column not in samples:
            samples[column] = np.nan
    grouped = samples.groupby("window_start_s")
    table = pd.DataFrame({
        "samples": grouped.size(),
        "accuracy": grouped["correct"].mean(),
        "miss_fraction": grouped["late"].mean(),
        "fallback_fraction": grouped["fallback"].mean(),
        "offload_fraction": grouped["offloaded"].mean(),
        "offload_bytes_per_s": grouped["offload_bytes"].sum() / window_s,
        "energy_j_per_sample": grouped["energy_j"].mean(),
        "policy_threshold": grouped["policy_threshold"].mean(),
    })
    return table.reset_index()


def devices_decide(run: Run) -> bool:
    """Whether the run's devices make the exit decisions: the partition's first segment is on the device tier
    (the tier of hosts.csv with one host per device). The per-device figures of this module describe a
    deciding host only then."""
    hosts = run.require("hosts")
    counts = hosts.groupby("tier").size()
    device_tiers = list(counts[counts == run.devices].index)
    partition = run.manifest["scenario"]["model"]["partition"]
    return len(device_tiers) == 1 and partition[0]["tier"] == device_tiers[0]


def controller_series(run: Run, window_s: float) -> pd.DataFrame:
    """A budget-controller run per window of arrival time and device: `window_start_s`, `device`,
    `policy_threshold` (mean threshold its samples were decided with), `measured` (the budget the device
    achieved in that window, in the target's unit: offload bytes/s, offloads/s, or energy caused per sample
    — the last one counts every tier's part of the energy caused, an upper bound of the device's), and
    `target` (the policy's target, manifest.json). Raises OutputError for another policy, or when the
    devices do not make the decisions (devices_decide: the controller then runs per edge host)."""
    policy = run.manifest["scenario"]["policy"]
    if policy.get("name") != "budget-controller":
        raise OutputError(f"{run.path}: policy {policy.get('name')!r} is not budget-controller")
    if not devices_decide(run):
        raise OutputError(f"{run.path}: the devices do not decide (partition starts on "
                          f"{run.manifest['scenario']['model']['partition'][0]['tier']}): no per-device controller")
    key = next((k for k in BUDGET_TARGETS if k in policy), None)
    if key is None:
        raise OutputError(f"{run.path}: manifest.json's policy names no budget target ({', '.join(BUDGET_TARGETS)})")
    samples = run.require("samples").copy()
    samples["window_start_s"] = np.floor(samples["arrival_s"] / window_s) * window_s
    samples["offload_bytes"] = offload_bytes(run)
    grouped = samples.groupby(["window_start_s", "device"])
    if key == "target_wan_bandwidth":
        measured = grouped["offload_bytes"].sum() / window_s
    elif key == "target_cloud_requests":
        measured = grouped["offload_bytes"].apply(lambda b: (b > 0).sum()) / window_s
    else:
        measured = grouped["energy_j"].mean()
    table = pd.DataFrame({"policy_threshold": grouped["policy_threshold"].mean(), "measured": measured})
    table["target"] = float(policy[key])
    table.attrs["budget"], table.attrs["unit"] = BUDGET_TARGETS[key]
    return table.reset_index()


def link_events(run: Run) -> list:
    """Intervals (start_s, end_s) of simulated time in which the platform differed from its start, from the
    run's events.csv (docs/outputs.md, "events.csv"): a profile step of a class until that class's next step,
    a failure until its recovery; an interval still open at the end closes at `sim_time_s`. [] when the run
    wrote no events.csv (a platform without profiles or failures)."""
    path = run.path / "events.csv"
    if not path.is_file():
        return []
    events = pd.read_csv(path, dtype={"kind": str, "subject": str, "detail": str})
    missing = [c for c in ("time_s", "kind", "subject") if c not in events.columns]
    if missing:
        raise OutputError(f"{path}: missing documented column(s) {', '.join(missing)} (docs/outputs.md)")
    end_s = float(run.summary["sim_time_s"])
    intervals, open_since = [], {}
    for event in events.itertuples(index=False):
        key = (event.subject, "availability" if event.kind in ("failure", "recovery") else event.kind)
        if key in open_since:
            intervals.append((open_since.pop(key), float(event.time_s)))
        if event.kind != "recovery" and not _back_to_declared(run, event):
            open_since[key] = float(event.time_s)
    intervals += [(start, end_s) for start in open_since.values()]
    return sorted(intervals)


def _back_to_declared(run: Run, event) -> bool:
    """A profile step back to the value the platform declares (links.csv, full speed)."""
    detail = dict(part.split("=", 1) for part in str(event.detail).split(";") if "=" in part)
    if event.kind == "speed":
        return float(detail.get("speed_fraction", "nan")) == 1.0
    column = {"bandwidth": "bandwidth_bytes_per_s", "latency": "latency_s"}.get(event.kind)
    if column is None or column not in detail or run.links is None:
        return False
    declared = run.links.loc[run.links["link_class"] == event.subject, column]
    return not declared.empty and abs(float(detail[column]) - float(declared.iloc[0])) <= 1e-9 * abs(float(declared.iloc[0]))
