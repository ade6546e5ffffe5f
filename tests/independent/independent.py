#!/usr/bin/python3
"""Independent checks of a hybridfog run (docs/golden.md, "Independent checks").

Every figure checked here is computed by this file from the run's INPUTS (the scenario, its platform,
profile and trace, and the --set overrides given to the run), with the rules of docs/policies.md,
docs/formats.md and docs/outputs.md written again in Python. Nothing expected is read from the program's
own outputs; from samples.csv only the identity of each sample is taken (sample_id, device, trace_row),
because which trace row a sample replays is drawn from the seed.

Checks (each names the sample, link or key, and both values when it fails):
  exit            per sample: the head the policy's rule picks for its trace row
  correct         per sample: that head's prediction == label (and dataset_sample == the trace's sample)
  summary.exits   samples, correct, accuracy, heads, exit_count, exit_fraction recomputed from the above
  compute_energy  per sample: sum of MACs x energy per MAC (host class of the tier, layer's precision) of the
                  layers and heads it ran; hosts.csv per device / per site host; summary by tier and total
  compute_time    per sample (fifo servers, no DVFS states or batches on its tiers): compute_s = sum MACs / throughput of one core, and
                  host_dynamic_energy_j = sum (busy - idle power per core) x those seconds
  host_busy       hosts.csv busy_core_s and dynamic_energy_j per device host, per site host, per tier; summary
                  energy_account_j.by_tier.<tier>.host_dynamic (tiers without DVFS states or batches)
  bytes           per sample: bytes_sent = cut tensors (or the raw input) + the answer (result_size) when it
                  is answered off the device; links.csv bytes and transfers per link; summary bytes
  network_energy  per sample: sum over its transfers and links of bytes x 8 x energy_per_bit; links.csv
                  energy_j; summary network_energy_j
  energy_sum      per sample: energy_j = host_dynamic (or analytic compute) + radio + network energy
  workload        samples per device (samples_per_device), distinct trace rows while they last, arrivals
                  before the duration, an arrival trace's arrivals exactly

Usage:
  independent.py --binary B --source S --scenario scenarios/X.yaml [--set K=V ...] [--work DIR]
        runs the scenario (--seed 7 --no-progress, samples/hosts/links CSVs on) and checks it
  independent.py --binary B --source S --case NAME [--work DIR]
        the same for a case of tests/golden/cases.txt (its scenario and its --set arguments)
  independent.py --source S --scenario scenarios/X.yaml --check-output DIR [--set K=V ...]
        checks an existing output folder of that scenario run with those overrides
Exit status 0 when every check passes, 1 otherwise (every failure printed, at most 20 per check).
"""
import argparse
import csv
import json
import math
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

import yaml

SEED = "7"
REL_TOL = 1e-9       # floating-point figures: relative tolerance (sums in another order round differently)
ABS_TOL = 1e-15      # J or s: absolute floor for figures that are 0 or nearly so
# compute_s and the host plugin's dynamic energy come from SimGrid's clock, which SimGrid keeps to its
# precision/timing (1e-9 s by default): each computation may end off by that much. A sample computes at most
# once per visit of a tier plus once more after each exit head it passes there (Path.runs).
SIMGRID_TIMING_S = 1e-9
MAX_REPORTED = 20    # failures printed per check; the count of the others follows

# Extra `hybridfog run` arguments that keep a shipped scenario quick (everything else runs as shipped).
QUICK_ARGS = {
    "scale-10k": ["--set", "workload.samples_per_device=1"],   # 10,000 devices x 1 sample
}
# The checks read these outputs: switch them on whatever the scenario says.
OUTPUT_ARGS = ["--set", "outputs.samples=true", "--set", "outputs.hosts=true", "--set", "outputs.links=true"]

# ---------------------------------------------------------------------------------------------- units
_UNITS = {
    "energy": {"fJ": 1e-15, "pJ": 1e-12, "nJ": 1e-9, "uJ": 1e-6, "mJ": 1e-3, "J": 1.0, "kJ": 1e3},
    "power": {"uW": 1e-6, "mW": 1e-3, "W": 1.0, "kW": 1e3},
    "size": {"bit": 0.125, "B": 1.0, "kB": 1e3, "MB": 1e6, "GB": 1e9, "KiB": 1024.0, "MiB": 1024.0 ** 2,
             "GiB": 1024.0 ** 3},
    "throughput": {"MAC/s": 1.0, "kMAC/s": 1e3, "MMAC/s": 1e6, "GMAC/s": 1e9, "TMAC/s": 1e12},
    "time": {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0, "h": 3600.0},
}


def quantity(text, kind):
    """'4.6pJ' -> 4.6e-12 (docs/formats.md, "Units"); the number is scaled the way a person would."""
    text = str(text).strip()
    for unit in sorted(_UNITS[kind], key=len, reverse=True):
        if text.endswith(unit):
            number = text[: -len(unit)].strip()
            try:
                return float(number) * _UNITS[kind][unit]
            except ValueError:
                break
    raise ValueError(f"not a {kind} quantity: {text!r}")


# ---------------------------------------------------------------------------------------------- inputs
def _load_yaml(path):
    with open(path) as f:
        return yaml.safe_load(f)


def _set_path(tree, path, value):
    """Applies one `--set a.b[i].c=value` (docs/formats.md, "Overrides") to a YAML tree."""
    keys = []
    for part in path.split("."):
        while "[" in part:
            name, rest = part.split("[", 1)
            if name:
                keys.append(name)
            index, part = rest.split("]", 1)
            keys.append(int(index))
        if part:
            keys.append(part)
    node = tree
    for key in keys[:-1]:
        if isinstance(key, str) and key not in node:
            node[key] = {}
        node = node[key]
    node[keys[-1]] = value


def load_inputs(source, scenario_path, overrides):
    """The scenario with its overrides applied, and its platform, profile and trace, all from the inputs."""
    scenario_file = os.path.join(source, scenario_path)
    scenario = _load_yaml(scenario_file)
    platform_overrides = []
    for assignment in overrides:
        key, value = assignment.split("=", 1)
        if key.startswith("platform."):
            platform_overrides.append((key[len("platform."):], yaml.safe_load(value)))
        else:
            _set_path(scenario, key, yaml.safe_load(value))
    base = os.path.dirname(scenario_file)
    platform = _load_yaml(os.path.join(base, scenario["platform"]))
    for key, value in platform_overrides:
        _set_path(platform, key, value)
    return scenario, platform


