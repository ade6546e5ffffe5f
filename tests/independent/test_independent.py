#!/usr/bin/python3
"""The independent checker can fail: every kind of check catches a deliberately wrong figure.

One real run (scenarios/meanet.yaml, 3 heads with next, exit and escalate, 100 samples) with the hybridfog
binary of $HYBRIDFOG_BIN; each test checks a tampered copy of its output folder (a wrong output) or the
untouched folder against wrong inputs (a wrong expectation), and asserts the failure names the check, the
sample (or link, host, key) and both values.
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import independent  # noqa: E402

SCENARIO = "scenarios/meanet.yaml"
OVERRIDES = ["workload.samples_per_device=10"]


def setUpModule():
    global WORK, RUN
    binary = os.environ.get("HYBRIDFOG_BIN") or os.path.join(SOURCE, "build", "hybridfog")
    WORK = tempfile.mkdtemp(prefix="hybridfog-independent-test-")
    RUN = os.path.join(WORK, "run")
    independent.run_scenario(binary, SOURCE, SCENARIO, OVERRIDES, RUN)


def tearDownModule():
    shutil.rmtree(WORK, ignore_errors=True)


def rewrite_csv(path, change):
    """change(rows) edits the rows (lists of dicts of strings) in place; the rest stays byte for byte."""
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    change(rows)
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def rewrite_json(path, change):
    with open(path) as f:
        data = json.load(f)
    change(data)
    with open(path, "w") as f:
        json.dump(data, f, indent=2)


class Tampered(unittest.TestCase):
    def setUp(self):
        self.copy = os.path.join(WORK, self.id().rsplit(".", 1)[-1])
        shutil.copytree(RUN, self.copy)

    def tearDown(self):
        shutil.rmtree(self.copy, ignore_errors=True)

    def check(self, overrides=()):
        return independent.check_output(SOURCE, SCENARIO, OVERRIDES + list(overrides), self.copy)

    def assert_caught(self, failures, check, *fragments):
        """Exactly `check` failed, and one of its messages holds every fragment."""
        self.assertFalse(failures.ok, f"nothing caught; checks: {failures.checked}")
        self.assertIn(check, failures.by_check, f"failed instead: {failures.by_check}")
        messages = failures.by_check[check]
        self.assertTrue(any(all(f in m for f in fragments) for m in messages),
                        f"no message of {check} holds {fragments}: {messages[:5]}")

    def samples(self):
        return independent.read_csv(os.path.join(self.copy, "samples.csv"))

    # -- the untouched run passes: the failures below come from the tampering alone
    def test_untouched_run_passes(self):
        failures = self.check()
        self.assertTrue(failures.ok, "\n".join(failures.report("untouched")))
        for check in ("exit", "correct", "summary.exits", "compute_energy", "compute_time", "host_busy", "bytes",
                      "network_energy", "energy_sum", "workload"):
            self.assertGreater(failures.checked.get(check, 0), 0, check)

    # -- per sample
    def tamper_sample(self, column, new_value, index=3):
        old = {}

        def change(rows):
            old.update(rows[index])
            rows[index][column] = new_value(rows[index][column], rows[index])
        rewrite_csv(os.path.join(self.copy, "samples.csv"), change)
        return old

    def test_wrong_exit_is_caught(self):
        heads = ["main", "extension", "cloud"]
        old = self.tamper_sample("exit", lambda v, r: heads[(heads.index(v) + 1) % 3])
        wrong = heads[(heads.index(old["exit"]) + 1) % 3]
        self.assert_caught(self.check(), "exit", f"sample {old['sample_id']} exit", repr(old["exit"]), repr(wrong))

    def test_wrong_correct_is_caught(self):
        old = self.tamper_sample("correct", lambda v, r: "0" if v == "1" else "1")
        self.assert_caught(self.check(), "correct", f"sample {old['sample_id']} correct",
                           f"expected {old['correct']!r}", f"got {('0' if old['correct'] == '1' else '1')!r}")

    def test_wrong_compute_energy_is_caught(self):
        old = self.tamper_sample("compute_energy_j", lambda v, r: repr(float(v) * 1.001))
        self.assert_caught(self.check(), "compute_energy", f"sample {old['sample_id']} compute_energy_j",
                           "expected ", f"got {float(old['compute_energy_j']) * 1.001!r}")

    def test_wrong_compute_time_is_caught(self):
        old = self.tamper_sample("compute_s", lambda v, r: repr(float(v) * 2))
        self.assert_caught(self.check(), "compute_time", f"sample {old['sample_id']} compute_s",
                           "expected ", f"got {float(old['compute_s']) * 2!r}")

    def test_wrong_bytes_sent_is_caught(self):
        rows = self.samples()
        index = next(i for i, r in enumerate(rows) if float(r["bytes_sent"]) > 0)
        old = self.tamper_sample("bytes_sent", lambda v, r: str(int(float(v)) + 1), index)
        self.assert_caught(self.check(), "bytes", f"sample {old['sample_id']} bytes_sent",
                           repr(float(old["bytes_sent"])), repr(float(old["bytes_sent"]) + 1))

    def test_wrong_network_energy_is_caught(self):
        rows = self.samples()
        index = next(i for i, r in enumerate(rows) if float(r["network_energy_j"]) > 0)
        old = self.tamper_sample("network_energy_j", lambda v, r: "0", index)
        self.assert_caught(self.check(), "network_energy", f"sample {old['sample_id']} network_energy_j",
                           repr(float(old["network_energy_j"])), "got 0.0")

    def test_wrong_energy_sum_is_caught(self):
        old = self.tamper_sample("energy_j", lambda v, r: repr(float(v) + 1e-3))
        self.assert_caught(self.check(), "energy_sum", f"sample {old['sample_id']} energy_j",
                           repr(float(old["energy_j"]) + 1e-3))

    def test_missing_sample_is_caught(self):
        rewrite_csv(os.path.join(self.copy, "samples.csv"), lambda rows: rows.pop(0))
        self.assert_caught(self.check(), "workload", "number of samples", "expected 100", "got 99")

    # -- summary, hosts.csv, links.csv
    def test_wrong_summary_exits_are_caught(self):
        def change(summary):
            summary["exit_fraction"]["main"] += 0.01
            summary["accuracy"] -= 0.01
        rewrite_json(os.path.join(self.copy, "summary.json"), change)
        failures = self.check()
        self.assert_caught(failures, "summary.exits", "summary exit_fraction.main")
        self.assert_caught(failures, "summary.exits", "summary accuracy")

    def test_wrong_summary_compute_energy_is_caught(self):
        rewrite_json(os.path.join(self.copy, "summary.json"),
                     lambda s: s["compute_energy_j"]["by_tier"].__setitem__("cloud", s["compute_energy_j"]["by_tier"]["cloud"] * 1.01))
        self.assert_caught(self.check(), "compute_energy", "summary compute_energy_j.by_tier.cloud")

    def test_wrong_host_compute_energy_is_caught(self):
        hosts = independent.read_csv(os.path.join(self.copy, "hosts.csv"))
        index = next(i for i, h in enumerate(hosts) if h["tier"] == "device" and float(h["compute_energy_j"]) > 0)
        wrong = float(hosts[index]["compute_energy_j"]) * 1.01

        def change(rows):
            rows[index]["compute_energy_j"] = repr(wrong)
        rewrite_csv(os.path.join(self.copy, "hosts.csv"), change)
        failures = self.check()
        self.assert_caught(failures, "compute_energy", f"hosts.csv {hosts[index]['host']} compute_energy_j",
                           "expected ", f"got {wrong!r}")
        self.assert_caught(failures, "compute_energy", "hosts.csv sum over tier device of compute_energy_j")

    def test_wrong_host_busy_time_and_dynamic_energy_are_caught(self):
        hosts = independent.read_csv(os.path.join(self.copy, "hosts.csv"))
        index = next(i for i, h in enumerate(hosts) if h["tier"] == "device" and float(h["busy_core_s"]) > 0)
        busy, dynamic = float(hosts[index]["busy_core_s"]) * 1.01, float(hosts[index]["dynamic_energy_j"]) * 1.01

        def change(rows):
            rows[index]["busy_core_s"] = repr(busy)
            rows[index]["dynamic_energy_j"] = repr(dynamic)
        rewrite_csv(os.path.join(self.copy, "hosts.csv"), change)
        failures = self.check()
        self.assert_caught(failures, "host_busy", f"hosts.csv {hosts[index]['host']} busy_core_s", f"got {busy!r}")
        self.assert_caught(failures, "host_busy", f"hosts.csv {hosts[index]['host']} dynamic_energy_j",
                           f"got {dynamic!r}")

    def test_wrong_summary_host_dynamic_is_caught(self):
        rewrite_json(os.path.join(self.copy, "summary.json"),
                     lambda s: s["energy_account_j"]["by_tier"]["device"].__setitem__(
                         "host_dynamic", s["energy_account_j"]["by_tier"]["device"]["host_dynamic"] * 1.001))
        self.assert_caught(self.check(), "host_busy", "summary energy_account_j.by_tier.device.host_dynamic")

    def test_wrong_link_bytes_and_energy_are_caught(self):
        links = independent.read_csv(os.path.join(self.copy, "links.csv"))
        index = next(i for i, l in enumerate(links) if l["link_class"] == "access" and float(l["bytes"]) > 0)

        def change(rows):
            rows[index]["bytes"] = str(int(float(rows[index]["bytes"])) + 8)
            rows[index]["transfers"] = str(int(rows[index]["transfers"]) + 1)
            rows[index]["energy_j"] = "0"
        rewrite_csv(os.path.join(self.copy, "links.csv"), change)
        link = independent.read_csv(os.path.join(self.copy, "links.csv"))[index]
        failures = self.check()
        self.assert_caught(failures, "bytes", f"links.csv {link['link']} bytes", f"got {float(link['bytes'])!r}")
        self.assert_caught(failures, "bytes", f"links.csv {link['link']} transfers")
        self.assert_caught(failures, "network_energy", f"links.csv {link['link']} energy_j", "got 0.0")

    def test_wrong_summary_bytes_and_network_energy_are_caught(self):
        def change(summary):
            summary["bytes"]["by_link_class"]["uplink"] += 1
            summary["network_energy_j"]["total"] *= 1.01
        rewrite_json(os.path.join(self.copy, "summary.json"), change)
        failures = self.check()
        self.assert_caught(failures, "bytes", "summary bytes.by_link_class.uplink")
        self.assert_caught(failures, "network_energy", "summary network_energy_j.total")

    # -- wrong expectations (inputs other than the run's): the same checks catch them
    def test_wrong_threshold_expectation_is_caught(self):
        failures = self.check(["policy.threshold=0.3"])
        self.assert_caught(failures, "exit", "exit (trace row", "expected 'cloud'")
        self.assert_caught(failures, "summary.exits", "summary exit_fraction.cloud")

    def test_wrong_energy_per_mac_expectation_is_caught(self):
        failures = self.check(["platform.tiers[2].classes[0].energy_per_mac.fp32=4.7pJ"])
        self.assert_caught(failures, "compute_energy", "summary compute_energy_j.by_tier.cloud")

    def test_wrong_result_size_expectation_is_caught(self):
        failures = self.check(["workload.result_size=65B"])
        self.assert_caught(failures, "bytes", "bytes_sent", "got")
        self.assert_caught(failures, "network_energy", "network_energy_j")

    def test_wrong_energy_per_bit_expectation_is_caught(self):
        failures = self.check(["platform.links.access.energy_per_bit=300nJ"])
        self.assert_caught(failures, "network_energy", "network_energy_j")


class BadInput(unittest.TestCase):
    """Bad command lines: one line naming the option, exit status 2, nothing run."""

    def run_checker(self, *args):
        return subprocess.run([sys.executable, os.path.join(HERE, "independent.py"), "--source", SOURCE, *args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def test_unknown_case(self):
        done = self.run_checker("--case", "no-such-case", "--binary", "/bin/false")
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertIn("--case: no case 'no-such-case'", done.stderr)
        self.assertEqual(len(done.stderr.strip().splitlines()), 1, done.stderr)

    def test_missing_scenario(self):
        done = self.run_checker("--scenario", "scenarios/no-such.yaml", "--binary", "/bin/false")
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertIn("--scenario: no file scenarios/no-such.yaml", done.stderr)

    def test_output_folder_that_is_no_run(self):
        done = self.run_checker("--scenario", SCENARIO, "--check-output", WORK)
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertIn("--check-output:", done.stderr)

    def test_good_input_passes(self):
        done = self.run_checker("--scenario", SCENARIO, "--check-output", RUN, *[a for o in OVERRIDES for a in ("--set", o)])
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertIn("independent meanet: every check passed", done.stdout)


class Units(unittest.TestCase):
    def test_quantities(self):
        self.assertAlmostEqual(independent.quantity("4.6pJ", "energy") / 4.6e-12, 1.0, places=12)
        self.assertAlmostEqual(independent.quantity("283.17nJ", "energy") / 283.17e-9, 1.0, places=12)
        self.assertEqual(independent.quantity("64B", "size"), 64.0)
        self.assertEqual(independent.quantity("4MiB", "size"), 4 * 1024 * 1024)
        self.assertEqual(independent.quantity("32GMAC/s", "throughput"), 32e9)
        self.assertEqual(independent.quantity("0.7W", "power"), 0.7)
        with self.assertRaises(ValueError):
            independent.quantity("4.6", "energy")


if __name__ == "__main__":
    unittest.main()
