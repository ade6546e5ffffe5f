"""Truth checks of the figures' sidecars (docs/analysis.md, "Sidecars"): each figure's numbers, read from the
`<name>.json` beside its PNG, against what the outputs say, recomputed here from the output files alone
(samples.csv, summary.json, results.csv, manifest.json) without the notebooks' helpers where that matters.

    check(kind, output_folder, plots_folder) -> list of problems (empty: all hold)

What is checked:
- every PNG has a sidecar; every table names a quantity, a unit and its dimensions;
- stacked parts add up to the total they claim (`stacked_total`), and the latency breakdown's totals are the
  samples' mean latencies per answer path, its parts the means of the samples.csv parts (recovery wait,
  coverage wait and send-queue wait included);
- no silent averaging: in a study, every table of a figure keeps apart every combination of the axes that
  vary besides policy and model (its `condition`), and a table that averages over something says over what;
- energy rankings (`ranks: true`) use the energy a sample causes (results.csv caused_per_sample), and a
  MAC-only table says so (`view: MAC only`) and never ranks;
- time windows are chosen from the run: at most 150, at least 30 samples per window on average (or one
  window), none past the end of the arrivals, and the windows' samples plus those left out are all samples.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

REL = 1e-9
# Stacks whose parts and total are sums of the same per-sample numbers in another order (summary.json's totals
# against Σ over samples) agree to rounding: 13,000 samples differ by 5e-9 relative.
STACK_REL = 1e-7


def _close(a, b, rel=REL, abs_tol=1e-15) -> bool:
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=abs_tol)


def load_sidecars(plots: Path) -> tuple[dict, list]:
    problems, sidecars = [], {}
    for png in sorted(plots.glob("*.png")):
        sidecar = png.with_suffix(".json")
        if not sidecar.is_file():
            problems.append(f"{png.name}: no sidecar {sidecar.name}")
            continue
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        if data.get("png") != png.name or not data.get("tables"):
            problems.append(f"{sidecar.name}: no tables or wrong png")
            continue
        tables = {}
        for entry in data["tables"]:
            for key in ("name", "quantity", "unit", "dimensions", "rows"):
                if key not in entry:
                    problems.append(f"{sidecar.name}: a table lacks `{key}`")
            frame = pd.DataFrame(entry["rows"], columns=entry["dimensions"] + ["value"])
            frame.attrs.update({k: v for k, v in entry.items() if k != "rows"})
            tables[entry["name"]] = frame
        sidecars[png.stem] = tables
    return sidecars, problems


def _stacks(figure: str, tables: dict) -> list:
    """Tables with `stacked_total`: their parts, summed over `component`/`part`, equal the total table."""
    problems = []
    for name, parts in tables.items():
        total_name = parts.attrs.get("stacked_total")
        if not total_name or total_name not in tables:
            continue
        total = tables[total_name]
        part_dimension = next(d for d in ("part", "component", "outcome") if d in parts.columns)
        if "stack_parts" in parts.attrs:
            parts = parts[parts[part_dimension].isin(parts.attrs["stack_parts"])]
        keys = [d for d in total.attrs["dimensions"] if d in parts.columns and d != part_dimension]
        if not keys:
            if not _close(parts["value"].sum(), total["value"].sum(), rel=STACK_REL):
                problems.append(f"{figure}: {name} adds up to {parts['value'].sum()}, total {total['value'].sum()}")
            continue
        # A missing dimension value (a policy without a threshold) matches itself.
        parts = parts.assign(**{k: parts[k].astype(object).where(parts[k].notna(), "(none)") for k in keys})
        total = total.assign(**{k: total[k].astype(object).where(total[k].notna(), "(none)") for k in keys})
        sums = parts.groupby(keys, dropna=False)["value"].sum()
        for _, row in total.iterrows():
            key = tuple(row[k] for k in keys) if len(keys) > 1 else row[keys[0]]
            if key not in sums.index:
                problems.append(f"{figure}: {name}: no parts for {key}")
            elif not _close(sums[key], row["value"], rel=STACK_REL, abs_tol=1e-12):
                problems.append(f"{figure}: {name} at {key} adds up to {sums[key]}, {total_name} is {row['value']}")
    return problems


def _samples(run_dir: Path) -> pd.DataFrame:
    """samples.csv; in a run of several applications its `exit` qualified as summary.json's heads are,
    "<application>/<head>" (docs/outputs.md, "Several applications")."""
    samples = pd.read_csv(run_dir / "samples.csv", dtype={"exit": str})
    if "application" in samples:
        answered = samples["exit"].notna()
        samples.loc[answered, "exit"] = samples.loc[answered, "application"].astype(str) + "/" + samples.loc[answered, "exit"]
    return samples


def _applications(tables: dict, run_dir: Path) -> list:
    """quickstart_run.ipynb's applications figure, recomputed from samples.csv per application: accuracy over all
    its samples, nearest-rank p50 and p95 of its answered samples' latency, mean energy_j, share of samples late."""
    problems = []
    samples = _samples(run_dir)
    answered = samples[~samples["outcome"].isin(["given_up", "battery"])] if "outcome" in samples else samples

    def nearest_rank(values, p):
        ordered = np.sort(values.to_numpy(dtype=float))
        return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]

    expected = {("accuracy", a, None): g["correct"].mean() for a, g in samples.groupby("application")}
    expected.update({("caused energy per sample", a, None): g["energy_j"].mean() for a, g in samples.groupby("application")})
    for a, g in answered.groupby("application"):
        for stat in ("p50", "p95"):
            expected[("latency", a, stat)] = nearest_rank(g["latency_s"], int(stat[1:]))
    if "late" in samples:
        expected.update({("deadline miss fraction", a, None): g["late"].mean() for a, g in samples.groupby("application")})
    for (table, app, stat), value in expected.items():
        if table not in tables:
            problems.append(f"applications: no table {table}")
            continue
        frame = tables[table]
        rows = frame[frame["application"] == app]
        if stat is not None:
            rows = rows[rows["statistic"] == stat]
        if len(rows) != 1:
            problems.append(f"applications: {table} has {len(rows)} rows for {app} {stat or ''}")
        elif not _close(rows["value"].iloc[0], value, rel=STACK_REL):
            problems.append(f"applications: {table} {app} {stat or ''}: drawn {rows['value'].iloc[0]}, samples.csv {value}")
    return problems


