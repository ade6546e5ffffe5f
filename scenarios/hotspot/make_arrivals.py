#!/usr/bin/python3
"""Writes scenarios/hotspot/arrivals.csv: the arrivals of the hotspot scenario (docs/orchestration.md).

Four sites of five devices (platforms/hotspot.yaml, devices numbered site by site). At site 0 all five
devices send, at each other site one device (its first): site 0 has five times the sending devices of any
other. Each sending device sends a Poisson stream of RATE samples/s for DURATION s, drawn from Python's own
generator with a fixed seed, so the file is the same on every run of this script.
"""
import random
import sys
from pathlib import Path

RATE = 20.0      # samples/s per sending device
DURATION = 30.0  # s
SITES, PER_SITE = 4, 5
SEED = 2026


def main() -> int:
    rng = random.Random(SEED)
    senders = list(range(PER_SITE)) + [site * PER_SITE for site in range(1, SITES)]
    rows = []
    for device in senders:
        t = rng.expovariate(RATE)
        while t < DURATION:
            rows.append((round(t, 6), device))
            t += rng.expovariate(RATE)
    rows.sort()
    out = Path(__file__).with_name("arrivals.csv")
    with open(out, "w") as f:
        f.write("# Written by make_arrivals.py (seed %d): site 0's five devices and one device at each other site,\n" % SEED)
        f.write("# Poisson %g samples/s each for %g s.\n" % (RATE, DURATION))
        f.write("time_s,device\n")
        for t, d in rows:
            f.write("%s,%d\n" % (repr(t), d))
    print("%s: %d arrivals" % (out, len(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
