"""analysis/api_threshold_search.ipynb runs top to bottom on the quickstart (10 samples per device) through
the Python API, and writes its figure (docs/python.md). Run through ctest (python.notebook)."""

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

SOURCE = Path(os.environ.get("HYBRIDFOG_SOURCE", Path(__file__).resolve().parents[2]))
WORK = Path(os.environ.get("HYBRIDFOG_TEST_WORK", "/tmp/hybridfog-python-tests"))


def test_threshold_search_notebook_runs_and_draws(monkeypatch):
    plots_dir = WORK / "plots"
    monkeypatch.setenv("HYBRIDFOG_SCENARIO", str(SOURCE / "scenarios" / "quickstart.yaml"))
    monkeypatch.setenv("HYBRIDFOG_PLOTS_DIR", str(plots_dir))
    monkeypatch.setenv("HYBRIDFOG_SAMPLES_PER_DEVICE", "10")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([os.environ["PYTHONPATH"], str(SOURCE / "analysis")]))
    notebook = nbformat.read(SOURCE / "analysis" / "api_threshold_search.ipynb", as_version=4)
    NotebookClient(notebook, timeout=240, kernel_name="python3",
                   resources={"metadata": {"path": str(SOURCE / "analysis")}}).execute()
    nbformat.write(notebook, WORK / "api_threshold_search.ipynb")
    png = plots_dir / "api_threshold_search.png"
    assert png.is_file() and png.stat().st_size > 10000
    assert (plots_dir / "api_threshold_search.json").is_file()  # its sidecar: the numbers it draws
    # The chosen threshold keeps the accuracy within the tolerance of the reference (threshold 0).
    namespace_output = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in namespace_output if o.get("output_type") == "error"]
