#!/usr/bin/python3
"""Check a scenario's flow-level network model against packet-level ns-3 (docs/network-validation.md).

Runs the scenario twice with the same seed, as given (CM02 or LV08, with or without network.tcp) and under
`network.model: ns-3` (network.tcp dropped, the same tcp_window), each into its own output folder, then
prints, per exit head (the path a sample took), the mean latency and transfer time under both and the
error of the flow-level model. Same seed, same arrivals and trace rows: sample i is the same sample in both
runs. Use a small fleet (ns-3 costs far more per sample): e.g. --set platform.sites=2.

    bench/ns3_check.py SCENARIO -o DIR [--set key.path=value ...] [--binary build/hybridfog]
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys


def run(binary, scenario, out, sets):
    argv = [binary, "run", scenario, "-o", out, "--no-progress"]
    for s in sets:
        argv += ["--set", s]
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        sys.exit(done.returncode)
    with open(os.path.join(out, "samples.csv"), newline="") as f:
        rows = {row["sample_id"]: row for row in csv.DictReader(f)}
    with open(os.path.join(out, "manifest.json")) as f:
        manifest = json.load(f)
    return rows, manifest


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario")
    parser.add_argument("-o", required=True, help="folder for the two runs (DIR/flow, DIR/ns-3)")
    parser.add_argument("--set", action="append", default=[], help="scenario override, as for hybridfog run")
    parser.add_argument("--binary", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                                         "build/hybridfog"))
    args = parser.parse_args()
    os.makedirs(args.o, exist_ok=True)
    flow, manifest = run(args.binary, args.scenario, os.path.join(args.o, "flow"), args.set)
    network = manifest["scenario"]["network"]
    window = int(network["tcp_window_bytes"])
    ns3, _ = run(args.binary, args.scenario, os.path.join(args.o, "ns-3"),
                 args.set + [f"network={{model: ns-3, tcp_window: {window}B}}"])
    if set(flow) != set(ns3):
        sys.exit("the two runs did not record the same samples (failures or give-ups differ)")
    tcp = network.get("tcp")
    label = network["model"] + (f" + network.tcp {tcp['connections']}" if tcp else " (no network.tcp)")
    print(f"flow-level model: {label}; reference: ns-3; {len(flow)} samples\n")
    print("| exit | samples | latency_s flow | latency_s ns-3 | error of the mean | median per-sample error |"
          " transfer_s flow | transfer_s ns-3 |")
    print("|---|---|---|---|---|---|---|---|")
    for exit_name in sorted({row["exit"] for row in flow.values()}):
        ids = [i for i, row in flow.items() if row["exit"] == exit_name]
        lf = [float(flow[i]["latency_s"]) for i in ids]
        ln = [float(ns3[i]["latency_s"]) for i in ids]
        tf = [float(flow[i]["transfer_s"]) for i in ids]
        tn = [float(ns3[i]["transfer_s"]) for i in ids]
        per_sample = [f / n - 1 for f, n in zip(lf, ln) if n > 0]
        print(f"| {exit_name} | {len(ids)} | {statistics.fmean(lf):.6f} | {statistics.fmean(ln):.6f} | "
              f"{100 * (statistics.fmean(lf) / statistics.fmean(ln) - 1):+.1f} % | "
              f"{100 * statistics.median(per_sample) if per_sample else 0:+.1f} % | "
              f"{statistics.fmean(tf):.6f} | {statistics.fmean(tn):.6f} |")
    print("\nns-3 ends each transfer when the sender's socket closes, one route latency after the receiver has"
          " the last byte (docs/network-validation.md): its latencies carry that much per transfer.")


if __name__ == "__main__":
    main()
