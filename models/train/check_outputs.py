#!/usr/bin/python3
"""Checks model profiles, traces and provenance files against docs/formats.md.

    /usr/bin/python3 models/train/check_outputs.py DIR [--require-all] [--smoke]

DIR holds profiles/*.yaml and traces/*.csv + traces/*.provenance.json (models/ of the checkout, or the
--out folder of export_all.py). --require-all: every system and reference profile that export_all.py
writes must be there. --smoke: the traces may hold fewer than 10,000 rows.
Prints one line per problem and exits 1 when there is any, else prints a summary and exits 0.
"""
import argparse
import csv
import json
import math
import os
import re
import sys

import yaml

PRECISIONS = {"fp32", "fp16", "int8", "int4", "binary"}
PROFILE_KEYS = {"name": True, "classes": True, "input": True, "layers": True, "heads": True, "partition": True,
                "cut_points": False, "metadata": False}
LAYER_KEYS = {"name": True, "inputs": False, "macs": True, "params": False, "precision": True, "output": True}
HEAD_KEYS = {"name": True, "after": True, "macs": True, "precision": True}
PROVENANCE_KEYS = ("model", "command", "seed", "epochs", "versions", "dataset", "accuracy", "default_rule",
                   "hybrid", "training_wall_time_s")
# The systems export_all.py trains and the reference networks it profiles (kept here so that this check
# needs no torch).
SYSTEMS = ("hybrid-binary-fmnist", "hybrid-int4-fmnist", "hybrid-fp32-fmnist", "appealnet-fmnist",
           "meanet-fmnist")
REFERENCES = ("hybrid-binary-resnet32-cifar10", "hybrid-int4-resnet32-cifar100", "meanet-resnet32-cifar100",
              "vgg19-224", "resnet50-224", "mobilenetv2-224")
EXTRAS = {"appeal": (0.0, 1.0), "hard": (0.0, 1.0)}   # known extra columns and their ranges


class Problems:
    def __init__(self):
        self.lines = []

    def add(self, where, message):
        self.lines.append(f"{where}: {message}")


def _is_int(value, minimum=0):
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _check_keys(problems, where, mapping, spec):
    if not isinstance(mapping, dict):
        problems.add(where, "must be a map")
        return False
    for key in mapping:
        if key not in spec:
            problems.add(where, f"unknown key {key!r}")
    for key, required in spec.items():
        if required and key not in mapping:
            problems.add(where, f"missing key {key!r}")
    return True


def _check_tensor(problems, where, tensor):
    if not _check_keys(problems, where, tensor, {"shape": True, "element_bits": True}):
        return
    shape = tensor.get("shape")
    if not isinstance(shape, list) or not shape or not all(_is_int(d, 1) for d in shape):
        problems.add(where, f"shape must be a list of positive integers, got {shape!r}")
    if not _is_int(tensor.get("element_bits"), 1):
        problems.add(where, f"element_bits must be a positive integer, got {tensor.get('element_bits')!r}")


