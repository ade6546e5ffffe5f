"""Model profiles from ONNX files (docs/exporter.md, "ONNX models").

    /usr/bin/python3 models/train/hybridfog-export onnx MODEL.onnx --exit [HEAD=]NODE ... -o PROFILE.yaml

The graph is read with python3-onnx (checker + shape inference). Every node on the path to the final
output becomes part of a layer of the profile's DAG:
- MACs per sample (the batch dimension, dim 0, divided out): Conv / ConvInteger / QLinearConv =
  output elements × input channels per group × kernel elements; Gemm and MatMul (and MatMulInteger,
  QLinearMatMul) = output elements × the shared dimension K. Every other node has 0 MACs.
- Zero-MAC nodes are folded into the layer that produced their one activation input when that tensor
  has no other reader (Relu after Conv, Flatten, BatchNormalization left by an export, Q/DQ pairs, ...);
  nodes that join several tensors (Add, Concat) or read a tensor that branches stay layers of their own,
  so the DAG keeps every branch and join. A layer's output is the last folded node's output.
- Output shape and element bits from shape inference (per sample, without dim 0) and the tensor's type.
- Precision: int8 for ConvInteger, QLinearConv, MatMulInteger, QLinearMatMul, and for Conv / Gemm /
  MatMul whose activation or weight input comes from DequantizeLinear of an 8-bit tensor (QDQ format);
  else from the model's metadata_props annotation `hybridfog.precision.<node name>` = fp32|fp16|int8|
  int4|binary (for precisions ONNX cannot express, e.g. binary layers); else fp16 for float16 tensors,
  fp32 otherwise. A layer's precision is that of most of its MACs.
- Exit heads: `--exit [HEAD=]NODE` names the node (or its output tensor) that yields an exit head's logits
  (HEAD: the head's name in the profile and trace; Default: the node name with "/" as "_"),
  in the order a sample meets them. The head's nodes are those the exit needs and the final output
  does not; its MACs are theirs and it reads (`after`) the last main-path layer they read. The final head
  reads the last layer, with 0 MACs (its classifier is a layer).

Errors (a file that is not ONNX, a graph the checker refuses, an unknown --exit node, shapes that cannot
be inferred) raise ExportError with a one-line message; the command line prints it and exits 2.
"""

from __future__ import annotations

import math
import os
import warnings
from collections import Counter

from .errors import ExportError

MAC_OPS = {"Conv", "ConvInteger", "QLinearConv", "Gemm", "MatMul", "MatMulInteger", "QLinearMatMul"}
INTEGER_OPS = {"ConvInteger", "QLinearConv", "MatMulInteger", "QLinearMatMul"}
PRECISIONS = ("fp32", "fp16", "int8", "int4", "binary")
ANNOTATION_PREFIX = "hybridfog.precision."


