#!/usr/bin/python3
"""Golden outputs of every shipped scenario (docs/golden.md).

Runs the cases of tests/golden/cases.txt with the given hybridfog binary and compares their outputs with
tests/golden/expected/<case>/:
  summary.json   in full, without wall_time_s (the only field that differs between identical runs);
  manifest.json  in full, with git_revision and the source folder replaced by placeholders;
  outputs.sha256 SHA-256 and line count of samples.csv, hosts.csv and links.csv (byte for byte), and of
                 devices.csv (a wireless access), events.csv and link_windows.csv when the run wrote them.

  golden.py --binary B --source S --check CASE    one case; exit 1 with a diff when it differs
  golden.py --binary B --source S --coverage      every scenarios/*.yaml has a case
  golden.py --binary B --source S --update        rewrites every expected folder (make golden)
"""
import argparse
import difflib
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

SEED = "7"
CSV_FILES = ("samples.csv", "hosts.csv", "links.csv")
# Written only by runs with profiles, failures or a wireless access (docs/outputs.md): listed when present, so
# that the cases without them keep their expected files, and a run that starts (or stops) writing one shows in
# the diff.
OPTIONAL_CSV_FILES = ("devices.csv", "events.csv", "link_windows.csv")


def read_cases(source):
    cases = {}
    with open(os.path.join(source, "tests", "golden", "cases.txt")) as f:
        for number, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            words = shlex.split(line)
            if len(words) < 2 or words[0] in cases:
                sys.exit(f"tests/golden/cases.txt:{number}: want a new case name, a scenario and arguments")
            cases[words[0]] = (words[1], words[2:])
    return cases


def normalize_manifest(manifest, source):
    text = json.dumps(manifest, indent=2, sort_keys=False)
    prefix = os.path.realpath(source).rstrip("/") + "/"
    text = text.replace(json.dumps(prefix)[1:-1], "$SOURCE/")
    manifest = json.loads(text)
    manifest["git_revision"] = "$GIT_REVISION"
    return manifest


def run_case(binary, source, name, scenario, extra, work):
    out = os.path.join(work, name)
    args = [binary, "--log-level", "warn", "run", os.path.join(os.path.realpath(source), scenario), "-o", out,
            "--no-progress", "--seed", SEED] + extra
    done = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        sys.exit(f"golden case {name}: {shlex.join(args)} exited {done.returncode}:\n{done.stdout}")
    files = {}
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    summary.pop("wall_time_s", None)
    files["summary.json"] = json.dumps(summary, indent=2) + "\n"
    with open(os.path.join(out, "manifest.json")) as f:
        files["manifest.json"] = json.dumps(normalize_manifest(json.load(f), source), indent=2) + "\n"
    sums = []
    for csv in CSV_FILES + OPTIONAL_CSV_FILES:
        path = os.path.join(out, csv)
        if not os.path.exists(path) and csv in OPTIONAL_CSV_FILES:
            continue
        if not os.path.exists(path):
            if csv not in OPTIONAL_CSV_FILES:
                sums.append(f"absent  {csv}")
            continue
        with open(path, "rb") as f:
            data = f.read()
        lines = data.count(b"\n")
        sums.append(f"{hashlib.sha256(data).hexdigest()}  {lines} lines  {csv}")
    files["outputs.sha256"] = "\n".join(sums) + "\n"
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--work", help="folder for the runs (default: a temporary one)")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", metavar="CASE")
    mode.add_argument("--coverage", action="store_true")
    mode.add_argument("--update", action="store_true")
    a = parser.parse_args()
    cases = read_cases(a.source)
    expected_root = os.path.join(a.source, "tests", "golden", "expected")

    if a.coverage:
        covered = {os.path.normpath(s) for s, _ in cases.values()}
        shipped = sorted(os.path.join("scenarios", f) for f in os.listdir(os.path.join(a.source, "scenarios"))
                         if f.endswith(".yaml"))
        missing = [s for s in shipped if s not in covered]
        stale = sorted(set(os.listdir(expected_root)) - set(cases)) if os.path.isdir(expected_root) else []
        if missing or stale:
            sys.exit(f"golden coverage: scenarios without a case in tests/golden/cases.txt: {missing}; "
                     f"expected folders without a case: {stale}")
        print(f"golden coverage: {len(shipped)} shipped scenarios, {len(cases)} cases")
        return

    work = a.work or tempfile.mkdtemp(prefix="hybridfog-golden-")
    os.makedirs(work, exist_ok=True)
    try:
        if a.update:
            if os.path.isdir(expected_root):
                shutil.rmtree(expected_root)
            for name, (scenario, extra) in cases.items():
                files = run_case(a.binary, a.source, name, scenario, extra, work)
                os.makedirs(os.path.join(expected_root, name))
                for file, text in files.items():
                    with open(os.path.join(expected_root, name, file), "w") as f:
                        f.write(text)
                print(f"golden: wrote tests/golden/expected/{name}/")
            return
        if a.check not in cases:
            sys.exit(f"golden: no case {a.check} in tests/golden/cases.txt")
        scenario, extra = cases[a.check]
        files = run_case(a.binary, a.source, a.check, scenario, extra, work)
        failed = False
        for file, actual in files.items():
            path = os.path.join(expected_root, a.check, file)
            if not os.path.exists(path):
                print(f"golden {a.check}: {path} is missing (make golden, see docs/golden.md)")
                failed = True
                continue
            with open(path) as f:
                expected = f.read()
            if expected != actual:
                failed = True
                sys.stdout.writelines(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                           f"expected/{a.check}/{file}", f"actual/{file}"))
        if failed:
            sys.exit(f"golden {a.check}: outputs differ from tests/golden/expected/{a.check}/ (intended? make golden)")
        print(f"golden {a.check}: identical")
    finally:
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
