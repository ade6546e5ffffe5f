"""A learning environment with Gymnasium's API shape (docs/python.md, "Learning a policy").

    from hybridfog.env import FogEnv
    env = FogEnv("scenarios/quickstart.yaml", decision="exit", reward={"correct": 1.0, "latency_s": -2.0})
    obs, info = env.reset(seed=7)
    while True:
        action = 0 if obs[env.index("entropy_nats")] < 0.78 else 1     # 0: exit here, 1: go on
        obs, reward, terminated, truncated, info = env.step(action)
        if terminated:
            break

One episode is one run of the scenario. One step is one pending decision: the simulation runs (in a child
process, as hybridfog.run does) until a decision is needed, hands over its observation, and waits for the
action. Gymnasium is not a Debian package, so this module follows its API without importing it;
`observation_space` and `action_space` are small look-alikes of gymnasium.spaces.Box and Discrete.

Rewards. A sample's outcome (correct, latency, deadline met, energy caused) is known only when it finishes,
which is after its last decision. Each finished sample's reward is delivered once, in the step during which
it finished (samples that finish before the first decision: in the first step); `info["finished"]` lists
those samples with their outcome, their reward and the steps of their decisions, so a learner can credit
each decision exactly (a contextual bandit pairs a decision with its sample's reward). The sum of the
rewards of an episode is the sum over its samples.
"""

from __future__ import annotations

import json
import math
import numbers
import os
import shutil
import signal
import struct
import tempfile
from typing import Callable, Mapping, Optional, Union

import numpy as np

from . import _core
from .api import Overrides, _argument_error, _seed, overrides_to_assignments
from .errors import InputError

# Weights a reward may give (docs/python.md): per finished sample, reward = sum of weight x value.
REWARD_TERMS = {
    "correct": "1 when its answer is right, else 0 (a given-up sample: 0)",
    "latency_s": "finish - arrival, s",
    "late": "1 when the answer came after its deadline (workload.deadline), else 0; 0 without deadlines",
    "energy_j": "energy it caused above idle, J (samples.csv energy_j)",
    "given_up": "1 when it was given up (failures, coverage, its device's battery), else 0",
    "bytes_sent": "payload it put on the network, bytes",
    "samples": "1 for every finished sample (a constant per sample)",
}
# samples.csv `outcome` values, in the engine's order (`battery`: given up for its device's battery;
# `device_down`: given up because its device failed after its arrival).
OUTCOMES = ("completed", "fell_back", "given_up", "battery", "device_down")


class Box:
    """gymnasium.spaces.Box's shape: low, high, shape, dtype; contains(x), sample()."""

    def __init__(self, low: float, high: float, shape: tuple, dtype=np.float64):
        self.low = np.full(shape, low, dtype=dtype)
        self.high = np.full(shape, high, dtype=dtype)
        self.shape = tuple(shape)
        self.dtype = np.dtype(dtype)

    def contains(self, x) -> bool:
        x = np.asarray(x)
        return x.shape == self.shape and bool(np.all((x >= self.low) | np.isnan(x)) and np.all((x <= self.high) | np.isnan(x)))

    def sample(self, rng: Optional[np.random.Generator] = None):
        rng = rng or np.random.default_rng()
        return rng.standard_normal(self.shape).astype(self.dtype)

    def __repr__(self) -> str:
        return f"Box({self.low.flat[0]}, {self.high.flat[0]}, {self.shape}, {self.dtype})"


class Discrete:
    """gymnasium.spaces.Discrete's shape: n; contains(a), sample()."""

    def __init__(self, n: int):
        self.n = int(n)
        self.shape = ()
        self.dtype = np.dtype(np.int64)

    def contains(self, a) -> bool:
        return isinstance(a, numbers.Integral) and not isinstance(a, bool) and 0 <= int(a) < self.n

    def sample(self, rng: Optional[np.random.Generator] = None) -> int:
        return int((rng or np.random.default_rng()).integers(self.n))

    def __repr__(self) -> str:
        return f"Discrete({self.n})"


