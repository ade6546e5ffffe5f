"""Scission benchmark data in (docs/partition.md, "Importing Scission's benchmark files").

Scission (Lockhart et al., UCC 2020) stores one benchmark file per machine, named `<tier>-<system>.dat`
(tier: device, edge or cloud), holding a pickled dict {model name: [one record per block]}. Each block
record has `input_layer`, `output_layer` (Keras layer indices of the block's first and last layer),
`second_prediction` (mean seconds of the block on that machine) and `output_size` (bytes of the block's
saved output). The network file is a CSV `source,destination,ping(ms),bandwidth(mbps)`.

`hybridfog import scission BENCHMARK_DIR NETWORK_CSV -o DIR` (or import_scission() here) writes what
`hybridfog partition --model scission` needs, per model M: DIR/M.yaml (scenario), DIR/profiles/M.yaml (a
chain profile whose layer i is Scission's layer i), DIR/traces/M.csv, and shared DIR/platform.yaml (tiers
device, edge, cloud with one host class per Scission system), DIR/benchmark.csv (with a tier column) and
DIR/network.csv.

The output folder follows the one rule of every hybridfog command that writes a folder (docs/outputs.md,
"Which folders -o may replace"; the C++ check through hybridfog._core.StagedFolder): `-o DIR` is written
only when absent, empty or a complete earlier import holding nothing else, and atomically (a staging
folder swapped in at the end). Inputs must be regular files of bounded size (MAX_BENCHMARK_BYTES,
MAX_NETWORK_BYTES): a FIFO or a device is refused before it is read.

The pickles are read with a restricted unpickler: the only class it builds is Scission's block record
(any module, class name LayerBenchmark); anything else in the file is refused, so no code in a benchmark
file is ever run.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import pickle
import re
import stat
import sys
from pathlib import Path

from .errors import InputError

TIERS = ("device", "edge", "cloud")
SCOPES = {"device": "device", "edge": "site", "cloud": "central"}
MARKER = "scission-import.json"
# Size limits of the inputs (a Scission benchmark file of a large model is a few hundred kB).
MAX_BENCHMARK_BYTES = 256 << 20
MAX_NETWORK_BYTES = 16 << 20
# A model name becomes file names (M.yaml, profiles/M.yaml, traces/M.csv): letters, digits, _ . + -,
# not starting with '.', at most 200 bytes.
MODEL_NAME = re.compile(r"[A-Za-z0-9_+-][A-Za-z0-9_.+-]{0,199}")
# Scission's default raw input (scission_predict.py: 0.15 MB); recorded as the profile's input size.
DEFAULT_INPUT_BYTES = 150000


def _error(file, key, detail) -> InputError:
    message = f"{file}: {key}: {detail}" if key else f"{file}: {detail}"
    return InputError(message, str(file), 0, 0, key, detail)


class BlockRecord:
    """Scission's per-block benchmark record, as unpickled (attributes set by pickle's BUILD)."""


class _RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if name == "LayerBenchmark":
            return BlockRecord
        raise pickle.UnpicklingError(f"refusing to load {module}.{name} (only Scission's LayerBenchmark records)")


def _shown(value) -> str:
    """A name from an input as printable text: control characters escaped, at most 80 characters."""
    text = value if isinstance(value, str) else repr(value)
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    return text if len(text) <= 80 else text[:80] + "..."


def _number(value, file, key, kind):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _error(file, key, f"expected a finite number, got {value!r}")
    if value < 0:
        raise _error(file, key, f"expected {kind} >= 0, got {value!r}")
    return value


def _read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else (a FIFO, a device, a folder, a
    larger file) is refused before it is read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        raise _error(path, "", f"cannot read: {e.strerror}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _error(path, "", "not a regular file")
        if info.st_size > limit:
            raise _error(path, "", f"file of {info.st_size} bytes (at most {limit})")
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise _error(path, "", f"file of more than {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as e:
        raise _error(path, "", f"cannot read: {e.strerror}")
    finally:
        os.close(fd)


def read_benchmark_file(path: Path) -> dict:
    """{model: [(input_layer, output_layer, seconds, output_bytes), ...]} from one Scission .dat file."""
    content = _read_regular_file(path, MAX_BENCHMARK_BYTES)
    try:
        data = _RestrictedUnpickler(io.BytesIO(content)).load()
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, ValueError, TypeError,
            KeyError, MemoryError, RecursionError, OverflowError) as e:
        raise _error(path, "", f"not a Scission benchmark file (a pickled dict of block records): {e}")
    if not isinstance(data, dict) or not data:
        raise _error(path, "", "not a Scission benchmark file: expected a non-empty dict {model: [blocks]}")
    models = {}
    for model, blocks in data.items():
        if not isinstance(model, str) or not isinstance(blocks, list) or not blocks:
            raise _error(path, _shown(model), "expected a model name with a non-empty list of block records")
        if not MODEL_NAME.fullmatch(model):
            raise _error(path, _shown(model), "model name must be letters, digits, '_', '.', '+', '-' (not starting "
                                              "with '.', at most 200 bytes): it names the imported files")
        rows = []
        for i, block in enumerate(blocks):
            key = f"{model}[{i}]"
            if not isinstance(block, BlockRecord):
                raise _error(path, key, f"expected a LayerBenchmark record, got {type(block).__name__}")
            fields = vars(block)
            for name in ("input_layer", "output_layer", "second_prediction", "output_size"):
                if name not in fields:
                    raise _error(path, f"{key}.{name}", "missing")
            first, last = fields["input_layer"], fields["output_layer"]
            for name, value in (("input_layer", first), ("output_layer", last), ("output_size", fields["output_size"])):
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise _error(path, f"{key}.{name}", f"expected an integer >= 0, got {value!r}")
            seconds = _number(fields["second_prediction"], path, f"{key}.second_prediction", "seconds")
            expected_first = 0 if i == 0 else rows[-1][1] + 1
            if first != expected_first or last < first:
                raise _error(path, f"{key}.input_layer",
                             f"blocks must tile the layers in order: expected a block starting at layer "
                             f"{expected_first}, got layers {first}-{last}")
            rows.append((first, last, float(seconds), fields["output_size"]))
        models[model] = rows
    return models


def read_benchmark_dir(folder: Path) -> list:
    """[(tier, system, {model: blocks})] for every `<tier>-<system>.dat`, in tier then name order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise _error(folder, "", "no such folder (expected Scission's benchmark_data folder of <tier>-<system>.dat files)")
    machines = []
    for path in sorted(folder.glob("*.dat")):
        stem = path.name[:-len(".dat")]
        tier, _, system = stem.partition("-")
        if tier.lower() not in TIERS or not system or "-" in system:
            raise _error(path, "", "file name must be <tier>-<system>.dat with tier device, edge or cloud "
                                   "and a system name without '-' (Scission's naming)")
        machines.append((TIERS.index(tier.lower()), tier.lower(), system, read_benchmark_file(path)))
    if not machines:
        raise _error(folder, "", "no <tier>-<system>.dat benchmark files")
    machines.sort(key=lambda m: (m[0], m[2]))
    names = [m[2] for m in machines]
    for name in names:
        if names.count(name) > 1:
            raise _error(folder, "", f"system {name} has benchmark files on two tiers")
    if not any(m[1] == "device" for m in machines):
        raise _error(folder, "", "no device-<system>.dat file: Scission needs a device tier")
    return [(tier, system, models) for _, tier, system, models in machines]


