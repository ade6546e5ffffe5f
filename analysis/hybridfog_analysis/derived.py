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
