#!/usr/bin/python3
"""The arrival processes of docs/formats.md ("Arrival processes") side by side: each runs on the quickstart
fog (10 devices) for 600 s of simulated time, and the figure shows the arrivals per second per device in
20 s windows (from each run's samples.csv; the bursty panel: device 0 alone) against the rate the process
is specified with.

    analysis/arrivals_figure.py --binary build/hybridfog [--out docs/figures]

Writes OUT/arrivals.png. Every process has a mean of 1 sample/s per device except the trace.
"""
import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hybridfog_analysis import load_run, plots  # noqa: E402

DURATION_S = 600.0
WINDOW_S = 20.0
SOURCE = Path(__file__).resolve().parent.parent


def step(times, rates, period=None):
    """The rate of a piecewise-constant profile at every second of the run."""
    t = np.arange(0.0, DURATION_S + 1.0)
    phase = np.mod(t, period) if period else t
    index = np.searchsorted(np.asarray(times), phase, side="right") - 1
    return t, np.asarray(rates)[index]


def processes(trace_file):
    """(title, workload for --set, specified rate per device over time)."""
    flat = step([0.0], [1.0])
    return [
        ("poisson, rate 1/s", "{arrivals: poisson, rate: 1/s, duration: 600s}", flat),
        ("periodic, rate 1/s, random phase", "{arrivals: periodic, rate: 1/s, duration: 600s}", flat),
        ("bursty: 5/s for 20 s on average, then 0/s for 80 s (mean 1/s); device 0 alone",
         "{arrivals: bursty, states: [{rate: 5/s, mean_sojourn: 20s}, {rate: 0/s, mean_sojourn: 80s}], duration: 600s}",
         flat),
        ("profile: 0.25/s, 1/s, 1.75/s for 100 s each, period 300 s",
         "{arrivals: profile, profile: [{time: 0s, rate: 0.25/s}, {time: 100s, rate: 1/s}, {time: 200s, rate: 1.75/s}],"
         " period: 300s, duration: 600s}",
         step([0.0, 100.0, 200.0], [0.25, 1.0, 1.75], 300.0)),
        ("trace: every 0.5 s until 300 s, then every 2 s", "{arrivals: trace, file: " + str(trace_file) + "}",
         step([0.0, 300.0], [2.0, 0.5])),
    ]


def write_trace(path, devices):
    lines = ["time_s,device"]
    times = list(np.arange(0.0, 300.0, 0.5)) + list(np.arange(300.0, DURATION_S, 2.0))
    for t in times:
        lines += [f"{t:g},{d}" for d in range(devices)]
    path.write_text("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--out", default=str(SOURCE / "docs" / "figures"))
    a = parser.parse_args()
    plots.apply_style()
    devices = 10
    with tempfile.TemporaryDirectory() as work:
        trace_file = Path(work) / "arrivals.csv"
        write_trace(trace_file, devices)
        specs = processes(trace_file)
        fig, axes = plt.subplots(len(specs), 1, figsize=(7.0, 10.5), sharex=True)
        edges = np.arange(0.0, DURATION_S + WINDOW_S, WINDOW_S)
        drawn = []
        for index, (ax, (title, workload, (t, rate))) in enumerate(zip(axes, specs)):
            out = Path(work) / f"run{index}"
            subprocess.run([a.binary, "run", str(SOURCE / "scenarios" / "quickstart.yaml"), "--seed", "1",
                            "--set", "workload=" + workload, "-o", str(out), "--no-progress"],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            run = load_run(out)
            # The bursty panel shows one device (the mean over 10 devices would smooth its bursts away).
            one = "device 0" in title
            arrivals = run.samples["arrival_s"][run.samples["device"] == 0] if one else run.samples["arrival_s"]
            counts, _ = np.histogram(arrivals, bins=edges)
            ax.stairs(counts / (WINDOW_S * (1 if one else devices)), edges, label=f"simulated ({WINDOW_S:g} s windows)")
            drawn += [{"process": title, "window_start_s": float(start), "value": float(c / (WINDOW_S * (1 if one else devices)))}
                      for start, c in zip(edges[:-1], counts)]
            ax.plot(t, rate, color="black", linewidth=1, linestyle="--", label="specified rate")
            ax.set_title(title, fontsize=10)
            ax.set_ylabel(plots.axis_label("rate", "1/s"))
        axes[-1].set_xlabel(plots.axis_label("simulated time", "s"))
        fig.suptitle("Arrivals per second per device, quickstart fog (10 devices)")
        fig.tight_layout(rect=(0, 0.04, 1, 1))
        fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=2)
        plots.save(fig, a.out, "arrivals",
                   plots.table("arrival rate", "simulated arrivals per second per device", "1/s", drawn,
                               ["process", "window_start_s"], window_s=WINDOW_S))


if __name__ == "__main__":
    main()