def read_network_csv(path: Path) -> list:
    """[(source, destination, ping_ms, bandwidth_mbps)] from Scission's network statistics CSV."""
    path = Path(path)
    try:
        text = _read_regular_file(path, MAX_NETWORK_BYTES).decode("utf-8")
    except UnicodeDecodeError as e:
        raise _error(path, "", f"not UTF-8 text (byte {e.start})")
    rows = []
    lines = text.splitlines()
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in next(csv.reader([line]))]
        if not header_seen:
            header_seen = True
            if [c.lower() for c in cells[:2]] != ["source", "destination"] or len(cells) != 4:
                raise InputError(f"{path}:{number}:1: header: expected source,destination,ping(ms),bandwidth(mbps)",
                                 str(path), number, 1, "header", "expected source,destination,ping(ms),bandwidth(mbps)")
            continue
        if len(cells) != 4:
            raise InputError(f"{path}:{number}:1: expected 4 cells, got {len(cells)}", str(path), number, 1, "",
                             f"expected 4 cells, got {len(cells)}")
        values = []
        for index, (name, cell) in enumerate((("ping(ms)", cells[2]), ("bandwidth(mbps)", cells[3]))):
            column = line.find(cell) + 1 if cell else 1
            try:
                value = float(cell)
                if not math.isfinite(value) or value < 0 or (index == 1 and value == 0):
                    raise ValueError
            except ValueError:
                detail = f"expected a number {'> 0' if index else '>= 0'}, got \"{cell}\""
                raise InputError(f"{path}:{number}:{column}: {name}: {detail}", str(path), number, column, name, detail)
            values.append(value)
        rows.append((cells[0], cells[1], values[0], values[1]))
    if not rows:
        raise _error(path, "", "no network rows")
    return rows


