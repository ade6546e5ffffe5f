#!/usr/bin/env python3
"""Scale benchmark: runs a scenario several times and reports the median samples per wall-second and the
median peak RSS of the hybridfog process.

    bench/scale.py [--runs 3] [--scenario scenarios/scale-10k.yaml] [--binary build/hybridfog]

Each run is a fresh process (SimGrid allows one engine per process). Samples/s uses the simulation's own
wall time from summary.json (engine set-up and output writing excluded) and, separately, the whole
process's wall time.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(binary, scenario, out_dir):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    result = subprocess.run([binary, "run", scenario, "-o", out_dir, "--no-progress"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.monotonic() - start
    if result.returncode != 0:
        sys.exit(f"run failed ({result.returncode}): {result.stderr.strip()}")
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far (KiB on Linux): runs are sequential and
    # identical, so the value after each run is that run's peak unless an earlier run was larger.
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(os.path.join(out_dir, "summary.json")) as f:
        summary = json.load(f)
    return summary, elapsed, max(peak_kib, before)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scenario", default="scenarios/scale-10k.yaml")
    parser.add_argument("--binary", default="build/hybridfog")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    sim_rates, process_rates, peaks = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            summary, elapsed, peak_kib = run_once(args.binary, args.scenario, os.path.join(tmp, f"run{i}"))
            samples = summary["samples"]
            sim_rates.append(samples / summary["wall_time_s"])
            process_rates.append(samples / elapsed)
            peaks.append(peak_kib / 1024 / 1024)
            print(f"run {i + 1}/{args.runs}: {samples} samples, simulation {summary['wall_time_s']:.2f} s "
                  f"({sim_rates[-1]:,.0f} samples/s), process {elapsed:.2f} s ({process_rates[-1]:,.0f} samples/s), "
                  f"peak RSS {peaks[-1]:.3f} GiB", flush=True)
    print(f"median over {args.runs} runs: {statistics.median(sim_rates):,.0f} samples/s (simulation), "
          f"{statistics.median(process_rates):,.0f} samples/s (whole process), "
          f"peak RSS {statistics.median(peaks):.3f} GiB")


if __name__ == "__main__":
    main()
