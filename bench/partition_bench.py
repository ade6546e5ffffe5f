#!/usr/bin/env python3
"""Partition-search benchmark: configurations scored per second by the analytic estimator.

    bench/partition_bench.py [--runs 5] [--blocks 200] [--classes 3] [--binary build/hybridfog]

Writes a SYNTHETIC model (a chain of --blocks layers, so one block per layer, with an early-exit head half
way), a three-tier platform with --classes host classes per tier, a 1000-row trace and a scenario into a
temporary folder, then runs `hybridfog partition` --runs times (each a fresh process) and reports the median
of the rate the command prints ("scored in T s (R configurations/s)": enumeration, estimation with early
exits, constraint checks and ranking; loading the inputs excluded). Not a test: numbers go to
docs/partition.md with the command that produced them.
"""
import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile


def write_inputs(folder, blocks, classes):
    layers = []
    for i in range(blocks):
        precision = "binary" if 0 < i < blocks // 2 else "fp32"
        layers.append(f"  - {{name: l{i}, macs: {100000 * (1 + i % 7)}, precision: {precision}, "
                      f"output: {{shape: [{64 * (1 + (blocks - i) % 5)}], element_bits: 32}}}}")
    with open(os.path.join(folder, "profile.yaml"), "w") as f:
        f.write("# SYNTHETIC benchmark profile written by bench/partition_bench.py\n")
        f.write("name: bench-chain\nclasses: 10\ninput: {shape: [1, 28, 28], element_bits: 8}\nlayers:\n")
        f.write("\n".join(layers) + "\n")
        f.write(f"heads:\n  - {{name: early, after: l{blocks // 2}, macs: 5000, precision: fp32}}\n"
                f"  - {{name: final, after: l{blocks - 1}, macs: 0, precision: fp32}}\n")
        f.write("partition:\n  - {tier: device}\n")

    def tier(name, scope, base):
        out = [f"  - name: {name}\n    scope: {scope}\n    classes:"]
        for c in range(classes):
            speed = base * (c + 1)
            out.append(f"      - {{name: {name}{c}, count: 1, cores: 2, "
                       f"throughput: {{fp32: {speed}GMAC/s, binary: {32 * speed}GMAC/s}}, "
                       f"power_per_core: {{idle: 1W, busy: 3W}}, energy_per_mac: {{fp32: 4.6pJ, binary: 0.029pJ}}}}")
        return "\n".join(out)

    with open(os.path.join(folder, "platform.yaml"), "w") as f:
        f.write("# SYNTHETIC benchmark platform written by bench/partition_bench.py\nname: bench\nsites: 1\ntiers:\n")
        f.write(tier("device", "device", 1) + "\n" + tier("edge", "site", 8) + "\n" + tier("cloud", "central", 30) + "\n")
        f.write("links:\n  access: {bandwidth: 20Mbps, latency: 5ms, energy_per_bit: 283.17nJ}\n"
                "  uplink: {bandwidth: 50Mbps, latency: 20ms}\n  ingress: {bandwidth: 10Gbps, latency: 1ms}\n")

    rng = random.Random(1)
    with open(os.path.join(folder, "trace.csv"), "w") as f:
        f.write("# SYNTHETIC benchmark trace written by bench/partition_bench.py\n")
        f.write("sample,label,early.pred,early.confidence,early.entropy_nats,final.pred,final.confidence,final.entropy_nats\n")
        for row in range(1000):
            label = rng.randrange(10)
            f.write(f"{row},{label},{label},0.9,{rng.uniform(0, 2.3):.4f},{label},0.95,0.2\n")

    scenario = os.path.join(folder, "scenario.yaml")
    with open(scenario, "w") as f:
        f.write("name: bench\nplatform: platform.yaml\nmodel: {profile: profile.yaml, trace: trace.csv}\n"
                "policy: {name: entropy, threshold: 1.0}\n"
                "workload: {arrivals: poisson, rate: 1/s, samples_per_device: 10}\nnetwork: {model: CM02}\n")
    return scenario


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--blocks", type=int, default=200)
    parser.add_argument("--classes", type=int, default=3)
    parser.add_argument("--binary", default="build/hybridfog")
    args = parser.parse_args()

    rates = []
    with tempfile.TemporaryDirectory(prefix="hybridfog-partition-bench-") as folder:
        scenario = write_inputs(folder, args.blocks, args.classes)
        for run in range(args.runs):
            result = subprocess.run([args.binary, "--log-level", "warn", "partition", scenario, "--top", "10"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if result.returncode != 0:
                sys.exit(f"partition failed ({result.returncode}): {result.stderr.strip()}")
            match = re.search(r"^(\d+) configurations.*scored in ([0-9.e+-]+) s \((\d+) configurations/s\)", result.stdout, re.M)
            if not match:
                sys.exit("no rate in the output:\n" + result.stdout[:500])
            configurations, seconds, rate = int(match.group(1)), float(match.group(2)), int(match.group(3))
            rates.append(rate)
            print(f"run {run + 1}: {configurations} configurations in {seconds:.3f} s: {rate} configurations/s")
    print(f"median over {len(rates)} runs: {statistics.median(rates):.0f} configurations/s "
          f"({args.blocks} blocks, 3 tiers x {args.classes} host classes, 2 sample classes from the trace)")


if __name__ == "__main__":
    main()
