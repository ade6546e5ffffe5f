#!/usr/bin/python3
"""golden.py's failure report says where a CSV differs: the columns, the lines (blocks of 32) and the fresh
rows there, from outputs.digest alone (the expected CSVs are not committed). Hand-made CSVs, no binary."""
import os
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import golden  # noqa: E402

HEADER = "sample_id,device,latency_s,energy_j\n"


def table(rows, header=HEADER):
    return (header + "".join(f"{i},{i % 3},{latency},{energy}\n" for i, latency, energy in rows)).encode()


EXPECTED_ROWS = [(i, f"0.{i:03d}", f"{i}e-3") for i in range(100)]  # 101 lines: 4 blocks (32, 32, 32, 5)


class Digest(unittest.TestCase):
    def test_lines_of_a_digest(self):
        lines = golden.digest_lines("samples.csv", table(EXPECTED_ROWS))
        self.assertEqual(lines[0].split()[:2], ["samples.csv", "columns"])
        self.assertEqual([w.split("=")[0] for w in lines[0].split()[2:]], ["sample_id", "device", "latency_s", "energy_j"])
        self.assertEqual(len(lines), 2)  # 4 blocks fit on one line
        self.assertEqual(lines[1].split()[:3], ["samples.csv", "lines", "1-101"])
        self.assertEqual(len(lines[1].split()[3:]), 4)
        parsed = golden.parse_digest("# comment\n" + "\n".join(lines) + "\n")
        self.assertEqual(len(parsed["samples.csv"]["blocks"]), 4)
        self.assertEqual(len(parsed["samples.csv"]["columns"]), 4)

    def test_long_file_wraps_blocks(self):
        rows = [(i, "1", "2") for i in range(1000)]  # 1001 lines: 32 blocks, 10 a line
        lines = golden.digest_lines("samples.csv", table(rows))
        self.assertEqual([l.split()[2] for l in lines[1:]], ["1-320", "321-640", "641-960", "961-1001"])

    def test_ranges(self):
        self.assertEqual(golden.ranges([3, 4, 5, 9, 11, 12]), "3-5, 9, 11-12")


class Explain(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="hybridfog-golden-test-")
        self.expected = golden.parse_digest("\n".join(golden.digest_lines("samples.csv", table(EXPECTED_ROWS))))

    def tearDown(self):
        shutil.rmtree(self.work, ignore_errors=True)

    def explain(self, data, digest="default", expected_lines=None):
        path = os.path.join(self.work, "samples.csv")
        with open(path, "wb") as f:
            f.write(data)
        return golden.explain_csv("samples.csv", path, self.expected["samples.csv"] if digest == "default" else digest,
                                  expected_lines)

    def test_one_changed_cell_names_its_column_block_and_row(self):
        rows = list(EXPECTED_ROWS)
        rows[40] = (40, "0.999", "40e-3")  # line 42, in the second block (lines 33-64)
        report = self.explain(table(rows))
        path = os.path.join(self.work, "samples.csv")
        self.assertEqual(report, [
            f"samples.csv: differs from outputs.sha256; the fresh file is {path}",
            "  columns that differ (1 of 4): latency_s",
            "  lines that differ, in blocks of 32 (1 of 4 blocks): 33-64 (101 in the fresh file)",
            "  the fresh file's header and its first rows from line 33, the columns that differ:",
            "  line 1: sample_id,latency_s",
            "  line 33: 31,0.031",
            "  line 34: 32,0.032",
            "  line 35: 33,0.033",
            "  line 36: 34,0.034",
            "  line 37: 35,0.035",
        ])

    def test_a_step_down_in_two_columns_of_the_first_block(self):
        rows = [(i, f"0.{i:03d}", f"{i}e-3") for i in range(100)]
        rows[2] = (2, "0.001", "1e-3")
        report = self.explain(table(rows))
        self.assertEqual(report[1], "  columns that differ (2 of 4): latency_s, energy_j")
        self.assertEqual(report[2], "  lines that differ, in blocks of 32 (1 of 4 blocks): 1-32 (101 in the fresh file)")
        # From the first line: the header, then 5 rows.
        self.assertEqual(report[4:], ["  line 1: sample_id,latency_s,energy_j", "  line 2: 0,0.000,0e-3",
                                      "  line 3: 1,0.001,1e-3", "  line 4: 2,0.001,1e-3", "  line 5: 3,0.003,3e-3",
                                      "  line 6: 4,0.004,4e-3"])

    def test_a_missing_row_shifts_every_later_block(self):
        rows = EXPECTED_ROWS[:50] + EXPECTED_ROWS[51:]
        report = self.explain(table(rows), expected_lines=101)
        self.assertEqual(report[1], "  columns that differ (4 of 4): sample_id, device, latency_s, energy_j")
        self.assertEqual(report[2], "  lines that differ, in blocks of 32 (3 of 4 blocks): 33-101 "
                                    "(101 lines expected, 100 in the fresh file)")

    def test_a_new_column(self):
        data = table(EXPECTED_ROWS).decode().splitlines()
        data = "\n".join(line + (",queue_s" if i == 0 else ",0") for i, line in enumerate(data)) + "\n"
        report = self.explain(data.encode())
        self.assertEqual(report[1], "  the header differs: 4 columns expected, 5 now; new: queue_s")
        self.assertEqual(report[4], "  line 1: sample_id,device,latency_s,energy_j,queue_s")

    def test_without_a_digest_the_first_rows(self):
        report = self.explain(table(EXPECTED_ROWS), digest=None)
        self.assertEqual(report[1], "  outputs.digest has no samples.csv; the fresh file's first rows:")
        self.assertEqual(report[2:], ["  line 1: sample_id,device,latency_s,energy_j", "  line 2: 0,0,0.000,0e-3",
                                      "  line 3: 1,1,0.001,1e-3", "  line 4: 2,2,0.002,2e-3",
                                      "  line 5: 3,0,0.003,3e-3", "  line 6: 4,1,0.004,4e-3"])


if __name__ == "__main__":
    unittest.main()
