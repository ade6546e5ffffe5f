#!/usr/bin/python3
"""Execute the analysis notebooks headlessly on a run or study folder of hybridfog.

    run_notebooks.py --run DIR                          quickstart_run.ipynb on a `hybridfog run` folder, then
                                                        dynamic_fog.ipynb when the run wrote events.csv (profiles,
                                                        failures, a wireless access: latency, accuracy, energy
                                                        over time) and mobility.ipynb when it had a wireless access
    run_notebooks.py --run DIR --kind dynamic           dynamic_fog.ipynb only
    run_notebooks.py --study DIR [--kind KIND]          the study notebook of KIND on a `hybridfog sweep`
                                                        folder: policy, fleet, design, adaptive, orchestration, battery
                                                        or applications
                                                        (Default: guessed from what the points vary)

The PNGs, their sidecars (`<name>.json`: the numbers each figure draws) and an executed copy of each notebook
go to DIR-plots/ beside the folder (or --out), so that a later `hybridfog run -o DIR` or `sweep -o DIR` still
replaces or resumes DIR (docs/outputs.md: an output folder holds only its own files). Exit status: 0 done,
1 a notebook failed (its executed copy, with the error, is still written), 2 bad folder or arguments.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ANALYSIS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(ANALYSIS_DIR))

from hybridfog_analysis import OutputError, load_run, load_study  # noqa: E402
from hybridfog_analysis.adaptive import ADAPTIVE_POLICIES  # noqa: E402

NOTEBOOKS = {
    "run": "quickstart_run.ipynb",
    "mobility": "mobility.ipynb",
    "policy": "policy_study.ipynb",
    "fleet": "fleet_study.ipynb",
    "design": "design_space.ipynb",
    "adaptive": "adaptive_study.ipynb",
    "dynamic": "dynamic_fog.ipynb",
    "orchestration": "orchestration_study.ipynb",
    "battery": "battery_study.ipynb",
    "applications": "shared_edge_study.ipynb",
}


def guess_kind(study) -> str:
    """Which study notebook fits: adaptive when a point uses an adaptive policy, policy when the points use several policies, design when they use
    several model profiles (with one policy), fleet when they use several fleet sizes."""
    table = study.table()
    if "orchestration" in study.axes:
        return "orchestration"
    if any(c.startswith("by_application.") for c in table.columns):  # several applications (docs/outputs.md)
        return "applications"
    if "battery.deaths" in table.columns:  # battery-powered devices (docs/outputs.md, "Batteries")
        return "battery"
    if table["policy_name"].isin(ADAPTIVE_POLICIES).any():
        return "adaptive"
    if table["policy_name"].nunique() > 1:
        return "policy"
    if table["profile_name"].nunique() > 1:
        return "design"
    if table["devices"].nunique() > 1:
        return "fleet"
    if any(axis.startswith("policy") for axis in study.axes):
        return "policy"
    raise OutputError(f"{study.path}: cannot tell which study notebook fits (axes: {', '.join(study.axes)}; "
                      f"one policy, one profile, one fleet size); pass --kind policy|fleet|design|adaptive")


def default_plots_dir(folder: Path) -> Path:
    """Where the figures of an output folder go by default: `<folder>-plots` beside it."""
    return folder.parent / f"{folder.name}-plots"


def execute(notebook: str, environment: dict, plots_dir: Path, timeout_s: int) -> bool:
    """Run one notebook top to bottom with nbclient; write its executed copy into plots_dir."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    source = ANALYSIS_DIR / notebook
    nb = nbformat.read(source, as_version=4)
    os.environ.update(environment)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ANALYSIS_DIR), os.environ.get("PYTHONPATH")]))
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiets the kernel's debugger warning
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    client = NotebookClient(nb, timeout=timeout_s, kernel_name="python3",
                            resources={"metadata": {"path": str(ANALYSIS_DIR)}})
    ok = True
    try:
        client.execute()
    except CellExecutionError as error:
        ok = False
        print(f"run_notebooks: {notebook} failed:\n{error}", file=sys.stderr)
    plots_dir.mkdir(parents=True, exist_ok=True)
    executed = plots_dir / notebook
    nbformat.write(nb, executed)
    print(f"run_notebooks: {'executed' if ok else 'FAILED'} {notebook} -> {executed}")
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--run", metavar="DIR", help="output folder of `hybridfog run`")
    target.add_argument("--study", metavar="DIR", help="output folder of `hybridfog sweep`")
    parser.add_argument("--kind", choices=["policy", "fleet", "design", "adaptive", "dynamic", "orchestration", "battery",
                                           "applications"],
                        help="study notebook to run (Default: guessed from the study); with --run: dynamic")
    parser.add_argument("--out", metavar="DIR", help="where PNGs, sidecars and executed notebooks go (Default: DIR-plots)")
    parser.add_argument("--timeout", type=int, default=600, metavar="S", help="per cell, seconds (Default: 600)")
    args = parser.parse_args(argv)
    if args.run and args.kind not in (None, "dynamic"):
        parser.error("--kind with --run: only dynamic")
    if args.study and args.kind == "dynamic":
        parser.error("--kind dynamic goes with --run")

    folder = Path(args.run or args.study).resolve()
    try:
        if args.run:
            loaded = load_run(folder)
            loaded.require("samples")
            if args.kind == "dynamic" and loaded.events is None:
                raise OutputError(f"{folder}: no events.csv (a run with profiles or failures, docs/outputs.md)")
            kind, variable = args.kind or "run", "HYBRIDFOG_RUN_DIR"
        else:
            study = load_study(folder)
            kind, variable = args.kind or guess_kind(study), "HYBRIDFOG_STUDY_DIR"
    except OutputError as error:
        print(f"run_notebooks: {error}", file=sys.stderr)
        return 2
    plots_dir = Path(args.out).resolve() if args.out else default_plots_dir(folder)
    if plots_dir == folder or folder in plots_dir.parents:
        print(f"run_notebooks: --out {plots_dir}: inside the output folder {folder}; a later `hybridfog run -o` or "
              f"`sweep -o` into it would be refused. Give a folder outside it", file=sys.stderr)
        return 2
    environment = {variable: str(folder), "HYBRIDFOG_PLOTS_DIR": str(plots_dir)}
    ok = execute(NOTEBOOKS[kind], environment, plots_dir, args.timeout)
    if kind == "run" and loaded.events is not None:
        ok = execute(NOTEBOOKS["dynamic"], environment, plots_dir, args.timeout) and ok
    if kind == "run" and loaded.wireless and loaded.device_table is not None:
        ok = execute(NOTEBOOKS["mobility"], environment, plots_dir, args.timeout) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
