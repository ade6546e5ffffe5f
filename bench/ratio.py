#!/usr/bin/env python3
"""Ratio benchmark: hybridfog against the bare SimGrid program of the same workload (bench/bare_fog.cpp,
one actor per device), in ONE alternating run: hybridfog, bare, hybridfog, bare, ... per size; the median
wall time and peak RSS of each side over --runs runs, and the ratio of the medians (hybridfog / bare).

    bench/ratio.py [--runs 3] [--sizes 10k,100k] [--binary build/hybridfog] [--bare build/bench/bare_fog]

Sizes (scenarios/scale-10k.yaml; CM02; Poisson arrivals at 1 sample/s per device; 35 % to the cloud):
  10k   100 sites x 100 devices x 100 samples (1,000,000 samples)
  100k  1,000 sites x 100 devices x 10 samples (1,000,000 samples)
  1m    1,000 sites x 1,000 devices x 10 samples (10,000,000 samples; not a default: make bench-1m runs it alone)
Wall time is the whole process's (platform build, run, outputs) for both sides; peak RSS is each process's
own ru_maxrss. Each run is a fresh process. A machine shared with other work makes wall times noisy: the
alternation exposes both sides to the same load; report the load with the result.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

SIZES = {  # name: (sites, devices per site, samples per device)
    "10k": (100, 100, 100),
    "100k": (1000, 100, 10),
    "1m": (1000, 1000, 10),
}
BARE_CFG = ["--cfg=contexts/stack-size:16", "--cfg=contexts/guard-size:0", "--cfg=network/model:CM02"]


def timed(argv):
    """Runs argv; returns (wall seconds, peak RSS in MiB). Exits on failure."""
    start = time.monotonic()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - start
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} failed: {stderr.strip()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="10k,100k")
    parser.add_argument("--binary", default="build/hybridfog")
    parser.add_argument("--bare", default="build/bench/bare_fog")
    parser.add_argument("--scenario", default="scenarios/scale-10k.yaml")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sizes = args.sizes.split(",")
    for size in sizes:
        if size not in SIZES:
            parser.error(f"--sizes: unknown size {size!r} (known: {', '.join(SIZES)})")

    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            sites, per_site, samples = SIZES[size]
            ours_argv = [args.binary, "run", args.scenario, "-o", os.path.join(tmp, "out"), "--no-progress",
                         "--set", f"platform.sites={sites}", "--set", f"platform.tiers[0].classes[0].count={per_site}",
                         "--set", f"workload.samples_per_device={samples}"]
            bare_argv = [args.bare, str(sites), str(per_site), str(samples)] + BARE_CFG
            ours, bare = [], []
            for i in range(args.runs):
                ours.append(timed(ours_argv))
                print(f"{size} run {i + 1}/{args.runs}: hybridfog {ours[-1][0]:.1f} s {ours[-1][1]:.0f} MiB", flush=True)
                bare.append(timed(bare_argv))
                print(f"{size} run {i + 1}/{args.runs}: bare      {bare[-1][0]:.1f} s {bare[-1][1]:.0f} MiB "
                      f"(load {os.getloadavg()[0]:.2f})", flush=True)
            ours_wall = statistics.median(w for w, _ in ours)
            bare_wall = statistics.median(w for w, _ in bare)
            rows.append((size, sites * per_site, samples, ours_wall, statistics.median(m for _, m in ours), bare_wall,
                         statistics.median(m for _, m in bare)))
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(f"\n| size | devices x samples | hybridfog | bare SimGrid | ratio (wall) |")
    print("|---|---|---|---|---|")
    for size, devices, samples, ow, om, bw, bm in rows:
        print(f"| {size} | {devices:,} x {samples} | {ow:.1f} s, {om:.0f} MiB | {bw:.1f} s, {bm:.0f} MiB | {ow / bw:.2f} |")


if __name__ == "__main__":
    main()