def application_inputs(source, scenario_path, scenario, platform_yaml):
    """Every application of the scenario (docs/formats.md, "Several applications"), or its one application: name
    (None for the one of a scenario without `applications`), model, policy, workload, trace, result size,
    placement and the device numbers that run it (None: every device), from the inputs and the documented rule."""
    base = os.path.dirname(os.path.join(source, scenario_path))
    entries = scenario["applications"] if "applications" in scenario else [
        {"name": None, "model": scenario["model"], "policy": scenario["policy"], "workload": scenario["workload"]}]
    # Device numbers by class: site after site, each site's device classes in platform order.
    device_tier = platform_yaml["tiers"][0]
    per_site = [(c["name"], c.get("count", 1)) for c in device_tier["classes"]]
    device_class = [name for _ in range(platform_yaml.get("sites", 1)) for name, count in per_site for _ in range(count)]
    apps = []
    for entry in entries:
        profile = _load_yaml(os.path.join(base, entry["model"]["profile"]))
        devices = None
        if entry["name"] is not None:
            rule = entry.get("devices") or {}
            classes = set(rule.get("classes") or [name for name, _ in per_site])
            share = float(rule.get("share", 1))
            eligible = [d for d, name in enumerate(device_class) if name in classes]
            # the i-th eligible device runs it when floor((i + 1) x share) > floor(i x share)
            devices = {d for i, d in enumerate(eligible) if math.floor((i + 1) * share + 1e-9) > math.floor(i * share + 1e-9)}
        workload = entry["workload"]
        apps.append({"name": entry["name"], "policy": entry["policy"], "workload": workload,
                     "model": Model(profile, entry["model"].get("partition") or profile["partition"], platform_yaml),
                     "trace": read_trace(os.path.join(base, entry["model"]["trace"])),
                     "result_bytes": quantity(workload.get("result_size", "64B"), "size"),
                     "cloud_only": entry["model"].get("placement", "partition") == "cloud-only",
                     "devices": devices})
    return apps


def read_trace(path):
    """Trace rows as dicts of strings; `#` lines before the header are comments (docs/formats.md)."""
    with open(path, newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines))


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------------------------------------- model
class Model:
    """The profile as the docs describe it: tensor sizes, segments of the partition, heads on tiers."""

    def __init__(self, profile, partition, platform):
        self.classes = profile["classes"]
        self.input_bytes = self._tensor_bytes(profile["input"])
        self.layers = []
        previous = "input"
        for layer in profile["layers"]:
            self.layers.append({"name": layer["name"], "inputs": layer.get("inputs", [previous]),
                                "macs": layer["macs"], "precision": layer["precision"],
                                "bytes": self._tensor_bytes(layer["output"])})
            previous = layer["name"]
        self.layer = {l["name"]: l for l in self.layers}
        self.heads = profile["heads"]
        self.head_names = [h["name"] for h in self.heads]
        # Partition: contiguous ranges of the layer list, in list order; the last may omit `until`.
        self.stages = []
        start = 0
        for i, segment in enumerate(partition):
            if "until" in segment:
                end = next(k for k, l in enumerate(self.layers) if l["name"] == segment["until"]) + 1
            else:
                end = len(self.layers)
            self.stages.append({"tier": segment["tier"], "layers": [l["name"] for l in self.layers[start:end]]})
            start = end
        self.stage_of = {name: i for i, s in enumerate(self.stages) for name in s["layers"]}
        self.tiers = [t["name"] for t in platform["tiers"]]
        self.device_tier = self.tiers[0]

    @staticmethod
    def _tensor_bytes(tensor):
        return math.prod(tensor["shape"]) * tensor["element_bits"] / 8

    def tensors_read_from_outside(self, layer_names):
        """Distinct tensors the given layers (and the final head) read that none of them make: what a
        transfer to them carries (docs/formats.md, "Model profile")."""
        inside = set(layer_names)
        needed = []
        for name in layer_names:
            for tensor in self.layer[name]["inputs"]:
                if tensor not in inside and tensor not in needed:
                    needed.append(tensor)
        return sum(self.input_bytes if t == "input" else self.layer[t]["bytes"] for t in needed)

    def ancestors(self, name):
        """Layers a layer needs (itself included), in list order: what cloud-only runs."""
        needed, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current == "input" or current in needed:
                continue
            needed.add(current)
            todo.extend(self.layer[current]["inputs"])
        return [l["name"] for l in self.layers if l["name"] in needed]


# ---------------------------------------------------------------------------------------------- policies
def policy_decision(policy, model, head, row, is_first_head, last_exit_before_last_tier):
    """docs/policies.md: 'exit', 'next' or 'escalate' at a (non-final) exit head, from the trace row."""
    name = policy["name"]
    h = head["name"]

    def threshold():
        per_head = policy.get("thresholds") or {}
        return float(per_head[h]) if h in per_head else float(policy["threshold"])

    if name == "entropy":
        return "exit" if float(row[f"{h}.entropy_nats"]) < threshold() else "next"
    if name == "ddnn":
        return "exit" if float(row[f"{h}.entropy_nats"]) / math.log(model.classes) < threshold() else "next"
    if name == "max-softmax":
        return "exit" if float(row[f"{h}.confidence"]) >= threshold() else "next"
    if name == "appealnet":
        return "exit" if float(row[f"{h}.appeal"]) >= float(policy["threshold"]) else "next"
    if name == "meanet":
        if not is_first_head:
            return "exit"              # the extension block's head answers the hard samples
        if float(row[f"{h}.entropy_nats"]) > float(policy["threshold"]):
            return "escalate"          # complex: straight to the cloud model
        return "exit" if float(row[f"{h}.hard"]) == 0 else "next"
    if name == "oracle":
        return "exit" if row[f"{h}.pred"] == row["label"] else "next"
    if name == "edge-only":
        return "exit" if h == last_exit_before_last_tier else "next"
    if name == "static":
        return "next"
    if name == "_exit_at":             # adaptive_policy_for: the head a deadline-aware device kept
        return "exit" if h == policy["head"] else "next"
    raise ValueError(f"independent checker: policy {name!r} has no rule here (docs/policies.md)")


