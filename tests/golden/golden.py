#!/usr/bin/python3
"""Golden outputs of every shipped scenario (docs/golden.md).

Runs the cases of tests/golden/cases.txt with the given hybridfog binary and compares their outputs with
tests/golden/expected/<case>/:
  summary.json   in full, without wall_time_s (the only field that differs between identical runs);
  manifest.json  in full, with git_revision and the source folder replaced by placeholders;
  outputs.sha256 SHA-256 and line count of samples.csv, hosts.csv and links.csv (byte for byte), and of
                 devices.csv (a wireless access), events.csv and link_windows.csv when the run wrote them;
  outputs.digest short digests of the same CSVs per block of 32 lines and per column: only to say where a
                 CSV differs, since the CSVs themselves are not committed.

A failing check prints the unified diff of the JSON files and, per CSV whose checksum differs, which columns
and which lines differ (from outputs.digest) and the fresh run's first rows there; the fresh run's folder is
kept (its path is printed).

  golden.py --binary B --source S --check CASE    one case; exit 1 with a diff when it differs
  golden.py --binary B --source S --coverage      every scenarios/*.yaml has a case
  golden.py --binary B --source S --update        rewrites every expected folder (make golden)
"""
import argparse
import csv
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
BLOCK_LINES = 32      # lines of a CSV per digest block (outputs.digest)
BLOCKS_PER_LINE = 10  # block digests per line of outputs.digest
SHOWN_ROWS = 5        # fresh rows printed per differing CSV
DIGEST_HEADER = ("# Where the CSVs of outputs.sha256 differ (tests/golden/golden.py, docs/golden.md): the first 8 hex\n"
                 f"# digits of SHA-256 of each column's cells and of each block of {BLOCK_LINES} lines.\n")


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
    sums, digests = [], []
    for csv_name in CSV_FILES + OPTIONAL_CSV_FILES:
        path = os.path.join(out, csv_name)
        if not os.path.exists(path):
            if csv_name not in OPTIONAL_CSV_FILES:
                sums.append(f"absent  {csv_name}")
            continue
        with open(path, "rb") as f:
            data = f.read()
        lines = data.count(b"\n")
        sums.append(f"{hashlib.sha256(data).hexdigest()}  {lines} lines  {csv_name}")
        digests += digest_lines(csv_name, data)
    files["outputs.sha256"] = "\n".join(sums) + "\n"
    files["outputs.digest"] = DIGEST_HEADER + "".join(line + "\n" for line in digests)
    return files, out


def short_hash(data):
    return hashlib.sha256(data).hexdigest()[:8]


def column_digests(data):
    """[(column name, digest of its cells joined by newlines)] of a CSV file's bytes."""
    rows = list(csv.reader(data.decode("utf-8", errors="replace").splitlines()))
    if not rows:
        return []
    header, body = rows[0], rows[1:]
    return [(name, short_hash("\n".join(row[i] if i < len(row) else "" for row in body).encode()))
            for i, name in enumerate(header)]


def block_digests(data):
    """Digests of the file's lines in blocks of BLOCK_LINES, the last block possibly shorter."""
    lines = data.splitlines(keepends=True)
    return [short_hash(b"".join(lines[i:i + BLOCK_LINES])) for i in range(0, len(lines), BLOCK_LINES)]


def digest_lines(name, data):
    """outputs.digest lines of one CSV: `NAME columns c1=d1 c2=d2 ...`, then `NAME lines A-B d d d ...` (blocks
    of BLOCK_LINES lines from line A, BLOCKS_PER_LINE a line). Column names hold no spaces or '='."""
    lines = [f"{name} columns " + " ".join(f"{c}={d}" for c, d in column_digests(data))]
    blocks = block_digests(data)
    total = len(data.splitlines())
    for first in range(0, len(blocks), BLOCKS_PER_LINE):
        group = blocks[first:first + BLOCKS_PER_LINE]
        start = first * BLOCK_LINES + 1
        end = min((first + len(group)) * BLOCK_LINES, total)
        lines.append(f"{name} lines {start}-{end} " + " ".join(group))
    return lines


def parse_digest(text):
    """{csv: {"columns": [(name, digest)], "blocks": [digest, ...]}} from an outputs.digest text."""
    parsed = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        words = line.split()
        entry = parsed.setdefault(words[0], {"columns": [], "blocks": []})
        if words[1] == "columns":
            entry["columns"] = [tuple(w.split("=", 1)) for w in words[2:]]
        elif words[1] == "lines":
            entry["blocks"] += words[3:]
    return parsed


def ranges(numbers):
    """"3-5, 9" from [3, 4, 5, 9]."""
    parts, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            parts.append(f"{start}" if start == n else f"{start}-{n}")
            start = None
    return ", ".join(parts)


