"""The Python API against the CLI (docs/python.md). Run through ctest (python.api), which sets PYTHONPATH to
the build's python/ folder and HYBRIDFOG_BIN to the build's binary."""

import json
import os
import subprocess
from pathlib import Path

import pytest

import hybridfog

SOURCE = Path(os.environ.get("HYBRIDFOG_SOURCE", Path(__file__).resolve().parents[2]))
BIN = os.environ["HYBRIDFOG_BIN"]
WORK = Path(os.environ.get("HYBRIDFOG_TEST_WORK", "/tmp/hybridfog-python-tests"))
QUICKSTART = "scenarios/quickstart.yaml"
# A small quickstart (2 sites x 2 devices x 20 samples) keeps the test fast; the CLI gets the same --set strings.
SMALL = {"platform.tiers[0].classes[0].count": 2, "workload.samples_per_device": 20}


@pytest.fixture(autouse=True)
def in_source_tree(monkeypatch):
    monkeypatch.chdir(SOURCE)  # scenario paths as a user writes them, the same for the CLI and the API
    WORK.mkdir(parents=True, exist_ok=True)


def cli_run(out, overrides, seed=None):
    args = [BIN, "run", QUICKSTART, "-o", str(out), "--no-progress"]
    for assignment in hybridfog.overrides_to_assignments(overrides):
        args += ["--set", assignment]
    if seed is not None:
        args += ["--seed", str(seed)]
    subprocess.run(args, check=True, capture_output=True)


def test_run_writes_the_cli_outputs_byte_for_byte():
    cli_out, api_out = WORK / "cli", WORK / "api"
    cli_run(cli_out, SMALL, seed=3)
    result = hybridfog.run(QUICKSTART, overrides=SMALL, seed=3, out=api_out)
    assert sorted(p.name for p in cli_out.iterdir()) == sorted(p.name for p in api_out.iterdir())
    for name in ("samples.csv", "hosts.csv", "links.csv", "manifest.json"):
        assert (cli_out / name).read_bytes() == (api_out / name).read_bytes(), name
    # summary.json differs only in wall_time_s (docs/outputs.md, Determinism)
    cli_summary = json.loads((cli_out / "summary.json").read_text())
    api_summary = json.loads((api_out / "summary.json").read_text())
    cli_summary.pop("wall_time_s"), api_summary.pop("wall_time_s")
    assert cli_summary == api_summary
    # The DataFrames hold what the files hold.
    assert result.path == api_out
    assert len(result.samples) == 4 * 20 == cli_summary["samples"]
    assert result.summary.loc[0, "accuracy"] == cli_summary["accuracy"]
    assert result.summary.loc[0, "latency_s.p95"] == cli_summary["latency_s"]["p95"]
    assert result.manifest.loc[0, "seed"] == 3
    assert list(result.hosts["host"]) == list(
        __import__("pandas").read_csv(cli_out / "hosts.csv", dtype={"host": str})["host"])


def test_two_runs_in_one_interpreter_without_a_folder():
    first = hybridfog.run(QUICKSTART, overrides={**SMALL, "policy.threshold": 0.1})
    second = hybridfog.run(QUICKSTART, overrides={**SMALL, "policy.threshold": 2.0})
    third = hybridfog.run(QUICKSTART, overrides={**SMALL, "policy.threshold": 0.1})
    assert first.path is None and second.path is None
    # A larger entropy threshold exits more samples at the edge: the runs are really different runs ...
    edge_first = first.summary_json["exit_fraction"]
    edge_second = second.summary_json["exit_fraction"]
    assert edge_first != edge_second
    # ... and the same inputs give the same samples.
    assert first.samples.equals(third.samples)
    assert len(first.samples) == len(second.samples) == 80


def test_validate_reports_what_the_cli_prints():
    facts = hybridfog.validate(QUICKSTART, overrides=SMALL)
    printed = subprocess.run([BIN, "validate", QUICKSTART, "--set", "platform.tiers[0].classes[0].count=2", "--set",
                              "workload.samples_per_device=20"], check=True, capture_output=True, text=True).stdout
    assert printed.strip() == (f"{QUICKSTART}: ok ({facts['devices']} devices, {facts['layers']} layers, "
                               f"{facts['trace_rows']} trace rows, policy {facts['policy']}, {facts['samples']} samples, "
                               f"estimated memory {facts['estimated_memory_bytes'] / (1 << 20):g} MiB)")
    assert facts["devices"] == 4 and facts["samples"] == 80