# Adaptive policies (docs/policies.md) decide from what the deciding host measured, which this checker does
# not recompute. What it does check: budget-controller and congestion-aware samples exit exactly where their
# base rule puts them at the threshold samples.csv says they were decided with (`policy_threshold`);
# deadline-aware samples follow their base policy, except that where it goes on, the host may keep the
# sample at that head (the estimate missed the deadline): both are accepted there, nothing else.
ADAPTIVE_THRESHOLD_POLICIES = ("budget-controller", "congestion-aware")


def adaptive_policy_for(policy, model, row, s, result_bytes, cloud_only):
    """The static policy that describes what sample `s` (its samples.csv row) did, for an adaptive `policy`."""
    name = policy["name"]
    if name in ADAPTIVE_THRESHOLD_POLICIES:
        return {"name": policy["base"], "threshold": s["policy_threshold"]}
    if name == "deadline-aware":
        base = {k: v for k, v in policy.items() if k in ("threshold", "thresholds")}
        base["name"] = policy["base"]
        path = sample_path(model, base, row, result_bytes, cloud_only)
        if s["exit"] != path.exit and s.get("fallback") != "1" and f"{s['exit']}: next" in path.decisions:
            return {"name": "_exit_at", "head": s["exit"]}
        return base
    return policy


def reported_exit(model, path, s):
    """The head the record must name: the path's, or, for a fallback answer (docs/outputs.md, "Deadlines"),
    the last exit head the sample met on the device tier."""
    if s.get("fallback") != "1":
        return path.exit
    device_heads = [h["name"] for h in model.heads[:-1]
                    if model.stages[model.stage_of[h["after"]]]["tier"] == model.device_tier]
    met = [d.split(":")[0] for d in path.decisions]
    return [h for h in met if h in device_heads][-1]


# ---------------------------------------------------------------------------------------------- one sample
class Path:
    """What one sample did, as the docs say it must: computations per tier, transfers, the answering head."""

    def __init__(self):
        self.macs = []          # (tier, precision, macs)
        self.transfers = []     # (from tier, to tier, bytes)
        self.decisions = []     # "head: decision", in the order the sample met its heads
        self.runs = {}          # tier -> computations there, at most: one per visit + one per exit head decided
        self.exit = None

    def count_run(self, tier):
        self.runs[tier] = self.runs.get(tier, 0) + 1


def sample_path(model, policy, row, result_bytes, cloud_only=False):
    path = Path()
    heads_after = {}
    for i, head in enumerate(model.heads):
        heads_after.setdefault(head["after"], []).append((i, head))
    final = model.heads[-1]
    last_tier = model.stages[-1]["tier"]
    exit_heads_before_last = [h["name"] for h in model.heads[:-1]
                              if model.stages[model.stage_of[h["after"]]]["tier"] != last_tier]
    last_exit_before_last_tier = exit_heads_before_last[-1] if exit_heads_before_last else None

    if cloud_only:  # model.placement: cloud-only (docs/formats.md)
        layers = model.ancestors(final["after"])
        path.transfers.append((model.device_tier, last_tier, model.tensors_read_from_outside(layers)))
        path.macs += [(last_tier, model.layer[l]["precision"], model.layer[l]["macs"]) for l in layers]
        path.macs.append((last_tier, final["precision"], final["macs"]))
        path.exit = final["name"]
        path.count_run(last_tier)
        where = last_tier
    else:
        where = model.device_tier
        stage = 0
        while path.exit is None:
            tier = model.stages[stage]["tier"]
            if tier != where:   # everything the layers still to run read, from the stages before
                remaining = [l for s in model.stages[stage:] for l in s["layers"]]
                path.transfers.append((where, tier, model.tensors_read_from_outside(remaining)))
                where = tier
            path.count_run(tier)
            jump = None
            for layer in model.stages[stage]["layers"]:
                path.macs.append((tier, model.layer[layer]["precision"], model.layer[layer]["macs"]))
                for index, head in heads_after.get(layer, []):
                    path.macs.append((tier, head["precision"], head["macs"]))
                    if head is final:
                        path.exit = head["name"]
                        break
                    decision = policy_decision(policy, model, head, row, index == 0, last_exit_before_last_tier)
                    path.decisions.append(f"{head['name']}: {decision}")
                    path.count_run(tier)
                    if decision == "exit":
                        path.exit = head["name"]
                    elif decision == "escalate":
                        jump = len(model.stages) - 1
                    if path.exit or jump is not None:
                        break
                if path.exit or jump is not None:
                    break
            if path.exit:
                break
            if jump is not None and jump <= stage:
                raise ValueError("independent checker: escalation from a head on the last stage is not described "
                                 "in docs/policies.md")
            stage = jump if jump is not None else stage + 1
            if stage >= len(model.stages):
                raise ValueError("independent checker: a sample ran past the last stage without an answer")
    if where != model.device_tier:   # the answer goes back to the device
        path.transfers.append((where, model.device_tier, result_bytes))
    return path


