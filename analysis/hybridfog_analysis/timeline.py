"""A run over simulated time (docs/outputs.md: samples.csv, events.csv, link_windows.csv): per-window
latency, accuracy, energy and outcomes of the samples, the link classes' bytes per window, and the events to
mark on the time axis (profile steps, failures and recoveries, handovers and losses of coverage)."""

from __future__ import annotations

import numpy as np
import pandas as pd

# Kinds of events.csv that start and end a period (a failure, then the recovery of the same subject).
PERIOD_START, PERIOD_END = "failure", "recovery"
BATTERY_EMPTY = "battery_empty"  # a device's battery emptied (docs/outputs.md, "Batteries")
# Kinds of a device's association under a wireless access (docs/outputs.md, events.csv); subject: its host.
HANDOVER, COVERAGE_LOSS, REASSOCIATION = "handover", "coverage_loss", "reassociation"
MOBILITY_KINDS = (HANDOVER, COVERAGE_LOSS, REASSOCIATION)


# Window widths a time series may use (s): "round" durations from 10 ms to a day.
NICE_WINDOWS_S = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800,
                  3600, 7200, 10800, 21600, 43200, 86400]
MIN_SAMPLES_PER_WINDOW = 30
MAX_WINDOWS = 150


def arrival_horizon_s(run) -> float:
    """The end of the arrivals of a run: the workload's duration (manifest.json's resolved
    `workload.duration_s`) when it has one, else the last arrival (samples.csv)."""
    workload = run.manifest.get("scenario", {}).get("workload", {})
    duration = workload.get("duration_s")
    if duration:
        return float(duration)
    return float(run.require("samples")["arrival_s"].max())


def choose_window(samples: int, horizon_s: float, min_samples: int = MIN_SAMPLES_PER_WINDOW,
                  max_windows: int = MAX_WINDOWS) -> float:
    """The window of a time series, chosen from the run: the smallest of NICE_WINDOWS_S that gives at most
    `max_windows` complete windows over [0, horizon_s) and at least `min_samples` samples per window on
    average; the whole horizon when none does (one window)."""
    for window in NICE_WINDOWS_S:
        windows = int(np.floor(horizon_s / window + 1e-9))
        if 1 <= windows <= max_windows and samples * window / horizon_s >= min_samples:
            return float(window)
    return float(horizon_s)


def complete_windows(frame: pd.DataFrame, window_s: float, horizon_s: float) -> pd.DataFrame:
    """The rows of a per-window table (`window_start_s`) whose window lies wholly in [0, horizon_s): a last
    window cut short by the end of the arrivals holds fewer samples and would show as a spike or a dip."""
    return frame[frame["window_start_s"] + window_s <= horizon_s * (1 + 1e-12) + 1e-12].reset_index(drop=True)


def per_window(samples: pd.DataFrame, window_s: float, by: str = "arrival_s") -> pd.DataFrame:
    """One row per window of `window_s` seconds of `by` (arrival time by default: what happened to the
    samples that arrived then): window_start_s, samples, mean and p95 latency_s of the answered ones,
    accuracy (correct / samples, given-up samples counting as wrong, as in summary.json), mean energy_j per
    sample, and the count of each outcome (completed, fell_back, given_up; all completed without failures;
    samples given up for their device's battery, outcome `battery`, or its failure, `device_down`, count as
    given_up). Windows with no sample are left out."""
    frame = samples.copy()
    if "outcome" not in frame.columns:
        frame["outcome"] = "completed"
    frame["outcome"] = frame["outcome"].replace({"battery": "given_up", "device_down": "given_up"})
    frame["window_start_s"] = np.floor(frame[by] / window_s) * window_s
    answered = frame[frame["outcome"] != "given_up"]
    grouped = frame.groupby("window_start_s")
    out = pd.DataFrame({
        "samples": grouped.size(),
        "accuracy": grouped["correct"].mean(),
        "energy_j_mean": grouped["energy_j"].mean(),
    })
    latency = answered.groupby("window_start_s")["latency_s"]
    out["latency_s_mean"] = latency.mean()
    out["latency_s_p95"] = latency.quantile(0.95)
    for outcome in ("completed", "fell_back", "given_up"):
        out[outcome] = frame[frame["outcome"] == outcome].groupby("window_start_s").size()
    out[["completed", "fell_back", "given_up"]] = out[["completed", "fell_back", "given_up"]].fillna(0).astype(int)
    out["retried"] = frame[frame.get("retries", pd.Series(0, index=frame.index)) > 0].groupby("window_start_s").size()
    out["retried"] = out["retried"].fillna(0).astype(int)
    return out.reset_index()


