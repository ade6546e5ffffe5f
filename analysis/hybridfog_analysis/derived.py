"""Figures derived from the loaded tables: replication means, Pareto fronts, bit widths, matched accuracy."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd


TIER_ORDER = ("device", "edge", "fog", "cloud")


def tier_order(tiers) -> list:
    """Tiers from the data outwards when they carry the usual names (device, edge, fog, cloud), then any
    other by name."""
    def key(tier):
        return (TIER_ORDER.index(tier) if tier in TIER_ORDER else len(TIER_ORDER), tier)
    return sorted(set(tiers), key=key)


def system_labels(table: pd.DataFrame, policy: str = "policy_name", profile: str = "profile_name") -> pd.Series:
    """A label per row for the system it ran: the policy name, or `policy (profile)` for a policy that the
    table runs with more than one model profile (e.g. entropy on the binary and the int4 hybrid network)."""
    profiles_per_policy = table.groupby(policy)[profile].nunique()
    shared = table[policy].map(profiles_per_policy) > 1
    return table[policy].where(~shared, table[policy] + " (" + table[profile] + ")")


def per_point(table: pd.DataFrame, values: list, keep: list = ()) -> pd.DataFrame:
    """One row per `point`: the mean of each column of `values` over its replications, with `<v>.min` and
    `<v>.max` beside it (for error bars), and the columns of `keep` (equal over a point's replications)."""
    grouped = table.groupby("point", sort=True)
    out = grouped[list(keep)].first() if keep else pd.DataFrame(index=grouped.size().index)
    for value in values:
        out[value] = grouped[value].mean()
        out[f"{value}.min"] = grouped[value].min()
        out[f"{value}.max"] = grouped[value].max()
    out["replications"] = grouped.size()
    return out.reset_index()


def pareto_front(table: pd.DataFrame, maximize: str, minimize: str) -> pd.DataFrame:
    """The rows no other row beats: none has a higher `maximize` and a lower-or-equal `minimize` (or an
    equal `maximize` and a lower `minimize`). Sorted by `maximize`, ascending."""
    ordered = table.sort_values([maximize, minimize], ascending=[False, True])
    front, best = [], np.inf
    for index, row in ordered.iterrows():
        if row[minimize] < best:
            front.append(index)
            best = row[minimize]
    return table.loc[front].sort_values(maximize)


def bit_width(profile: str) -> int:
    """Bit width of a hybrid model's edge part from its profile name: `binary` -> 1, `int<N>` -> N,
    `fp<N>` -> N (e.g. hybrid-int4-fmnist -> 4). ValueError when the name carries none."""
    if re.search(r"(^|[-_])binary([-_]|$)", profile):
        return 1
    match = re.search(r"(^|[-_])(?:int|fp)(\d+)([-_]|$)", profile)
    if not match:
        raise ValueError(f"model profile {profile!r}: no edge bit width in its name (binary, int<N>, fp<N>)")
    return int(match.group(2))


def matched_accuracy_targets(table: pd.DataFrame, group: str, count: int = 3) -> np.ndarray:
    """Up to `count` distinct accuracies every group of `table` reaches (none above the lowest of the
    groups' best accuracies), spread from where the groups' accuracy ranges start to overlap (or, when
    they do not overlap, from the lowest accuracy of any group) up to that limit."""
    ranges = table.groupby(group)["accuracy"].agg(["min", "max"])
    high = ranges["max"].min()
    low = ranges["min"].max()
    if low >= high:
        low = ranges["min"].min()
    return np.unique(np.round(np.linspace(low, high, count), 9))


def cheapest_at_accuracy(table: pd.DataFrame, group: str, energy: str, targets) -> pd.DataFrame:
    """For each target accuracy and group: the lowest `energy` over the rows of that group whose accuracy
    is at least the target. Columns: `target_accuracy`, `group`, the energy column, `accuracy` (of the row
    chosen). A group that never reaches a target has no row for it."""
    rows = []
    for target in targets:
        for name, rows_of_group in table.groupby(group, sort=True):
            reaching = rows_of_group[rows_of_group["accuracy"] >= target - 1e-12]
            if reaching.empty:
                continue
            best = reaching.loc[reaching[energy].idxmin()]
            rows.append({"target_accuracy": target, group: name, energy: best[energy],
                         "accuracy": best["accuracy"]})
    return pd.DataFrame(rows)


def reduction_against(table: pd.DataFrame, group: str, energy: str, reference) -> pd.Series:
    """1 - energy / energy of the `reference` group at the same `target_accuracy` (fraction saved)."""
    reference_energy = table[table[group] == reference].set_index("target_accuracy")[energy]
    return 1.0 - table[energy] / table["target_accuracy"].map(reference_energy)


def accuracy_overlaps(table: pd.DataFrame, group: str) -> pd.DataFrame:
    """For each pair of groups (a < b), the accuracies both reach over their settings: `a`, `b`, `low`,
    `high` (the intersection of their [min, max] accuracy ranges). Pairs whose ranges do not meet are left
    out, so an empty table means no two groups reach a common accuracy."""
    ranges = table.groupby(group)["accuracy"].agg(["min", "max"])
    rows = []
    names = sorted(ranges.index)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            low = max(ranges.loc[a, "min"], ranges.loc[b, "min"])
            high = min(ranges.loc[a, "max"], ranges.loc[b, "max"])
            if low <= high:
                rows.append({"a": a, "b": b, "low": low, "high": high})
    return pd.DataFrame(rows, columns=["a", "b", "low", "high"])


def matched_settings(table: pd.DataFrame, group: str, energy: str, tolerance: float) -> pd.DataFrame:
    """Settings of two groups (a < b) whose accuracies differ by at most `tolerance`: for each row of group
    a, the row of each other group b closest in accuracy, kept when within the tolerance. Columns: `a`, `b`,
    `accuracy_a`, `accuracy_b`, `energy_a`, `energy_b` (the `energy` column) and `saving` = 1 − energy_a /
    energy_b (what group a saves against group b at that matched accuracy)."""
    rows = []
    names = sorted(table[group].unique())
    for i, a in enumerate(names):
        rows_a = table[table[group] == a]
        for b in names[i + 1:]:
            rows_b = table[table[group] == b]
            for _, row in rows_a.iterrows():
                distance = (rows_b["accuracy"] - row["accuracy"]).abs()
                closest = rows_b.loc[distance.idxmin()]
                if abs(closest["accuracy"] - row["accuracy"]) <= tolerance + 1e-12:
                    rows.append({"a": a, "b": b, "accuracy_a": row["accuracy"], "accuracy_b": closest["accuracy"],
                                 "energy_a": row[energy], "energy_b": closest[energy],
                                 "saving": 1.0 - row[energy] / closest[energy]})
    return pd.DataFrame(rows, columns=["a", "b", "accuracy_a", "accuracy_b", "energy_a", "energy_b", "saving"])


def pareto_energy_per_sample(table: pd.DataFrame):
    """The energy per sample that the policy study's Pareto front ranks on, and its name for the figure.

    Today: the analytic MAC energy of the computation on every tier (`compute_energy_j.total` /
    `samples`); radio energy is not in it. This is the one place to switch when results.csv carries the
    per-sample total energy (computation and radio): return that column here and every Pareto figure
    follows."""
    return table["compute_energy_j.total"] / table["samples"], "computation energy (analytic MACs, no radio)"


# Units a study axis may carry (docs/formats.md quantities), as (suffix, factor to SI, SI unit).
_AXIS_UNITS = [
    ("Tbps", 1e12, "bit/s"), ("Gbps", 1e9, "bit/s"), ("Mbps", 1e6, "bit/s"), ("kbps", 1e3, "bit/s"), ("bps", 1.0, "bit/s"),
    ("GB", 1e9, "B"), ("MB", 1e6, "B"), ("kB", 1e3, "B"), ("B", 1.0, "B"),
    ("GMAC/s", 1e9, "MAC/s"), ("MMAC/s", 1e6, "MAC/s"), ("MAC/s", 1.0, "MAC/s"),
    ("ms", 1e-3, "s"), ("us", 1e-6, "s"), ("s", 1.0, "s"), ("/s", 1.0, "1/s"),
    ("mW", 1e-3, "W"), ("W", 1.0, "W"), ("pJ", 1e-12, "J"), ("nJ", 1e-9, "J"), ("J", 1.0, "J"),
]
_NUMBER = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S*)\s*$")


