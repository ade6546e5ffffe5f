"""One run folder of `hybridfog run` as tidy tables (docs/outputs.md, "Outputs of `hybridfog run`")."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pandas as pd

from .errors import OutputError
from .derived import tier_order

# What manifest.json must say for this package to read the folder (docs/outputs.md, manifest.json).
MANIFEST_FORMAT = "hybridfog-run"
MANIFEST_FORMAT_VERSION = 1

# The documented columns of each table. A file may have more (the contract grows by adding columns);
# one that lacks any of these is refused.
SAMPLES_COLUMNS = ["sample_id", "device", "trace_row", "dataset_sample", "exit", "correct", "arrival_s",
                   "finish_s", "latency_s", "compute_s", "queue_s", "transfer_s", "bytes_sent",
                   "host_dynamic_energy_j", "compute_energy_j", "radio_energy_j", "network_energy_j", "energy_j",
                   "batch_size", "batch_wait_s"]
HOSTS_COLUMNS = ["host", "tier", "host_class", "site", "cores", "energy_j", "idle_energy_j", "dynamic_energy_j",
                 "compute_energy_j", "busy_core_s", "utilization", "executions", "radio_energy_j",
                 "radio_idle_energy_j"]
# Under a wireless access only (docs/outputs.md, "Mobility"): samples.csv's extra columns and devices.csv's.
MOBILITY_SAMPLE_COLUMNS = ["origin_site", "handovers", "coverage_wait_s"]  # and RECOVERY_COLUMNS
# devices.csv (a wireless access, batteries or devices that fail): these two always, then the mobility, battery
# and device failure columns.
DEVICES_COLUMNS = ["device", "host"]
MOBILITY_DEVICE_COLUMNS = ["home_site", "final_site", "handovers", "reassociations", "out_of_coverage_s",
                           "interrupted_transfers", "given_up"]
# With battery-powered devices (docs/outputs.md, "Batteries"); empty cells for wall-powered devices.
BATTERY_DEVICE_COLUMNS = ["battery_capacity_j", "battery_initial_j", "battery_end_j", "battery_end_fraction",
                          "death_s", "arrivals_not_generated"]
# With devices that fail (docs/outputs.md, "Devices that fail").
DEVICE_FAILURE_COLUMNS = ["failures", "down_s", "arrivals_while_down"]
# samples.csv `outcome` values of samples without an answer (docs/outputs.md, samples.csv).
GIVEN_UP_OUTCOMES = ("given_up", "battery", "device_down")
LINKS_COLUMNS = ["link", "link_class", "bandwidth_bytes_per_s", "latency_s", "bytes", "transfers",
                 "mean_utilization", "peak_utilization", "energy_j"]
# Written by runs with profiles or failures (docs/outputs.md, events.csv and link_windows.csv).
EVENTS_COLUMNS = ["time_s", "kind", "subject", "detail"]
LINK_WINDOWS_COLUMNS = ["window_start_s", "window_end_s", "link_class", "links", "bytes", "bandwidth_bytes_per_s",
                        "utilization"]
# samples.csv columns of runs where something can fail or a wireless access (docs/outputs.md, samples.csv).
RECOVERY_COLUMNS = ["outcome", "losses", "retries", "recovery_wait_s"]
SUMMARY_KEYS = ["scenario", "policy", "seed", "samples", "correct", "accuracy", "exit_fraction", "exit_count",
                "latency_s", "latency_parts_mean_s", "energy_j", "compute_energy_j", "network_energy_j",
                "energy_account_j", "bytes",
                "link_utilization", "sim_time_s"]
LATENCY_STATISTICS = ["mean", "p50", "p95", "p99", "max"]
# summary.json `battery` (docs/outputs.md, "Batteries"), as results.csv's battery.* columns.
BATTERY_SUMMARY_KEYS = ["battery_devices", "deaths", "devices_alive_at_end", "first_death_s", "died_10pct_s",
                        "died_50pct_s", "end_fraction_mean", "drained_j", "given_up", "arrivals_not_generated"]
LATENCY_PARTS = ["compute", "queue", "send_queue", "transfer"]

# Human names of the two energy views (docs/outputs.md, summary.json): used as the `view` column.
ENERGY_VIEW_PLUGIN = "host energy plugin (idle included)"
ENERGY_VIEW_ANALYTIC = "analytic MAC energy"


@dataclass
class Run:
    """A loaded run folder. Tables are None when the scenario switched their output off."""

    path: Path
    manifest: dict
    summary: dict
    samples: Optional[pd.DataFrame]
    hosts: Optional[pd.DataFrame]
    links: Optional[pd.DataFrame]
    events: Optional[pd.DataFrame] = None        # events.csv, when written
    link_windows: Optional[pd.DataFrame] = None  # link_windows.csv, when written
    device_table: Optional[pd.DataFrame] = None  # devices.csv: under a wireless access or with batteries

    @property
    def wireless(self) -> bool:
        """Whether the run had a wireless access (summary.json has `mobility`; devices.csv was written)."""
        return "mobility" in self.summary

    @property
    def name(self) -> str:
        """The scenario name (summary.json `scenario`)."""
        return self.summary["scenario"]

    @property
    def devices(self) -> int:
        """Number of devices, from the resolved scenario of manifest.json (`scenario.platform.devices`)."""
        try:
            return int(self.manifest["scenario"]["platform"]["devices"])
        except (KeyError, TypeError, ValueError):
            raise OutputError(f"{self.path / 'manifest.json'}: the resolved scenario has no platform.devices")

    @property
    def profile(self) -> str:
        """The model profile's name, from the resolved scenario of manifest.json (`scenario.model.profile`); for a
        scenario of several applications, their profiles' names joined by "+" in the scenario's order."""
        try:
            scenario = self.manifest["scenario"]
            if "applications" in scenario:
                return "+".join(str(a["model"]["profile"]) for a in scenario["applications"])
            return str(scenario["model"]["profile"])
        except (KeyError, TypeError):
            raise OutputError(f"{self.path / 'manifest.json'}: the resolved scenario has no model.profile")

    def require(self, table: str) -> pd.DataFrame:
        """The table `samples`, `hosts` or `links`; a clear error when the run did not write it."""
        frame = getattr(self, table)
        if frame is None:
            raise OutputError(f"{self.path}: {table}.csv is missing (the scenario set outputs.{table}: false?); "
                              f"this analysis needs it")
        return frame

    def summary_row(self) -> dict:
        """summary.json flattened into the columns of results.csv (see flatten_summary)."""
        return flatten_summary(self.summary)

    def applications(self) -> pd.DataFrame:
        """Several applications (docs/outputs.md, "Several applications"): one row per application of summary.json
        `by_application`, in name order: `application`, `policy`, `devices`, `samples`, `accuracy`, `given_up`,
        `latency_mean_s`, `latency_p50_s`, `latency_p95_s`, `latency_p99_s`, `latency_max_s`, `caused_energy_j`,
        `caused_energy_per_sample_j`, `bytes` and, with deadlines, `deadline_misses`, `deadline_miss_fraction`.
        Empty (no rows) for a run of one application."""
        rows = []
        for name in sorted(self.summary.get("by_application", {})):
            a = self.summary["by_application"][name]
            row = {"application": name, "policy": a["policy"], "devices": int(a["devices"]), "samples": int(a["samples"]),
                   "accuracy": float(a["accuracy"]), "given_up": int(a["given_up"])}
            for stat in LATENCY_STATISTICS:
                row[f"latency_{stat}_s"] = float(a["latency_s"][stat])
            row.update({"caused_energy_j": float(a["caused_energy_j"]),
                        "caused_energy_per_sample_j": float(a["caused_energy_per_sample_j"]), "bytes": float(a["bytes"])})
            if "deadline" in a:
                row["deadline_misses"] = int(a["deadline"]["misses"])
                row["deadline_miss_fraction"] = float(a["deadline"]["miss_fraction"])
            rows.append(row)
        return pd.DataFrame(rows)

    def exits(self) -> pd.DataFrame:
        """One row per head: `head`, `exit_count`, `exit_fraction` (summary.json), in name order."""
        heads = sorted(self.summary["exit_fraction"])
        return pd.DataFrame({"head": heads,
                             "exit_count": [int(self.summary["exit_count"].get(h, 0)) for h in heads],
                             "exit_fraction": [float(self.summary["exit_fraction"][h]) for h in heads]})

    def latency_parts_by_exit(self) -> pd.DataFrame:
        """Per exit head (the path a sample took): `samples` and the mean `compute_s`, `queue_s`,
        `send_queue_s`, `transfer_s` and `latency_s` of its samples (samples.csv)."""
        samples = self.require("samples")
        grouped = samples.groupby("exit", sort=True)
        table = grouped[["compute_s", "queue_s", "send_queue_s", "transfer_s", "latency_s"]].mean()
        table.insert(0, "samples", grouped.size())
        return table.reset_index().rename(columns={"exit": "head"})

    def latency_breakdown(self) -> pd.DataFrame:
        """The mean latency of each answer path, split into parts that add up to it exactly (docs/outputs.md,
        samples.csv: latency_s = compute_s + queue_s + send_queue_s + transfer_s [+ recovery_wait_s]
        [+ coverage_wait_s]). One row per (`path`, `part`): `path` is the exit head that answered (a
        deadline fallback, answered by the device at the deadline, is its own path `<head> (deadline
        fallback)`: its parts include work whose late answer was discarded, so it is drawn as one part,
        `until the deadline`); `part` is one of LATENCY_BREAKDOWN_PARTS; `mean_s` the mean over the path's
        samples, `samples` their number, `latency_s` the path's mean latency. Given-up samples have no
        latency and are left out. Parts that are zero on every path are left out, and so is `other`
        (latency − Σ parts) when it is below 1e-9 of the latency everywhere."""
        samples = self.require("samples")
        frame = samples.copy()
        if "outcome" in frame:
            frame = frame[~frame["outcome"].isin(GIVEN_UP_OUTCOMES)]
        frame["path"] = frame["exit"].astype(str)
        for column in ("recovery_wait_s", "coverage_wait_s", "batch_wait_s"):
            if column not in frame:
                frame[column] = 0.0
        frame["core_queue_s"] = frame["queue_s"] - frame["batch_wait_s"]
        fallback = frame["fallback"].astype(bool) if "fallback" in frame else pd.Series(False, index=frame.index)
        columns = [column for column, _ in LATENCY_BREAKDOWN_PARTS if column not in ("until_deadline_s", "other_s")]
        frame["until_deadline_s"] = 0.0
        frame.loc[fallback, columns] = 0.0
        frame.loc[fallback, "until_deadline_s"] = frame.loc[fallback, "latency_s"]
        frame.loc[fallback, "path"] = frame.loc[fallback, "path"] + " (deadline fallback)"
        frame["other_s"] = frame["latency_s"] - frame[columns + ["until_deadline_s"]].sum(axis=1)
        grouped = frame.groupby("path", sort=True)
        means = grouped[[c for c, _ in LATENCY_BREAKDOWN_PARTS] + ["latency_s"]].mean()
        counts = grouped.size()
        keep = [c for c, _ in LATENCY_BREAKDOWN_PARTS
                if (c != "other_s" and (means[c].abs() > 0).any())
                or (c == "other_s" and ((means[c].abs() > 1e-9 * means["latency_s"].abs()).any()))]
        names = dict(LATENCY_BREAKDOWN_PARTS)
        rows = [{"path": path, "part": names[c], "mean_s": float(means.loc[path, c]), "samples": int(counts[path]),
                 "latency_s": float(means.loc[path, "latency_s"])}
                for path in means.index for c in keep]
        return pd.DataFrame(rows, columns=["path", "part", "mean_s", "samples", "latency_s"])

    def energy_by_tier(self) -> pd.DataFrame:
        """Tidy energy per tier in both views: `tier`, `view`, `energy_j` (summary.json `energy_j` and
        `compute_energy_j`); tiers from the data outwards (derived.tier_order)."""
        rows = []
        for view, key in ((ENERGY_VIEW_PLUGIN, "energy_j"), (ENERGY_VIEW_ANALYTIC, "compute_energy_j")):
            by_tier = self.summary[key]["by_tier"]
            for tier, joules in ((t, by_tier[t]) for t in tier_order(by_tier)):
                rows.append({"tier": tier, "view": view, "energy_j": float(joules)})
        return pd.DataFrame(rows, columns=["tier", "view", "energy_j"])

    def energy_account(self) -> pd.DataFrame:
        """The energy account (docs/outputs.md, "Energy account") as tidy rows `tier`, `component`,
        `energy_j`: per tier `host_idle`, `host_dynamic`, `compute_analytic`, `radio_idle`,
        `radio_above_idle`; the links' per-bit energy as tier `links`, component `network`. Tiers from the
        data outwards."""
        account = self.summary["energy_account_j"]
        rows = [{"tier": tier, "component": component, "energy_j": float(account["by_tier"][tier][component])}
                for tier in tier_order(account["by_tier"]) for component in ENERGY_COMPONENTS]
        rows.append({"tier": "links", "component": "network", "energy_j": float(account["total"]["network"])})
        return pd.DataFrame(rows, columns=["tier", "component", "energy_j"])

    def link_class_bandwidth(self) -> dict:
        """Declared bandwidth per link class in bytes/s (links.csv; the smallest when links differ)."""
        links = self.require("links")
        return links.groupby("link_class")["bandwidth_bytes_per_s"].min().to_dict()


# The parts of a sample's latency (samples.csv columns, docs/outputs.md) as Run.latency_breakdown draws them:
# (column, part name). core_queue_s is queue_s less batch_wait_s; until_deadline_s: a deadline fallback's
# latency; other_s: latency − Σ parts (0 by the contract; drawn only when it is not).
LATENCY_BREAKDOWN_PARTS = [("compute_s", "compute"), ("core_queue_s", "wait for a core"),
                           ("batch_wait_s", "wait for a batch"), ("send_queue_s", "send-queue wait"),
                           ("transfer_s", "on links"), ("recovery_wait_s", "recovery wait"),
                           ("coverage_wait_s", "coverage wait"), ("until_deadline_s", "until the deadline"),
                           ("other_s", "other (latency − Σ parts)")]

# Components of summary.json's energy_account_j per tier (docs/outputs.md, "Energy account").
ENERGY_COMPONENTS = ("host_idle", "host_dynamic", "compute_analytic", "radio_idle", "radio_above_idle")


def flatten_summary(summary: dict) -> dict:
    """summary.json as the columns of results.csv (docs/outputs.md, results.csv), in the contract's order:
    `seed`, `scenario_name`, `policy_name`, `policy_threshold` (None when null), `samples`, `correct`, `accuracy`, `exit_fraction.<head>`, `latency_s.<stat>`,
    `latency_parts_mean_s.<part>`, `energy_j.total`, `energy_j.by_tier.<tier>`, `compute_energy_j.total`,
    `compute_energy_j.by_tier.<tier>`, `network_energy_j.total` (None when null),
    `energy_account_j.{caused_per_sample,caused_total,fleet_total,idle_total}`,
    `energy_account_j.total.<component>` (network included), `energy_account_j.by_tier.<tier>.<component>`, `bytes.total`,
    `bytes.by_link_class.<class>`, `link_utilization.<class>.mean|peak`, `sim_time_s`, and `recovery.<count>` when the
    run had failures."""
    row = {"seed": summary["seed"], "scenario_name": summary["scenario"], "policy_name": summary["policy"],
           "policy_threshold": summary.get("policy_threshold"), "samples": summary["samples"],
           "correct": summary["correct"], "accuracy": summary["accuracy"]}
    for head in sorted(summary["exit_fraction"]):
        row[f"exit_fraction.{head}"] = summary["exit_fraction"][head]
    for stat in LATENCY_STATISTICS:
        row[f"latency_s.{stat}"] = summary["latency_s"][stat]
    for part in LATENCY_PARTS:
        row[f"latency_parts_mean_s.{part}"] = summary["latency_parts_mean_s"][part]
    for key in ("energy_j", "compute_energy_j"):
        row[f"{key}.total"] = summary[key]["total"]
        for tier in sorted(summary[key]["by_tier"]):
            row[f"{key}.by_tier.{tier}"] = summary[key]["by_tier"][tier]
    network = summary.get("network_energy_j")
    row["network_energy_j.total"] = None if network is None else network["total"]
    account = summary["energy_account_j"]
    for key in ("caused_per_sample", "caused_total", "fleet_total", "idle_total"):
        row[f"energy_account_j.{key}"] = account[key]
    for component in ENERGY_COMPONENTS + ("network",):
        row[f"energy_account_j.total.{component}"] = account["total"][component]
    for tier in sorted(account["by_tier"]):
        for component in ENERGY_COMPONENTS:
            row[f"energy_account_j.by_tier.{tier}.{component}"] = account["by_tier"][tier][component]
    row["bytes.total"] = summary["bytes"]["total"]
    for link_class in sorted(summary["bytes"]["by_link_class"]):
        row[f"bytes.by_link_class.{link_class}"] = summary["bytes"]["by_link_class"][link_class]
    for link_class in sorted(summary["link_utilization"]):
        for stat in ("mean", "peak"):
            row[f"link_utilization.{link_class}.{stat}"] = summary["link_utilization"][link_class][stat]
    row["sim_time_s"] = summary["sim_time_s"]
    if "recovery" in summary:  # runs where something can fail (docs/outputs.md, summary.json `recovery`)
        for key in ("arrivals", "completed", "fell_back", "given_up", "retried", "retries", "losses"):
            row[f"recovery.{key}"] = summary["recovery"][key]
    if "device_failures" in summary:  # devices that fail (docs/outputs.md, "Devices that fail")
        for key in ("failures", "devices_failed", "down_s", "given_up", "arrivals_while_down"):
            row[f"device_failures.{key}"] = summary["device_failures"][key]
    for name in sorted(summary.get("by_application", {})):  # several applications (docs/outputs.md)
        a, column = summary["by_application"][name], f"by_application.{name}."
        for key in ("devices", "samples", "accuracy", "given_up", "caused_energy_j", "caused_energy_per_sample_j", "bytes"):
            row[column + key] = a[key]
        for stat in LATENCY_STATISTICS:
            row[f"{column}latency_s.{stat}"] = a["latency_s"][stat]
        for head in sorted(a["exit_fraction"]):
            row[f"{column}exit_fraction.{head}"] = a["exit_fraction"][head]
        if "deadline" in a:
            for key in ("misses", "miss_fraction", "accuracy_in_time"):
                row[f"{column}deadline.{key}"] = a["deadline"][key]
    if "battery" in summary:  # battery-powered devices (docs/outputs.md, "Batteries"); null times stay NaN
        for key in BATTERY_SUMMARY_KEYS:
            value = summary["battery"][key]
            row[f"battery.{key}"] = float("nan") if value is None else value
    return row


def _read_json(path: Path, folder: Path, what: str) -> dict:
    if not path.is_file():
        raise OutputError(f"{folder}: {path.name} is missing; {what}")
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise OutputError(f"{path}: not readable JSON ({error})")
    if not isinstance(data, dict):
        raise OutputError(f"{path}: expected a JSON object, got {type(data).__name__}")
    return data


def check_manifest(manifest: dict, path: Path) -> None:
    """Refuse a manifest that is not `format: hybridfog-run`, `format_version: 1`."""
    if manifest.get("format") != MANIFEST_FORMAT:
        raise OutputError(f"{path}: format is {manifest.get('format')!r}, expected {MANIFEST_FORMAT!r}: "
                          f"not a hybridfog run folder")
    version = manifest.get("format_version")
    if version != MANIFEST_FORMAT_VERSION:
        raise OutputError(f"{path}: format_version is {version!r}; this analysis reads version "
                          f"{MANIFEST_FORMAT_VERSION} (docs/outputs.md). Re-run with a matching hybridfog or "
                          f"update analysis/")


def read_table(path: Path, columns: list, dtypes: Optional[dict] = None) -> pd.DataFrame:
    """A documented CSV; a clear error when it cannot be parsed or lacks a documented column."""
    try:
        frame = pd.read_csv(path, dtype=dtypes or {}, keep_default_na=True)
    except (OSError, ValueError, pd.errors.ParserError) as error:
        raise OutputError(f"{path}: not a readable CSV table ({error})")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise OutputError(f"{path}: missing documented column(s) {', '.join(missing)} (docs/outputs.md)")
    return frame


def _run_from_result(result) -> Run:
    """A Run from a hybridfog.Result of the Python API (docs/python.md): the same checks as a folder."""
    where = Path(result.path) if result.path is not None else Path(f"<hybridfog.Result {result.summary_json.get('scenario')}>")
    check_manifest(result.manifest_json, where / "manifest.json")
    missing = [key for key in SUMMARY_KEYS if key not in result.summary_json]
    if missing:
        raise OutputError(f"{where / 'summary.json'}: missing documented key(s) {', '.join(missing)}")
    tables = {}
    for name, columns in (("samples", SAMPLES_COLUMNS), ("hosts", HOSTS_COLUMNS), ("links", LINKS_COLUMNS)):
        frame = getattr(result, name)
        if frame is not None:
            lacking = [c for c in columns if c not in frame.columns]
            if lacking:
                raise OutputError(f"{where / (name + '.csv')}: missing documented column(s) {', '.join(lacking)}")
        tables[name] = frame
    return Run(path=where, manifest=result.manifest_json, summary=result.summary_json, **tables)


def load_run(folder) -> Run:
    """Load a run folder of `hybridfog run`, or take a hybridfog.Result of the Python API (`hybridfog.run`,
    docs/python.md), which holds the same tables.

    REQUIRES: `folder` holds manifest.json with `format: hybridfog-run`, `format_version: 1`, and
    summary.json (written last: its absence means the run did not complete). samples.csv, hosts.csv and
    links.csv are loaded when present (None otherwise). Raises OutputError naming the folder and the
    missing or invalid file.
    """
    if all(hasattr(folder, a) for a in ("summary_json", "manifest_json", "samples", "hosts", "links")):
        return _run_from_result(folder)
    folder = Path(folder)
    if not folder.is_dir():
        raise OutputError(f"{folder}: no such folder (expected the output folder of `hybridfog run`)")
    if not (folder / "manifest.json").is_file() and (folder / "results.csv").is_file():
        raise OutputError(f"{folder}: this is a study folder (results.csv of `hybridfog sweep`), not a run "
                          f"folder; use load_study")
    manifest = _read_json(folder / "manifest.json", folder,
                          "not a hybridfog run folder (expected the output folder of `hybridfog run`)")
    check_manifest(manifest, folder / "manifest.json")
    summary = _read_json(folder / "summary.json", folder,
                         "the run did not complete (summary.json is written last)")
    missing = [key for key in SUMMARY_KEYS if key not in summary]
    if missing:
        raise OutputError(f"{folder / 'summary.json'}: missing documented key(s) {', '.join(missing)}")

    def optional(name, columns, dtypes=None):
        path = folder / f"{name}.csv"
        return read_table(path, columns, dtypes) if path.is_file() else None

    samples = optional("samples", SAMPLES_COLUMNS, {"exit": str})
    if samples is not None and "by_application" in summary:
        # Several applications (docs/outputs.md): `exit` names a head of the sample's own model; here it is
        # qualified as summary.json's heads are, "<application>/<head>", so that heads of two models never mix.
        if "application" not in samples.columns:
            raise OutputError(f"{folder / 'samples.csv'}: missing documented column application (a run of several "
                              f"applications, docs/outputs.md)")
        samples["application"] = samples["application"].astype(str)
        answered = samples["exit"].notna() & (samples["exit"].astype(str) != "")
        samples.loc[answered, "exit"] = samples.loc[answered, "application"] + "/" + samples.loc[answered, "exit"].astype(str)
    if samples is not None:  # orchestration (docs/outputs.md): `<tier>_host` names a host, empty for none
        for column in [c for c in samples.columns if c.endswith("_host")]:
            samples[column] = samples[column].fillna("").astype(str)
    hosts = optional("hosts", HOSTS_COLUMNS, {"host": str, "tier": str, "host_class": str})
    links = optional("links", LINKS_COLUMNS, {"link": str, "link_class": str})
    devices = optional("devices", DEVICES_COLUMNS, {"host": str})
    events = optional("events", EVENTS_COLUMNS, {"kind": str, "subject": str, "detail": str})
    if events is not None:
        events["detail"] = events["detail"].fillna("")
    link_windows = optional("link_windows", LINK_WINDOWS_COLUMNS, {"link_class": str})
    if samples is not None and "recovery" in summary:
        lacking = [c for c in RECOVERY_COLUMNS if c not in samples.columns]
        if lacking:
            raise OutputError(f"{folder / 'samples.csv'}: missing documented column(s) {', '.join(lacking)} "
                              f"(a run with failures or a wireless access, docs/outputs.md)")
    if devices is not None:
        required = (MOBILITY_DEVICE_COLUMNS if "mobility" in summary else []) + \
            (BATTERY_DEVICE_COLUMNS if "battery" in summary else []) + \
            (DEVICE_FAILURE_COLUMNS if "device_failures" in summary else [])
        lacking = [c for c in required if c not in devices.columns]
        if lacking:
            raise OutputError(f"{folder / 'devices.csv'}: missing documented column(s) {', '.join(lacking)} "
                              f"(docs/outputs.md, devices.csv)")
    if "mobility" in summary and samples is not None:
        lacking = [c for c in MOBILITY_SAMPLE_COLUMNS if c not in samples.columns]
        if lacking:
            raise OutputError(f"{folder / 'samples.csv'}: missing documented column(s) {', '.join(lacking)} "
                              f"(a wireless run, docs/outputs.md)")
    return Run(path=folder, manifest=manifest, summary=summary, samples=samples, hosts=hosts, links=links,
               events=events, link_windows=link_windows, device_table=devices)