def _application_study(sidecars: dict, table: pd.DataFrame) -> list:
    """shared_edge_study.ipynb: every drawn value is the mean over replications of its results.csv column
    by_application.<application>.<metric> at its point (the two axes' values)."""
    problems = []
    columns = {"application_latency_vs_mix": "latency_s.p95", "application_misses_vs_mix": "deadline.miss_fraction"}
    for figure, metric in columns.items():
        if figure not in sidecars:
            problems.append(f"no {figure} sidecar")
            continue
        for name, frame in sidecars[figure].items():
            axes = [d for d in frame.attrs["dimensions"] if d != "application"]
            for _, row in frame.iterrows():
                at = table
                for axis in axes:
                    at = at[np.isclose(at[axis].astype(float), float(row[axis]))]
                column = f"by_application.{row['application']}.{metric}"
                if at.empty or column not in at:
                    problems.append(f"{figure}: no results.csv rows for {row.to_dict()}")
                    continue
                expected = at[column].mean()
                if not _close(row["value"], expected):
                    problems.append(f"{figure}: {name} {row.to_dict()}: drawn {row['value']}, results.csv mean {expected}")
    return problems


def _latency_breakdown(tables: dict, run_dir: Path) -> list:
    """The breakdown's totals and parts recomputed from samples.csv (docs/outputs.md)."""
    problems = []
    samples = _samples(run_dir)
    summary = json.loads((run_dir / "summary.json").read_text())
    if "outcome" in samples:
        samples = samples[~samples["outcome"].isin(["given_up", "battery"])]
    fallback = samples["fallback"] == 1 if "fallback" in samples else pd.Series(False, index=samples.index)
    path = samples["exit"].astype(str).where(~fallback, samples["exit"].astype(str) + " (deadline fallback)")
    totals = tables["mean latency"].set_index("path")["value"]
    expected = samples.groupby(path)["latency_s"].mean()
    if set(totals.index) != set(expected.index):
        problems.append(f"latency_breakdown: paths {sorted(totals.index)}, samples.csv has {sorted(expected.index)}")
    for p, value in expected.items():
        if p in totals.index and not _close(totals[p], value):
            problems.append(f"latency_breakdown: path {p}: total {totals[p]}, samples.csv mean {value}")
    counts = tables["mean latency"].set_index("path")["samples"]
    weighted = (totals * counts).sum() / counts.sum()
    if not _close(weighted, summary["latency_s"]["mean"]):
        problems.append(f"latency_breakdown: totals weigh up to {weighted}, summary.json latency mean {summary['latency_s']['mean']}")
    parts = tables["mean latency part"].set_index(["path", "part"])["value"]
    ordinary = samples[~fallback]
    by_path = ordinary.groupby(ordinary["exit"].astype(str))
    for column, part in (("recovery_wait_s", "recovery wait"), ("coverage_wait_s", "coverage wait"),
                         ("send_queue_s", "send-queue wait"), ("transfer_s", "on links"), ("compute_s", "compute")):
        if column not in ordinary:
            continue
        for p, mean in by_path[column].mean().items():
            drawn = parts.get((p, part), 0.0)
            if not _close(drawn, mean, abs_tol=1e-12):
                problems.append(f"latency_breakdown: {p} {part} drawn {drawn}, samples.csv mean {column} {mean}")
    return problems


