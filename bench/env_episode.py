#!/usr/bin/env python3
"""Wall time of one FogEnv episode of a scenario (an agent that acts like the entropy policy, one step per
decision) against hybridfog.run of the same scenario, alternating, median of --runs each (docs/python.md,
"Learning a policy"). Usage: PYTHONPATH=build/python /usr/bin/python3 bench/env_episode.py [--runs 5] [SCENARIO]"""

import argparse
import statistics
import time

import hybridfog
from hybridfog.env import FogEnv


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", nargs="?", default="scenarios/quickstart.yaml")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=0.78)
    args = parser.parse_args()
    env = FogEnv(args.scenario)
    entropy = env.index("entropy_nats")
    episode, run, steps = [], [], 0
    for k in range(args.runs):
        start = time.perf_counter()
        obs, _ = env.reset(seed=k)
        steps = 0
        while True:
            obs, _, terminated, _, _ = env.step(0 if obs[entropy] < args.threshold else 1)
            steps += 1
            if terminated:
                break
        episode.append(time.perf_counter() - start)
        start = time.perf_counter()
        hybridfog.run(args.scenario, seed=k)
        run.append(time.perf_counter() - start)
    e, r = statistics.median(episode), statistics.median(run)
    print(f"{args.scenario}: {steps} decisions per episode; episode median {e:.3f} s, hybridfog.run median {r:.3f} s, "
          f"ratio {e / r:.2f} ({args.runs} alternating runs each)")


if __name__ == "__main__":
    main()