# ---------------------------------------------------------------------------------------------- platform
class Platform:
    def __init__(self, platform):
        self.sites = platform.get("sites", 1)
        self.tier = {}
        for tier in platform["tiers"]:
            classes = tier["classes"]
            # Device classes that differ only in their name, count and battery (docs/formats.md, "Batteries")
            # compute alike: one class of their total count. Otherwise one class per tier only.
            def compute_part(c):
                return {k: v for k, v in c.items() if k not in ("name", "count", "battery")}
            alike = tier["scope"] == "device" and all(compute_part(c) == compute_part(classes[0]) for c in classes)
            if len(classes) != 1 and not alike:
                raise ValueError(f"independent checker: tier {tier['name']} has {len(classes)} host classes; "
                                 "the host class of a sample's stage would be ambiguous (one class per tier only)")
            c = dict(classes[0], count=sum(x.get("count", 1) for x in classes))
            # Time and dynamic energy follow from MACs alone only at full speed and one sample per
            # computation: not with DVFS states (docs/formats.md, "DVFS") or batches ("Batching").
            simple_timing = "pstates" not in c and int((c.get("batching") or {}).get("max_size", 1)) == 1
            power = c.get("power_per_core") or {}
            self.tier[tier["name"]] = {
                "scope": tier["scope"], "class": c["name"], "count": c.get("count", 1), "cores": c.get("cores", 1),
                "energy_per_mac": {p: quantity(v, "energy") for p, v in (c.get("energy_per_mac") or {}).items()},
                "throughput": {p: quantity(v, "throughput") for p, v in c["throughput"].items()},
                "simple_timing": simple_timing,
                "dynamic_power_w": quantity(power["busy"], "power") - quantity(power["idle"], "power")
                if simple_timing else None,
            }
        self.device_tier = platform["tiers"][0]["name"]
        self.devices_per_site = self.tier[self.device_tier]["count"]
        # Host names of a site's devices (docs/outputs.md, hosts.csv): each class's own name and its own count.
        self.device_names = [f"{c['name']}-{k}" for c in platform["tiers"][0]["classes"] for k in range(c.get("count", 1))]
        access = (platform.get("links") or {}).get("access")
        # A wireless access (docs/formats.md, "Wireless access"): which site's medium and uplink carried a
        # transfer depends on where the device was, so access and uplink bytes are checked per class.
        self.wireless = isinstance(access, dict) and "wifi" in access
        self.links = {}
        for name, link in (platform.get("links") or {}).items():
            epb = link.get("energy_per_bit")
            self.links[name] = quantity(epb, "energy") if epb is not None else None

    def link_classes(self, from_tier, to_tier):
        """Link classes on the route between two tiers (docs/formats.md, "Routes")."""
        scopes = {self.tier[from_tier]["scope"], self.tier[to_tier]["scope"]}
        if scopes == {"device", "site"}:
            wanted = ["access"]
        elif scopes == {"device", "central"}:
            wanted = ["access", "uplink", "ingress"]
        elif scopes == {"site", "central"}:
            wanted = ["uplink", "ingress"]
        else:
            raise ValueError(f"independent checker: no route between {from_tier} and {to_tier}")
        return [c for c in wanted if c in self.links]

    def link_name(self, link_class, device):
        if self.wireless and link_class in ("access", "uplink"):
            return f"class:{link_class}"
        site = device // self.devices_per_site
        if link_class == "access":
            return f"site{site}-{self.device_tier}-{self.device_names[device % self.devices_per_site]}-access"
        if link_class == "uplink":
            return f"site{site}-uplink"
        return "ingress"

    def route(self, from_tier, to_tier, device, sites):
        """(link class, link name) on the route between two tiers for `device`'s sample; `sites`: the site
        each site tier ran it at (samples.csv `<tier>_site` under an orchestration rule, docs/orchestration.md;
        the device's own site otherwise). Between two sites: the device end's access link, then both sites'
        uplinks (a horizontal offload); otherwise the link classes of link_classes()."""
        home = device // self.devices_per_site
        ends = []
        for tier in (from_tier, to_tier):
            scope = self.tier[tier]["scope"]
            ends.append((scope, home if scope == "device" else sites.get(tier, home) if scope == "site" else None))
        (scope_a, site_a), (scope_b, site_b) = ends
        if self.wireless or site_a is None or site_b is None or site_a == site_b:
            out = []
            for link_class in self.link_classes(from_tier, to_tier):
                name = self.link_name(link_class, device)
                if link_class == "uplink" and not self.wireless:
                    name = f"site{site_a if site_b is None else site_b}-uplink"
                out.append((link_class, name))
            return out
        if scope_b == "device":
            (scope_a, site_a), (scope_b, site_b) = (scope_b, site_b), (scope_a, site_a)
        out = [("access", self.link_name("access", device))] if scope_a == "device" and "access" in self.links else []
        if "uplink" in self.links:
            out += [("uplink", f"site{site_a}-uplink"), ("uplink", f"site{site_b}-uplink")]
        return out

    def device_host(self, device):
        site = device // self.devices_per_site
        return f"site{site}-{self.device_tier}-{self.device_names[device % self.devices_per_site]}"


# ---------------------------------------------------------------------------------------------- checking
class Failures:
    def __init__(self):
        self.by_check = {}
        self.checked = {}

    def count(self, check, n=1):
        self.checked[check] = self.checked.get(check, 0) + n

    def expect(self, check, ok, message):
        self.count(check)
        if not ok:
            self.by_check.setdefault(check, []).append(message)

    def expect_close(self, check, where, expected, actual, how="", abs_tol=ABS_TOL):
        ok = actual is not None and math.isclose(expected, actual, rel_tol=REL_TOL, abs_tol=abs_tol)
        self.expect(check, ok, f"{where}: expected {expected!r}{how}, got {actual!r}")

    def expect_equal(self, check, where, expected, actual, how=""):
        self.expect(check, expected == actual, f"{where}: expected {expected!r}{how}, got {actual!r}")

    def report(self, label):
        lines = []
        for check in sorted(self.checked):
            failed = self.by_check.get(check, [])
            status = f"FAILED {len(failed)} of {self.checked[check]}" if failed else f"ok ({self.checked[check]} figures)"
            lines.append(f"independent {label}: {check}: {status}")
            for message in failed[:MAX_REPORTED]:
                lines.append(f"  {check}: {message}")
            if len(failed) > MAX_REPORTED:
                lines.append(f"  {check}: ... and {len(failed) - MAX_REPORTED} more")
        return lines

    @property
    def ok(self):
        return not self.by_check


def _float(text):
    return float(text) if text not in ("", None) else None


