"""Battery-powered devices (docs/outputs.md, "Batteries"): devices alive over time, from devices.csv."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import OutputError


def alive_over_time(devices: pd.DataFrame, end_s: float, battery_only: bool = True) -> pd.DataFrame:
    """The number of devices alive as a step function of time: one row per instant where it changes, with
    `time_s` and `alive` (devices alive from that instant on), starting at 0 s and ending at `end_s` (the run's
    sim_time_s). `devices` is devices.csv (Run.device_table); `battery_only`: count the battery devices only
    (devices.csv `battery_capacity_j` not empty), else every device (wall-powered ones never die)."""
    if devices is None or "death_s" not in devices.columns:
        raise OutputError("devices.csv has no death_s column: the run had no battery-powered device")
    table = devices[devices["battery_capacity_j"].notna()] if battery_only else devices
    deaths = np.sort(table["death_s"].dropna().to_numpy(dtype=float))
    times = [0.0]
    alive = [len(table)]
    for t in deaths:
        if t == times[-1]:
            alive[-1] -= 1
        else:
            times.append(float(t))
            alive.append(alive[-1] - 1)
    if times[-1] < end_s:
        times.append(float(end_s))
        alive.append(alive[-1])
    return pd.DataFrame({"time_s": times, "alive": alive})


def alive_at(devices: pd.DataFrame, times_s, battery_only: bool = True) -> np.ndarray:
    """The number of devices alive at each of `times_s` (a device dead at t is not alive at t)."""
    table = devices[devices["battery_capacity_j"].notna()] if battery_only else devices
    deaths = np.sort(table["death_s"].dropna().to_numpy(dtype=float))
    return np.array([len(table) - int(np.searchsorted(deaths, t, side="right")) for t in np.atleast_1d(times_s)])
