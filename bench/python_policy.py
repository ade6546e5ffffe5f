#!/usr/bin/env python3
"""What a policy written in Python costs (docs/performance.md, "Policies written in Python"): a scenario run
with its built-in entropy policy and with the same rule written in Python (tests/data/python/rules.py), in
ONE alternating run: built-in, Python, built-in, Python, ...; the median wall time of each over --runs runs,
their ratio (Python / built-in), and whether both runs gave the same results (summary.json but the policy's
name and threshold, and samples.csv when the scenario writes it).

    bench/python_policy.py [--runs 3] [--scenario scenarios/scale-10k.yaml] [--binary build/hybridfog]
                           [--set KEY=VALUE ...]

The scenario must use the entropy policy; its threshold is kept. Each run is a fresh process; wall time is
the whole process's (platform build, run, outputs). A machine shared with other work makes wall times noisy:
the alternation exposes both sides to the same load; the load is reported with the result.
"""
import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)


def timed(argv):
    start = time.monotonic()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.monotonic() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.strip()}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scenario", default="scenarios/scale-10k.yaml")
    parser.add_argument("--binary", default="build/hybridfog")
    parser.add_argument("--set", action="append", default=[], dest="overrides")
    args = parser.parse_args()
    with open(os.path.join(SOURCE, args.scenario)) as f:
        policy = yaml.safe_load(f)["policy"]
    if policy.get("name") != "entropy" or "threshold" not in policy:
        sys.exit(f"{args.scenario}: the policy must be entropy with one threshold")
    rules = os.path.join(SOURCE, "tests/data/python/rules.py")
    python_policy = (f"policy={{name: python, module: {rules}, class: Entropy, "
                     f"params: {{threshold: {policy['threshold']}}}}}")
    overrides = [a for o in args.overrides for a in ("--set", o)]
    walls = {"built-in": [], "python": []}
    digests = {}
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as work:
        for run in range(args.runs):
            for side in ("built-in", "python"):
                out = os.path.join(work, f"{side}-{run}")
                argv = [args.binary, "run", os.path.join(SOURCE, args.scenario), "-o", out, "--no-progress"]
                argv += overrides + (["--set", python_policy] if side == "python" else [])
                walls[side].append(timed(argv))
                with open(os.path.join(out, "summary.json")) as f:
                    summary = json.load(f)
                for key in ("policy", "policy_threshold", "wall_time_s"):
                    summary.pop(key, None)
                digest = hashlib.sha256(json.dumps(summary, sort_keys=True).encode())
                if os.path.exists(os.path.join(out, "samples.csv")):
                    with open(os.path.join(out, "samples.csv"), "rb") as f:
                        digest.update(f.read())
                digests.setdefault(side, set()).add(digest.hexdigest())
                print(f"run {run + 1}/{args.runs}: {side:8} {walls[side][-1]:.1f} s", flush=True)
    built_in, python = statistics.median(walls["built-in"]), statistics.median(walls["python"])
    same = digests["built-in"] == digests["python"] and len(digests["python"]) == 1
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(f"median wall: built-in {built_in:.1f} s, python {python:.1f} s: ratio {python / built_in:.2f}; "
          f"results {'identical' if same else 'DIFFERENT'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