def explain_csv(name, path, expected_digest, expected_lines=None):
    """Lines telling where the fresh CSV at `path` differs from the expected one (of `expected_lines` lines,
    when known), known by its digests."""
    report = [f"{name}: differs from outputs.sha256; the fresh file is {path}"]
    with open(path, "rb") as f:
        data = f.read()
    lines = data.decode("utf-8", errors="replace").splitlines()
    if expected_digest is None:
        report.append(f"  outputs.digest has no {name}; the fresh file's first rows:")
        report += [f"  line {i + 1}: {lines[i]}" for i in range(min(len(lines), SHOWN_ROWS + 1))]
        return report

    # Columns: by name when the header kept its names, else what came and went.
    expected_columns = expected_digest["columns"]
    actual_columns = column_digests(data)
    expected_names = [c for c, _ in expected_columns]
    actual_names = [c for c, _ in actual_columns]
    shown = None  # indexes of the columns to print; None: whole lines
    if expected_names != actual_names:
        gone = [c for c in expected_names if c not in actual_names]
        new = [c for c in actual_names if c not in expected_names]
        report.append(f"  the header differs: {len(expected_names)} columns expected, {len(actual_names)} now"
                      + (f"; gone: {', '.join(gone)}" if gone else "") + (f"; new: {', '.join(new)}" if new else "")
                      + ("" if gone or new else "; the same names in another order"))
    else:
        differing = [i for i, (_, d) in enumerate(actual_columns) if d != expected_columns[i][1]]
        report.append(f"  columns that differ ({len(differing)} of {len(actual_names)}): "
                      + (", ".join(actual_names[i] for i in differing) or "none (the lines differ otherwise)"))
        if differing:
            shown = ([0] if differing[0] != 0 else []) + differing  # the first column names the row

    # Lines: by blocks of BLOCK_LINES.
    expected_blocks = expected_digest["blocks"]
    actual_blocks = block_digests(data)
    count = max(len(expected_blocks), len(actual_blocks))
    differing_blocks = [b for b in range(count) if b >= len(expected_blocks) or b >= len(actual_blocks)
                        or expected_blocks[b] != actual_blocks[b]]
    if not differing_blocks:
        return report
    last = max(len(lines), expected_lines if expected_lines is not None else len(expected_blocks) * BLOCK_LINES)
    numbers = [n for b in differing_blocks for n in range(b * BLOCK_LINES + 1, min((b + 1) * BLOCK_LINES, last) + 1)]
    report.append(f"  lines that differ, in blocks of {BLOCK_LINES} ({len(differing_blocks)} of {count} blocks): "
                  f"{ranges(numbers)} ("
                  + (f"{expected_lines} lines expected, " if expected_lines is not None else "")
                  + f"{len(lines)} in the fresh file)")
    first = differing_blocks[0] * BLOCK_LINES  # index of the first line of the first differing block
    if first >= len(lines):
        report.append(f"  the fresh file ends at line {len(lines)}, before the first differing block")
        return report
    picked = ([0] if first > 0 else []) + list(range(first, min(len(lines), first + SHOWN_ROWS + (first == 0))))
    report.append(f"  the fresh file's header and its first rows from line {first + 1}"
                  + ("" if shown is None else ", the columns that differ") + ":")
    for i in picked:
        if shown is None:
            report.append(f"  line {i + 1}: {lines[i]}")
        else:
            cells = next(csv.reader([lines[i]]), [])
            report.append(f"  line {i + 1}: " + ",".join(cells[c] if c < len(cells) else "" for c in shown))
    return report


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
    keep = False  # a failing check keeps its run for the developer
    try:
        if a.update:
            if os.path.isdir(expected_root):
                shutil.rmtree(expected_root)
            for name, (scenario, extra) in cases.items():
                files, _ = run_case(a.binary, a.source, name, scenario, extra, work)
                os.makedirs(os.path.join(expected_root, name))
                for file, text in files.items():
                    with open(os.path.join(expected_root, name, file), "w") as f:
                        f.write(text)
                print(f"golden: wrote tests/golden/expected/{name}/")
            return
        if a.check not in cases:
            sys.exit(f"golden: no case {a.check} in tests/golden/cases.txt")
        scenario, extra = cases[a.check]
        files, out = run_case(a.binary, a.source, a.check, scenario, extra, work)
        failed = False
        expected = {}
        for file, actual in files.items():
            path = os.path.join(expected_root, a.check, file)
            if not os.path.exists(path):
                print(f"golden {a.check}: {path} is missing (make golden, see docs/golden.md)")
                failed = True
                continue
            with open(path) as f:
                expected[file] = f.read()
        for file in ("summary.json", "manifest.json", "outputs.sha256"):
            if file in expected and expected[file] != files[file]:
                failed = True
                sys.stdout.writelines(difflib.unified_diff(expected[file].splitlines(True),
                                                           files[file].splitlines(True),
                                                           f"expected/{a.check}/{file}", f"actual/{file}"))
        if "outputs.sha256" in expected and expected["outputs.sha256"] != files["outputs.sha256"]:
            expected_sums = {line.split()[-1]: line for line in expected["outputs.sha256"].splitlines()}
            digests = parse_digest(expected.get("outputs.digest", ""))
            for line in files["outputs.sha256"].splitlines():
                name = line.split()[-1]
                if expected_sums.get(name) != line and os.path.exists(os.path.join(out, name)):
                    known = expected_sums.get(name, "").split()
                    lines = int(known[1]) if len(known) == 4 and known[2] == "lines" else None
                    print("\n".join(explain_csv(name, os.path.join(out, name), digests.get(name), lines)))
        elif "outputs.digest" in expected and expected["outputs.digest"] != files["outputs.digest"]:
            failed = True
            print(f"golden {a.check}: the CSVs match outputs.sha256 but not outputs.digest: the digests are stale "
                  f"(make golden)")
        if failed:
            print(f"golden {a.check}: the fresh run is in {out}")
            keep = True
            sys.exit(f"golden {a.check}: outputs differ from tests/golden/expected/{a.check}/ (intended? make golden)")
        print(f"golden {a.check}: identical")
    finally:
        if not a.work and not keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