def _windows(figure: str, tables: dict, samples_total: int) -> list:
    problems = []
    for name, frame in tables.items():
        if "window_start_s" not in frame.columns or "window_s" not in frame.attrs:
            continue
        window, horizon = frame.attrs["window_s"], frame.attrs.get("horizon_s")
        starts = frame["window_start_s"].unique()
        if len(starts) > 150:
            problems.append(f"{figure}: {name}: {len(starts)} windows of {window} s (at most 150)")
        if horizon is not None:
            if (starts + window > horizon * (1 + 1e-12) + 1e-12).any():
                problems.append(f"{figure}: {name}: a window runs past the end of the arrivals ({horizon} s)")
            complete = math.floor(horizon / window + 1e-9)
            if complete > 1 and samples_total * window / horizon < 30:
                problems.append(f"{figure}: {name}: {samples_total * window / horizon:.1f} samples per {window} s window")
        if "samples" in frame.columns and "samples_left_out" in frame.attrs:
            per_window = frame.drop_duplicates("window_start_s")["samples"].sum()
            if per_window + frame.attrs["samples_left_out"] != samples_total:
                problems.append(f"{figure}: {name}: windows hold {per_window} + {frame.attrs['samples_left_out']} left out, "
                                f"the run has {samples_total} samples")
    return problems


def _rankings(figure: str, tables: dict, results: pd.DataFrame | None) -> list:
    problems = []
    for name, frame in tables.items():
        view = str(frame.attrs.get("view", ""))
        if "MAC" in view and frame.attrs.get("ranks"):
            problems.append(f"{figure}: {name}: a MAC-only table ranks")
        if "MAC" in name and "MAC only" not in view:
            problems.append(f"{figure}: {name}: a MAC table not labelled `MAC only`")
        if frame.attrs.get("ranks") and "caused" not in view:
            problems.append(f"{figure}: {name}: ranks on {view!r}, not the energy a sample causes")
    if results is not None and "energy_vs_accuracy_per_bit_width" == figure:
        caused = tables["caused"]
        mean = results.groupby(["profile_name", "policy_threshold"])["energy_account_j.caused_per_sample"].mean()
        for _, row in caused.iterrows():
            if not _close(row["value"], mean[(row["profile_name"], row["policy_threshold"])]):
                problems.append(f"{figure}: caused at {row['profile_name']} {row['policy_threshold']}: {row['value']}, "
                                f"results.csv {mean[(row['profile_name'], row['policy_threshold'])]}")
    return problems