def test_several_applications_are_validated_and_run_each_with_its_figures():
    # docs/formats.md, "Several applications": validate lists them as the CLI does; run's summary has by_application.
    scenario = "scenarios/shared-edge.yaml"
    small = {f"applications[{k}].workload.samples_per_device": 4 for k in range(3)}
    facts = hybridfog.validate(scenario, overrides=small)
    printed = subprocess.run([BIN, "validate", scenario] + [a for k, v in small.items() for a in ("--set", f"{k}={v}")],
                             check=True, capture_output=True, text=True).stdout.splitlines()
    assert facts["policy"] == "entropy+meanet+appealnet"
    assert [a["name"] for a in facts["applications"]] == ["hybrid", "meanet", "appealnet"]
    for a, line in zip(facts["applications"], printed[1:]):
        assert line == (f"  {a['name']}: {a['devices']} devices, model {a['profile']} ({a['layers']} layers, "
                        f"{a['trace_rows']} trace rows), policy {a['policy']}")
    assert facts["samples"] == 4 * sum(a["devices"] for a in facts["applications"])
    result = hybridfog.run(scenario, overrides=small)
    by_app = result.summary_json["by_application"]
    for a in facts["applications"]:
        rows = result.samples[result.samples["application"] == a["name"]]
        assert by_app[a["name"]]["samples"] == len(rows) == 4 * a["devices"]
        assert by_app[a["name"]]["accuracy"] == pytest.approx(rows["correct"].mean(), rel=1e-12)


def cli_error(*args):
    done = subprocess.run([BIN, *args], capture_output=True, text=True)
    assert done.returncode == 2
    return done.stderr.strip().splitlines()[-1]


def test_bad_override_raises_with_the_cli_message():
    with pytest.raises(hybridfog.InputError) as caught:
        hybridfog.run(QUICKSTART, overrides={"workload.rate": "fast"})
    error = caught.value
    assert str(error) == cli_error("validate", QUICKSTART, "--set", "workload.rate=fast")
    assert error.key_path.endswith("workload.rate") and error.detail
    assert not (WORK / "never").exists()