def axis_numeric(values):
    """Study axis values as numbers: ("5Mbps", "20Mbps", "100Mbps") -> (Series 5e6, 2e7, 1e8; "bit/s"), a
    rate "2/s" -> 1/s, plain numbers unchanged (unit ""). (None, None) when any value is not a number with
    one and the same kind of unit, so that the axis is treated as categories."""
    numbers, units = [], set()
    for value in pd.Series(values):
        if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
            numbers.append(float(value))
            units.add("")
            continue
        match = _NUMBER.match(str(value))
        if not match:
            return None, None
        number, suffix = float(match.group(1)), match.group(2)
        if not suffix:
            numbers.append(number)
            units.add("")
            continue
        for unit_suffix, factor, si in _AXIS_UNITS:
            if suffix == unit_suffix:
                numbers.append(number * factor)
                units.add(si)
                break
        else:
            return None, None
    if len(units) != 1:
        return None, None
    return pd.Series(numbers, index=pd.Series(values).index), units.pop()


def varying_axes(table: pd.DataFrame, axes) -> list:
    """The study axes that vary, less those another varying axis determines (a zipped model.trace beside
    model.profile): the axes a figure of the study should follow, in the study's order."""
    varying = [a for a in axes if a in table.columns and table[a].astype(str).nunique() > 1]
    kept = []
    for axis in varying:
        determined = any(other != axis and table.groupby(table[other].astype(str))[axis].nunique().max() == 1
                         and table[other].astype(str).nunique() >= table[axis].astype(str).nunique()
                         for other in kept)
        if not determined:
            kept.append(axis)
    return kept
