#!/usr/bin/env python3
"""Overload benchmark: the AppealNet scenario with its uplink overloaded (about 290 kbps offered to 250 kbps:
--set workload.rate=20/s --set policy.threshold=0.99 --set platform.links.uplink.bandwidth=250kbps), at a
growing number of samples per device; prints wall time per run and the factor per doubling (2.0 = linear).

    bench/overload.py [--samples 100,200,400,800,1600,3200] [--binary build/hybridfog] [--set KEY=VALUE ...]

Extra --set assignments go to every run (e.g. --set 'platform.tiers[0].send_flows=unlimited' for the
behaviour without send queues; give it a --max-wall to bound it).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

OVERLOAD = ["workload.rate=20/s", "policy.threshold=0.99", "platform.links.uplink.bandwidth=250kbps"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", default="100,200,400,800,1600,3200")
    parser.add_argument("--binary", default="build/hybridfog")
    parser.add_argument("--scenario", default="scenarios/appealnet.yaml")
    parser.add_argument("--set", dest="extra", action="append", default=[])
    parser.add_argument("--max-wall", type=float, default=0, help="stop each run after this many seconds")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    print("| samples per device | samples | wall (s) | factor per doubling | sim time (s) | mean send_queue (s) | p99 latency (s) |")
    print("|---|---|---|---|---|---|---|")
    previous = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(x) for x in args.samples.split(",")]:
            out = os.path.join(tmp, "out")
            argv = [args.binary, "run", args.scenario, "-o", out, "--no-progress", "--log-level", "error"]
            for assignment in OVERLOAD + args.extra + [f"workload.samples_per_device={n}"]:
                argv += ["--set", assignment]
            if args.max_wall > 0:
                argv += ["--max-wall", str(args.max_wall)]
            start = time.monotonic()
            result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            wall = time.monotonic() - start
            if result.returncode == 3:
                print(f"| {n} | | > {args.max_wall:g} (stopped by --max-wall) | | | | |", flush=True)
                break
            if result.returncode != 0:
                sys.exit(f"run failed: {result.stderr.strip()}")
            with open(os.path.join(out, "summary.json")) as f:
                summary = json.load(f)
            factor = "" if previous is None else f"{wall / previous:.2f}"
            previous = wall
            print(f"| {n} | {summary['samples']:,} | {wall:.2f} | {factor} | {summary['sim_time_s']:.1f} | "
                  f"{summary['latency_parts_mean_s']['send_queue']:.2f} | {summary['latency_s']['p99']:.2f} |", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