def test_bad_yaml_file_raises_with_file_line_column(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((SOURCE / QUICKSTART).read_text().replace("rate: 2/s", "rate: 2 per hour")
                   .replace("../", str(SOURCE) + "/"))
    with pytest.raises(hybridfog.InputError) as caught:
        hybridfog.validate(bad)
    error = caught.value
    assert str(error) == cli_error("validate", str(bad))
    assert (error.file, error.key_path) == (str(bad), "workload.rate")
    assert error.line == 13 and error.column > 0
    out = tmp_path / "out"
    with pytest.raises(hybridfog.InputError):
        hybridfog.run(bad, out=out)
    assert not out.exists()


def test_partition_returns_the_ranked_table_of_the_cli(tmp_path):
    table = hybridfog.partition(QUICKSTART, overrides=SMALL, top=3)
    csv = tmp_path / "ranking.csv"
    subprocess.run([BIN, "partition", QUICKSTART, "--set", "platform.tiers[0].classes[0].count=2", "--set",
                    "workload.samples_per_device=20", "--top", "3", "-o", str(csv)], check=True, capture_output=True)
    assert table.equals(__import__("pandas").read_csv(csv))
    assert len(table) >= 1 and "partition search" in table.attrs["report"]
    with pytest.raises(hybridfog.InputError) as caught:
        hybridfog.partition(QUICKSTART, objective="speed")
    assert caught.value.file == "<command line>" and caught.value.key_path.startswith("--objective")


def test_seed_range_numpy_values_and_argument_errors():
    """issue 25 §4: the seed range is the CLI's ([0, 2^62]); NumPy scalars and arrays are accepted in overrides;
    every bad argument raises InputError naming it, never a raw TypeError or ValueError."""
    import numpy as np
    for seed in (-1, (1 << 62) + 1, (1 << 64) - 1, 1.5, "7", True):
        with pytest.raises(hybridfog.InputError) as error:
            hybridfog.run(QUICKSTART, overrides=SMALL, seed=seed)
        assert error.value.key_path == "seed" and "expected an integer in [0, 4611686018427387904]" in str(error.value)
    assert hybridfog.overrides_to_assignments({"policy.threshold": np.float64(0.25), "workload.samples_per_device": np.int64(4),
                                               "outputs.samples": np.bool_(False), "x": np.array([1, 2])}) == [
        "policy.threshold=0.25", "workload.samples_per_device=4", "outputs.samples=false", "x=[1, 2]"]
    facts = hybridfog.validate(QUICKSTART, overrides={**SMALL, "policy.threshold": np.float32(0.5),
                                                      "workload.samples_per_device": np.int32(2)})
    assert facts["samples"] == 2 * facts["devices"]
    result = hybridfog.run(QUICKSTART, overrides=SMALL, seed=np.int64(3))
    assert result.manifest.loc[0, "seed"] == 3
    for overrides, key in (({"policy.threshold": object()}, "--set policy.threshold"), ({1: 2}, "overrides"),
                           ("policy.threshold=1", "overrides"), (42, "overrides"), ([b"x=1"], "overrides")):
        with pytest.raises(hybridfog.InputError) as error:
            hybridfog.validate(QUICKSTART, overrides=overrides)
        assert error.value.key_path == key, error.value
    with pytest.raises(hybridfog.InputError) as error:
        hybridfog.partition(QUICKSTART, overrides=SMALL, top="ten")
    assert error.value.key_path == "top"


# ---- Objects handed over as policy= and orchestrator= (docs/python.md, "Your own policy or orchestrator")
import sys  # noqa: E402

sys.path.insert(0, str(SOURCE / "tests/data/python"))
import orchestrators  # noqa: E402
import rules  # noqa: E402

TABLES = ("samples.csv", "hosts.csv", "links.csv")


def same_tables(a: Path, b: Path):
    for table in TABLES:
        assert (a / table).read_bytes() == (b / table).read_bytes(), table


def test_a_policy_object_decides_as_the_builtin_policy():
    builtin = hybridfog.run(QUICKSTART, overrides={**SMALL, "policy.threshold": 0.5}, seed=3, out=WORK / "builtin")
    mine = hybridfog.run(QUICKSTART, overrides=SMALL, seed=3, out=WORK / "object", policy=rules.Entropy(0.5))
    same_tables(WORK / "builtin", WORK / "object")
    assert mine.summary_json["policy"] == "python"
    assert mine.manifest_json["overrides"][-1] == 'policy={"name": "python", "object": "Entropy"}'
    # Not vacuous: another threshold decides otherwise.
    other = hybridfog.run(QUICKSTART, overrides=SMALL, seed=3, policy=rules.Entropy(2.0))
    assert other.summary_json["accuracy"] != builtin.summary_json["accuracy"]


def test_a_policy_module_named_by_the_scenario_runs_through_the_api():
    policy = {"name": "python", "module": str(SOURCE / "tests/data/python/rules.py"), "class": "Entropy",
              "params": {"threshold": 0.5}}
    hybridfog.run(QUICKSTART, overrides={**SMALL, "policy": policy}, seed=3, out=WORK / "module")
    hybridfog.run(QUICKSTART, overrides={**SMALL, "policy.threshold": 0.5}, seed=3, out=WORK / "builtin2")
    same_tables(WORK / "builtin2", WORK / "module")


def test_an_orchestrator_object_chooses_as_the_builtin_rule():
    small = {"workload.samples_per_device": 5}
    hybridfog.run("scenarios/hotspot.yaml", overrides={**small, "orchestration": "round-robin"}, seed=2,
                  out=WORK / "rr-builtin")
    hybridfog.run("scenarios/hotspot.yaml", overrides=small, seed=2, out=WORK / "rr-object",
                  orchestrator=orchestrators.RoundRobin())
    same_tables(WORK / "rr-builtin", WORK / "rr-object")
    hybridfog.run("scenarios/hotspot.yaml", overrides=small, seed=2, out=WORK / "nearest")
    assert (WORK / "nearest/samples.csv").read_bytes() != (WORK / "rr-object/samples.csv").read_bytes()


def test_objects_that_cannot_decide_are_refused():
    with pytest.raises(hybridfog.InputError, match="got the class Entropy; write Entropy"):
        hybridfog.run(QUICKSTART, overrides=SMALL, policy=rules.Entropy)
    with pytest.raises(hybridfog.InputError, match="has no method choose"):
        hybridfog.validate(QUICKSTART, orchestrator=rules.Entropy(0.5))

    class Broken:
        def decide(self, head, sample, context):
            return {"exit": 1}[sample["pred"]]

    with pytest.raises(hybridfog.InputError) as error:
        hybridfog.run(QUICKSTART, overrides=SMALL, policy=Broken())
    assert error.value.file == __file__
    assert "Broken.decide raised KeyError" in str(error.value) and "(sample 0, " in str(error.value)
    with pytest.raises(hybridfog.InputError, match="NotACandidate.choose returned 'cloud-srv-0', not one of the candidates"):
        hybridfog.run("scenarios/hotspot.yaml", overrides={"workload.samples_per_device": 2},
                      orchestrator=orchestrators.NotACandidate())
