#!/usr/bin/python3
"""What profiles and failures cost (docs/performance.md, "Profiles and failures"): alternating runs of a
baseline binary (BASE: a build of the commit before them), this build, and this build with bandwidth and
latency profiles and random failures, on scenarios/scale-10k.yaml with 10 samples per device (100,000
samples); CPU time (user + sys) and wall time per run, medians.

    BASE=path/to/old/hybridfog bench/dynamics_cost.py [RUNS]     (from the source root; RUNS Default 5)
"""
import os, statistics, subprocess, sys, time
COMMON = ["run", "scenarios/scale-10k.yaml", "--no-progress", "--set", "workload.samples_per_device=10"]
DYN = ["--set", "platform.links.uplink.profiles={bandwidth: {steps: [[2s, 50Mbps], [5s, 200Mbps]], period: 8s}}",
       "--set", "platform.links.access.profiles={latency: {steps: [[3s, 20ms], [6s, 5ms]], period: 8s}}",
       "--set", "failures={random: {edge/nuc: {mttf: 20s, mttr: 2s}, uplink: {mttf: 30s, mttr: 2s}}}"]
CASES = {"base": [os.environ.get("BASE", "build/base/src/build/hybridfog")] + COMMON, "new": ["build/hybridfog"] + COMMON,
         "dyn": ["build/hybridfog"] + COMMON + DYN}
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
cpu, wall = {k: [] for k in CASES}, {k: [] for k in CASES}
for i in range(runs):
    for name, argv in CASES.items():
        start = time.monotonic()
        p = subprocess.Popen(argv + ["-o", f"/tmp/hybridfog-bench-{name}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        assert status == 0, name
        wall[name].append(time.monotonic() - start)
        cpu[name].append(usage.ru_utime + usage.ru_stime)
for name in CASES:
    print(f"{name}: cpu median {statistics.median(cpu[name]):.3f} s {[round(x, 2) for x in cpu[name]]}; "
          f"wall median {statistics.median(wall[name]):.3f} s")
m = {k: statistics.median(v) for k, v in cpu.items()}
print(f"cpu ratio new/base {m['new'] / m['base']:.3f}; dyn/new {m['dyn'] / m['new']:.3f}")