def _orchestration(sidecars: dict, folder: Path) -> list:
    """orchestration_study.ipynb: the latency statistics are results.csv's means per rule over replications;
    the edge shares are each point's hosts.csv edge executions per site over the edge total, averaged."""
    problems = []
    results = pd.read_csv(folder / "results.csv", dtype={"orchestration": str})
    drawn = sidecars.get("latency_by_orchestration", {}).get("latency")
    if drawn is None:
        return ["no latency_by_orchestration sidecar"]
    if set(drawn["orchestration"]) != set(results["orchestration"]):
        problems.append(f"latency_by_orchestration: rules {sorted(set(drawn['orchestration']))}, "
                        f"results.csv has {sorted(set(results['orchestration']))}")
    for _, row in drawn.iterrows():
        values = results.loc[results["orchestration"] == row["orchestration"], f"latency_s.{row['statistic']}"]
        for what, expected in (("value", values.mean()), ("min", values.min()), ("max", values.max())):
            if not _close(row[what], expected):
                problems.append(f"latency_by_orchestration: {row['orchestration']} {row['statistic']} {what} "
                                f"{row[what]}, results.csv {expected}")
    shares = sidecars.get("edge_executions_by_site", {}).get("edge share")
    if shares is None:
        return problems + ["no edge_executions_by_site sidecar"]
    per_point = {}
    for _, point in results.iterrows():
        hosts = pd.read_csv(folder / "points" / f"{point['point']}-r{point['replication']}" / "hosts.csv")
        edge = hosts[hosts["tier"] == "edge"]
        total = edge["executions"].sum()
        for site, executions in edge.groupby("site")["executions"].sum().items():
            per_point.setdefault((point["orchestration"], int(site)), []).append(executions / total)
    for _, row in shares.iterrows():
        expected = np.mean(per_point.get((row["orchestration"], int(row["site"])), [0.0]))
        if not _close(row["value"], expected):
            problems.append(f"edge_executions_by_site: {row['orchestration']} site {row['site']}: {row['value']}, "
                            f"hosts.csv {expected}")
    if len(shares) != len(per_point):
        problems.append(f"edge_executions_by_site: {len(shares)} bars, the points have {len(per_point)} rule-site pairs")
    return problems


def _battery(sidecars: dict, folder: Path) -> list:
    """battery_study.ipynb: the devices alive over time are each point's devices.csv `death_s` counted down from
    the battery devices (by hand here, not through the package); the lifetime and accuracy are results.csv's
    means per threshold over replications."""
    problems = []
    results = pd.read_csv(folder / "results.csv")
    alive = sidecars.get("devices_alive_over_time", {}).get("alive")
    if alive is None:
        return ["no devices_alive_over_time sidecar"]
    for _, point in results.iterrows():
        devices = pd.read_csv(folder / point["output_dir"] / "devices.csv")
        batteries = devices[devices["battery_capacity_j"].notna()]
        deaths = sorted(batteries["death_s"].dropna())
        drawn = alive[(alive["policy_threshold"] == point["policy_threshold"]) &
                      (alive["replication"] == point["replication"])]
        if drawn.empty:
            problems.append(f"devices_alive_over_time: no curve for threshold {point['policy_threshold']} "
                            f"replication {point['replication']}")
            continue
        for _, step in drawn.iterrows():
            expected = len(batteries) - sum(1 for d in deaths if d <= step["time_s"])
            if step["value"] != expected:
                problems.append(f"devices_alive_over_time: threshold {point['policy_threshold']} replication "
                                f"{point['replication']} at {step['time_s']} s: {step['value']} alive, devices.csv "
                                f"says {expected}")
    means = results.groupby("policy_threshold")[["battery.died_50pct_s", "accuracy"]].mean()
    for name, column in (("lifetime", "battery.died_50pct_s"), ("accuracy", "accuracy")):
        drawn = sidecars.get("lifetime_vs_accuracy", {}).get(name)
        if drawn is None:
            problems.append(f"lifetime_vs_accuracy: no {name} table")
            continue
        for _, row in drawn.iterrows():
            if not _close(row["value"], means.loc[row["policy_threshold"], column]):
                problems.append(f"lifetime_vs_accuracy: {name} at {row['policy_threshold']}: {row['value']}, "
                                f"results.csv {means.loc[row['policy_threshold'], column]}")
    return problems


