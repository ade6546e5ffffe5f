"""`hybridfog import scission` and `partition --scission-compat` (docs/partition.md).

The benchmark files are made here with the structure Scission documents for its benchmark_data folder:
`<tier>-<system>.dat`, a pickled dict {model: [LayerBenchmark records]} whose records carry input_layer,
output_layer, second_prediction (s) and output_size (B). The expected latencies come from Scission's
published prediction formula, written out below (not from hybridfog)."""

import csv
import itertools
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

BIN = os.environ["HYBRIDFOG_BIN"]
INPUT_BYTES = 150000  # Scission's default raw input, 0.15 MB


class LayerBenchmark:
    """The record Scission's benchmark script pickles (its class lives in the script, module __main__)."""

    def __init__(self, model, first, last, seconds, size):
        self.model, self.device = model, ""
        self.input_layer, self.output_layer = first, last
        self.second_prediction, self.output_size = seconds, size


LayerBenchmark.__module__ = "__main__"
setattr(sys.modules["__main__"], "LayerBenchmark", LayerBenchmark)

LAYERS = [(0, 1), (2, 4), (5, 5)]  # three blocks over Keras layers 0..5
# Per system: block seconds and output bytes. cloud "gpu" recorded 0.0 s for every block (as a timer
# too coarse for a fast GPU does), which is what Scission's zero-time rule keys on.
SYSTEMS = {
    ("device", "pi"): ([0.050, 0.120, 0.010], [400128, 80128, 4128]),
    ("edge", "nuc"): ([0.010, 0.030, 0.002], [400128, 80128, 4128]),
    ("cloud", "gpu"): ([0.0, 0.0, 0.0], [400128, 80128, 4128]),
    ("cloud", "cpu"): ([0.004, 0.009, 0.001], [400128, 80128, 4128]),
}
NETWORK = {("pi", "nuc"): (66.7, 1.6), ("pi", "gpu"): (100.0, 1.6), ("pi", "cpu"): (100.0, 1.6),
           ("nuc", "gpu"): (20.0, 50.0), ("nuc", "cpu"): (20.0, 50.0)}


def write_benchmarks(folder: Path, systems=SYSTEMS):
    folder.mkdir(parents=True, exist_ok=True)
    for (tier, name), (seconds, sizes) in systems.items():
        records = [LayerBenchmark("tinynet", a, b, s, n) for (a, b), s, n in zip(LAYERS, seconds, sizes)]
        with open(folder / f"{tier}-{name}.dat", "wb") as f:
            pickle.dump({"tinynet": records}, f)


def write_network(path: Path, network=NETWORK):
    lines = ["source,destination,ping(ms),bandwidth(mbps)"]
    lines += [f"{a},{b},   {ping},  {mbps}" for (a, b), (ping, mbps) in network.items()]
    path.write_text("\n".join(lines) + "\n")


def scission_predictions(compat: bool) -> dict:
    """Scission's prediction for every configuration: Σ block times (device, edge, cloud), then per hop
    ping + bytes / round(Mbps × 125000); bytes = the last block's output on the sender, or the raw input.
    With compat, Scission's rule: edge and cloud times both 0.0 -> the device sends 0 B; else cloud time
    0.0 -> the edge sends 0 B. Key: ((class, first layer, last layer) per tier; None when unused)."""
    blocks = len(LAYERS)
    tiers = {t: [n for (tt, n) in SYSTEMS if tt == t] for t in ("device", "edge", "cloud")}
    link = {k: (ping / 1000, round(mbps * 125000)) for k, (ping, mbps) in NETWORK.items()}
    predictions = {}
    for d, e, c in itertools.product(tiers["device"], tiers["edge"], tiers["cloud"]):
        for x in range(-1, blocks):
            for y in [-1] + list(range(x + 1, blocks)):
                last = max(x, y)
                ranges = {"device": (0, x) if x >= 0 else None, "edge": (x + 1, y) if y >= 0 else None,
                          "cloud": (last + 1, blocks - 1) if last < blocks - 1 else None}
                machine = {"device": d, "edge": e, "cloud": c}
                time = {t: sum(SYSTEMS[(t, machine[t])][0][b] for b in range(r[0], r[1] + 1)) if r else 0
                        for t, r in ranges.items()}
                device_out = SYSTEMS[("device", d)][1][x] if x >= 0 else INPUT_BYTES
                edge_out = SYSTEMS[("edge", e)][1][y] if y >= 0 else 0
                if compat and time["edge"] == 0 and time["cloud"] == 0:
                    device_out = 0
                elif compat and time["cloud"] == 0:
                    edge_out = 0
                transfer = 0
                first_hop = "edge" if ranges["edge"] else "cloud" if ranges["cloud"] else None
                if first_hop:
                    ping, bandwidth = link[(d, machine[first_hop])]
                    transfer += ping + device_out / bandwidth
                if ranges["edge"] and ranges["cloud"]:
                    ping, bandwidth = link[(e, c)]
                    transfer += ping + edge_out / bandwidth
                key = tuple((machine[t] if (r or t == "device") else None,
                             LAYERS[r[0]][0] if r else None, LAYERS[r[1]][1] if r else None)
                            for t, r in ranges.items())
                predictions[key] = time["device"] + time["edge"] + time["cloud"] + transfer
    return predictions