def _quote(text) -> str:
    return json.dumps(str(text))  # JSON strings are valid YAML scalars


def _csv_cell(text) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([text])
    return out.getvalue()


def import_scission(benchmark_dir, network_csv, out, models=None) -> dict:
    """Convert Scission's benchmark folder and network CSV into hybridfog inputs in folder `out`
    (replaced only when it is an earlier import or empty; written atomically). Returns {model: scenario
    path}. Raises InputError for bad input."""
    machines = read_benchmark_dir(Path(benchmark_dir))
    network = read_network_csv(Path(network_csv))
    out = Path(out)
    all_models = sorted(set.intersection(*(set(m[2]) for m in machines)))
    if models:
        for model in models:
            if model not in all_models:
                raise _error(benchmark_dir, "model", f"no model {model} in every benchmark file "
                                                     f"(models in all files: {', '.join(all_models) or 'none'})")
        chosen = list(models)
    else:
        chosen = all_models
    if not chosen:
        raise _error(benchmark_dir, "", "no model is benchmarked on every system")
    for tier_a in range(3):
        for tier_b in range(tier_a + 1, 3):
            for _, a, _ in (m for m in machines if m[0] == TIERS[tier_a]):
                for _, b, _ in (m for m in machines if m[0] == TIERS[tier_b]):
                    if not any({s, d} == {a, b} for s, d, _, _ in network):
                        raise _error(network_csv, "source", f"no line for {a} -> {b} (Scission needs ping and "
                                                            f"bandwidth for every pair of systems on two tiers)")
    # Every system must have the same blocks (layer ranges) for a model.
    for model in chosen:
        first_tier, first_system, first_data = machines[0]
        reference = [(b[0], b[1]) for b in first_data[model]]
        for tier, system, data in machines[1:]:
            if [(b[0], b[1]) for b in data[model]] != reference:
                raise _error(Path(benchmark_dir) / f"{tier}-{system}.dat", model,
                             f"blocks (layer ranges) differ from those of {first_tier}-{first_system}.dat")

    from . import _core  # the C++ output-folder rule (core/output_folder.hpp)
    folder = _core.StagedFolder(os.fspath(out), "scission-import", "-o")
    staging = Path(folder.staging)
    try:
        (staging / "profiles").mkdir()
        (staging / "traces").mkdir()
        _write_platform(staging / "platform.yaml", machines)
        with open(staging / "network.csv", "w") as f:
            f.write("# Imported from " + _shown(str(network_csv)) + " by `hybridfog import scission`\n")
            f.write("source,destination,ping_ms,bandwidth_mbps\n")
            for source, destination, ping, bandwidth in network:
                f.write(f"{_csv_cell(source)},{_csv_cell(destination)},{ping!r},{bandwidth!r}\n")
        with open(staging / "benchmark.csv", "w") as f:
            f.write("# Imported from Scission's benchmark files in " + _shown(str(benchmark_dir)) +
                    " by `hybridfog import scission`; seconds = second_prediction, output_bytes = output_size\n")
            f.write("tier,system,model,block,first_layer,last_layer,seconds,output_bytes\n")
            for model in chosen:
                for tier, system, data in machines:
                    for block, (first, last, seconds, size) in enumerate(data[model]):
                        f.write(f"{tier},{_csv_cell(system)},{_csv_cell(model)},{block},{first},{last},"
                                f"{seconds!r},{size}\n")
        scenarios = {}
        for model in chosen:
            blocks = machines[0][2][model]
            _write_profile(staging / "profiles" / f"{model}.yaml", model, blocks)
            with open(staging / "traces" / f"{model}.csv", "w") as f:
                f.write("# Placeholder trace of an imported Scission model (one head, no early exit): "
                        "`partition --model scission` does not read it\n")
                f.write("sample,label,final.pred,final.confidence,final.entropy_nats\n0,0,0,1,0\n")
            with open(staging / f"{model}.yaml", "w") as f:
                f.write(f"# Scission model {model} imported by `hybridfog import scission`. Rank its partitions with\n"
                        f"#   hybridfog partition {model}.yaml --model scission --benchmark benchmark.csv "
                        f"--network network.csv\n")
                f.write(f"name: {_quote(model)}\nplatform: platform.yaml\nmodel:\n"
                        f"  profile: profiles/{model}.yaml\n  trace: traces/{model}.csv\npolicy:\n  name: entropy\n"
                        f"workload:\n  arrivals: periodic\n  rate: 1/s\n  samples_per_device: 1\nnetwork:\n  model: CM02\n")
            scenarios[model] = str(Path(folder.target) / f"{model}.yaml")
        # The description goes last: a folder without it is not a complete import.
        (staging / MARKER).write_text(json.dumps({
            "format": "hybridfog-scission-import", "format_version": 1,
            "benchmark_files": [f"{tier}-{system}.dat" for tier, system, _ in machines],
            "network_csv": str(network_csv), "models": chosen}, indent=2) + "\n")
        folder.commit()
    finally:
        folder.discard()
    return scenarios