def _conditions(figure: str, tables: dict, expected: set) -> list:
    """Every table that draws study points keeps the conditions apart: its `condition` values are all of them."""
    problems = []
    for name, frame in tables.items():
        if "condition_axes" not in frame.attrs:
            continue
        if "condition" not in frame.columns:
            problems.append(f"{figure}: {name}: averages over {frame.attrs['condition_axes']} without a condition dimension")
            continue
        drawn = set(frame["condition"].unique())
        if drawn != expected:
            problems.append(f"{figure}: {name}: conditions {sorted(drawn)}, the study has {sorted(expected)}")
        if "replication" not in frame.attrs.get("averaged_over", ["replication"]):
            problems.append(f"{figure}: {name}: does not say what it averages over")
    return problems


def check(kind: str, folder: Path, plots: Path) -> list:
    sidecars, problems = load_sidecars(plots)
    for figure, tables in sidecars.items():
        problems += _stacks(figure, tables)
        problems += _rankings(figure, tables, None)
    if kind in ("run", "mobility", "dynamic", "shared-edge"):
        samples_total = len(pd.read_csv(folder / "samples.csv"))
        if "latency_breakdown" in sidecars:
            problems += _latency_breakdown(sidecars["latency_breakdown"], folder)
        else:
            problems.append("no latency_breakdown sidecar")
        if "application" in pd.read_csv(folder / "samples.csv", nrows=0).columns:  # several applications
            if "applications" in sidecars:
                problems += _applications(sidecars["applications"], folder)
            else:
                problems.append("a run of several applications, but no applications sidecar")
        for figure, tables in sidecars.items():
            problems += _windows(figure, tables, samples_total)
    else:
        import sys
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from hybridfog_analysis import derived, load_study, plots as plot_helpers
        study = load_study(folder)
        table = study.table()
        axes = [a for a in derived.varying_axes(table, study.axes) if not a.startswith(("policy", "model."))]
        if axes:
            expected = set(table[axes].apply(lambda c: plot_helpers._axis_label_text(c.name) + " " +
                                             c.map(plot_helpers._short_value).astype(str)).agg(", ".join, axis=1))
        else:
            expected = {"all points"}
        if kind == "orchestration":
            problems += _orchestration(sidecars, folder)
        if kind == "battery":
            problems += _battery(sidecars, folder)
        if kind == "applications":
            problems += _application_study(sidecars, table)
        for figure, tables in sidecars.items():
            problems += _conditions(figure, tables, expected)
            problems += _rankings(figure, tables, table)
            if kind == "adaptive":
                for name, frame in tables.items():
                    if "window_start_s" in frame.columns and "window_s" in frame.attrs:
                        starts = frame["window_start_s"].unique()
                        if len(starts) > 150:
                            problems.append(f"{figure}: {name}: {len(starts)} windows")
    return problems