def check_profile(path, problems):
    """Returns the profile dict (or None when it cannot be read)."""
    try:
        with open(path) as f:
            profile = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as error:
        problems.add(path, f"cannot read: {error}")
        return None
    if not _check_keys(problems, path, profile, PROFILE_KEYS):
        return None
    if not isinstance(profile.get("name"), str) or not profile.get("name"):
        problems.add(path, "name must be a non-empty string")
    elif os.path.basename(path) != profile["name"] + ".yaml":
        problems.add(path, f"file name does not match name {profile['name']!r}")
    if not _is_int(profile.get("classes"), 2):
        problems.add(path, "classes must be an integer >= 2")
    _check_tensor(problems, f"{path}: input", profile.get("input"))
    layers = profile.get("layers")
    names = []
    if not isinstance(layers, list) or not layers:
        problems.add(path, "layers must be a non-empty list")
        layers = []
    for i, layer in enumerate(layers):
        where = f"{path}: layers[{i}]"
        if not _check_keys(problems, where, layer, LAYER_KEYS):
            continue
        name = layer.get("name")
        if not isinstance(name, str) or not name or name == "input" or name in names:
            problems.add(where, f"name {name!r} must be a unique string other than 'input'")
        for source in layer.get("inputs", []):
            if source != "input" and source not in names:
                problems.add(where, f"input {source!r} is not an earlier layer")
        if not _is_int(layer.get("macs")):
            problems.add(where, "macs must be an integer >= 0")
        if "params" in layer and not _is_int(layer["params"]):
            problems.add(where, "params must be an integer >= 0")
        if layer.get("precision") not in PRECISIONS:
            problems.add(where, f"precision {layer.get('precision')!r} is not one of {sorted(PRECISIONS)}")
        _check_tensor(problems, f"{where}.output", layer.get("output"))
        names.append(name)
    heads = profile.get("heads")
    if not isinstance(heads, list) or not heads:
        problems.add(path, "heads must be a non-empty list")
        heads = []
    last_position = -1
    for i, head in enumerate(heads):
        where = f"{path}: heads[{i}]"
        if not _check_keys(problems, where, head, HEAD_KEYS):
            continue
        if head.get("after") not in names:
            problems.add(where, f"after {head.get('after')!r} is not a layer")
        else:
            position = names.index(head["after"])
            if position < last_position:
                problems.add(where, "heads must follow the layer order")
            last_position = position
        if not _is_int(head.get("macs")):
            problems.add(where, "macs must be an integer >= 0")
        if head.get("precision") not in PRECISIONS:
            problems.add(where, f"precision {head.get('precision')!r} is not valid")
    partition = profile.get("partition")
    if not isinstance(partition, list) or not partition:
        problems.add(path, "partition must be a non-empty list")
        partition = []
    last_position = -1
    for i, segment in enumerate(partition):
        where = f"{path}: partition[{i}]"
        if not _check_keys(problems, where, segment, {"tier": True, "until": False}):
            continue
        if segment.get("tier") not in ("device", "edge", "cloud"):
            problems.add(where, f"tier {segment.get('tier')!r}: shipped profiles use device, edge, cloud")
        if "until" in segment:
            if segment["until"] not in names:
                problems.add(where, f"until {segment['until']!r} is not a layer")
            elif names.index(segment["until"]) <= last_position:
                problems.add(where, "segments must follow the layer order")
            else:
                last_position = names.index(segment["until"])
        elif i != len(partition) - 1:
            problems.add(where, "only the last segment may omit until")
    for cut in profile.get("cut_points", []) or []:
        if cut not in names:
            problems.add(path, f"cut point {cut!r} is not a layer")
    # Cut points must be exactly the layers after which one tensor crosses.
    produced, expected = {"input"}, []
    sources_of = []
    for j, layer in enumerate(layers):
        default = [names[j - 1] if j > 0 else "input"]
        sources_of.append(layer.get("inputs") or default if isinstance(layer, dict) else [])
    for i in range(len(layers) - 1):
        produced.add(names[i] if i < len(names) else None)
        crossing = {s for j in range(i + 1, len(layers)) for s in sources_of[j] if s in produced}
        if len(crossing) == 1:
            expected.append(names[i])
    if "cut_points" in profile and profile["cut_points"] != expected:
        problems.add(path, f"cut_points differ from the layers after which one tensor crosses: {expected}")
    return profile


