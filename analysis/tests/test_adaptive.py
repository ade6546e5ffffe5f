"""The adaptive-policy helpers (hybridfog_analysis.adaptive) on real runs with a deadline: their windows add
up to the run's own totals (summary.json), and they refuse what they cannot read."""

from __future__ import annotations

import os
import sys
import unittest
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import outputs  # noqa: E402
from hybridfog_analysis import OutputError, adaptive, load_run  # noqa: E402

CONTROLLER = ("policy={name: budget-controller, base: entropy, threshold: 0.78, target_wan_bandwidth: 8kbps}")


class AdaptiveHelpersTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        work = outputs.work_folder("adaptive")
        common = ("workload.samples_per_device=40", "workload.deadline=60ms", "platform.links.uplink.bandwidth=2Mbps")
        cls.controller = load_run(outputs.run(work / "controller", overrides=common + (CONTROLLER,)))
        cls.static = load_run(outputs.run(work / "static", overrides=common))

    def test_windows_add_up_to_the_summary(self):
        for run in (self.controller, self.static):
            series = adaptive.over_time(run, 4.0)
            summary = run.summary
            self.assertEqual(series["samples"].sum(), summary["samples"])
            self.assertAlmostEqual((series["accuracy"] * series["samples"]).sum(), summary["correct"], places=6)
            self.assertAlmostEqual((series["miss_fraction"] * series["samples"]).sum(), summary["deadline"]["misses"],
                                   places=6)
            # Offload bytes + one answer per sample that sent anything = every byte the samples sent.
            answers = (run.samples["bytes_sent"] > 0).sum() * run.manifest["scenario"]["workload"]["result_size_bytes"]
            self.assertAlmostEqual(series["offload_bytes_per_s"].sum() * 4.0 + answers, summary["bytes"]["total"],
                                   places=3)
        self.assertTrue(adaptive.over_time(self.static, 4.0)["policy_threshold"].isna().all())
        self.assertGreater(self.static.summary["deadline"]["misses"], 0)  # the slow uplink makes some late

    def test_controller_series_reads_the_target_and_thresholds(self):
        series = adaptive.controller_series(self.controller, 5.0)
        self.assertEqual(set(series["target"]), {1000.0})  # 8 kbps in bytes per second
        self.assertEqual(series.attrs["unit"], "B/s")
        self.assertFalse(series["policy_threshold"].isna().any())
        self.assertTrue(((series["policy_threshold"] >= 0) & (series["policy_threshold"] <= 2.303)).all())
        self.assertEqual(adaptive.policy_label(self.controller), "budget-controller (entropy 0.78)")
        with self.assertRaises(OutputError):
            adaptive.controller_series(self.static, 5.0)
        with self.assertRaises(ValueError):
            adaptive.over_time(self.static, 0)


if __name__ == "__main__":
    unittest.main()
