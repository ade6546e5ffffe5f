"""Loaders, derived figures and the figure check, on real outputs of hybridfog; bad input fails clearly."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import unittest
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import outputs  # noqa: E402
from hybridfog_analysis import OutputError, derived, flatten_summary, load_run, load_study, plots, timeline  # noqa: E402

RUN_NOTEBOOKS = outputs.ANALYSIS / "run_notebooks.py"


_SHARED = {}


def setUpModule():
    """One small run and one small sweep, shared by the tests of this file."""
    _SHARED["work"] = outputs.work_folder("loaders")
    _SHARED["run_dir"] = outputs.run(_SHARED["work"] / "run")
    _SHARED["study_dir"] = outputs.study("fleet", _SHARED["work"] / "study")


class RealOutputs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work, cls.run_dir, cls.study_dir = _SHARED["work"], _SHARED["run_dir"], _SHARED["study_dir"]

    def copy_of_run(self, name: str) -> Path:
        copy = self.work / name
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(self.run_dir, copy)
        return copy


class RunLoaderTest(RealOutputs):
    def test_tables_agree_with_summary(self):
        run = load_run(self.run_dir)
        summary = run.summary
        self.assertEqual(len(run.samples), summary["samples"])
        self.assertEqual(run.samples["correct"].sum(), summary["correct"])
        exits = run.exits()
        self.assertAlmostEqual(exits["exit_fraction"].sum(), 1.0, places=12)
        self.assertEqual(exits["exit_count"].sum(), summary["samples"])
        parts = run.latency_parts_by_exit()
        self.assertEqual(parts["samples"].sum(), summary["samples"])
        for part in ("compute", "queue", "send_queue", "transfer"):
            weighted = (parts[f"{part}_s"] * parts["samples"]).sum() / summary["samples"]
            self.assertTrue(math.isclose(weighted, summary["latency_parts_mean_s"][part], rel_tol=1e-9, abs_tol=1e-15))
        energy = run.energy_by_tier()
        self.assertEqual(set(energy["view"]), {"host energy plugin (idle included)", "analytic MAC energy"})
        for view, key in (("host energy plugin (idle included)", "energy_j"), ("analytic MAC energy", "compute_energy_j")):
            total = energy[energy["view"] == view]["energy_j"].sum()
            self.assertTrue(math.isclose(total, summary[key]["total"], rel_tol=1e-9))
        self.assertEqual(list(energy["tier"].unique()), ["device", "edge", "cloud"])
        self.assertEqual(run.devices, len(run.hosts[run.hosts["tier"] == "device"]))
        self.assertEqual(run.profile, "hybrid-binary-fmnist")
        self.assertEqual(set(run.link_class_bandwidth()), set(summary["bytes"]["by_link_class"]))

    def test_optional_tables(self):
        folder = self.copy_of_run("no-samples")
        (folder / "samples.csv").unlink()
        run = load_run(folder)
        self.assertIsNone(run.samples)
        with self.assertRaisesRegex(OutputError, "samples.csv is missing"):
            run.require("samples")


class StudyLoaderTest(RealOutputs):
    def test_results_csv_is_the_flattened_summaries(self):
        study = load_study(self.study_dir)
        results = pd.read_csv(self.study_dir / "results.csv", dtype={"output_dir": str})
        columns = list(results.columns)
        summary_columns = columns[columns.index("samples"):columns.index("output_dir")]
        for _, row in results.iterrows():
            summary = json.loads((self.study_dir / row["output_dir"] / "summary.json").read_text())
            flat = flatten_summary(summary)
            self.assertEqual(flat.pop("seed"), row["seed"])
            identity = {key: flat.pop(key) for key in ("scenario_name", "policy_name", "policy_threshold")}
            self.assertEqual(columns[3:6], list(identity))
            self.assertEqual((identity["scenario_name"], identity["policy_name"]),
                             (row["scenario_name"], row["policy_name"]))
            self.assertEqual(identity["policy_threshold"], row["policy_threshold"])
            self.assertEqual(list(flat), summary_columns)  # the contract's columns, in its order
            for column, value in flat.items():
                if value is None:
                    self.assertTrue(math.isnan(row[column]), column)
                else:
                    self.assertTrue(math.isclose(value, row[column], rel_tol=1e-12), column)

    def test_table_adds_point_details(self):
        study = load_study(self.study_dir)
        self.assertEqual(study.axes, ["platform.tiers[0].classes[0].count"])
        self.assertEqual(study.heads(), ["exit", "final"])
        self.assertEqual(study.link_classes(), ["access", "ingress", "uplink"])
        table = study.table()
        sites = load_run(self.study_dir / table["output_dir"][0]).manifest["scenario"]["platform"]["sites"]
        self.assertTrue((table["devices"] == sites * table["platform.tiers[0].classes[0].count"]).all())
        self.assertTrue((table["bandwidth_bytes_per_s.uplink"] == 5e6 / 8).all())  # the study's 5Mbps
        self.assertEqual(set(table["policy_name"]), {"entropy"})
        self.assertEqual(set(table["profile_name"]), {"hybrid-binary-fmnist"})
        points = derived.per_point(table, ["latency_s.p95"], keep=["devices"])
        self.assertEqual(len(points), table["point"].nunique())
        self.assertTrue((points["replications"] == 2).all())
        self.assertTrue((points["latency_s.p95.min"] <= points["latency_s.p95"]).all())


class BadInputTest(RealOutputs):
    def assertRefused(self, loader, folder, *phrases):
        with self.assertRaises(OutputError) as caught:
            loader(folder)
        message = str(caught.exception)
        self.assertIn(str(folder), message)
        for phrase in phrases:
            self.assertIn(phrase, message)

    def test_missing_and_foreign_folders(self):
        self.assertRefused(load_run, self.work / "nowhere", "no such folder")
        self.assertRefused(load_study, self.work / "nowhere", "no such folder")
        foreign = self.work / "foreign"
        foreign.mkdir(exist_ok=True)
        (foreign / "notes.txt").write_text("not a hybridfog output\n")
        self.assertRefused(load_run, foreign, "manifest.json is missing", "not a hybridfog run folder")
        self.assertRefused(load_study, foreign, "results.csv is missing", "not a hybridfog study folder")

    def test_run_and_study_mixed_up(self):
        self.assertRefused(load_run, self.study_dir, "study folder", "load_study")
        self.assertRefused(load_study, self.run_dir, "run folder", "load_run")

    def test_manifest_format_and_version(self):
        for name, key, value, phrase in (("wrong-version", "format_version", 2, "format_version is 2"),
                                         ("wrong-format", "format", "batsim", "format is 'batsim'")):
            folder = self.copy_of_run(name)
            manifest = json.loads((folder / "manifest.json").read_text())
            manifest[key] = value
            (folder / "manifest.json").write_text(json.dumps(manifest))
            self.assertRefused(load_run, folder, phrase)
        folder = self.copy_of_run("broken-manifest")
        (folder / "manifest.json").write_text("{ not json")
        self.assertRefused(load_run, folder, "not readable JSON")

    def test_incomplete_run_and_missing_column(self):
        folder = self.copy_of_run("incomplete")
        (folder / "summary.json").unlink()
        self.assertRefused(load_run, folder, "summary.json is missing", "did not complete")
        folder = self.copy_of_run("missing-column")
        samples = pd.read_csv(folder / "samples.csv").drop(columns=["queue_s"])
        samples.to_csv(folder / "samples.csv", index=False)
        with self.assertRaisesRegex(OutputError, r"samples.csv: missing documented column\(s\) queue_s"):
            load_run(folder)

    def test_results_csv_without_fixed_columns(self):
        folder = self.work / "bad-study"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        results = pd.read_csv(self.study_dir / "results.csv").drop(columns=["output_dir"])
        results.to_csv(folder / "results.csv", index=False)
        with self.assertRaisesRegex(OutputError, r"results.csv: missing documented column\(s\) output_dir"):
            load_study(folder)

    def test_run_notebooks_refuses_bad_folders(self):
        for arguments, phrase in ((["--run", str(self.work / "nowhere")], "no such folder"),
                                  (["--study", str(self.run_dir)], "run folder"),
                                  (["--run", str(self.study_dir)], "study folder")):
            result = subprocess.run([sys.executable, str(RUN_NOTEBOOKS), *arguments], capture_output=True, text=True)
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn(phrase, result.stderr)
            self.assertEqual(result.stderr.count("\n"), 1, result.stderr)  # one line


class TimelineTest(unittest.TestCase):
    """A run with a failure (the shipped edge-failure scenario, shortened): events.csv, link_windows.csv and
    the recovery columns load, and the time series add up to the tables they come from."""

    @classmethod
    def setUpClass(cls):
        cls.work = outputs.work_folder("timeline")
        cls.run_dir = outputs.run(cls.work / "run", "scenarios/edge-failure.yaml", ("workload.duration=130s",))
        cls.loaded = load_run(cls.run_dir)

    def test_events_periods_and_windows(self):
        events = self.loaded.events
        self.assertEqual(list(events["kind"]), ["failure", "recovery"])
        periods = timeline.periods(events, self.loaded.summary["sim_time_s"])
        self.assertEqual(periods.to_dict("records"), [{"subject": "edge/nuc", "start_s": 60.0, "end_s": 120.0}])
        samples = self.loaded.samples
        windows = timeline.per_window(samples, 10.0)
        self.assertEqual(windows["samples"].sum(), len(samples))
        self.assertEqual((windows["completed"] + windows["fell_back"] + windows["given_up"]).sum(), len(samples))
        self.assertEqual(windows["retried"].sum(), int((samples["retries"] > 0).sum()))
        self.assertEqual(self.loaded.summary["recovery"]["retried"], int((samples["retries"] > 0).sum()))

    def test_link_windows_add_up_to_links_csv(self):
        windows, links = self.loaded.link_windows, self.loaded.links
        for link_class, rows in windows.groupby("link_class"):
            carried = links[links["link_class"] == link_class]["bytes"].sum()
            self.assertAlmostEqual(rows["bytes"].sum() / carried, 1.0, delta=1e-6)

    def test_failure_run_without_recovery_columns_is_refused(self):
        folder = self.work / "no-outcome"
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(self.run_dir, folder)
        pd.read_csv(folder / "samples.csv").drop(columns=["outcome"]).to_csv(folder / "samples.csv", index=False)
        with self.assertRaisesRegex(OutputError, r"samples.csv: missing documented column\(s\) outcome"):
            load_run(folder)


class MobilityTimelineTest(unittest.TestCase):
    """A wireless run (the shipped commuter scenario): events.csv's handovers and times out of coverage agree
    with devices.csv, summary.json and the sites the samples arrived at (samples.csv `origin_site`)."""

    @classmethod
    def setUpClass(cls):
        cls.run_dir = outputs.run(outputs.work_folder("mobility-timeline") / "run", "scenarios/commuter.yaml", ())
        cls.loaded = load_run(cls.run_dir)

    def test_handovers_and_gaps_agree_with_devices_and_samples(self):
        events, devices, samples = self.loaded.events, self.loaded.device_table, self.loaded.samples
        end_s = self.loaded.summary["sim_time_s"]
        handovers = timeline.handovers(events)
        self.assertEqual(len(handovers), self.loaded.summary["mobility"]["handovers"])
        self.assertEqual(len(handovers), int(devices["handovers"].sum()))
        gaps = timeline.coverage_gaps(events, end_s)
        self.assertEqual(len(gaps), int(devices["reassociations"].sum()))
        for device in devices.itertuples():
            mine = gaps[gaps["subject"] == device.host]
            self.assertAlmostEqual((mine["end_s"] - mine["start_s"]).sum(), device.out_of_coverage_s, delta=1e-9)
            walk = samples[samples["device"] == device.device]
            for h in handovers[handovers["subject"] == device.host].itertuples():
                self.assertLess(h.time_s, h.usable_at_s)
                before, after = walk[walk["arrival_s"] < h.time_s], walk[walk["arrival_s"] > h.time_s]
                self.assertEqual(before["origin_site"].iloc[-1], h.from_site)
                self.assertEqual(after["origin_site"].iloc[0], h.to_site)
        self.assertGreater(len(handovers) + len(gaps), 0)
        # Devices' associations are not profile steps: mark_events leaves them to mark_mobility.
        self.assertTrue(timeline.steps(events).empty)
        fig, ax = plt.subplots()
        timeline.mark_mobility(ax, events, end_s)
        self.assertEqual(len(ax.lines), len(handovers))
        self.assertEqual(len(ax.patches), len(gaps))
        plt.close(fig)


class DerivedTest(unittest.TestCase):
    def test_pareto_front(self):
        table = pd.DataFrame({"accuracy": [0.80, 0.85, 0.85, 0.90, 0.88],
                              "energy": [1.0, 2.0, 1.5, 3.0, 3.5]})
        front = derived.pareto_front(table, maximize="accuracy", minimize="energy")
        self.assertEqual(front.index.tolist(), [0, 2, 3])

    def test_bit_width(self):
        self.assertEqual(derived.bit_width("hybrid-binary-fmnist"), 1)
        self.assertEqual(derived.bit_width("hybrid-int4-fmnist"), 4)
        self.assertEqual(derived.bit_width("hybrid-fp32-fmnist"), 32)
        self.assertEqual(derived.bit_width("hybrid-int4-resnet32-cifar100"), 4)
        with self.assertRaisesRegex(ValueError, "no edge bit width"):
            derived.bit_width("appealnet-fmnist")

    def test_matched_accuracy(self):
        table = pd.DataFrame({"model": ["a", "a", "b", "b"], "accuracy": [0.80, 0.90, 0.85, 0.95],
                              "energy": [1.0, 2.0, 4.0, 8.0]})
        targets = derived.matched_accuracy_targets(table, "model", 3)
        self.assertEqual(targets.tolist(), [0.85, 0.875, 0.9])
        matched = derived.cheapest_at_accuracy(table, "model", "energy", targets)
        matched["reduction"] = derived.reduction_against(matched, "model", "energy", "b")
        at_090 = matched[matched["target_accuracy"] == 0.9].set_index("model")
        self.assertEqual(at_090.loc["a", "energy"], 2.0)
        self.assertEqual(at_090.loc["b", "energy"], 8.0)
        self.assertAlmostEqual(at_090.loc["a", "reduction"], 0.75)


class StudyAxesAndMatchingTest(unittest.TestCase):
    def test_axis_values_with_units_sort_as_numbers(self):
        values, unit = derived.axis_numeric(pd.Series(["100Mbps", "5Mbps", "20Mbps"]))
        self.assertEqual(unit, "bit/s")
        self.assertEqual(list(values), [100e6, 5e6, 20e6])
        self.assertEqual(list(values.sort_values()), [5e6, 20e6, 100e6])   # as text, "100Mbps" < "20Mbps"
        seconds, unit = derived.axis_numeric(["20ms", "1s"])
        self.assertEqual((list(seconds), unit), ([0.02, 1.0], "s"))
        self.assertEqual(derived.axis_numeric(["5Mbps", "20ms"]), (None, None))     # two kinds of unit
        self.assertEqual(derived.axis_numeric(["{name: edge-only}", "{name: cloud-only}"]), (None, None))
        numbers, unit = derived.axis_numeric([0.05, 1.3])
        self.assertEqual((list(numbers), unit), ([0.05, 1.3], ""))

    def test_varying_axes_drop_constant_and_zipped_ones(self):
        table = pd.DataFrame({"model.profile": ["a", "a", "b", "b"], "model.trace": ["ta", "ta", "tb", "tb"],
                              "policy.threshold": [0.1, 0.5, 0.1, 0.5], "seedless": [1, 1, 1, 1]})
        self.assertEqual(derived.varying_axes(table, ["model.profile", "model.trace", "policy.threshold", "seedless"]),
                         ["model.profile", "policy.threshold"])

    def test_accuracy_overlaps_and_matched_settings(self):
        points = pd.DataFrame({"width": [1, 1, 4, 4, 32, 32], "accuracy": [0.86, 0.909, 0.906, 0.92, 0.911, 0.926],
                               "energy": [1.0, 3.0, 1.0, 2.0, 8.0, 10.0]})
        overlaps = derived.accuracy_overlaps(points, "width")
        # binary [0.86, 0.909] meets 4-bit [0.906, 0.92] and not 32-bit [0.911, 0.926].
        self.assertEqual([(r.a, r.b) for r in overlaps.itertuples()], [(1, 4), (4, 32)])
        self.assertAlmostEqual(overlaps.iloc[0]["low"], 0.906)
        self.assertAlmostEqual(overlaps.iloc[0]["high"], 0.909)
        matches = derived.matched_settings(points, "width", "energy", tolerance=0.003)
        # Within the tolerance: 0.909 matches 4-bit's 0.906 and 32-bit's 0.911 (ranges 0.002 apart).
        self.assertEqual([(r.a, r.b, r.accuracy_a, r.accuracy_b) for r in matches.itertuples()],
                         [(1, 4, 0.909, 0.906), (1, 32, 0.909, 0.911)])
        self.assertAlmostEqual(matches.iloc[0]["saving"], 1 - 3.0 / 1.0)
        self.assertAlmostEqual(matches.iloc[1]["saving"], 1 - 3.0 / 8.0)
        self.assertTrue(derived.matched_settings(points, "width", "energy", tolerance=0.001).empty)

    def test_pareto_energy_is_the_caused_energy_per_sample(self):
        table = pd.DataFrame({"compute_energy_j.total": [2.0, 9.0], "samples": [4, 3],
                              "energy_account_j.caused_per_sample": [0.25, 0.5]})
        energy, name = derived.pareto_energy_per_sample(table)
        self.assertEqual(list(energy), [0.25, 0.5])
        self.assertIn("radio", name)

    def test_study_axes_figure_one_and_two_axes(self):
        table = pd.DataFrame({"bw": ["100Mbps", "5Mbps", "20Mbps"] * 2, "model": ["x"] * 3 + ["y"] * 3,
                              "accuracy": [0.9, 0.8, 0.85, 0.7, 0.6, 0.65]})
        fig = plots.study_axes_figure(table[table["model"] == "x"], ["bw", "model"], {"accuracy": ("accuracy", "%")})
        line = fig.axes[0].get_lines()[0]
        self.assertEqual(list(line.get_xdata()), [5, 20, 100])               # Mbit/s, in numeric order
        self.assertEqual(list(line.get_ydata()), [0.8, 0.85, 0.9])
        plots.check_figure(fig)
        plt.close(fig)
        fig = plots.study_axes_figure(table, ["bw", "model"], {"accuracy": ("accuracy", "%")})
        image = fig.axes[0].get_images()[0].get_array()
        self.assertEqual(image.tolist(), [[80.0, 85.0, 90.0], [60.0, 65.0, 70.0]])   # rows x, y; columns 5, 20, 100
        self.assertEqual([t.get_text() for t in fig.axes[0].get_xticklabels()], ["5", "20", "100"])
        plots.check_figure(fig)
        plt.close(fig)


class FigureCheckTest(unittest.TestCase):
    def tearDown(self):
        plt.close("all")

    def test_complete_figure_passes(self):
        fig, ax = plt.subplots()
        ax.plot([1, 2], [1, 2], label="a")
        ax.plot([1, 2], [2, 1], label="b")
        ax.set(title="t", xlabel="x (s)", ylabel="y (J)")
        ax.legend()
        plots.check_figure(fig)

    def test_missing_title_labels_and_legend_fail(self):
        fig, ax = plt.subplots()
        ax.plot([1, 2], [1, 2], label="a")
        ax.plot([1, 2], [2, 1], label="b")
        with self.assertRaises(plots.FigureStyleError) as caught:
            plots.check_figure(fig)
        for phrase in ("no title", "no x label", "no y label", "2 series but no legend"):
            self.assertIn(phrase, str(caught.exception))

    def test_si_scale(self):
        self.assertEqual(plots.si_scale([0.0023, 0.001], "J"), (1000.0, "mJ"))
        self.assertEqual(plots.si_scale([2.5e-6], "J")[1], "µJ")
        self.assertEqual(plots.si_scale([12500.0], "J")[1], "kJ")
        self.assertEqual(plots.si_scale([0.0], "s"), (1.0, "s"))



class FigureTruthHelpersTest(unittest.TestCase):
    """The helpers the figures' truth rests on, on numbers written here by hand."""

    def test_natural_order_sorts_numbers_inside_text_as_numbers(self):
        names = ["appealnet 0.99", "appealnet 0.9", "appealnet 0.5", "appealnet 0.95", "x 10", "x 9"]
        self.assertEqual(sorted(names, key=plots.natural_key),
                         ["appealnet 0.5", "appealnet 0.9", "appealnet 0.95", "appealnet 0.99", "x 9", "x 10"])

    def test_window_is_chosen_from_the_run(self):
        # 13,260 samples over a day: 30 per window needs 195.4 s; 300 s gives 288 windows (> 150); 600 s, 144.
        self.assertEqual(timeline.choose_window(13260, 86400.0), 600.0)
        # Step down: 400 samples over 20 s: 30 per window needs 1.5 s -> 2 s (10 windows).
        self.assertEqual(timeline.choose_window(400, 20.0), 2.0)
        # Too few samples for two windows of 30: one window, the whole horizon.
        self.assertEqual(timeline.choose_window(40, 10.0), 10.0)

    def test_a_last_window_cut_short_is_left_out(self):
        frame = pd.DataFrame({"window_start_s": [0.0, 5.0, 10.0, 15.0], "samples": [40, 40, 40, 3]})
        kept = timeline.complete_windows(frame, 5.0, 17.0)
        self.assertEqual(list(kept["window_start_s"]), [0.0, 5.0, 10.0])
        self.assertEqual(list(timeline.complete_windows(frame, 5.0, 20.0)["window_start_s"]), [0.0, 5.0, 10.0, 15.0])

    def test_sidecar_round_trip_and_refusal(self):
        folder = Path(outputs.work_folder("sidecar"))
        fig, ax = plt.subplots()
        ax.bar(["a", "b"], [1.0, 2.0])
        ax.set(title="t", xlabel="x", ylabel="y (J)")
        frame = pd.DataFrame({"tier": ["a", "b"], "value": [1.0, float("nan")]})
        plots.save(fig, folder, "bars", plots.table("energy", "energy", "J", frame, ["tier"], view="caused"))
        tables = plots.read_sidecar(folder / "bars.json")
        self.assertEqual(tables["energy"].attrs["unit"], "J")
        self.assertEqual(tables["energy"].attrs["view"], "caused")
        self.assertEqual(tables["energy"]["value"].iloc[0], 1.0)
        self.assertTrue(pd.isna(tables["energy"]["value"].iloc[1]))  # NaN written as null
        with self.assertRaises(plots.SidecarError):
            plots.save(fig, folder, "bars", [])
        plt.close(fig)

    def test_latency_breakdown_adds_up_per_path(self):
        # Two answered samples at head e (parts written by hand), one deadline fallback, one given up.
        samples = pd.DataFrame({
            "exit": ["e", "e", "e", None], "latency_s": [1.0, 3.0, 0.06, 0.0], "compute_s": [0.5, 1.0, 0.5, 0.1],
            "queue_s": [0.2, 0.0, 0.0, 0.0], "batch_wait_s": [0.1, 0.0, 0.0, 0.0], "send_queue_s": [0.0, 0.5, 0.0, 0.0],
            "transfer_s": [0.3, 0.5, 0.5, 0.0], "recovery_wait_s": [0.0, 1.0, 0.0, 0.0], "fallback": [0, 0, 1, 0],
            "outcome": ["completed", "completed", "completed", "given_up"]})
        run = load_run.__globals__["Run"](path=Path("."), manifest={}, summary={}, samples=samples, hosts=None, links=None)
        parts = run.latency_breakdown()
        e = parts[parts["path"] == "e"].set_index("part")["mean_s"]
        self.assertEqual(e[e > 0].to_dict(), {"compute": 0.75, "wait for a core": 0.05, "wait for a batch": 0.05,
                                       "send-queue wait": 0.25, "on links": 0.4, "recovery wait": 0.5})
        self.assertAlmostEqual(e.sum(), 2.0, places=12)
        fallback = parts[parts["path"] == "e (deadline fallback)"].set_index("part")["mean_s"]
        self.assertEqual(fallback[fallback > 0].to_dict(), {"until the deadline": 0.06})
        self.assertEqual(set(parts["samples"]), {2, 1})

if __name__ == "__main__":
    unittest.main()