def periods(events: pd.DataFrame, end_s: float) -> pd.DataFrame:
    """Failure periods from events.csv: one row per failure with subject, start_s and end_s (the matching
    recovery of the same subject, or `end_s` when the run ended first)."""
    rows = []
    open_since = {}
    for event in events.sort_values("time_s", kind="stable").itertuples():
        if event.kind == PERIOD_START and event.subject not in open_since:
            open_since[event.subject] = event.time_s
        elif event.kind == PERIOD_END and event.subject in open_since:
            rows.append({"subject": event.subject, "start_s": open_since.pop(event.subject), "end_s": event.time_s})
    for subject, start in open_since.items():
        rows.append({"subject": subject, "start_s": start, "end_s": end_s})
    return pd.DataFrame(rows, columns=["subject", "start_s", "end_s"])


def steps(events: pd.DataFrame) -> pd.DataFrame:
    """The profile steps of events.csv (every kind but failures, recoveries, devices' associations and
    battery deaths): time_s, kind, subject, detail."""
    return events[~events["kind"].isin([PERIOD_START, PERIOD_END, BATTERY_EMPTY, *MOBILITY_KINDS])].reset_index(drop=True)


def detail(event_detail: str) -> dict:
    """An events.csv `detail` ("key=value;key=value") as a dict of strings."""
    return dict(pair.split("=", 1) for pair in event_detail.split(";") if pair)


def handovers(events: pd.DataFrame, subject: str | None = None) -> pd.DataFrame:
    """The handovers of events.csv (of one device host when `subject` is given): time_s, subject,
    from_site, to_site, interrupted_transfers (ints), usable_at_s (when the new link carries transfers)."""
    rows = events[events["kind"] == HANDOVER]
    if subject is not None:
        rows = rows[rows["subject"] == subject]
    out = pd.DataFrame([{"time_s": e.time_s, "subject": e.subject, **detail(e.detail)} for e in rows.itertuples()],
                       columns=["time_s", "subject", "from_site", "to_site", "usable_at_s", "interrupted_transfers"])
    for column in ("from_site", "to_site", "interrupted_transfers"):
        out[column] = out[column].astype(int)
    out["usable_at_s"] = out["usable_at_s"].astype(float)
    return out


def coverage_gaps(events: pd.DataFrame, end_s: float, subject: str | None = None) -> pd.DataFrame:
    """Times out of coverage from events.csv: one row per loss of coverage with subject, start_s and end_s
    (the device's next re-association, or `end_s` when the run ended first)."""
    rows = []
    out_since = {}
    for event in events.sort_values("time_s", kind="stable").itertuples():
        if subject is not None and event.subject != subject:
            continue
        if event.kind == COVERAGE_LOSS:
            out_since[event.subject] = event.time_s
        elif event.kind == REASSOCIATION and event.subject in out_since:
            rows.append({"subject": event.subject, "start_s": out_since.pop(event.subject), "end_s": event.time_s})
    for name, start in out_since.items():
        rows.append({"subject": name, "start_s": start, "end_s": end_s})
    return pd.DataFrame(rows, columns=["subject", "start_s", "end_s"])


def mark_mobility(ax, events: pd.DataFrame, end_s: float, subject: str | None = None, label: bool = True) -> None:
    """Draw a dotted line at every handover and shade every time out of coverage (of one device host when
    `subject` is given) on `ax` (time in s on x). With `label`, the first of each gets a legend entry."""
    lined = False
    for handover in handovers(events, subject).itertuples():
        ax.axvline(handover.time_s, color="black", linestyle=":", linewidth=1,
                   label="handover" if label and not lined else None)
        lined = True
    shaded = False
    for gap in coverage_gaps(events, end_s, subject).itertuples():
        ax.axvspan(gap.start_s, gap.end_s, color="grey", alpha=0.2,
                   label="out of coverage" if label and not shaded else None)
        shaded = True


def mark_events(ax, events: pd.DataFrame, end_s: float, label: bool = True) -> None:
    """Shade every failure period, draw a dashed line at every profile step and a dotted one at every battery
    death on `ax` (time in s on x). With `label`, the first of each gets a legend entry. Devices' handovers and
    losses of coverage: mark_mobility."""
    deaths = events[events["kind"] == BATTERY_EMPTY]
    for k, death in enumerate(deaths.itertuples()):
        ax.axvline(death.time_s, color="black", linestyle=":", linewidth=1,
                   label=f"battery empty ({len(deaths)} devices)" if label and k == 0 else None)
    shaded = lined = False
    for period in periods(events, end_s).itertuples():
        ax.axvspan(period.start_s, period.end_s, color="tab:red", alpha=0.12,
                   label=f"{period.subject} down" if label and not shaded else None)
        shaded = True
    for step in steps(events).itertuples():
        ax.axvline(step.time_s, color="tab:purple", linestyle="--", linewidth=1,
                   label=f"{step.kind} step ({step.subject})" if label and not lined else None)
        lined = True