class FogEnv:
    """The decisions of one scenario as an environment (module docstring; docs/python.md).

    decision    "exit": at every exit head but the final one, exit (action 0) or go on (action 1);
                "orchestration": which candidate host of a server tier takes the sample (action: its index in
                info["candidates"]; every server tier's rule is replaced by the agent's choice).
    reward      {term: weight} over REWARD_TERMS (Default: {"correct": 1.0}), or a function of the outcome
                dict (info["finished"] items) returning a number.
    overrides   `--set` style overrides of the scenario, as in hybridfog.run.
    seed        the episodes' seed when reset() is given none (Default: the scenario's).
    out         a folder for each episode's outputs, written as hybridfog.run(out=...) writes them (the last
                episode's stays); None: a temporary folder, removed when the episode ends.
    candidates  orchestration only: "site" (the up hosts of the sample's site) or "all-sites".
    """

    metadata = {"render_modes": []}

    def __init__(self, scenario, decision: str = "exit", reward: Union[None, Mapping[str, float], Callable] = None,
                 overrides: Overrides = None, seed: Optional[int] = None, out=None, candidates: str = "site"):
        if decision not in ("exit", "orchestration"):
            raise _argument_error("decision", f'expected "exit" or "orchestration", got {decision!r}')
        if candidates not in ("site", "all-sites"):
            raise _argument_error("candidates", f'expected "site" or "all-sites", got {candidates!r}')
        self.scenario = os.fspath(scenario)
        self.decision = decision
        self._all_sites = candidates == "all-sites"
        self._assignments = overrides_to_assignments(overrides)
        self._seed = _seed(seed)
        self._out = None if out is None else os.fspath(out)
        self._reward = self._reward_function(reward)
        layout = _core.episode_layout(self.scenario, self._assignments, decision, self._all_sites)
        self.observation_names = list(layout["observation_names"])
        self.outcome_fields = list(layout["outcome_fields"])
        self.heads = list(layout.get("heads", []))
        self.tiers = list(layout.get("tiers", []))
        self.observation_space = Box(-math.inf, math.inf, (len(self.observation_names),))
        self.action_space = Discrete(layout["actions"])
        self._pid = None
        self._reader = None
        self._writer = None
        self._work = None
        self._hosts: list = []
        self._done = True
        self.summary: Optional[dict] = None

    # ---- Gymnasium's API
    def reset(self, seed: Optional[int] = None, options: Optional[dict] = None):
        """Start an episode (a new run; one that is under way is stopped). Returns (observation, info)."""
        self._stop()
        seed = self._seed if seed is None else _seed(seed)
        if self._out is None:
            self._work = tempfile.mkdtemp(prefix="hybridfog-env-")
            folder = os.path.join(self._work, "out")
        else:
            folder = self._out
        obs_r, obs_w = os.pipe()
        act_r, act_w = os.pipe()
        try:
            self._pid = _core.start_episode(self.scenario, self._assignments, seed, folder, self.decision,
                                            self._all_sites, obs_w, act_r, [obs_r, act_w])
        except BaseException:
            for fd in (obs_r, obs_w, act_r, act_w):
                os.close(fd)
            self._cleanup()
            raise
        os.close(obs_w)
        os.close(act_r)
        self._reader = os.fdopen(obs_r, "rb", buffering=1 << 16)
        self._writer = act_w
        self._steps = 0
        self._decisions_of: dict = {}  # sample id -> the steps of its decisions
        self._done = False
        self.summary = None
        obs, info, terminated = self._advance()
        self._carried = info.pop("finished")  # rewarded in the first step
        self._ended_early = terminated
        return obs, info

    def step(self, action):
        """Answer the pending decision; the simulation runs to the next one. Returns (observation, reward,
        terminated, truncated, info); truncated is always False (every run ends)."""
        if self._done:
            raise RuntimeError("the episode has ended: call reset()")
        finished = self._carried
        self._carried = []
        if self._ended_early:  # the run had no decision at all
            obs, info, terminated = np.zeros(self.observation_space.shape), {"summary": self.summary}, True
            self._done = True
        else:
            if isinstance(action, np.integer):
                action = int(action)
            if not self.action_space.contains(action) or action >= self._offered:
                raise ValueError(f"action {action!r} is not one of 0..{self._offered - 1} (the pending decision's "
                                 f"{'candidates' if self.decision == 'orchestration' else 'actions'})")
            self._decisions_of.setdefault(self._sample, []).append(self._steps)
            self._steps += 1
            os.write(self._writer, struct.pack("=i", action))
            obs, info, terminated = self._advance()
        info["finished"] = finished + info.get("finished", [])
        reward = float(sum(f["reward"] for f in info["finished"]))
        return obs, reward, terminated, False, info

    def close(self):
        """Stop a run under way and remove its temporary folder."""
        self._stop()

    def __del__(self):
        try:
            self._stop()
        except Exception:
            pass

    # ---- Helpers
    def index(self, name: str) -> int:
        """The position of an observation field (observation_names)."""
        return self.observation_names.index(name)

    def _reward_function(self, reward):
        if reward is None:
            reward = {"correct": 1.0}
        if callable(reward):
            return reward
        if not isinstance(reward, Mapping):
            raise _argument_error("reward", f"expected {{term: weight}} or a function of the outcome, got {reward!r}")
        weights = {}
        for term, weight in reward.items():
            if term not in REWARD_TERMS:
                raise _argument_error(f"reward.{term}", f"unknown term (known: {', '.join(REWARD_TERMS)})")
            if isinstance(weight, bool) or not isinstance(weight, numbers.Real) or not math.isfinite(weight):
                raise _argument_error(f"reward.{term}", f"expected a finite number, got {weight!r}")
            weights[term] = float(weight)

        def weighted(outcome):
            values = {"correct": outcome["correct"], "latency_s": outcome["latency_s"],
                      "late": 0.0 if math.isnan(outcome["late"]) else outcome["late"],
                      "energy_j": outcome["energy_j"], "given_up": float(outcome["outcome"] in ("given_up", "battery", "device_down")),
                      "bytes_sent": outcome["bytes_sent"], "samples": 1.0}
            return sum(w * values[t] for t, w in weights.items())

        return weighted

    def _read(self, n: int) -> bytes:
        data = self._reader.read(n)
        if len(data) != n:
            status = self._reap()
            raise RuntimeError(f"the simulation process ended without a report ({status})")
        return data

    def _advance(self):
        """Reads until the next decision ('D') or the end ('E'): (observation, info, terminated)."""
        finished = []
        while True:
            kind, length = struct.unpack("=cI", self._read(5))
            payload = self._read(length)
            if kind == b"H":
                self._hosts = payload.decode().splitlines()
            elif kind == b"S":
                sample = struct.unpack_from("=Q", payload)[0]
                values = struct.unpack_from(f"={len(self.outcome_fields)}d", payload, 8)
                outcome = dict(zip(self.outcome_fields, values))
                outcome["outcome"] = OUTCOMES[int(outcome["outcome"])]
                outcome["exit_head"] = int(outcome["exit_head"])
                outcome["device"] = int(outcome["device"])
                outcome["sample_id"] = sample
                outcome["decisions"] = self._decisions_of.pop(sample, [])
                outcome["reward"] = float(self._reward(outcome))
                finished.append(outcome)
            elif kind == b"D":
                sample, n = struct.unpack_from("=QI", payload)
                obs = np.frombuffer(payload, dtype=np.float64, count=n, offset=12).copy()
                (k,) = struct.unpack_from("=I", payload, 12 + 8 * n)
                hosts = struct.unpack_from(f"={k}i", payload, 16 + 8 * n)
                self._sample = sample
                info = {"sample_id": sample, "finished": finished}
                if self.decision == "orchestration":
                    self._offered = k
                    info["candidates"] = [self._hosts[h] for h in hosts]
                    info["tier"] = self.tiers[int(obs[1])]
                    info["action_mask"] = np.array([i < k for i in range(self.action_space.n)])
                else:
                    self._offered = 2
                    info["head"] = self.heads[int(obs[0])]
                return obs, info, False
            elif kind == b"E":
                report = json.loads(payload)
                self._reap()
                self._done = True
                if "input_error" in report:
                    e = report["input_error"]
                    raise InputError(e["message"], e["file"], e["line"], e["column"], e["key_path"], e["detail"])
                if "error" in report:
                    raise RuntimeError(report["error"])
                self.summary = report["summary"]
                return np.zeros(self.observation_space.shape), {"finished": finished, "summary": self.summary}, True
            else:
                raise RuntimeError(f"learning environment: unknown message {kind!r}")

    def _reap(self) -> str:
        if self._pid is None:
            return "no process"
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        self._close_pipes()
        self._cleanup()
        if os.WIFSIGNALED(status):
            return f"killed by signal {os.WTERMSIG(status)}"
        return f"exit status {os.WEXITSTATUS(status)}"

    def _close_pipes(self):
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._writer is not None:
            os.close(self._writer)
            self._writer = None

    def _cleanup(self):
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)
            self._work = None

    def _stop(self):
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self._pid, 0)
            self._pid = None
        self._close_pipes()
        self._cleanup()
        self._done = True
