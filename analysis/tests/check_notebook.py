#!/usr/bin/python3
"""Runs one analysis notebook end to end on small real outputs, as CI does:

    check_notebook.py run|mobility|policy|fleet|design|adaptive|dynamic|orchestration|battery|shared-edge|applications

makes the output (`hybridfog run` for run, `hybridfog sweep analysis/tests/studies/<kind>.yaml` otherwise),
executes the notebook through run_notebooks.py, and checks that it finished without an error and wrote
every PNG it should (non-empty) plus its executed copy. Exit status 0 when all holds.
"""

from __future__ import annotations

import subprocess
import sys

import nbformat

import figure_truth
import outputs

EXPECTED = {
    "run": ("quickstart_run.ipynb", ["latency_cdf", "latency_breakdown", "exit_fractions", "energy_per_tier",
                                     "energy_account"]),
    # A run with a wireless access: run_notebooks.py --run executes quickstart_run.ipynb, then mobility.ipynb.
    "mobility": ("mobility.ipynb", ["commuter_latency_over_time", "commuter_links_and_radio_over_time",
                                    "coverage_by_device", "latency_cdf"]),
    "policy": ("policy_study.ipynb", ["energy_accuracy_pareto", "exit_rate_accuracy_vs_threshold",
                                      "wan_bytes_vs_accuracy", "latency_p95_vs_uplink_bandwidth", "study_axes"]),
    "fleet": ("fleet_study.ipynb", ["latency_percentiles_vs_devices", "utilization_vs_devices", "study_axes"]),
    "design": ("design_space.ipynb", ["energy_vs_accuracy_per_bit_width", "edge_energy_reduction_vs_bit_width",
                                       "study_axes"]),
    "adaptive": ("adaptive_study.ipynb", ["accuracy_vs_deadline_miss", "policies_over_time",
                                          "controller_threshold_and_budget"]),
    "dynamic": ("dynamic_fog.ipynb", ["latency_over_time", "accuracy_over_time", "energy_over_time",
                                      "outcomes_over_time", "link_traffic_over_time"]),
    "orchestration": ("orchestration_study.ipynb", ["latency_by_orchestration", "edge_executions_by_site"]),
    "battery": ("battery_study.ipynb", ["devices_alive_over_time", "lifetime_vs_accuracy"]),
    # A run of several applications (scenarios/shared-edge.yaml): quickstart_run.ipynb with its applications figure.
    "shared-edge": ("quickstart_run.ipynb", ["latency_cdf", "latency_breakdown", "exit_fractions", "energy_per_tier",
                                             "energy_account", "applications", "deadlines"]),
    "applications": ("shared_edge_study.ipynb", ["application_latency_vs_mix", "application_misses_vs_mix"]),
}


