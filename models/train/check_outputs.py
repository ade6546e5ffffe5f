#!/usr/bin/python3
"""Checks model profiles, traces and provenance files against docs/formats.md.

    /usr/bin/python3 models/train/check_outputs.py DIR [--require-all] [--smoke] [--hybridfog BIN]

The formats of profiles and traces are checked by hybridfog's own parsers (`hybridfog inspect --json`,
the one source of truth; BIN defaults to $HYBRIDFOG_BIN, else build/hybridfog of this checkout); this
script adds what the exporter promises beyond the formats (provenance files, every system present, 10,000
rows numbered in order, entropies below ln(classes), known extra columns in range).

DIR holds profiles/*.yaml and traces/*.csv + traces/*.provenance.json (models/ of the checkout, or the
--out folder of export_all.py). --require-all: every system and reference profile that export_all.py
writes must be there. --smoke: the traces may hold fewer than 10,000 rows.
Prints one line per problem and exits 1 when there is any, else prints a summary and exits 0.
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys

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


def inspect(hybridfog, problems, path, *options):
    """`hybridfog inspect --json PATH [options]`: the C++ parsers decide whether the file is valid. Returns
    the parsed summary, or None after recording the parser's one-line error."""
    done = subprocess.run([hybridfog, "--log-level", "warn", "inspect", "--json", path, *options],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit status {done.returncode}"
        problems.lines.append(message if message.startswith(path) else f"{path}: {message}")
        return None
    return json.loads(done.stdout)


def check_profile(hybridfog, path, problems):
    return inspect(hybridfog, problems, path)


def check_trace(hybridfog, path, profile_path, profile, problems, smoke):
    """The trace's format and its agreement with the profile (heads, classes) are checked by hybridfog; what
    is left here is what the exporter promises beyond the format."""
    summary = inspect(hybridfog, problems, path, *(["--profile", profile_path] if profile_path else []))
    if summary is None:
        return
    if len(summary["heads"]) < 2:
        problems.add(path, "a trace needs an exit head and a final head")
    if not smoke and summary["rows"] != 10000:
        problems.add(path, f"{summary['rows']} rows, expected the 10,000 Fashion-MNIST test images")
    if not summary["sample_is_row_index"]:
        problems.add(path, "the sample column must number the rows 0, 1, 2, ...")
    classes = profile["classes"] if profile else 10
    max_entropy = math.log(classes) + 1e-5
    for head in summary["heads"]:
        if head["entropy_nats"]["max"] > max_entropy:
            problems.add(path, f"{head['name']}.entropy_nats must lie in [0, ln {classes}]")
        for extra, bounds in head["extras"].items():
            low, high = EXTRAS.get(extra, (-math.inf, math.inf))
            if not low <= bounds["min"] <= bounds["max"] <= high:
                problems.add(path, f"{head['name']}.{extra} must be a number in [{low}, {high}]")


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
    parser.add_argument("--hybridfog", default=os.environ.get("HYBRIDFOG_BIN") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "build", "hybridfog"))
    args = parser.parse_args(argv)
    if not os.access(args.hybridfog, os.X_OK):
        print(f"{args.hybridfog}: no hybridfog binary (build first, or give --hybridfog)", file=sys.stderr)
        return 2
    problems = Problems()
    profiles_dir = os.path.join(args.directory, "profiles")
    traces_dir = os.path.join(args.directory, "traces")
    if not os.path.isdir(profiles_dir):
        print(f"{profiles_dir}: no such folder", file=sys.stderr)
        return 1
    profiles = {}
    for entry in sorted(os.listdir(profiles_dir)):
        if entry.endswith(".yaml"):
            profiles[entry[:-5]] = check_profile(args.hybridfog, os.path.join(profiles_dir, entry), problems)
    traces = sorted(e[:-4] for e in os.listdir(traces_dir) if e.endswith(".csv")) if os.path.isdir(traces_dir) else []
    for name in traces:
        if name not in profiles:
            problems.add(os.path.join(traces_dir, name + ".csv"), "has no profile of the same name")
        profile_path = os.path.join(profiles_dir, name + ".yaml") if profiles.get(name) else None
        check_trace(args.hybridfog, os.path.join(traces_dir, name + ".csv"), profile_path, profiles.get(name), problems,
                    args.smoke)
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
