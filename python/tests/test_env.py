"""hybridfog.env.FogEnv (docs/python.md, "Learning a policy"). Run through ctest (python.env)."""

import csv
import math
import os
import sys
from pathlib import Path

import numpy as np
import pytest

import hybridfog
from hybridfog.env import FogEnv

SOURCE = Path(os.environ.get("HYBRIDFOG_SOURCE", Path(__file__).resolve().parents[2]))
WORK = Path(os.environ.get("HYBRIDFOG_TEST_WORK", "/tmp/hybridfog-python-tests")) / "env"
QUICKSTART = "scenarios/quickstart.yaml"
SMALL = {"platform.tiers[0].classes[0].count": 2, "workload.samples_per_device": 50}
TABLES = ("samples.csv", "hosts.csv", "links.csv")


@pytest.fixture(autouse=True)
def in_source_tree(monkeypatch):
    monkeypatch.chdir(SOURCE)
    WORK.mkdir(parents=True, exist_ok=True)


def play(env, agent, seed):
    """One episode: (observations, actions, rewards, infos)."""
    obs, info = env.reset(seed=seed)
    trace = ([obs], [], [], [info])
    while True:
        action = agent(obs, info)
        obs, reward, terminated, truncated, info = env.step(action)
        assert truncated is False
        trace[0].append(obs)
        trace[1].append(action)
        trace[2].append(reward)
        trace[3].append(info)
        if terminated:
            return trace


def entropy_agent(env, threshold):
    entropy = env.index("entropy_nats")
    return lambda obs, info: 0 if obs[entropy] < threshold else 1


def same_tables(a: Path, b: Path):
    for table in TABLES:
        assert (a / table).read_bytes() == (b / table).read_bytes(), table


def test_an_agent_that_acts_like_the_entropy_policy_reproduces_its_outputs():
    env = FogEnv(QUICKSTART, out=WORK / "agent")
    _, actions, _, infos = play(env, entropy_agent(env, 0.78), seed=3)
    hybridfog.run(QUICKSTART, seed=3, out=WORK / "builtin")  # policy entropy, threshold 0.78
    same_tables(WORK / "agent", WORK / "builtin")
    assert infos[-1]["summary"]["accuracy"] == env.summary["accuracy"]
    assert len(actions) == 1000  # quickstart: one exit head before the final one, 1,000 samples
    assert 0 < sum(a == 0 for a in actions) < 1000
    # Not vacuous: another threshold gives other outputs.
    env2 = FogEnv(QUICKSTART, out=WORK / "agent2")
    play(env2, entropy_agent(env2, 0.3), seed=3)
    assert (WORK / "agent2/samples.csv").read_bytes() != (WORK / "builtin/samples.csv").read_bytes()


def test_the_same_seed_gives_the_same_episode_and_another_seed_another():
    env = FogEnv(QUICKSTART, overrides=SMALL, reward={"correct": 1.0, "latency_s": -10.0})

    def seeded_random_agent():
        rng = np.random.default_rng(5)
        return lambda obs, info: int(rng.integers(2))

    one = play(env, seeded_random_agent(), seed=11)
    two = play(env, seeded_random_agent(), seed=11)
    other = play(env, seeded_random_agent(), seed=12)
    assert len(one[0]) == len(two[0])
    assert all(np.array_equal(a, b, equal_nan=True) for a, b in zip(one[0], two[0]))
    assert one[2] == two[2]
    assert one[1] == two[1]
    assert not all(np.array_equal(a, b, equal_nan=True) for a, b in zip(one[0], other[0]))


def test_each_sample_is_rewarded_once_with_its_outcome_and_its_decisions():
    weights = {"correct": 1.0, "latency_s": -20.0, "energy_j": -0.5, "bytes_sent": -1e-6, "samples": 0.25}
    env = FogEnv(QUICKSTART, overrides=SMALL, reward=weights, out=WORK / "rewards")
    observations, actions, rewards, infos = play(env, entropy_agent(env, 0.78), seed=4)
    steps_of = {}
    for step, info in enumerate(infos[:-1]):  # the decision posed before step `step`
        steps_of.setdefault(info["sample_id"], []).append(step)
    finished = [f for info in infos[1:] for f in info["finished"]]
    with open(WORK / "rewards/samples.csv") as f:
        rows = {int(r["sample_id"]): r for r in csv.DictReader(f)}
    assert sorted(f["sample_id"] for f in finished) == sorted(rows)  # every sample once
    total = 0.0
    for f in finished:
        row = rows[f["sample_id"]]
        expected = (1.0 * int(row["correct"]) - 20.0 * float(row["latency_s"]) - 0.5 * float(row["energy_j"])
                    - 1e-6 * float(row["bytes_sent"]) + 0.25)
        assert math.isclose(f["reward"], expected, rel_tol=1e-12, abs_tol=1e-12), f
        assert f["decisions"] == steps_of.get(f["sample_id"], [])
        assert f["outcome"] == "completed" and math.isnan(f["late"])  # no failures, no deadlines here
        total += expected
    assert math.isclose(sum(rewards), total, rel_tol=1e-12)
    # A step's reward is the sum over the samples that finished during it.
    for reward, info in zip(rewards, infos[1:]):
        assert math.isclose(reward, sum(f["reward"] for f in info["finished"]), rel_tol=1e-12, abs_tol=1e-15)