def check_output(source, scenario_path, overrides, out, timing_s=SIMGRID_TIMING_S):
    """All checks of one run's output folder `out`; returns a Failures. timing_s: the clock precision
    allowed per computation in figures measured on SimGrid's clock (compute_s, hosts' dynamic_energy_j)."""
    scenario, platform_yaml = load_inputs(source, scenario_path, overrides)
    platform = Platform(platform_yaml)
    apps = application_inputs(source, scenario_path, scenario, platform_yaml)
    several = "applications" in scenario
    by_name = {app["name"]: app for app in apps}
    fifo = (scenario.get("servers") or {}).get("discipline", "fifo") == "fifo"
    analytic_view = (scenario.get("outputs") or {}).get("compute_energy_view", "host-dynamic") == "analytic"
    f = Failures()

    samples = read_csv(os.path.join(out, "samples.csv"))
    with open(os.path.join(out, "summary.json")) as file:
        summary = json.load(file)
    hosts = {h["host"]: h for h in read_csv(os.path.join(out, "hosts.csv"))}
    links = {l["link"]: l for l in read_csv(os.path.join(out, "links.csv"))}

    if platform.wireless:
        mobility = summary.get("mobility") or {}
        if mobility.get("interrupted_transfers", 0) > 0:
            raise ValueError("independent checker: transfers interrupted by a handover are sent again (docs/formats.md, "
                             "\"Mobility\"): their bytes do not follow from the inputs alone")
        if any(platform.tier[stage["tier"]]["scope"] == "site" for app in apps for stage in app["model"].stages):
            raise ValueError("independent checker: with a wireless access, a device's transfers to a site tier cross "
                             "zero or two uplinks depending on where it is: not checked")
    all_samples = samples
    samples = [s for s in samples if s.get("outcome", "completed") != "given_up"]  # given-up rows: no path
    # Heads as summary.json names them: "<application>/<head>" with several applications (docs/outputs.md).
    def qualified(app, head):
        return f"{app['name']}/{head}" if several else head
    head_names = [qualified(app, h) for app in apps for h in app["model"].head_names]
    exit_count = {h: 0 for h in head_names}
    correct_total = 0
    per_app = {app["name"]: {"samples": 0, "correct": 0, "bytes": 0.0, "exits": {}} for app in apps}
    # per tier, per device host, per (site tier, site) host: {"compute": J analytic, "busy": core-seconds,
    # "runs": computations at most (Path.runs; each may be off by SimGrid's timing precision)}
    by_tier = {t: {"compute": 0.0, "busy": 0.0, "runs": 0} for t in apps[0]["model"].tiers}  # the platform's tiers
    by_device, by_site_host = {}, {}
    bytes_total = 0.0
    link_bytes, link_transfers = {}, {}
    network_by_class = {}
    samples_per_device = {}
    # With failures (docs/formats.md, "Failures and recovery") a sample whose work was lost, or that fell
    # back or was given up, took another path than the policy's: only the untouched ones are recomputed here,
    # and the aggregates (which include lost work) are left to tests/e2e/failures_test.cpp. Samples given up
    # out of coverage (a wireless access) have no path either: left out of the recomputation below.
    with open(os.path.join(out, "manifest.json")) as file:
        failures_run = "failures" in json.load(file)["scenario"]  # present exactly when something can fail
    # With batteries (docs/formats.md, "Batteries") a device that empties stops: its held samples are given up
    # (outcome battery) and it draws nothing after its death. Answered samples are recomputed as with failures;
    # the aggregates (hosts' energy up to each death) are left to tests/e2e/battery_test.cpp.
    failures_run = failures_run or "battery" in summary
    untouched = 0
    for s in all_samples:
        key = (s.get("application"), int(s["device"]))
        samples_per_device[key] = samples_per_device.get(key, 0) + 1
        if several:
            per_app[s["application"]]["samples"] += 1
    for s in samples:
        sid = f"sample {s['sample_id']}"
        device = int(s["device"])
        app = by_name[s["application"]] if several else apps[0]
        model, policy, trace = app["model"], app["policy"], app["trace"]
        result_bytes, cloud_only = app["result_bytes"], app["cloud_only"]
        if several:
            sid += f" ({app['name']})"
        if failures_run and (s["losses"] != "0" or s["outcome"] != "completed"):
            continue
        untouched += 1
        # Where its site-tier stages ran: which host an orchestration rule picks is the engine's choice (not a
        # figure of the inputs), so it is read from samples.csv `<tier>_site` and everything else follows.
        sites = {t: int(s[f"{t}_site"]) for t in platform.tier
                 if platform.tier[t]["scope"] == "site" and s.get(f"{t}_site", "-1") not in ("", "-1")}
        row_index = int(s["trace_row"])
        row = trace[row_index]
        f.expect_equal("correct", f"{sid} dataset_sample (trace row {row_index})", row["sample"], s["dataset_sample"])
        path = sample_path(model, adaptive_policy_for(policy, model, row, s, result_bytes, cloud_only), row,
                           result_bytes, cloud_only)
        answered = reported_exit(model, path, s)

        # exit and correct
        f.expect_equal("exit", f"{sid} exit (trace row {row_index}, policy {policy['name']})", answered, s["exit"],
                       f" ({_rule_text(path, row, model)})")
        correct = 1 if row[f"{answered}.pred"] == row["label"] else 0
        f.expect_equal("correct", f"{sid} correct ({answered}.pred {row[f'{answered}.pred']}, label {row['label']})",
                       str(correct), s["correct"])
        exit_count[qualified(app, answered)] += 1
        correct_total += correct
        per_app[app["name"]]["correct"] += correct
        per_app[app["name"]]["exits"][answered] = per_app[app["name"]]["exits"].get(answered, 0) + 1

        # compute energy and time, per tier
        energy_tier, seconds_tier, runs_tier = {}, {}, path.runs
        for tier, precision, macs in path.macs:
            spec = platform.tier[tier]
            energy_tier[tier] = energy_tier.get(tier, 0.0) + macs * spec["energy_per_mac"].get(precision, 0.0)
            seconds_tier[tier] = seconds_tier.get(tier, 0.0) + macs / spec["throughput"][precision]
        compute_j = sum(energy_tier.values())
        f.expect_close("compute_energy", f"{sid} compute_energy_j", compute_j, _float(s["compute_energy_j"]),
                       f" (MACs by tier and precision: {_macs_text(path)})")
        for tier, joules in energy_tier.items():
            scope = platform.tier[tier]["scope"]
            accounts = [by_tier[tier]]
            if scope == "device":
                accounts.append(by_device.setdefault(device, {"compute": 0.0, "busy": 0.0, "runs": 0}))
            elif scope == "site":
                accounts.append(by_site_host.setdefault((tier, sites.get(tier, device // platform.devices_per_site)),
                                                        {"compute": 0.0, "busy": 0.0, "runs": 0}))
            for account in accounts:
                account["compute"] += joules
                account["busy"] += seconds_tier[tier]
                account["runs"] += runs_tier[tier]
        if fifo and all(platform.tier[t]["simple_timing"] for t in seconds_tier):
            dynamic_j = sum(seconds * platform.tier[t]["dynamic_power_w"] for t, seconds in seconds_tier.items())
            f.expect_close("compute_time", f"{sid} compute_s", sum(seconds_tier.values()), _float(s["compute_s"]),
                           f" (within SimGrid's timing precision {timing_s} s x {sum(path.runs.values())} computations)",
                           abs_tol=max(timing_s * sum(path.runs.values()), ABS_TOL))
            f.expect_close("compute_time", f"{sid} host_dynamic_energy_j", dynamic_j,
                           _float(s["host_dynamic_energy_j"]))

        # bytes and network energy
        sample_bytes = 0.0
        network_j = 0.0
        for from_tier, to_tier, nbytes in path.transfers:
            sample_bytes += nbytes
            for link_class, name in platform.route(from_tier, to_tier, device, sites):
                link_bytes[name] = link_bytes.get(name, 0.0) + nbytes
                link_transfers[name] = link_transfers.get(name, 0) + 1
                epb = platform.links[link_class]
                if epb is not None:
                    joules = nbytes * 8 * epb
                    network_j += joules
                    network_by_class[link_class] = network_by_class.get(link_class, 0.0) + joules
        route = " + ".join(f"{int(b)} B {a}->{t}" for a, t, b in path.transfers) or "no transfer"
        f.expect_close("bytes", f"{sid} bytes_sent", sample_bytes, _float(s["bytes_sent"]), f" ({route})")
        f.expect_close("network_energy", f"{sid} network_energy_j", network_j, _float(s["network_energy_j"]),
                       f" ({route})")
        bytes_total += sample_bytes
        per_app[app["name"]]["bytes"] += sample_bytes

        # the sample's energy is the sum of its parts (docs/outputs.md, samples.csv)
        compute_part = _float(s["compute_energy_j"]) if analytic_view else _float(s["host_dynamic_energy_j"])
        parts = compute_part + _float(s["radio_energy_j"]) + _float(s["network_energy_j"])
        f.expect_close("energy_sum", f"{sid} energy_j", parts, _float(s["energy_j"]),
                       " (compute view + radio_energy_j + network_energy_j)")

    # workload: how many samples, on which devices, which rows (per application)
    devices = platform.sites * platform.devices_per_site
    for app in apps:
        workload = app["workload"]
        name = app["name"]
        label = f"application {name}: " if several else ""
        app_samples = [s for s in samples if s.get("application") == name] if several else samples
        runs_it = app["devices"] if app["devices"] is not None else set(range(devices))
        arrivals = workload.get("arrivals", "poisson")
        # Exactly N per device, unless N is a bound on a trace or on a profile that may end (docs/formats.md,
        # "Arrival processes": "How arrivals end").
        exact_count = arrivals != "trace" and not (arrivals == "profile" and "period" not in workload)
        if "samples_per_device" in workload and exact_count:
            per_device = int(workload["samples_per_device"])
            f.expect_equal("workload", f"{label}number of samples", len(runs_it) * per_device,
                           sum(samples_per_device.get((name, d), 0) for d in range(devices)),
                           f" ({len(runs_it)} devices x {per_device})")
            for d in range(devices):
                f.expect_equal("workload", f"{label}device {d} samples", per_device if d in runs_it else 0,
                               samples_per_device.get((name, d), 0))
        if "duration" in workload:
            duration_s = quantity(workload["duration"], "time")
            late = [s["sample_id"] for s in app_samples if float(s["arrival_s"]) >= duration_s]
            f.expect_equal("workload", f"{label}samples arriving at or after the duration {duration_s} s", [], late[:5])
        if arrivals == "trace":
            if several:
                raise ValueError("independent checker: an arrival trace in a scenario of several applications: not checked")
            # The arrival trace's rows, bounded as documented, are the samples' (arrival_s, device), to the bit.
            dps = platform.devices_per_site
            device_class = platform.tier[platform.device_tier]["class"]
            names = {f"site{d // dps}-{platform.device_tier}-{device_class}-{d % dps}": d for d in range(devices)}
            base = os.path.dirname(os.path.join(source, scenario_path))
            expected, taken = [], {}
            for row in read_trace(os.path.join(base, workload["file"])):
                t = float(row["time_s"])
                d = names[row["device"]] if row["device"] in names else int(row["device"])
                if "duration" in workload and t >= quantity(workload["duration"], "time"):
                    continue
                if "samples_per_device" in workload and taken.get(d, 0) >= int(workload["samples_per_device"]):
                    continue
                taken[d] = taken.get(d, 0) + 1
                expected.append((t, d))
            expected.sort()
            actual = sorted((float(s["arrival_s"]), int(s["device"])) for s in samples)
            f.expect_equal("workload", "number of arrivals of the arrival trace", len(expected), len(actual))
            for e, a in zip(expected, actual):
                f.expect_equal("workload", "arrival (time_s, device)", e, a)
        order = workload.get("order", "shuffled")
        if order in ("sequential", "shuffled") and len(app_samples) <= len(app["trace"]):
            rows = [s["trace_row"] for s in app_samples]
            f.expect_equal("workload", f"{label}distinct trace rows", len(app_samples), len(set(rows)),
                           f" (order {order}, {len(app_samples)} samples <= {len(app['trace'])} rows)")
    if "recovery" in summary:
        # every arrival is one row, and the summary counts each outcome once
        # outcome battery is a kind of given up (docs/outputs.md, "Batteries")
        outcomes = {o: sum(1 for s in all_samples if s["outcome"] == o or (o, s["outcome"]) == ("given_up", "battery"))
                    for o in ("completed", "fell_back", "given_up")}
        f.expect_equal("workload", "rows with an outcome", len(all_samples), sum(outcomes.values()))
        recovery = summary["recovery"]
        f.expect_equal("workload", "summary recovery.arrivals", len(all_samples), recovery["arrivals"])
        for o, count in outcomes.items():
            f.expect_equal("workload", f"summary recovery.{o}", count, recovery[o])
    if failures_run:
        f.expect_equal("workload", "samples recomputed (untouched by failures)", True, untouched > 0)
        return f

    # summary: exits and accuracy; given-up samples count as wrong answers (docs/outputs.md, summary.json)
    n = len(all_samples)
    f.expect_equal("summary.exits", "summary samples", n, summary["samples"])
    f.expect_equal("summary.exits", "summary heads", head_names, summary["heads"])
    f.expect_equal("summary.exits", "summary correct", correct_total, summary["correct"])
    f.expect_close("summary.exits", "summary accuracy", correct_total / n, summary["accuracy"],
                   f" ({correct_total}/{n})")
    for h in head_names:
        f.expect_equal("summary.exits", f"summary exit_count.{h}", exit_count[h], summary["exit_count"].get(h))
        f.expect_close("summary.exits", f"summary exit_fraction.{h}", exit_count[h] / n,
                       summary["exit_fraction"].get(h), f" ({exit_count[h]}/{n})")
    if several:  # summary.json by_application (docs/outputs.md, "Several applications")
        by_application = summary.get("by_application") or {}
        f.expect_equal("summary.exits", "summary by_application names", sorted(by_name), sorted(by_application))
        for app in apps:
            name, counts = app["name"], per_app[app["name"]]
            got = by_application.get(name) or {}
            count = counts["samples"]
            f.expect_equal("summary.exits", f"by_application.{name}.devices", len(app["devices"]), got.get("devices"))
            f.expect_equal("summary.exits", f"by_application.{name}.samples", count, got.get("samples"))
            f.expect_equal("summary.exits", f"by_application.{name}.correct", counts["correct"], got.get("correct"))
            f.expect_close("summary.exits", f"by_application.{name}.accuracy", counts["correct"] / max(count, 1),
                           got.get("accuracy"))
            for h in app["model"].head_names:
                f.expect_close("summary.exits", f"by_application.{name}.exit_fraction.{h}",
                               counts["exits"].get(h, 0) / max(count, 1), (got.get("exit_fraction") or {}).get(h))
            f.expect_close("bytes", f"by_application.{name}.bytes", counts["bytes"], got.get("bytes"))

    # compute energy and busy time: hosts.csv (per device host, per site host when a site has one, per tier)
    # and summary. busy_core_s is work at full core speed, whatever the discipline; the host plugin's
    # dynamic energy is (busy - idle power per core) x those core-seconds (docs/outputs.md, "Energy account"),
    # integrated on SimGrid's clock: within its timing precision per computation.
    def expect_host(label, account, row, tier):
        dynamic_w = platform.tier[tier]["dynamic_power_w"]
        f.expect_close("compute_energy", f"hosts.csv {label} compute_energy_j", account["compute"],
                       _float(row.get("compute_energy_j")))
        if not platform.tier[tier]["simple_timing"]:
            return
        f.expect_close("host_busy", f"hosts.csv {label} busy_core_s", account["busy"], _float(row.get("busy_core_s")),
                       " (sum of MACs / throughput of one core)")
        clock_j = max(timing_s * account["runs"] * dynamic_w, ABS_TOL)
        f.expect_close("host_busy", f"hosts.csv {label} dynamic_energy_j", account["busy"] * dynamic_w,
                       _float(row.get("dynamic_energy_j")),
                       f" ((busy - idle) {dynamic_w} W x busy_core_s, within {clock_j:.3g} J: SimGrid's timing "
                       f"precision {timing_s} s x {account['runs']} computations)", abs_tol=clock_j)

    empty = {"compute": 0.0, "busy": 0.0, "runs": 0}
    for d in range(devices):
        host = platform.device_host(d)
        expect_host(host, by_device.get(d, empty), hosts.get(host, {}), platform.device_tier)
    account_by_tier = (summary.get("energy_account_j") or {}).get("by_tier", {})
    for tier, spec in platform.tier.items():
        tier_hosts = [h for h in hosts.values() if h["tier"] == tier]
        total = {"compute_energy_j": sum(_float(h["compute_energy_j"]) for h in tier_hosts),
                 "busy_core_s": sum(_float(h["busy_core_s"]) for h in tier_hosts),
                 "dynamic_energy_j": sum(_float(h["dynamic_energy_j"]) for h in tier_hosts)}
        expect_host(f"sum over tier {tier} of", by_tier[tier], total, tier)
        if spec["scope"] == "site" and spec["count"] == 1:
            for site in range(platform.sites):
                host = next((h for h in tier_hosts if int(h["site"]) == site), {})
                expect_host(host.get("host", f"site {site} {tier}"), by_site_host.get((tier, site), empty), host, tier)
        f.expect_close("compute_energy", f"summary compute_energy_j.by_tier.{tier}", by_tier[tier]["compute"],
                       summary["compute_energy_j"]["by_tier"].get(tier))
        f.expect_close("compute_energy", f"summary energy_account_j.by_tier.{tier}.compute_analytic",
                       by_tier[tier]["compute"], account_by_tier.get(tier, {}).get("compute_analytic"))
        if spec["simple_timing"]:
            f.expect_close("host_busy", f"summary energy_account_j.by_tier.{tier}.host_dynamic",
                           by_tier[tier]["busy"] * spec["dynamic_power_w"],
                           account_by_tier.get(tier, {}).get("host_dynamic"),
                           abs_tol=max(timing_s * by_tier[tier]["runs"] * spec["dynamic_power_w"], ABS_TOL))
    f.expect_close("compute_energy", "summary compute_energy_j.total", sum(a["compute"] for a in by_tier.values()),
                   summary["compute_energy_j"]["total"])

    # bytes: links.csv and summary
    if platform.wireless:  # access media and uplinks as sums per class (see Platform.wireless)
        for link_class in ("access", "uplink"):
            members = [l for l in links.values() if l["link_class"] == link_class]
            if not members:
                continue
            key = f"class:{link_class}"
            f.expect_close("bytes", f"links.csv {link_class} bytes, all links", link_bytes.pop(key, 0.0),
                           sum(_float(l["bytes"]) for l in members))
            f.expect_equal("bytes", f"links.csv {link_class} transfers, all links", link_transfers.pop(key, 0),
                           sum(int(l["transfers"]) for l in members))
            for l in members:
                del links[l["link"]]
                link_bytes[l["link"]] = _float(l["bytes"])  # counted in the class sums below
    for name, link in links.items():
        f.expect_close("bytes", f"links.csv {name} bytes", link_bytes.get(name, 0.0), _float(link["bytes"]))
        f.expect_equal("bytes", f"links.csv {name} transfers", str(link_transfers.get(name, 0)), link["transfers"])
        epb = platform.links[link["link_class"]]
        if epb is None:
            f.expect_equal("network_energy", f"links.csv {name} energy_j", "", link["energy_j"])
        else:
            f.expect_close("network_energy", f"links.csv {name} energy_j", link_bytes.get(name, 0.0) * 8 * epb,
                           _float(link["energy_j"]))
    f.expect_equal("bytes", "links.csv links carrying bytes", sorted(n for n in link_bytes if n in links),
                   sorted(n for n, l in links.items() if _float(l["bytes"]) > 0))
    f.expect_close("bytes", "summary bytes.total", bytes_total, summary["bytes"]["total"])
    for link_class in platform.links:
        expected = sum(b for name, b in link_bytes.items() if _class_of(name) == link_class)
        f.expect_close("bytes", f"summary bytes.by_link_class.{link_class}", expected,
                       summary["bytes"]["by_link_class"].get(link_class))

    # network energy: summary
    if all(epb is None for epb in platform.links.values()):
        f.expect_equal("network_energy", "summary network_energy_j", None, summary["network_energy_j"])
    else:
        network = summary["network_energy_j"] or {}
        f.expect_close("network_energy", "summary network_energy_j.total", sum(network_by_class.values()),
                       network.get("total"))
        f.expect_close("network_energy", "summary energy_account_j.total.network", sum(network_by_class.values()),
                       ((summary.get("energy_account_j") or {}).get("total") or {}).get("network"))
        for link_class, epb in platform.links.items():
            if epb is not None:
                f.expect_close("network_energy", f"summary network_energy_j.by_link_class.{link_class}",
                               network_by_class.get(link_class, 0.0), (network.get("by_link_class") or {}).get(link_class))
    return f


def _class_of(link_name):
    if link_name == "ingress":
        return "ingress"
    return "access" if link_name.endswith("-access") or link_name.endswith("-wifi-medium") else "uplink"


def _rule_text(path, row, model):
    """The decisions and the trace values they read, for a failure message."""
    values = [f"{c} {row[c]}" for c in row if c.split(".")[0] in model.head_names[:-1]]
    return "; ".join(path.decisions + [f"label {row['label']}"] + values)


def _macs_text(path):
    totals = {}
    for tier, precision, macs in path.macs:
        totals[(tier, precision)] = totals.get((tier, precision), 0) + macs
    return ", ".join(f"{t}/{p} {m}" for (t, p), m in totals.items())


def run_scenario(binary, source, scenario_path, overrides, out):
    args = [binary, "--log-level", "warn", "run", os.path.join(os.path.realpath(source), scenario_path), "-o", out,
            "--no-progress", "--seed", SEED] + OUTPUT_ARGS
    for assignment in overrides:
        args += ["--set", assignment]
    done = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        sys.exit(f"independent: {shlex.join(args)} exited {done.returncode}:\n{done.stdout}")


def quick_overrides(scenario_path):
    name = os.path.splitext(os.path.basename(scenario_path))[0]
    extra = QUICK_ARGS.get(name, [])
    return [extra[i + 1] for i in range(0, len(extra), 2)]


def golden_case(source, name):
    """(scenario, overrides) of a case of tests/golden/cases.txt; only `--set K=V` arguments are understood."""
    with open(os.path.join(source, "tests", "golden", "cases.txt")) as f:
        for line in f:
            words = shlex.split(line, comments=True)
            if words and words[0] == name:
                extra = words[2:]
                if len(extra) % 2 or any(flag != "--set" for flag in extra[::2]):
                    bad_input(f"tests/golden/cases.txt: case {name}: only --set KEY=VALUE arguments are supported: {extra}")
                return words[1], extra[1::2]
    bad_input(f"<command line>: --case: no case {name!r} in tests/golden/cases.txt")


def bad_input(message):
    """Bad command-line input: one line, exit status 2 (house rule), nothing run."""
    print(message, file=sys.stderr)
    sys.exit(2)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", required=True, help="source root (paths of scenarios are relative to it)")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--scenario", help="scenario, relative to the source root")
    what.add_argument("--case", help="a case of tests/golden/cases.txt instead of --scenario")
    parser.add_argument("--set", action="append", default=[], dest="overrides", metavar="KEY=VALUE",
                        help="extra override of the run (after the quick ones of QUICK_ARGS)")
    parser.add_argument("--binary", help="hybridfog binary: run the scenario, then check")
    parser.add_argument("--work", help="folder for the run (default: a temporary one)")
    parser.add_argument("--check-output", metavar="DIR", help="check this output folder instead of running")
    parser.add_argument("--timing-tolerance-s", type=float, default=SIMGRID_TIMING_S,
                        help="compute_s, dynamic_energy_j: allowed clock error per computation, s "
                             "(default: SimGrid's precision/timing)")
    a = parser.parse_args()
    if a.check_output and not os.path.isfile(os.path.join(a.check_output, "summary.json")):
        bad_input(f"<command line>: --check-output: {a.check_output} is not a complete hybridfog run output "
                  "(no summary.json)")
    if a.scenario and not os.path.isfile(os.path.join(a.source, a.scenario)):
        bad_input(f"<command line>: --scenario: no file {a.scenario} under {a.source}")
    if a.case:
        a.scenario, case_overrides = golden_case(a.source, a.case)
        overrides = case_overrides + a.overrides
        label = a.case
    else:
        overrides = quick_overrides(a.scenario) + a.overrides
        label = os.path.splitext(os.path.basename(a.scenario))[0]
    if a.check_output:
        failures = check_output(a.source, a.scenario, overrides, a.check_output, a.timing_tolerance_s)
    else:
        if not a.binary:
            parser.error("give --binary (run and check) or --check-output DIR")
        work = a.work or tempfile.mkdtemp(prefix="hybridfog-independent-")
        try:
            out = os.path.join(work, label)
            run_scenario(a.binary, a.source, a.scenario, overrides, out)
            failures = check_output(a.source, a.scenario, overrides, out, a.timing_tolerance_s)
        finally:
            if not a.work:
                shutil.rmtree(work, ignore_errors=True)
    print("\n".join(failures.report(label)))
    if not failures.ok:
        sys.exit(f"independent {label}: outputs disagree with the figures derived from the inputs (see above)")
    print(f"independent {label}: every check passed")


if __name__ == "__main__":
    main()