def _load(path):
    try:
        import onnx
        from onnx import shape_inference
    except ImportError as error:  # pragma: no cover - bootstrap installs python3-onnx
        raise ExportError(f"python3-onnx is missing ({error}); run scripts/bootstrap.sh")
    if not os.path.isfile(path):
        raise ExportError(f"{path}: no such file (expected an ONNX model)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # protobuf's own complaint; the error says it
            model = onnx.load(path)
    except Exception as error:
        raise ExportError(f"{path}: not an ONNX model ({type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''})")
    if not model.graph.node:
        raise ExportError(f"{path}: not an ONNX model (no graph nodes)")
    try:
        onnx.checker.check_model(model)
        model = shape_inference.infer_shapes(model, strict_mode=True)
    except Exception as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ExportError(f"{path}: the ONNX checker or shape inference refused the model: {first}")
    return onnx, model


def _bits(onnx, elem_type):
    T = onnx.TensorProto
    return {T.FLOAT: 32, T.DOUBLE: 64, T.FLOAT16: 16, T.BFLOAT16: 16, T.INT8: 8, T.UINT8: 8, T.INT16: 16,
            T.UINT16: 16, T.INT32: 32, T.UINT32: 32, T.INT64: 64, T.UINT64: 64, T.BOOL: 8}.get(elem_type, 32)


def profile_onnx(path, exits=(), *, name=None, classes=None, input_bits=8, partition=None):
    """Profile dict (docs/formats.md layout) of the ONNX model at `path`. `exits`: node names (or output
    tensor names) of the exit heads' logits, in order. Raises ExportError."""
    onnx, model = _load(path)
    graph = model.graph
    initializers = {t.name for t in graph.initializer}
    # Shapes and element types of every tensor shape inference knows.
    tensors = {}
    for info in list(graph.input) + list(graph.value_info) + list(graph.output):
        t = info.type.tensor_type
        if not t.HasField("shape"):
            continue
        dims = [d.dim_value if d.HasField("dim_value") else None for d in t.shape.dim]
        tensors[info.name] = (dims, t.elem_type)
    for init in graph.initializer:
        tensors[init.name] = (list(init.dims), init.data_type)
    graph_inputs = [i.name for i in graph.input if i.name not in initializers]
    if len(graph_inputs) != 1:
        raise ExportError(f"{path}: the model must take exactly one input tensor, it takes {graph_inputs}")
    input_name = graph_inputs[0]

    nodes = list(graph.node)
    for i, node in enumerate(nodes):
        # torch.onnx names nodes "/conv1/Conv": the profile's layer names drop the leading "/".
        node.name = node.name.lstrip("/") or f"{node.op_type}_{i}"
    producer = {}
    for node in nodes:
        for out in node.output:
            producer[out] = node
    readers = Counter(name for node in nodes for name in node.input if name)
    for out in graph.output:
        readers[out.name] += 1
    annotations = {p.key[len(ANNOTATION_PREFIX):]: p.value for p in model.metadata_props
                   if p.key.startswith(ANNOTATION_PREFIX)}
    for node_name, precision in annotations.items():
        if precision not in PRECISIONS:
            raise ExportError(f"{path}: metadata {ANNOTATION_PREFIX}{node_name}: precision {precision!r} is not one "
                              f"of {', '.join(PRECISIONS)}")
        if node_name not in {n.name for n in nodes}:
            raise ExportError(f"{path}: metadata {ANNOTATION_PREFIX}{node_name}: no node called {node_name!r}")

    # Constant tensors: initializers and outputs of nodes that read only constants (Constant, a weight's
    # DequantizeLinear, shape arithmetic on constants). They are weights, not activations.
    constants = set(initializers)
    for node in nodes:
        if all((not n) or n in constants for n in node.input):
            constants.update(node.output)

    def activations(node):
        """Inputs that are computed tensors (not weights or constants)."""
        return [n for n in node.input if n and n not in constants and (n == input_name or n in producer)]

    def per_sample(name):
        if name not in tensors:
            raise ExportError(f"{path}: shape inference gave no shape for tensor {name!r}")
        dims = tensors[name][0]
        if len(dims) < 1 or any(d is None for d in dims[1:]):
            raise ExportError(f"{path}: tensor {name!r} has an unknown shape {dims} (export with fixed sizes)")
        return [int(d) for d in dims[1:]]

    def macs_of(node):
        if node.op_type not in MAC_OPS:
            return 0
        out = math.prod(per_sample(node.output[0]))
        if node.op_type in ("Conv", "ConvInteger", "QLinearConv"):
            weight = node.input[3] if node.op_type == "QLinearConv" else node.input[1]
            dims = tensors.get(weight, (None,))[0]
            if not dims:
                raise ExportError(f"{path}: node {node.name}: unknown weight shape")
            return out * math.prod(dims[1:])  # weight [C_out, C_in/group, k...]
        a = node.input[0]
        dims = tensors.get(a, (None,))[0]
        if not dims or dims[-1] is None:
            raise ExportError(f"{path}: node {node.name}: unknown shape of input {a!r}")
        k = dims[-1]
        if node.op_type == "Gemm":
            for attribute in node.attribute:
                if attribute.name == "transA" and attribute.i:
                    k = dims[0]
        return out * int(k)

    def is_8bit_dequantized(tensor):
        source = producer.get(tensor)
        return (source is not None and source.op_type == "DequantizeLinear" and
                _bits(onnx, tensors.get(source.input[0], (None, 0))[1]) == 8)

    def precision_of(node):
        if node.name in annotations:
            return annotations[node.name]
        if node.op_type in INTEGER_OPS:
            return "int8"
        if node.op_type in MAC_OPS and any(is_8bit_dequantized(t) for t in node.input[:2]):
            return "int8"
        out = node.output[0]
        return "fp16" if out in tensors and tensors[out][1] == onnx.TensorProto.FLOAT16 else "fp32"

    # Which nodes the final output needs, and which each exit needs.
    def ancestors(tensor_names):
        seen, stack = set(), list(tensor_names)
        while stack:
            t = stack.pop()
            node = producer.get(t)
            if node is None or node.name in seen:
                continue
            seen.add(node.name)
            stack.extend(n for n in node.input if n)
        return seen

    by_name = {n.name: n for n in nodes}
    exit_tensors, head_names = [], []
    for exit_spec in exits:
        head_name, _, exit_name = exit_spec.rpartition("=")
        head_names.append(head_name or exit_name.strip("/").replace("/", "_"))
        if exit_name.lstrip("/") in by_name:
            exit_tensors.append(by_name[exit_name.lstrip("/")].output[0])
        elif exit_name in producer:
            exit_tensors.append(exit_name)
        else:
            raise ExportError(f"{path}: --exit {exit_name}: no node or tensor of that name (nodes: "
                              f"{', '.join(n.name for n in nodes[:12])}{', ...' if len(nodes) > 12 else ''})")
    finals = [o.name for o in graph.output if o.name not in exit_tensors]
    if len(finals) != 1:
        raise ExportError(f"{path}: expected exactly one graph output besides the exits (the final classifier), "
                          f"got {finals}; name the exit heads' outputs with --exit")
    main = ancestors(finals)
    for exit_name, tensor in zip(exits, exit_tensors):
        exit_name = exit_name.rpartition("=")[2]
        if producer[tensor].name in main:
            raise ExportError(f"{path}: --exit {exit_name}: the final output needs this node, so it is not an exit head")

    # Group main-path nodes into layers (topological order is ONNX's node order).
    layers, layer_of_tensor = [], {input_name: "input"}
    for node in nodes:
        if node.name not in main or all(out in constants for out in node.output):
            continue
        acts = activations(node)
        macs, precision = macs_of(node), precision_of(node)
        source = acts[0] if len(acts) == 1 else None
        host = layer_of_tensor.get(source) if source else None
        fold = (macs == 0 and host not in (None, "input") and readers[source] == 1 and
                layers[-1]["name"] == host and node.name not in annotations)
        if fold:
            layer = layers[-1]
            layer["nodes"].append(node)
        else:
            inputs = list(dict.fromkeys(layer_of_tensor[a] for a in acts if a in layer_of_tensor))
            layer = {"name": node.name, "inputs": inputs or ["input"], "nodes": [node], "macs": Counter()}
            layers.append(layer)
        layer["macs"][precision] += macs
        for out in node.output:
            layer_of_tensor[out] = layer["name"]
    if not layers:
        raise ExportError(f"{path}: the graph has no layers on the path to its output")

    profile_layers = []
    for layer in layers:
        out = layer["nodes"][-1].output[0]
        total = sum(layer["macs"].values())
        precision = max(layer["macs"].items(), key=lambda kv: kv[1])[0] if total else \
            precision_of(layer["nodes"][0])
        entry = {"name": layer["name"]}
        if layer is not layers[0] or layer["inputs"] != ["input"]:
            entry["inputs"] = layer["inputs"]
        entry.update({"macs": int(total), "precision": precision,
                      "output": {"shape": per_sample(out), "element_bits": _bits(onnx, tensors[out][1])}})
        if len(layer["nodes"]) > 1:
            entry["onnx_nodes"] = [n.name for n in layer["nodes"]]
        profile_layers.append(entry)
    index_of = {l["name"]: i for i, l in enumerate(profile_layers)}

    heads = []
    for exit_name, head_name, tensor in zip(exits, head_names, exit_tensors):
        branch = ancestors([tensor]) - main
        read = set()
        head_macs = Counter()
        for node in nodes:
            if node.name not in branch:
                continue
            head_macs[precision_of(node)] += macs_of(node)
            for a in activations(node):
                if producer.get(a) is None or producer[a].name not in branch:
                    read.add(layer_of_tensor.get(a, "input"))
        if not read or read == {"input"}:
            raise ExportError(f"{path}: --exit {exit_name}: the head must read a layer's output, it reads {sorted(read)}")
        after = max((r for r in read if r != "input"), key=index_of.get)
        total = sum(head_macs.values())
        heads.append({"name": head_name, "after": after, "macs": int(total),
                      "precision": max(head_macs.items(), key=lambda kv: kv[1])[0] if total else "fp32"})
    final_dims = per_sample(finals[0])
    heads.append({"name": "final", "after": profile_layers[-1]["name"], "macs": 0,
                  "precision": profile_layers[-1]["precision"]})
    positions = [index_of[h["after"]] for h in heads]
    if positions != sorted(positions):
        raise ExportError(f"{path}: give --exit in the order a sample meets the heads: {[h['after'] for h in heads]}")
    # The layer DAG's "inputs" must name layers only: drop the onnx node lists from the profile proper.
    fused = {l["name"]: l.pop("onnx_nodes") for l in profile_layers if "onnx_nodes" in l}
    cut_points, produced = [], {"input"}
    for i, layer in enumerate(profile_layers[:-1]):
        produced.add(layer["name"])
        later_inputs = {s for later in profile_layers[i + 1:] for s in later.get("inputs", [profile_layers[i]["name"]])}
        if len(later_inputs & produced) == 1:
            cut_points.append(layer["name"])
    if partition is None:
        partition = ([{"tier": "device", "until": heads[0]["after"]}, {"tier": "cloud"}] if len(heads) > 1
                     else [{"tier": "cloud"}])
    total_macs = sum(l["macs"] for l in profile_layers) + sum(h["macs"] for h in heads)
    return {
        "name": name or os.path.splitext(os.path.basename(path))[0],
        "classes": int(classes if classes is not None else final_dims[-1]),
        "input": {"shape": per_sample(input_name), "element_bits": int(input_bits)},
        "layers": profile_layers,
        "heads": heads,
        "partition": partition,
        "cut_points": cut_points,
        "metadata": {"source": f"ONNX {os.path.basename(path)} (hybridfog-export onnx)", "total_macs": int(total_macs),
                     "fused_onnx_nodes": fused},
    }