def main(kind: str) -> int:
    folder = outputs.work_folder(f"notebook-{kind}") / "out"
    if kind == "run":
        outputs.run(folder)
        arguments = ["--run", str(folder)]
    elif kind == "mobility":
        outputs.run(folder, "scenarios/commuter.yaml", ())
        arguments = ["--run", str(folder)]
    elif kind == "shared-edge":
        # three applications on one edge server per site, shortened; one edge core so that queues form
        outputs.run(folder, "scenarios/shared-edge.yaml",
                    ("platform.tiers[1].classes[0].cores=1", "applications[0].workload.samples_per_device=30",
                     "applications[1].workload.samples_per_device=30", "applications[2].workload.samples_per_device=30"))
        arguments = ["--run", str(folder)]
    elif kind == "dynamic":
        # the shipped edge-failure scenario, shortened: the outage (60 s to 120 s) and 20 s after it
        outputs.run(folder, "scenarios/edge-failure.yaml", ("workload.duration=140s",))
        # A run with events.csv: `--run` alone runs quickstart_run.ipynb, then dynamic_fog.ipynb.
        arguments = ["--run", str(folder)]
    else:
        outputs.study(kind, folder)
        arguments = ["--study", str(folder)]  # the kind is guessed, which checks the guess too
    result = subprocess.run([sys.executable, str(outputs.ANALYSIS / "run_notebooks.py"), *arguments])
    notebook, pngs = EXPECTED[kind]
    problems = [] if result.returncode == 0 else [f"run_notebooks.py exited with {result.returncode}"]
    plots = folder.parent / "out-plots"
    if (folder / "plots").exists():
        problems.append(f"{folder / 'plots'}: figures written into the output folder")
    if not (plots / notebook).is_file():
        problems.append(f"no executed copy {plots / notebook}")
    else:
        executed = nbformat.read(plots / notebook, as_version=4)
        for cell in executed.cells:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    problems.append(f"{notebook}: {output.get('ename')}: {output.get('evalue')}")
        if not any(c.get("execution_count") for c in executed.cells if c.cell_type == "code"):
            problems.append(f"{notebook}: no cell was executed")
    for png in pngs:
        path = plots / f"{png}.png"
        if not path.is_file() or path.stat().st_size < 1000:
            problems.append(f"missing or empty {path}")
    for png in pngs:
        if not (plots / f"{png}.json").is_file():
            problems.append(f"no sidecar {plots / png}.json")
    if kind in ("mobility", "dynamic"):  # quickstart_run.ipynb runs first on these runs too
        for png in EXPECTED["run"][1]:
            if not (plots / f"{png}.png").is_file():
                problems.append(f"missing {plots / png}.png (quickstart_run.ipynb on this run)")
    problems += figure_truth.check(kind, folder, plots)
    if kind == "run" and not problems:
        # The checks catch a wrong figure: one part of the latency breakdown drawn 10 % too long.
        import json
        import shutil
        tampered = folder.parent / "tampered-plots"
        shutil.rmtree(tampered, ignore_errors=True)
        shutil.copytree(plots, tampered)
        sidecar = json.loads((tampered / "latency_breakdown.json").read_text())
        sidecar["tables"][0]["rows"][0]["value"] *= 1.1
        (tampered / "latency_breakdown.json").write_text(json.dumps(sidecar))
        caught = figure_truth.check(kind, folder, tampered)
        if not any("latency_breakdown" in p for p in caught):
            problems.append("figure_truth did not catch a latency breakdown part drawn 10 % too long")
    if kind in ("shared-edge", "applications") and not problems:
        # The checks catch a wrong figure: one application's value drawn 10 % too high in every table.
        import json
        import shutil
        tampered = folder.parent / "tampered-plots"
        figures = ["applications"] if kind == "shared-edge" else EXPECTED[kind][1]
        for figure in figures:
            sidecar_tables = json.loads((plots / f"{figure}.json").read_text())["tables"]
            for t in range(len(sidecar_tables)):
                shutil.rmtree(tampered, ignore_errors=True)
                shutil.copytree(plots, tampered)
                sidecar = json.loads((tampered / f"{figure}.json").read_text())
                sidecar["tables"][t]["rows"][1]["value"] *= 1.1
                (tampered / f"{figure}.json").write_text(json.dumps(sidecar))
                if not any(figure in p for p in figure_truth.check(kind, folder, tampered)):
                    problems.append(f"figure_truth did not catch a wrong value in {figure}, table {sidecar_tables[t]['name']}")
    if kind == "battery" and not problems:
        # The checks catch a wrong figure: one device more alive at one step, a lifetime drawn 10 % too long.
        import json
        import shutil
        tampered = folder.parent / "tampered-plots"
        for figure, change in (("devices_alive_over_time", lambda v: v + 1), ("lifetime_vs_accuracy", lambda v: v * 1.1)):
            shutil.rmtree(tampered, ignore_errors=True)
            shutil.copytree(plots, tampered)
            sidecar = json.loads((tampered / f"{figure}.json").read_text())
            sidecar["tables"][0]["rows"][1]["value"] = change(sidecar["tables"][0]["rows"][1]["value"])
            (tampered / f"{figure}.json").write_text(json.dumps(sidecar))
            if not any(figure in p for p in figure_truth.check(kind, folder, tampered)):
                problems.append(f"figure_truth did not catch a wrong value in {figure}")
    if kind == "orchestration" and not problems:
        # The checks catch a wrong figure: one latency bar and one site's share drawn 10 % too high.
        import json
        import shutil
        tampered = folder.parent / "tampered-plots"
        for figure in ("latency_by_orchestration", "edge_executions_by_site"):
            shutil.rmtree(tampered, ignore_errors=True)
            shutil.copytree(plots, tampered)
            sidecar = json.loads((tampered / f"{figure}.json").read_text())
            sidecar["tables"][0]["rows"][1]["value"] *= 1.1
            (tampered / f"{figure}.json").write_text(json.dumps(sidecar))
            if not any(figure in p for p in figure_truth.check(kind, folder, tampered)):
                problems.append(f"figure_truth did not catch a {figure} value drawn 10 % too high")
    # The output folder is still one `hybridfog run -o` / `sweep -o` may replace or resume.
    if kind in ("run", "mobility", "dynamic", "shared-edge"):
        again = subprocess.run([str(outputs.hybridfog_binary()), "--log-level", "warn", "run",
                                str(outputs.REPO / "scenarios/quickstart.yaml"), "-o", str(folder), "--no-progress",
                                "--set", "workload.samples_per_device=2"], cwd=outputs.REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
        if again.returncode != 0:
            problems.append(f"hybridfog run -o {folder} after make plots: exit {again.returncode}: {again.stderr.strip()}")
    else:
        again = subprocess.run([str(outputs.hybridfog_binary()), "--log-level", "warn", "sweep",
                                str(outputs.STUDIES / f"{kind}.yaml"), "-o", str(folder), "-j", "1", "--no-progress"],
                               cwd=outputs.REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if again.returncode != 0:
            problems.append(f"hybridfog sweep -o {folder} after make plots: exit {again.returncode}: {again.stderr.strip()}")
    for problem in problems:
        print(f"check_notebook {kind}: {problem}", file=sys.stderr)
    if not problems:
        print(f"check_notebook {kind}: {notebook} wrote {len(pngs)} PNGs into {plots}")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in EXPECTED:
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(EXPECTED)}")
    sys.exit(main(sys.argv[1]))
