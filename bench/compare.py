#!/usr/bin/python3
"""Compares two hybridfog binaries on the scale scenario, alternating them so that a busy machine slows
both alike: old, new, then new, old, ... Reports per binary the median samples per wall-second of the
simulation (summary.json's wall_time_s) and per CPU-second of the whole process, and the ratios new/old.

    bench/compare.py --old OLD_BINARY --new NEW_BINARY [--rounds 6] [--samples-per-device 20]
                     [--scenario scenarios/scale-10k.yaml]

--samples-per-device 100 is the full benchmark (1,000,000 samples); fewer make it quicker.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile


def run_once(binary, scenario, samples_per_device, out):
    process = subprocess.Popen([binary, "run", scenario, "-o", out, "--no-progress", "--set",
                                f"workload.samples_per_device={samples_per_device}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        sys.exit(f"{binary} failed: {process.stderr.read().strip()}")
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    return summary["samples"] / summary["wall_time_s"], summary["samples"] / (usage.ru_utime + usage.ru_stime)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", required=True)
    parser.add_argument("--new", required=True)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--samples-per-device", type=int, default=20)
    parser.add_argument("--scenario", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                           "scenarios", "scale-10k.yaml"))
    a = parser.parse_args()
    figures = {"old": ([], []), "new": ([], [])}
    with tempfile.TemporaryDirectory(prefix="hybridfog-compare-") as work:
        for r in range(a.rounds):
            for which in (("old", "new") if r % 2 == 0 else ("new", "old")):
                wall, cpu = run_once(getattr(a, which), a.scenario, a.samples_per_device, os.path.join(work, which))
                figures[which][0].append(wall)
                figures[which][1].append(cpu)
                print(f"round {r} {which}: {wall:,.0f} samples/s (simulation), {cpu:,.0f} samples/CPU-s "
                      f"(process), load {os.getloadavg()[0]:.1f}", flush=True)
    median = {k: (statistics.median(v[0]), statistics.median(v[1])) for k, v in figures.items()}
    for k in ("old", "new"):
        print(f"{k}: median {median[k][0]:,.0f} samples/s (simulation), {median[k][1]:,.0f} samples/CPU-s (process)")
    print(f"new/old: simulation {median['new'][0] / median['old'][0]:.3f}, "
          f"process CPU {median['new'][1] / median['old'][1]:.3f}")


if __name__ == "__main__":
    main()
