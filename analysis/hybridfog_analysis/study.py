"""A study folder of `hybridfog sweep` as one tidy table (docs/outputs.md, "Outputs of `hybridfog sweep`")."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import OutputError
from .run import LATENCY_PARTS, LATENCY_STATISTICS, Run, load_run, read_table

# Fixed columns that name what ran (docs/outputs.md, results.csv), between `seed` and the axes.
RUN_IDENTITY_COLUMNS = ["scenario_name", "policy_name", "policy_threshold"]

# The fixed columns every results.csv has, whatever its points (docs/outputs.md, results.csv).
RESULTS_COLUMNS = (["point", "replication", "seed", "samples", "correct", "accuracy"]
                   + [f"latency_s.{s}" for s in LATENCY_STATISTICS]
                   + [f"latency_parts_mean_s.{p}" for p in LATENCY_PARTS]
                   + ["energy_j.total", "compute_energy_j.total", "network_energy_j.total", "bytes.total",
                      "sim_time_s", "output_dir"])


@dataclass
class Study:
    """A loaded study folder: `results` is results.csv, one row per point x replication."""

    path: Path
    results: pd.DataFrame
    _runs: dict = field(default_factory=dict, repr=False)

    @property
    def axes(self) -> list:
        """The axis columns: the scenario key paths the study varies (between `seed` and `samples`, less
        the fixed `scenario_name`, `policy_name`, `policy_threshold`)."""
        columns = list(self.results.columns)
        between = columns[columns.index("seed") + 1:columns.index("samples")]
        return [c for c in between if c not in RUN_IDENTITY_COLUMNS]

    def heads(self) -> list:
        """Exit head names over all points (`exit_fraction.<head>` columns), in name order."""
        prefix = "exit_fraction."
        return [c[len(prefix):] for c in self.results.columns if c.startswith(prefix)]

    def link_classes(self) -> list:
        """Link classes over all points (`bytes.by_link_class.<class>` columns), in name order."""
        prefix = "bytes.by_link_class."
        return [c[len(prefix):] for c in self.results.columns if c.startswith(prefix)]

    def run(self, row) -> Run:
        """The run folder of one row of `results` (its `output_dir`), loaded once."""
        output_dir = str(row["output_dir"])
        if output_dir not in self._runs:
            self._runs[output_dir] = load_run(self.path / output_dir)
        return self._runs[output_dir]

    def table(self) -> pd.DataFrame:
        """results.csv plus what each point's own run folder says about it, for axes that a study may
        write in any form (a platform file, a quantity string, a whole policy map):
        `profile_name` (the model profile's name) and `devices` (manifest.json's resolved scenario),
        `bandwidth_bytes_per_s.<class>` per link class (links.csv, the smallest link), and, when
        results.csv lacks them (written before they were in the contract), `scenario_name`, `policy_name`
        and `policy_threshold` (summary.json; NaN when the policy has no threshold)."""
        details = []
        for _, row in self.results.iterrows():
            run = self.run(row)
            point = {"scenario_name": run.summary["scenario"], "policy_name": run.summary["policy"],
                     "policy_threshold": run.summary.get("policy_threshold"),
                     "profile_name": run.profile, "devices": run.devices}
            if run.links is not None:
                for link_class, bandwidth in sorted(run.link_class_bandwidth().items()):
                    point[f"bandwidth_bytes_per_s.{link_class}"] = bandwidth
            details.append(point)
        extra = pd.DataFrame(details, index=self.results.index)
        extra = extra.drop(columns=[c for c in RUN_IDENTITY_COLUMNS if c in self.results.columns])
        if "policy_threshold" in extra:
            extra["policy_threshold"] = pd.to_numeric(extra["policy_threshold"], errors="coerce")
        clashes = [c for c in extra.columns if c in self.results.columns]
        if clashes:
            raise OutputError(f"{self.path / 'results.csv'}: column(s) {', '.join(clashes)} clash with the "
                              f"names Study.table adds")
        return pd.concat([self.results, extra], axis=1)


def load_study(folder) -> Study:
    """Load a study folder of `hybridfog sweep`.

    REQUIRES: `folder` holds results.csv with the fixed columns of docs/outputs.md; each row's
    `output_dir` is a run folder inside `folder` (read only by Study.run and Study.table). Raises
    OutputError naming the folder and the missing or invalid file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise OutputError(f"{folder}: no such folder (expected the output folder of `hybridfog sweep`)")
    results_path = folder / "results.csv"
    if not results_path.is_file():
        if (folder / "manifest.json").is_file():
            raise OutputError(f"{folder}: this is a run folder (manifest.json of `hybridfog run`), not a study "
                              f"folder; use load_run")
        raise OutputError(f"{folder}: results.csv is missing; not a hybridfog study folder (expected the "
                          f"output folder of `hybridfog sweep`)")
    results = read_table(results_path, RESULTS_COLUMNS, {"output_dir": str})
    if results.empty:
        raise OutputError(f"{results_path}: no rows; the study has no finished point")
    if list(results.columns).index("seed") > list(results.columns).index("samples"):
        raise OutputError(f"{results_path}: columns out of the documented order (seed must come before samples)")
    return Study(path=folder, results=results)
