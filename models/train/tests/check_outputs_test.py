"""check_outputs.py delegates the formats to `hybridfog inspect --json`: good files pass, a bad cell is
reported with the parser's file:line:col message, a trace that disagrees with its profile is reported, and
a missing binary is a clear error (exit 2). Run with HYBRIDFOG_BIN set (models/train/tests.cmake)."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
SCRIPT = os.path.join(SOURCE, "models", "train", "check_outputs.py")
BINARY = os.environ.get("HYBRIDFOG_BIN", os.path.join(SOURCE, "build", "hybridfog"))
NAME = "meanet-fmnist"


class CheckOutputs(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="hybridfog-check-outputs-")
        for sub in ("profiles", "traces"):
            os.makedirs(os.path.join(self.dir, sub))
        shutil.copy(os.path.join(SOURCE, "models", "profiles", NAME + ".yaml"), os.path.join(self.dir, "profiles"))
        for suffix in (".csv", ".provenance.json"):
            shutil.copy(os.path.join(SOURCE, "models", "traces", NAME + suffix), os.path.join(self.dir, "traces"))

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def run_check(self, binary=BINARY):
        return subprocess.run([sys.executable, SCRIPT, self.dir, "--hybridfog", binary],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def edit_trace(self, line_number, old, new):
        path = os.path.join(self.dir, "traces", NAME + ".csv")
        with open(path) as f:
            lines = f.read().split("\n")
        self.assertIn(old, lines[line_number - 1])
        lines[line_number - 1] = lines[line_number - 1].replace(old, new, 1)
        with open(path, "w") as f:
            f.write("\n".join(lines))
        return path

    def test_good_files_pass(self):
        done = self.run_check()
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertIn("checked 1 profiles and 1 traces", done.stdout)

    def test_a_bad_cell_is_reported_by_the_cpp_parser_with_its_position(self):
        path = self.edit_trace(4, ",", ",x")  # the first data row (line 4): its label becomes "x..."
        done = self.run_check()
        self.assertEqual(done.returncode, 1)
        self.assertRegex(done.stdout, r"%s:4:\d+: " % path)

    def test_a_class_beyond_the_profile_is_reported(self):
        path = os.path.join(self.dir, "profiles", NAME + ".yaml")
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.replace("classes: 10", "classes: 3", 1))
        done = self.run_check()
        self.assertEqual(done.returncode, 1)
        self.assertIn("is not below the profile's 3 classes", done.stdout)

    def test_no_binary_is_a_clear_error(self):
        done = self.run_check(os.path.join(self.dir, "no-hybridfog"))
        self.assertEqual(done.returncode, 2)
        self.assertIn("no hybridfog binary", done.stderr)


if __name__ == "__main__":
    unittest.main()