def hybridfog_predictions(csv_path: Path) -> dict:
    rows = list(csv.DictReader(open(csv_path)))
    out = {}
    for row in rows:
        key = tuple((row[f"{t}.class"] or None,
                     int(row[f"{t}.first_layer"][5:]) if row[f"{t}.first_layer"] else None,
                     int(row[f"{t}.last_layer"][5:]) if row[f"{t}.last_layer"] else None)
                    for t in ("device", "edge", "cloud"))
        assert key not in out
        out[key] = float(row["latency_s"])
    return out


@pytest.fixture
def imported(tmp_path):
    write_benchmarks(tmp_path / "benchmark_data")
    write_network(tmp_path / "network_stats.csv")
    out = tmp_path / "imported"
    done = subprocess.run([BIN, "import", "scission", str(tmp_path / "benchmark_data"),
                           str(tmp_path / "network_stats.csv"), "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


def partition(imported: Path, *extra):
    csv_path = imported / f"ranking{len(extra)}.csv"
    done = subprocess.run([BIN, "--log-level", "warn", "partition", str(imported / "tinynet.yaml"), "--model", "scission",
                           "--benchmark", str(imported / "benchmark.csv"), "--network", str(imported / "network.csv"),
                           "--top", "0", "-o", str(csv_path), *extra], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return hybridfog_predictions(csv_path), done.stdout


def test_import_writes_platform_profile_and_tiered_benchmark(imported):
    assert sorted(p.name for p in imported.iterdir()) == [
        "benchmark.csv", "network.csv", "platform.yaml", "profiles", "scission-import.json", "tinynet.yaml", "traces"]
    rows = list(csv.DictReader(line for line in open(imported / "benchmark.csv") if not line.startswith("#")))
    assert {(r["tier"], r["system"]) for r in rows} == set(SYSTEMS)
    pi = [r for r in rows if r["system"] == "pi"]
    assert [(int(r["first_layer"]), int(r["last_layer"])) for r in pi] == LAYERS
    assert [float(r["seconds"]) for r in pi] == SYSTEMS[("device", "pi")][0]
    # The profile has one layer per Scission layer, in Scission's order (layer i is index i).
    profile = (imported / "profiles" / "tinynet.yaml").read_text()
    assert [f"layer{i}" for i in range(6)] == [line.split("name: ")[1].split(",")[0]
                                               for line in profile.splitlines() if "{name: layer" in line]
    validated = subprocess.run([BIN, "validate", str(imported / "tinynet.yaml")], capture_output=True, text=True)
    assert validated.returncode == 0, validated.stderr


def test_partition_equals_scission_formula_with_and_without_compat(imported):
    physical, _ = partition(imported)
    compat, report = partition(imported, "--scission-compat")
    assert physical == scission_predictions(compat=False)
    assert compat == scission_predictions(compat=True)
    # The zero-time rule matters here: with the gpu's 0.0 s blocks the device "sends nothing".
    # By hand: the cloud (gpu) runs everything. The raw input (150000 B) goes pi -> gpu at 1.6 Mbps =
    # 200000 B/s after a 100 ms ping: 0.1 + 0.75 s. Under Scission's rule the gpu's 0.0 s blocks mean the
    # device sends 0 B: 0.1 s.
    cloud_only = (("pi", None, None), (None, None, None), ("gpu", 0, 5))
    assert physical[cloud_only] == 0.1 + 150000 / 200000
    assert compat[cloud_only] == 0.1
    best_physical = min(physical, key=physical.get)
    best_compat = min(compat, key=compat.get)
    assert best_physical != best_compat
    assert "--scission-compat" in report


def test_text_table_numbers_scission_layers(imported):
    _, report = partition(imported, "-q", "device=4", "-q", "edge=-1", "-q", "cloud=!-1", "-q", "cloud=cpu")
    # Device runs blocks 0-1 = Scission layers 0-4, the cloud block 2 = layer 5.
    lines = [line for line in report.splitlines() if "pi[" in line]
    assert len(lines) == 1 and "pi[0-4]" in lines[0] and "cpu[5]" in lines[0]


def test_compat_excluding_filter_demands_a_used_tier(imported):
    plain, _ = partition(imported, "-q", "edge=!nuc")
    assert plain and all(k[1][0] is None for k in plain)   # hybridfog: an unused edge is not "nuc"
    # Scission: the excluding filter also demands the tier be used; nuc is the only edge, so nothing is left.
    done = subprocess.run([BIN, "partition", str(imported / "tinynet.yaml"), "--scission-compat", "--benchmark",
                           str(imported / "benchmark.csv"), "--network", str(imported / "network.csv"), "-q", "edge=!nuc"],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "--query edge=!nuc (--scission-compat: the tier must be used): empty result" in done.stderr


def run_import(tmp_path, benchmark_dir, network):
    out = tmp_path / "out"
    done = subprocess.run([BIN, "import", "scission", str(benchmark_dir), str(network), "-o", str(out)],
                          capture_output=True, text=True)
    return done, out


def test_bad_benchmark_files_exit_2_with_one_line(tmp_path):
    write_network(tmp_path / "net.csv")
    # Not a pickle.
    folder = tmp_path / "notpickle"
    write_benchmarks(folder)
    (folder / "edge-nuc.dat").write_text("hello")
    done, out = run_import(tmp_path, folder, tmp_path / "net.csv")
    assert done.returncode == 2 and not out.exists()
    assert done.stderr.count("\n") == 1 and f"{folder / 'edge-nuc.dat'}: not a Scission benchmark file" in done.stderr
    # A pickle that would run code is refused without running it.
    folder = tmp_path / "evil"
    write_benchmarks(folder)
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    with open(folder / "edge-nuc.dat", "wb") as f:
        pickle.dump({"tinynet": [Evil()]}, f)
    done, out = run_import(tmp_path, folder, tmp_path / "net.csv")
    assert done.returncode == 2 and not marker.exists() and not out.exists()
    assert "refusing to load" in done.stderr
    # Blocks that do not tile the layers.
    folder = tmp_path / "gap"
    write_benchmarks(folder)
    with open(folder / "edge-nuc.dat", "wb") as f:
        pickle.dump({"tinynet": [LayerBenchmark("tinynet", 0, 1, 0.1, 10), LayerBenchmark("tinynet", 3, 5, 0.1, 10)]}, f)
    done, _ = run_import(tmp_path, folder, tmp_path / "net.csv")
    assert done.returncode == 2 and "tinynet[1].input_layer: blocks must tile the layers in order" in done.stderr
    # A file name that is not <tier>-<system>.dat.
    folder = tmp_path / "badname"
    write_benchmarks(folder)
    (folder / "edge-nuc.dat").rename(folder / "fog-nuc.dat")
    done, _ = run_import(tmp_path, folder, tmp_path / "net.csv")
    assert done.returncode == 2 and "fog-nuc.dat: file name must be <tier>-<system>.dat" in done.stderr


def test_bad_network_csv_exit_2_with_line_and_column(tmp_path):
    write_benchmarks(tmp_path / "bench")
    bad = tmp_path / "net.csv"
    bad.write_text("source,destination,ping(ms),bandwidth(mbps)\npi,nuc,66.7,fast\n")
    done, out = run_import(tmp_path, tmp_path / "bench", bad)
    assert done.returncode == 2 and not out.exists()
    assert done.stderr.strip() == f'{bad}:2:13: bandwidth(mbps): expected a number > 0, got "fast"'
    write_network(bad, {k: v for k, v in NETWORK.items() if k != ("nuc", "cpu")})
    done, _ = run_import(tmp_path, tmp_path / "bench", bad)
    assert done.returncode == 2 and "no line for nuc -> cpu" in done.stderr


def test_tier_column_must_agree_with_the_platform(imported):
    bench = imported / "benchmark.csv"
    bench.write_text(bench.read_text().replace("edge,nuc,", "cloud,nuc,"))
    done = subprocess.run([BIN, "partition", str(imported / "tinynet.yaml"), "--model", "scission", "--benchmark",
                           str(bench), "--network", str(imported / "network.csv")], capture_output=True, text=True)
    assert done.returncode == 2
    assert "tier: system nuc is on tier cloud in the benchmark but host class nuc is on tier edge" in done.stderr
    # One system on two tiers within the file: the row is named, with line and column.
    lines = bench.read_text().replace("cloud,nuc,", "edge,nuc,").splitlines()
    first_nuc = next(i for i, line in enumerate(lines) if line.startswith("edge,nuc,"))
    lines[first_nuc + 1] = lines[first_nuc + 1].replace("edge,nuc,", "cloud,nuc,")
    bench.write_text("\n".join(lines) + "\n")
    done = subprocess.run([BIN, "partition", str(imported / "tinynet.yaml"), "--model", "scission", "--benchmark",
                           str(bench), "--network", str(imported / "network.csv")], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip() == (f"{bench}:{first_nuc + 2}:1: tier: system nuc was on tier edge in an earlier row, "
                                   f"here on cloud")


# -o follows the one output-folder rule of every hybridfog command (docs/outputs.md, "Which folders -o may
# replace"): nothing the user owns is ever deleted (issue 25 §1).

def snapshot(root: Path) -> dict:
    out = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        if path.is_symlink():
            out[rel] = f"<link {os.readlink(path)}>"
        elif path.is_dir():
            out[rel] = "<dir>"
        else:
            out[rel] = path.read_bytes()
    return out


def import_to(tmp_path, out, cwd=None, env=None):
    if not (tmp_path / "bench").exists():
        write_benchmarks(tmp_path / "bench")
        write_network(tmp_path / "net.csv")
    return subprocess.run([BIN, "import", "scission", str(tmp_path / "bench"), str(tmp_path / "net.csv"), "-o", str(out)],
                          capture_output=True, text=True, cwd=cwd, env=env)


def assert_refused(done, before, root, why):
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "<command line>: -o: " in done.stderr and why in done.stderr, done.stderr
    assert snapshot(root) == before


def test_import_refuses_a_user_folder_that_holds_a_marker_file(tmp_path):
    mine = tmp_path / "mine"
    (mine / "photos").mkdir(parents=True)
    (mine / "scission-import.json").write_text("{}\n")
    (mine / "thesis.tex").write_text("\\chapter{Results}\n")
    (mine / "photos" / "a.jpg").write_bytes(b"\xff\xd8\xff")
    import_to(tmp_path, tmp_path / "first")  # makes the inputs
    before = snapshot(tmp_path)
    assert_refused(import_to(tmp_path, mine), before, tmp_path, "not an import scission folder")
    # A genuine earlier import with one file of the user's beside it is theirs too.
    (tmp_path / "first" / "notes.txt").write_text("mine\n")
    before = snapshot(tmp_path)
    assert_refused(import_to(tmp_path, tmp_path / "first"), before, tmp_path, "not an import scission folder")
    # ... and so is one whose description lists other models than the files it holds.
    (tmp_path / "first" / "notes.txt").unlink()
    (tmp_path / "first" / "extra.yaml").write_text("name: x\n")
    before = snapshot(tmp_path)
    assert_refused(import_to(tmp_path, tmp_path / "first"), before, tmp_path, "not an import scission folder")


def test_import_refuses_dot_dotdot_root_home_ancestors_links_and_files(tmp_path):
    home = tmp_path / "home"
    work = home / "work"
    work.mkdir(parents=True)
    (home / ".bashrc").write_text("alias ll='ls -l'\n")
    (work / "data.csv").write_text("a,b\n1,2\n")
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "keep.txt").write_text("keep\n")
    os.symlink(tmp_path / "real", tmp_path / "link")
    (tmp_path / "file.txt").write_text("data\n")
    import_to(tmp_path, tmp_path / "first")
    env = dict(os.environ, HOME=str(home))
    before = snapshot(tmp_path)
    for target, why in ((".", "names the current folder, its parent or the root"),
                        ("..", "names the current folder, its parent or the root"),
                        ("/", "names the current folder, its parent or the root"),
                        (str(home), "it is the current folder or one of its ancestors"),
                        (str(tmp_path / "link"), "it is a symbolic link"),
                        (str(tmp_path / "file.txt"), "it exists and is not a folder"),
                        (str(tmp_path / "file.txt" / "out"), "is not a folder")):
        assert_refused(import_to(tmp_path, target, cwd=work, env=env), before, tmp_path, why)
    assert_refused(import_to(tmp_path, home, cwd=tmp_path, env=env), before, tmp_path, "it is the home folder")


def test_import_replaces_its_own_output_atomically_and_cleans_only_dead_staging(tmp_path):
    out = tmp_path / "out"
    assert import_to(tmp_path, out).returncode == 0
    first = snapshot(out)
    dead = tmp_path / ".out.partial-2147483000"       # no such process: a killed import's leftovers
    live = tmp_path / f".out.partial-{os.getpid()}"   # this process is alive: an import in progress
    for staging in (dead, live):
        (staging / "profiles").mkdir(parents=True)
        (staging / "platform.yaml").write_text("name: x\n")
    done = import_to(tmp_path, out)
    assert done.returncode == 0, done.stderr
    assert snapshot(out) == first
    assert not dead.exists() and (live / "platform.yaml").read_text() == "name: x\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["bench", "net.csv", "out", live.name])


def test_model_names_cannot_reach_outside_the_folder(tmp_path):
    folder = tmp_path / "bench"
    folder.mkdir()
    for (tier, name), (seconds, sizes) in SYSTEMS.items():
        records = [LayerBenchmark("x", a, b, s, n) for (a, b), s, n in zip(LAYERS, seconds, sizes)]
        with open(folder / f"{tier}-{name}.dat", "wb") as f:
            pickle.dump({"../escaped": records}, f)
    write_network(tmp_path / "net.csv")
    done, out = run_import(tmp_path, folder, tmp_path / "net.csv")
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "../escaped: model name must be letters, digits" in done.stderr
    assert not out.exists() and not (tmp_path / "escaped.yaml").exists()


def test_inputs_must_be_regular_files_of_bounded_size(tmp_path):
    """A FIFO (which would block the read forever), /dev/zero (endless) or a folder is refused before it
    is read; so is a benchmark file larger than the limit (issue 25 §3)."""
    write_benchmarks(tmp_path / "bench")
    write_network(tmp_path / "net.csv")
    fifo = tmp_path / "net.fifo"
    os.mkfifo(fifo)
    for network in (fifo, Path("/dev/zero"), tmp_path / "bench"):
        done = subprocess.run([BIN, "import", "scission", str(tmp_path / "bench"), str(network), "-o",
                               str(tmp_path / "out")], capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
        assert done.stderr.startswith(f"{network}: not a regular file"), done.stderr
        assert not (tmp_path / "out").exists()
    # A FIFO among the benchmark files.
    os.mkfifo(tmp_path / "bench" / "edge-fifo.dat")
    done = subprocess.run([BIN, "import", "scission", str(tmp_path / "bench"), str(tmp_path / "net.csv"), "-o",
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "edge-fifo.dat: not a regular file" in done.stderr, done.stderr
    os.unlink(tmp_path / "bench" / "edge-fifo.dat")
    # A sparse benchmark file over the limit (256 MiB) is refused by its size, unread.
    big = tmp_path / "bench" / "edge-big.dat"
    with open(big, "wb") as f:
        f.truncate((256 << 20) + 1)
    done = subprocess.run([BIN, "import", "scission", str(tmp_path / "bench"), str(tmp_path / "net.csv"), "-o",
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert f"{big}: file of {(256 << 20) + 1} bytes (at most {256 << 20})" in done.stderr, done.stderr
