#!/usr/bin/python3
"""Every shipped scenario (scenarios/*.yaml) at 10 devices under network.model: ns-3 and as shipped (CM02)
(docs/network-validation.md, "The shipped scenarios under ns-3").

A scenario of more than 10 devices is cut to 2 sites of 5 devices (scale-10k, with its samples.csv back
on); the others run as they are (the quickstart fog: 2 sites x 5 devices). For each scenario: `validate` under ns-3 first; a scenario the
binding cannot take is listed with validate's one-line reason (exit 2); the others run under both models
with the same seed, and the table gives samples, mean latency and mean transfer time of the samples that
crossed the network under each, and the simulation's wall time (summary.json `wall_time_s`).

    scripts/ns3_shipped.py [-o DIR] [--binary build/hybridfog] [--max-wall SECONDS]
"""
import argparse
import csv
import glob
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEN_DEVICES = {"scale-10k": ["platform.sites=2", "platform.tiers[0].classes[0].count=5", "outputs.samples=true"]}


def hybridfog(binary, args):
    return subprocess.run([binary] + args, capture_output=True, text=True)


def run(binary, scenario, out, sets, max_wall):
    argv = ["run", scenario, "-o", out, "--no-progress", "--max-wall", str(max_wall)]
    for s in sets:
        argv += ["--set", s]
    done = hybridfog(binary, argv)
    if done.returncode != 0:
        return None, done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
    with open(os.path.join(out, "samples.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    return (rows, summary), None


def sent_means(rows):
    sent = [r for r in rows if float(r["transfer_s"]) > 0]
    if not sent:
        return 0, float("nan"), float("nan")
    return (len(sent), statistics.fmean(float(r["latency_s"]) for r in sent),
            statistics.fmean(float(r["transfer_s"]) for r in sent))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", default=os.path.join(ROOT, "build/ns3-shipped"))
    parser.add_argument("--binary", default=os.path.join(ROOT, "build/hybridfog"))
    parser.add_argument("--max-wall", type=float, default=600)
    args = parser.parse_args()
    print("| scenario | under ns-3 | samples | crossed the network | latency_s CM02 | latency_s ns-3 | "
          "transfer_s CM02 | transfer_s ns-3 | wall_time_s CM02 | wall_time_s ns-3 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    failures = 0
    for scenario in sorted(glob.glob(os.path.join(ROOT, "scenarios", "*.yaml"))):
        name = os.path.splitext(os.path.basename(scenario))[0]
        sets = TEN_DEVICES.get(name, [])
        check = hybridfog(args.binary, ["validate", scenario, "--set", "network.model=ns-3"] +
                          [a for s in sets for a in ("--set", s)])
        if check.returncode != 0:
            reason = check.stderr.strip().splitlines()[-1]
            print(f"| {name} | refused by validate (exit {check.returncode}): {reason} | | | | | | | | |")
            continue
        flow, error = run(args.binary, scenario, os.path.join(args.o, name, "CM02"), sets, args.max_wall)
        packet, error_ns3 = run(args.binary, scenario, os.path.join(args.o, name, "ns-3"),
                                sets + ["network.model=ns-3"], args.max_wall)
        if flow is None or packet is None:
            failures += 1
            print(f"| {name} | FAILED: {error or error_ns3} | | | | | | | | |")
            continue
        n, lat_f, tr_f = sent_means(flow[0])
        _, lat_p, tr_p = sent_means(packet[0])
        print(f"| {name} | ran | {len(packet[0])} (CM02: {len(flow[0])}) | {n} | {lat_f:.4f} | {lat_p:.4f} | "
              f"{tr_f:.4f} | {tr_p:.4f} | {flow[1]['wall_time_s']:.3f} | {packet[1]['wall_time_s']:.3f} |")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