def _write_platform(path: Path, machines: list) -> None:
    lines = ["# Imported from Scission's benchmark files by `hybridfog import scission`: one host class per",
             "# Scission system (<tier>-<system>.dat). Throughputs, power and links are placeholders:",
             "# `partition --model scission` takes block times from benchmark.csv and the network from network.csv.",
             "name: scission-import", "sites: 1", "tiers:"]
    for tier in TIERS:
        classes = [system for t, system, _ in machines if t == tier]
        if not classes:
            continue
        lines += [f"  - name: {tier}", f"    scope: {SCOPES[tier]}", "    classes:"]
        for system in classes:
            lines.append(f"      - {{name: {_quote(system)}, count: 1, throughput: {{fp32: 1GMAC/s}}, "
                         f"power_per_core: {{idle: 1W, busy: 2W}}}}")
    lines += ["links:", "  access: {bandwidth: 1.6Mbps, latency: 66.7ms}", "  uplink: {bandwidth: 50Mbps, latency: 20ms}"]
    path.write_text("\n".join(lines) + "\n")


def _write_profile(path: Path, model: str, blocks: list) -> None:
    """A chain: layer i is Scission's layer i (named layer<i>); a block's layers carry the block's measured
    output size (inner layers are not cut points); MACs are 0 (measured times replace them)."""
    lines = [f"# Chain profile of Scission model {model} (imported): layer i is Scission's layer i; only block ends",
             "# are cut points (Scission's valid splits); MACs unknown (0): use measured times (--benchmark).",
             f"name: {_quote(model)}", "classes: 2",
             f"input: {{shape: [{DEFAULT_INPUT_BYTES}], element_bits: 8}}", "layers:"]
    for first, last, _, size in blocks:
        elements = max(1, size // 4)
        for layer in range(first, last + 1):
            lines.append(f"  - {{name: layer{layer}, macs: 0, precision: fp32, "
                         f"output: {{shape: [{elements}], element_bits: 32}}}}")
    last_layer = blocks[-1][1]
    lines += ["heads:", f"  - {{name: final, after: layer{last_layer}, macs: 0, precision: fp32}}",
              "partition:", "  - {tier: device}",
              "cut_points: [" + ", ".join(f"layer{b[1]}" for b in blocks[:-1]) + "]"]
    path.write_text("\n".join(lines) + "\n")


def _one_line(message: str) -> str:
    message = message.replace("\n", "\\n").replace("\r", "\\r")
    return message if len(message) <= 2000 else message[:2000] + f"... ({len(message)} bytes)"


def main(argv=None) -> int:
    """`hybridfog import scission BENCHMARK_DIR NETWORK_CSV -o DIR [--model M ...]` (the CLI runs this)."""
    import argparse
    parser = argparse.ArgumentParser(prog="hybridfog import scission",
                                     description="Scission benchmark files -> hybridfog partition inputs")
    parser.add_argument("benchmark_dir")
    parser.add_argument("network_csv")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--model", action="append", help="import only this model (repeatable)")
    args = parser.parse_args(argv)
    try:
        scenarios = import_scission(args.benchmark_dir, args.network_csv, args.output, args.model)
    except InputError as e:
        print(_one_line(str(e)), file=sys.stderr)
        return 2
    except OSError as e:  # a write failed: no space left, permission denied, ...
        where = f"{e.filename}: " if e.filename else ""
        print(_one_line(f"error: cannot write {where}{e.strerror or e}"), file=sys.stderr)
        return 1
    except RuntimeError as e:  # from the C++ side (renaming the staging folder)
        print(_one_line(f"error: {e}"), file=sys.stderr)
        return 1
    print(f"imported {len(scenarios)} model(s) into {args.output}: " + ", ".join(sorted(scenarios)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
