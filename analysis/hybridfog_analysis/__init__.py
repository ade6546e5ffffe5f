"""Loaders and plots over the documented outputs of hybridfog (docs/outputs.md).

The package reads only what docs/outputs.md documents: a run folder of `hybridfog run` (summary.json,
samples.csv, hosts.csv, links.csv, manifest.json, and events.csv and link_windows.csv when written) and a study folder of `hybridfog sweep` (results.csv and
its points/). Column names are those of the contract; they carry their unit (`_s`, `_j`, `bytes`,
`_bytes_per_s`) or are counts and fractions. docs/analysis.md describes the API.
"""

from .errors import OutputError
from .run import Run, load_run, flatten_summary
from .study import Study, load_study
from . import adaptive, battery, derived, plots, timeline

__all__ = ["OutputError", "Run", "load_run", "flatten_summary", "Study", "load_study", "adaptive", "battery", "derived",
           "plots", "timeline"]