def test_an_orchestration_agent_that_takes_turns_is_the_builtin_round_robin():
    small = {"workload.samples_per_device": 5}
    env = FogEnv("scenarios/hotspot.yaml", decision="orchestration", overrides=small, out=WORK / "turns")
    order, last = {}, {}

    def turns(obs, info):
        if not order:
            order.update({h: i for i, h in enumerate(env._hosts)})
        key = (info["tier"], int(obs[env.index("site")]))
        later = [i for i, c in enumerate(info["candidates"]) if order[c] > last.get(key, -1)]
        pick = later[0] if later else 0
        last[key] = order[info["candidates"][pick]]
        assert info["action_mask"][pick]
        return pick

    play(env, turns, seed=2)
    hybridfog.run("scenarios/hotspot.yaml", overrides={**small, "orchestration": "round-robin"}, seed=2,
                  out=WORK / "round-robin")
    same_tables(WORK / "turns", WORK / "round-robin")
    assert env.observation_names[:6] == ["candidates", "tier", "site", "stage", "bytes", "now_s"]


def test_bad_arguments_and_actions_are_refused():
    with pytest.raises(hybridfog.InputError, match="decision"):
        FogEnv(QUICKSTART, decision="placement")
    with pytest.raises(hybridfog.InputError, match="reward.accuracy: unknown term"):
        FogEnv(QUICKSTART, reward={"accuracy": 1.0})
    with pytest.raises(hybridfog.InputError, match="workload.samples_per_device"):
        FogEnv(QUICKSTART, overrides={"workload.samples_per_device": -1})
    # Several applications (docs/formats.md): one policy each, which the exit environment does not choose between.
    with pytest.raises(hybridfog.InputError, match="applications: the exit environment learns the policy of a scenario of one"):
        FogEnv("scenarios/shared-edge.yaml")
    env = FogEnv(QUICKSTART, overrides=SMALL)
    env.reset(seed=1)
    for bad in (2, -1, 0.5, True, "exit"):
        with pytest.raises(ValueError, match="is not one of 0..1"):
            env.step(bad)
    env.step(np.int64(1))  # NumPy integers are actions
    env.close()
    with pytest.raises(RuntimeError, match="call reset"):
        env.step(0)
    # reset() during an episode starts over (the run under way is stopped).
    obs, info = env.reset(seed=1)
    again, info2 = env.reset(seed=1)
    assert np.array_equal(obs, again, equal_nan=True) and info == info2
    env.close()


def test_the_learning_notebook_trains_compares_and_draws_what_the_runs_say(monkeypatch):
    """analysis/learn_exit_policy.ipynb, shortened: every number its figure draws is recomputed here from the
    samples.csv of the run it came from, and its verdict from those numbers."""
    import json

    import nbformat
    from nbclient import NotebookClient

    plots_dir = WORK / "learn"
    monkeypatch.setenv("HYBRIDFOG_SCENARIO", str(SOURCE / "scenarios" / "quickstart.yaml"))
    monkeypatch.setenv("HYBRIDFOG_PLOTS_DIR", str(plots_dir))
    monkeypatch.setenv("HYBRIDFOG_SAMPLES_PER_DEVICE", "80")  # 40 s at 2 samples/s per device
    monkeypatch.setenv("HYBRIDFOG_DROP", "10s,30s")
    monkeypatch.setenv("HYBRIDFOG_TRAIN_EPISODES", "3")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([os.environ["PYTHONPATH"], str(SOURCE / "analysis")]))
    notebook = nbformat.read(SOURCE / "analysis" / "learn_exit_policy.ipynb", as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(SOURCE / "analysis")}}).execute()
    sidecar = json.loads((plots_dir / "learn_exit_policy.json").read_text())
    comparison, curve = sidecar["tables"]
    assert (plots_dir / "learn_exit_policy.png").stat().st_size > 10000
    drawn = {(r["policy"], r["metric"]): r["value"] for r in comparison["rows"]}
    policies = sorted({p for p, _ in drawn})
    assert policies == sorted(["entropy (static)", "edge-only", "deadline-aware", "congestion-aware", "learned"])
    reward_of = {}
    for policy in policies:
        with open(plots_dir / "runs" / comparison["folders"][policy] / "samples.csv") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == 10 * 80
        n = len(rows)
        correct = sum(int(r["correct"]) for r in rows) / n
        late = sum(int(r["late"]) for r in rows) / n
        energy = sum(float(r["energy_j"]) for r in rows) / n
        reward_of[policy] = correct - late - 0.5 * energy
        for metric, value in (("accuracy", correct), ("deadline_misses", late), ("energy_per_sample_j", energy),
                              ("reward_per_sample", reward_of[policy])):
            assert math.isclose(drawn[(policy, metric)], value, rel_tol=1e-9, abs_tol=1e-12), (policy, metric)
    # The uplink drop matters: the static rule misses deadlines, the learned policy was trained and ran.
    assert drawn[("entropy (static)", "deadline_misses")] > 0
    assert [r["episode"] for r in curve["rows"]] == [0, 1, 2]
    best = max((p for p in policies if p != "learned"), key=lambda p: reward_of[p])
    assert curve["best_builtin"] == best
    assert curve["learned_beats_best_builtin"] == (reward_of["learned"] > reward_of[best])