def _number(text):
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def check_trace(path, profile, problems, smoke):
    with open(path, newline="") as f:
        lines = f.read().split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        start += 1
    if start >= len(lines):
        problems.add(path, "no header line")
        return
    rows = list(csv.reader(lines[start:]))
    header, body = rows[0], rows[1:]
    if header[:2] != ["sample", "label"]:
        problems.add(path, "the header must start with sample,label")
        return
    heads, extras = [], []
    for column in header[2:]:
        head, _, field = column.partition(".")
        if not field:
            problems.add(path, f"column {column!r} is not <head>.<field>")
            continue
        if field in ("pred", "confidence", "entropy_nats"):
            if head not in heads:
                heads.append(head)
        else:
            extras.append((head, field))
    for head in heads:
        for field in ("pred", "confidence", "entropy_nats"):
            if f"{head}.{field}" not in header:
                problems.add(path, f"head {head!r} lacks its {field} column")
    for head, field in extras:
        if head not in heads:
            problems.add(path, f"extra column {head}.{field} names no head")
    if len(heads) < 2:
        problems.add(path, "a trace needs an exit head and a final head")
    classes = 10
    if profile is not None:
        classes = profile.get("classes", 10)
        profile_heads = [h.get("name") for h in profile.get("heads", []) if isinstance(h, dict)]
        if heads != profile_heads:
            problems.add(path, f"heads {heads} differ from the profile's {profile_heads}")
    if not smoke and len(body) != 10000:
        problems.add(path, f"{len(body)} rows, expected the 10,000 Fashion-MNIST test images")
    max_entropy = math.log(classes) + 1e-5
    index = {name: i for i, name in enumerate(header)}
    for r, row in enumerate(body):
        where = f"{path}:{start + 2 + r}"
        if len(row) != len(header):
            problems.add(where, f"{len(row)} cells, header has {len(header)}")
            continue
        if row[0] != str(r):
            problems.add(where, f"sample must be {r}")
        integer_columns = ["label"] + [f"{h}.pred" for h in heads]
        for column in integer_columns:
            cell = row[index[column]]
            if not re.fullmatch(r"\d+", cell) or int(cell) >= classes:
                problems.add(where, f"{column} {cell!r} is not a class 0..{classes - 1}")
        for head in heads:
            confidence = _number(row[index[f"{head}.confidence"]])
            entropy = _number(row[index[f"{head}.entropy_nats"]])
            if confidence is None or not 0.0 <= confidence <= 1.0:
                problems.add(where, f"{head}.confidence must lie in [0, 1]")
            if entropy is None or not 0.0 <= entropy <= max_entropy:
                problems.add(where, f"{head}.entropy_nats must lie in [0, ln {classes}]")
        for head, field in extras:
            value = _number(row[index[f"{head}.{field}"]])
            low, high = EXTRAS.get(field, (-math.inf, math.inf))
            if value is None or not low <= value <= high:
                problems.add(where, f"{head}.{field} must be a number in [{low}, {high}]")
        if len(problems.lines) > 50:
            return


def check_provenance(path, problems):
    try:
        with open(path) as f:
            record = json.load(f)
    except (OSError, ValueError) as error:
        problems.add(path, f"cannot read: {error}")
        return
    for key in PROVENANCE_KEYS:
        if key not in record:
            problems.add(path, f"missing key {key!r}")
    for head, value in (record.get("accuracy") or {}).items():
        if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
            problems.add(path, f"accuracy of {head} must lie in [0, 1]")
    for name, digest in ((record.get("dataset") or {}).get("sha256") or {}).items():
        if not re.fullmatch(r"[0-9a-f]{64}", str(digest)):
            problems.add(path, f"sha256 of {name} is not a SHA-256 digest")
    hybrid = record.get("hybrid") or {}
    for key in ("exit_fraction", "accuracy"):
        if not isinstance(hybrid.get(key), (int, float)) or not 0.0 <= hybrid[key] <= 1.0:
            problems.add(path, f"hybrid.{key} must lie in [0, 1]")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory")
    parser.add_argument("--require-all", action="store_true")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args(argv)
    problems = Problems()
    profiles_dir = os.path.join(args.directory, "profiles")
    traces_dir = os.path.join(args.directory, "traces")
    if not os.path.isdir(profiles_dir):
        print(f"{profiles_dir}: no such folder", file=sys.stderr)
        return 1
    profiles = {}
    for entry in sorted(os.listdir(profiles_dir)):
        if entry.endswith(".yaml"):
            profiles[entry[:-5]] = check_profile(os.path.join(profiles_dir, entry), problems)
    traces = sorted(e[:-4] for e in os.listdir(traces_dir) if e.endswith(".csv")) if os.path.isdir(traces_dir) else []
    for name in traces:
        if name not in profiles:
            problems.add(os.path.join(traces_dir, name + ".csv"), "has no profile of the same name")
        check_trace(os.path.join(traces_dir, name + ".csv"), profiles.get(name), problems, args.smoke)
        provenance = os.path.join(traces_dir, name + ".provenance.json")
        if not os.path.isfile(provenance):
            problems.add(provenance, "missing")
        else:
            check_provenance(provenance, problems)
    if args.require_all:
        for name in SYSTEMS:
            if name not in traces:
                problems.add(traces_dir, f"missing trace {name}.csv")
        for name in SYSTEMS + REFERENCES:
            if name not in profiles:
                problems.add(profiles_dir, f"missing profile {name}.yaml")
    for line in problems.lines:
        print(line)
    print(f"checked {len(profiles)} profiles and {len(traces)} traces in {args.directory}: "
          f"{len(problems.lines)} problem(s)")
    return 1 if problems.lines else 0


if __name__ == "__main__":
    sys.exit(main())
