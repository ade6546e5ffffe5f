"""A run over simulated time (docs/outputs.md: samples.csv, events.csv, link_windows.csv): per-window
latency, accuracy, energy and outcomes of the samples, the link classes' bytes per window, and the events to
mark on the time axis (profile steps, failures and recoveries)."""

from __future__ import annotations

import numpy as np
import pandas as pd

# Kinds of events.csv that start and end a period (a failure, then the recovery of the same subject).
PERIOD_START, PERIOD_END = "failure", "recovery"


def per_window(samples: pd.DataFrame, window_s: float, by: str = "arrival_s") -> pd.DataFrame:
    """One row per window of `window_s` seconds of `by` (arrival time by default: what happened to the
    samples that arrived then): window_start_s, samples, mean and p95 latency_s of the answered ones,
    accuracy (correct / samples, given-up samples counting as wrong, as in summary.json), mean energy_j per
    sample, and the count of each outcome (completed, fell_back, given_up; all completed without failures).
    Windows with no sample are left out."""
    frame = samples.copy()
    if "outcome" not in frame.columns:
        frame["outcome"] = "completed"
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
    """The profile steps of events.csv (every kind but failure and recovery): time_s, kind, subject, detail."""
    return events[~events["kind"].isin([PERIOD_START, PERIOD_END])].reset_index(drop=True)


def mark_events(ax, events: pd.DataFrame, end_s: float, label: bool = True) -> None:
    """Shade every failure period and draw a dashed line at every profile step on `ax` (time in s on x).
    With `label`, the first shaded period and the first step get a legend entry."""
    shaded = lined = False
    for period in periods(events, end_s).itertuples():
        ax.axvspan(period.start_s, period.end_s, color="tab:red", alpha=0.12,
                   label=f"{period.subject} down" if label and not shaded else None)
        shaded = True
    for step in steps(events).itertuples():
        ax.axvline(step.time_s, color="tab:purple", linestyle="--", linewidth=1,
                   label=f"{step.kind} step ({step.subject})" if label and not lined else None)
        lined = True
