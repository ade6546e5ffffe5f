#!/usr/bin/python3
"""Network validation grid (docs/network-validation.md): the flow-level models against SimGrid's ns-3 binding.

For every message size x route RTT x bottleneck bandwidth x number of flows sharing the bottleneck, runs
bench/network_validation.cpp once per model (CM02, LV08, CM02 + network.tcp per-request, CM02 + network.tcp
after an idle RTO, ns-3) and compares each flow's completion time with ns-3's at the receiver (ns-3's time less
the one-way latency: SimGrid's binding ends a transfer when the sender's socket closes, one trip after the
receiver has the last byte). Writes every point to CSV and prints the markdown tables of the doc.

    bench/network_validation.py [--csv build/network-validation.csv] [-j 2] [--quick]
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZES = [64, 784, 6272, 100_000, 1_000_000, 10_000_000]           # bytes
RTTS = [0.002, 0.020, 0.050, 0.200]                                 # s
BANDWIDTHS = [1e6, 10e6, 100e6, 1e9, 10e9]                          # bits/s
FLOWS = [1, 2, 4, 8]
MODELS = ["CM02", "LV08", "tcp-idle", "tcp-per-request", "ns-3"]
MSS, INITIAL_WINDOW = 1000, 10  # the segment size SimGrid 3.32 gives ns-3, and ns-3's initial window
# What `network.model: ns-3` sets (docs/network-validation.md, "The ns-3 backend"): every message fits the send
# buffer, the receive buffer is the flow-level models' window (4 MiB), device queues never drop.
NS3_ENV = {"NS_ATTRIBUTE_DEFAULT": "ns3::TcpSocket::SndBufSize=4294967295;ns3::TcpSocket::RcvBufSize=4194304;"
                                   "ns3::DropTailQueue<Packet>::MaxSize=1000000p"}


def build(binary):
    os.makedirs(os.path.dirname(binary), exist_ok=True)
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "simgrid"], check=True, capture_output=True,
                           text=True).stdout.split()
    subprocess.run(["g++", "-O2", "-std=c++17", "-I" + os.path.join(ROOT, "sim"),
                    os.path.join(ROOT, "bench/network_validation.cpp"), os.path.join(ROOT, "sim/cost/tcp_model.cpp"),
                    "-o", binary] + flags, check=True)


def run_point(binary, model, size, rtt, bits, flows):
    env = dict(os.environ, **NS3_ENV) if model == "ns-3" else None
    out = subprocess.run([binary, model, str(size), repr(rtt), repr(bits / 8), str(flows), str(MSS),
                          str(INITIAL_WINDOW)], check=True, capture_output=True, text=True, env=env,
                         timeout=900).stdout
    times = [float(line.split()[1]) for line in out.split("\n") if line.strip()]
    if len(times) != flows or min(times) <= 0:
        raise RuntimeError(f"{model} {size} {rtt} {bits} {flows}: bad output {out!r}")
    return statistics.fmean(times)


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", default=os.path.join(ROOT, "build/network-validation.csv"))
    parser.add_argument("--binary", default=os.path.join(ROOT, "build/bench/network_validation"))
    parser.add_argument("-j", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="sizes up to 100 kB, lone flows and 4 flows only")
    args = parser.parse_args()
    build(args.binary)
    sizes = [s for s in SIZES if s <= 100_000] if args.quick else SIZES
    flows_list = [1, 4] if args.quick else FLOWS
    points = [(s, r, b, f) for s in sizes for r in RTTS for b in BANDWIDTHS for f in flows_list]
    jobs = [(m,) + p for p in points for m in MODELS]
    def attempt(job):
        try:
            return run_point(args.binary, *job)
        except (subprocess.SubprocessError, RuntimeError, ValueError) as e:
            print(f"point failed: {job}: {e}", file=sys.stderr)
            return None

    with ThreadPoolExecutor(max_workers=args.j) as pool:
        results = list(pool.map(attempt, jobs))
    times = dict(zip(jobs, results))
    failed = sorted({job[1:] for job, t in times.items() if t is None})
    points = [p for p in points if p not in failed]
    rows = []
    for (s, r, b, f) in points:
        ns3 = times[("ns-3", s, r, b, f)]
        reference = ns3 - r / 2
        row = {"bytes": s, "rtt_s": r, "bottleneck_bps": b, "flows": f, "ns3_s": ns3, "ns3_receiver_s": reference}
        for m in MODELS[:-1]:
            row[m + "_s"] = times[(m, s, r, b, f)]
            row[m + "_error"] = times[(m, s, r, b, f)] / reference - 1
        rows.append(row)
    os.makedirs(os.path.dirname(os.path.abspath(args.csv)), exist_ok=True)
    with open(args.csv + ".tmp", "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    os.replace(args.csv + ".tmp", args.csv)

    names = {"CM02": "CM02 (default: open connection, window open)", "LV08": "LV08",
             "tcp-idle": "CM02 + persistent, after an idle RTO", "tcp-per-request": "CM02 + per-request"}
    if failed:
        print(f"{len(failed)} points left out (a model failed there, see stderr): {failed}\n")
    print(f"{len(points)} points ({len(sizes)} sizes x {len(RTTS)} RTTs x {len(BANDWIDTHS)} bottlenecks x "
          f"{len(flows_list)} flow counts); error = model / ns-3 at the receiver - 1\n")
    print("| model | flows | median abs. error | 90th pct abs. error | worst error (point: bytes, RTT, bottleneck) |")
    print("|---|---|---|---|---|")
    for m in MODELS[:-1]:
        for f in flows_list + ["all"]:
            sel = [row for row in rows if f == "all" or row["flows"] == f]
            errors = [abs(row[m + "_error"]) for row in sel]
            worst = max(sel, key=lambda row: abs(row[m + "_error"]))
            print(f"| {names[m]} | {f} | {100 * statistics.median(errors):.1f} % | {100 * pct(errors, 0.9):.1f} % | "
                  f"{100 * worst[m + '_error']:+.1f} % ({worst['bytes']} B, {1000 * worst['rtt_s']:g} ms, "
                  f"{worst['bottleneck_bps'] / 1e6:g} Mbps) |")
    print("\nBy message size, lone flows and all flow counts (median abs. error):\n")
    print("| bytes | " + " | ".join(names[m] for m in MODELS[:-1]) + " |")
    print("|---|" + "---|" * (len(MODELS) - 1))
    for s in sizes:
        sel = [row for row in rows if row["bytes"] == s]
        print(f"| {s:,} | " + " | ".join(f"{100 * statistics.median(abs(row[m + '_error']) for row in sel):.1f} %"
                                        for m in MODELS[:-1]) + " |")
    raw = [abs(row["tcp-per-request_s"] / row["ns3_s"] - 1) for row in rows]
    print(f"\nper-request against ns-3 as SimGrid reports it (sender's close, uncorrected): median abs. error "
          f"{100 * statistics.median(raw):.1f} %")
    print(f"CSV: {args.csv}")


if __name__ == "__main__":
    sys.exit(main())
