"""Model profiles (docs/formats.md) measured on a real PyTorch module.

The layer DAG comes from torch.fx symbolic tracing (each node's arguments give a layer's `inputs`); MACs,
parameter counts and output shapes come from one forward pass of a single sample, with forward hooks on
every convolution and linear module. Nothing is typed by hand.

How a model is read
-------------------
* `forward(x)` returns a dict `{head_name: logits, ...}` in the order a sample meets the heads; the last
  key is the final classifier. A key `"<head>.<extra>"` (e.g. `"edge.appeal"`) is an extra output of
  head `<head>`. A model that returns a single tensor has one head, `final`.
* Every exit head (all but the last) names the submodules that compute it (`head_modules`); they are
  traced as single calls, and everything between them and the head's outputs is folded into the head:
  its `macs` is the total of those nodes, its `after` the one layer whose output it reads.
* The remaining graph nodes become layers. A call without MACs (batch norm, activation, quantizer,
  pooling, flatten, ...) whose only input is a layer read by nothing else is fused into that layer:
  `conv -> bn -> relu -> maxpool` is one layer, named after its first call; a residual add is a layer of
  its own with 0 MACs. Fusing never makes the layer's output larger than the tensor it replaces.
* precision of a layer: the `hybridfog_precision` attribute of its MAC-bearing module (see quant.py),
  else the `precisions` argument, else the parameter dtype (fp32 / fp16).
* element_bits of a tensor: the `hybridfog_output_bits` attribute of the module that produced it, else the
  `output_bits` argument, else that of its input for value-preserving ops (max pooling, flatten, view,
  dropout, concatenation, ...), else the dtype's width (32 for float32). The raw input has `input_bits`.
"""
import math
import operator

import torch
import torch.fx as fx
import torch.nn as nn
import torch.nn.functional as F

from .errors import ExportError

PRECISIONS = ("fp32", "fp16", "int8", "int4", "binary")

# Calls that only move or select values: their output has the bit width of their input.
_VALUE_PRESERVING_MODULES = (nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d, nn.AdaptiveMaxPool1d,
                             nn.AdaptiveMaxPool2d, nn.AdaptiveMaxPool3d, nn.Flatten, nn.Unflatten,
                             nn.Identity, nn.Dropout, nn.Dropout2d, nn.Dropout3d, nn.ZeroPad2d,
                             nn.PixelShuffle, nn.PixelUnshuffle)
_VALUE_PRESERVING_FUNCTIONS = {torch.flatten, torch.reshape, torch.cat, torch.stack, torch.squeeze,
                               torch.unsqueeze, torch.transpose, torch.permute, operator.getitem,
                               F.max_pool1d, F.max_pool2d, F.max_pool3d, F.adaptive_max_pool2d,
                               F.dropout, torch.nn.functional.pad, torch.narrow}
_VALUE_PRESERVING_METHODS = {"view", "reshape", "flatten", "squeeze", "unsqueeze", "permute", "transpose",
                             "contiguous", "expand", "narrow", "__getitem__"}


class _Tracer(fx.Tracer):
    """Keeps quantized modules (hybridfog_leaf) and the named head modules as single calls."""

    def __init__(self, leaf_names):
        super().__init__()
        self.leaf_names = set(leaf_names)

        self._scopes = []

    def call_module(self, module, forward, args, kwargs):
        self._scopes.append(self.path_of_module(module))
        try:
            return super().call_module(module, forward, args, kwargs)
        finally:
            self._scopes.pop()

    def create_node(self, *args, **kwargs):
        # Remember the module whose forward made the node, to name function calls ("edge1.add").
        node = super().create_node(*args, **kwargs)
        node.meta["hybridfog_scope"] = self._scopes[-1] if self._scopes else ""
        return node

    def is_leaf_module(self, module, qualified_name):
        if getattr(module, "hybridfog_leaf", False) or qualified_name in self.leaf_names:
            return True
        return super().is_leaf_module(module, qualified_name)


def _dtype_bits(dtype):
    if dtype.is_floating_point or dtype.is_complex:
        return torch.finfo(dtype).bits
    if dtype == torch.bool:
        return 1
    return torch.iinfo(dtype).bits


def _dtype_precision(dtype):
    return {torch.float16: "fp16", torch.bfloat16: "fp16", torch.int8: "int8", torch.uint8: "int8",
            torch.qint8: "int8", torch.quint8: "int8"}.get(dtype, "fp32")


def _module_macs(module, inputs, output):
    """MACs of one call of a convolution or linear module (None for anything else)."""
    custom = getattr(module, "hybridfog_macs", None)
    if callable(custom):
        return int(custom(inputs, output))
    if isinstance(module, nn.modules.conv._ConvNd):
        kernel = math.prod(module.kernel_size)
        if isinstance(module, nn.modules.conv._ConvTransposeNd):
            return inputs[0].numel() * (module.out_channels // module.groups) * kernel
        return output.numel() * (module.in_channels // module.groups) * kernel
    if isinstance(module, nn.Linear):
        return output.numel() * module.in_features
    if isinstance(module, nn.Bilinear):
        return output.numel() * module.in1_features * module.in2_features
    return None


def _function_macs(node, args, output):
    """MACs of a call_function / call_method node that multiplies (functional conv, linear, matmul)."""
    target = node.target
    if not isinstance(output, torch.Tensor):
        return 0
    if target in (F.conv1d, F.conv2d, F.conv3d):
        weight = args[1]
        return output.numel() * math.prod(weight.shape[1:])
    if target is F.linear:
        return output.numel() * args[1].shape[-1]
    if target in (torch.matmul, operator.matmul, torch.mm, torch.bmm) or target in ("matmul", "mm", "bmm"):
        return output.numel() * args[0].shape[-1]
    return 0


class _Measure(fx.Interpreter):
    """Runs the traced graph once and records, per node: its value, MACs by precision, parameters."""

    def __init__(self, graph_module, precisions):
        super().__init__(graph_module)
        self.precisions = precisions
        self.values = {}
        self.macs = {}          # node -> {precision: macs}
        self.params = {}        # node -> parameter count (each module counted at its first call)
        self._seen_params = set()
        self._current = None
        self._handles = []
        names = {module: name for name, module in graph_module.named_modules()}
        for module in graph_module.modules():
            self._handles.append(module.register_forward_hook(self._hook_for(names.get(module, ""))))

    def _precision_of(self, name, module):
        explicit = getattr(module, "hybridfog_precision", None)
        for prefix in sorted(self.precisions, key=len, reverse=True):
            if name == prefix or name.startswith(prefix + "."):
                explicit = explicit or self.precisions[prefix]
        if explicit is None:
            weight = getattr(module, "weight", None)
            explicit = _dtype_precision(weight.dtype) if isinstance(weight, torch.Tensor) else "fp32"
        if explicit not in PRECISIONS:
            raise ExportError(f"module {name!r}: precision {explicit!r} is not one of {', '.join(PRECISIONS)}")
        return explicit

    def _hook_for(self, name):
        def hook(module, inputs, output):
            if self._current is None:
                return
            macs = _module_macs(module, inputs, output)
            if macs:
                precision = self._precision_of(name, module)
                bucket = self.macs.setdefault(self._current, {})
                bucket[precision] = bucket.get(precision, 0) + macs
        return hook

    def close(self):
        for handle in self._handles:
            handle.remove()

    def run_node(self, node):
        self._current = node
        try:
            args, kwargs = self.fetch_args_kwargs_from_env(node)
            result = super().run_node(node)
            if node.op in ("call_function", "call_method"):
                macs = _function_macs(node, args, result)
                if macs:
                    self.macs.setdefault(node, {})["fp32"] = macs
        finally:
            self._current = None
        self.values[node] = result
        if node.op == "call_module":
            count = 0
            for param in self.module.get_submodule(node.target).parameters():
                if id(param) not in self._seen_params:
                    self._seen_params.add(id(param))
                    count += param.numel()
            self.params[node] = count
        elif node.op == "get_attr" and isinstance(result, torch.Tensor) and id(result) not in self._seen_params:
            self._seen_params.add(id(result))
            self.params[node] = result.numel()
        return result


def _input_nodes(node):
    found = []
    fx.node.map_arg((node.args, node.kwargs), lambda n: found.append(n))
    return list(dict.fromkeys(found))


def _dominant(macs_by_precision, default="fp32"):
    if not macs_by_precision:
        return default
    return max(macs_by_precision.items(), key=lambda item: (item[1], item[0]))[0]


def _split_outputs(output_value, final_name):
    """forward()'s result -> {key: fx node}, heads in order, extras per head."""
    if isinstance(output_value, fx.Node):
        output_value = {final_name: output_value}
    if not isinstance(output_value, dict) or not output_value:
        raise ExportError("the model's forward must return a dict {head_name: logits} (or one tensor, "
                          f"the final classifier's logits); got {type(output_value).__name__}")
    heads, extras = [], {}
    for key, node in output_value.items():
        if not isinstance(node, fx.Node):
            raise ExportError(f"output {key!r} is not a tensor computed from the input")
        if "." in key:
            head, _, extra = key.partition(".")
            extras.setdefault(head, []).append((extra, node))
        else:
            heads.append(key)
    for head in extras:
        if head not in heads:
            raise ExportError(f"extra output(s) {[k for k, _ in extras[head]]} name head {head!r}, which "
                              f"the model does not return")
    return heads, extras


def profile_model(model, input_shape, *, name, classes=None, input_bits=8, head_modules=None,
                  partition=None, precisions=None, output_bits=None, metadata=None, require_exits=True,
                  final_head_name="final"):
    """Measures `model` and returns its profile as a dict in the layout of docs/formats.md.

    model         an nn.Module whose forward(x) returns {head: logits, "head.extra": tensor, ...}
    input_shape   shape of one input sample without the batch dimension, e.g. (1, 28, 28)
    name          profile name
    classes       number of classes; default: the width of the final head's logits
    input_bits    bits per element of the raw input as the sensor sends it (8 for an image)
    head_modules  {exit_head: [submodule names]}: the modules that compute each exit head (required for
                  every head but the last; the last may list its classifier to fold it into the head)
    partition     [{"tier": ..., "until": layer}, ..., {"tier": ...}]; default: device until the first
                  exit head's layer, cloud for the rest (cloud for everything when there is no exit)
    precisions    {module name or prefix: precision} for modules without a hybridfog_precision attribute
    output_bits   {module name: bits} for tensors that travel narrower than their dtype
    metadata      free-form dict stored under `metadata`
    require_exits raise ExportError when the model has no exit head (only the final classifier)

    Raises ExportError on a model that cannot be read (no exits, untraceable, heads without modules...).
    """
    head_modules = {k: ([v] if isinstance(v, str) else list(v)) for k, v in (head_modules or {}).items()}
    precisions = dict(precisions or {})
    output_bits = dict(output_bits or {})
    if not isinstance(model, nn.Module):
        raise ExportError(f"expected a torch.nn.Module, got {type(model).__name__}")
    module_names = {n for n, _ in model.named_modules()}
    for head, modules in head_modules.items():
        for module_name in modules:
            if module_name not in module_names:
                raise ExportError(f"head {head!r}: the model has no submodule {module_name!r}")

    leaf_names = {m for modules in head_modules.values() for m in modules}
    try:
        graph = _Tracer(leaf_names).trace(model)
    except ExportError:
        raise
    except Exception as error:  # fx raises many kinds; the user needs to know which module failed
        raise ExportError(f"torch.fx could not trace the model ({type(error).__name__}: {error}); make "
                          "data-dependent parts leaf modules (attribute hybridfog_leaf = True)") from error
    graph_module = fx.GraphModule(model, graph)
    nodes = list(graph_module.graph.nodes)
    placeholders = [n for n in nodes if n.op == "placeholder"]
    if len(placeholders) != 1:
        raise ExportError(f"the model's forward must take exactly one input tensor, it takes {len(placeholders)}")
    output_node = next(n for n in nodes if n.op == "output")
    heads, extras = _split_outputs(output_node.args[0], final_head_name)
    exits = heads[:-1]
    if require_exits and not exits:
        raise ExportError(f"model {name!r} has no exit heads: its forward must return a dict "
                          "{exit_name: exit_logits, ..., final_name: final_logits} with at least one exit "
                          f"before the final classifier; it returns only {heads}")
    for head in exits:
        if head not in head_modules:
            raise ExportError(f"exit head {head!r} needs head_modules={{{head!r}: [...]}}: name the "
                              "submodule(s) that compute it, so that they are not counted as layers")
    unknown = set(head_modules) - set(heads)
    if unknown:
        raise ExportError(f"head_modules names head(s) {sorted(unknown)} that the model does not return; "
                          f"its heads are {heads}")

    # One forward pass of one sample, in eval mode.
    was_training = model.training
    model.eval()
    measure = _Measure(graph_module, precisions)
    try:
        with torch.no_grad():
            measure.run(torch.zeros((1,) + tuple(input_shape)))
    except ExportError:
        raise
    except Exception as error:
        raise ExportError(f"a forward pass on an input of shape {tuple(input_shape)} failed: "
                          f"{type(error).__name__}: {error}") from error
    finally:
        measure.close()
        model.train(was_training)
    values = measure.values
    order = {node: i for i, node in enumerate(nodes)}
    macs_of = {node: sum(measure.macs.get(node, {}).values()) for node in nodes}

    def is_tensor(node):
        return isinstance(values.get(node), torch.Tensor)

    def tensor_inputs(node):
        return [n for n in _input_nodes(node) if n.op in ("placeholder", "call_module", "call_function",
                                                         "call_method") and is_tensor(n)]

    for node in nodes:
        value = values.get(node)
        if node.op.startswith("call") and isinstance(value, (tuple, list)) \
                and any(isinstance(v, torch.Tensor) for v in value):
            raise ExportError(f"graph node {node.name!r} returns a {type(value).__name__} of tensors, not one "
                              "tensor: wrap the code that splits tensors in a leaf module")

    # Element bits of every tensor.
    bits = {}
    named = dict(graph_module.named_modules())
    for node in nodes:
        if not is_tensor(node):
            continue
        if node.op == "placeholder":
            bits[node] = int(input_bits)
            continue
        value = values[node]
        inherited = [bits[n] for n in tensor_inputs(node) if n in bits]
        module = named.get(node.target) if node.op == "call_module" else None
        if module is not None and node.target in output_bits:
            bits[node] = int(output_bits[node.target])
        elif module is not None and getattr(module, "hybridfog_output_bits", None):
            bits[node] = int(module.hybridfog_output_bits)
        elif inherited and ((module is not None and isinstance(module, _VALUE_PRESERVING_MODULES))
                            or (node.op == "call_function" and node.target in _VALUE_PRESERVING_FUNCTIONS)
                            or (node.op == "call_method" and node.target in _VALUE_PRESERVING_METHODS)):
            bits[node] = max(inherited)
        else:
            bits[node] = _dtype_bits(value.dtype)

    # Heads: the nodes between each head's modules and its outputs.
    def descendants(seeds):
        seen, stack = set(), list(seeds)
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(u for u in node.users if u.op != "output")
        return seen

    def ancestors(seeds):
        seen, stack = set(), list(seeds)
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(_input_nodes(node))
        return seen

    outputs = output_node.args[0] if isinstance(output_node.args[0], dict) else {final_head_name: output_node.args[0]}
    head_nodes = {}
    for head in heads:
        out_nodes = [outputs[head]] + [n for _, n in extras.get(head, [])]
        if head in head_modules:
            prefixes = head_modules[head]
            seeds = [n for n in nodes if n.op == "call_module"
                     and any(n.target == p or n.target.startswith(p + ".") for p in prefixes)]
            if not seeds:
                raise ExportError(f"head {head!r}: its module(s) {prefixes} are never called in forward")
            members = set(seeds) | (descendants(seeds) & ancestors(out_nodes))
            for out in out_nodes:
                if out not in members:
                    raise ExportError(f"head {head!r}: output node {out.name!r} is not computed from its "
                                      f"module(s) {prefixes}")
            head_nodes[head] = members
        else:
            head_nodes[head] = set()
    claimed = {}
    for head, members in head_nodes.items():
        for node in members:
            if node in claimed:
                raise ExportError(f"graph node {node.name!r} belongs to heads {claimed[node]!r} and {head!r}")
            claimed[node] = head

    # Layers: the other call nodes, fused into groups.
    groups = []          # each: {"nodes": [...], "name": str}
    group_of = {}
    for node in nodes:
        if node.op not in ("call_module", "call_function", "call_method") or node in claimed or not is_tensor(node):
            continue
        for source in tensor_inputs(node):
            if source in claimed:
                raise ExportError(f"layer {node.name!r} reads the output of head {claimed[source]!r}: heads "
                                  "must be side branches that no layer reads")
        sources = tensor_inputs(node)
        fuse_into = None
        if macs_of[node] == 0 and len(sources) == 1 and sources[0] in group_of:
            previous = sources[0]
            group = group_of[previous]
            users = [u for u in previous.users]
            grows = values[node].numel() * bits[node] > values[previous].numel() * bits[previous]
            if group["nodes"][-1] is previous and users == [node] and not grows:
                fuse_into = group
        if fuse_into is not None:
            fuse_into["nodes"].append(node)
        else:
            fuse_into = {"nodes": [node]}
            groups.append(fuse_into)
        group_of[node] = fuse_into

    used_names = {"input"}
    for group in groups:
        first = group["nodes"][0]
        if first.op == "call_module":
            base = first.target
        else:
            scope = first.meta.get("hybridfog_scope", "")
            operation = first.name.rstrip("0123456789").rstrip("_") or first.name
            base = f"{scope}.{operation}" if scope else operation
        label, suffix = base, 1
        while label in used_names:
            suffix += 1
            label = f"{base}_{suffix}"
        used_names.add(label)
        group["name"] = label

    def producer_name(node):
        if node.op == "placeholder":
            return "input"
        return group_of[node]["name"]

    def params_of(members):
        total = 0
        for node in members:
            total += measure.params.get(node, 0)
            total += sum(measure.params.get(n, 0) for n in _input_nodes(node) if n.op == "get_attr")
        return total

    def describe(node):
        if node.op == "call_module":
            return f"{node.target}:{type(named[node.target]).__name__}"
        target = node.target if isinstance(node.target, str) else getattr(node.target, "__name__", str(node.target))
        return f"{node.name}:{target}"

    layers, fused = [], {}
    index_of = {}
    for i, group in enumerate(groups):
        members = group["nodes"]
        member_set = set(members)
        inputs = []
        for node in members:
            for source in tensor_inputs(node):
                if source not in member_set:
                    inputs.append(producer_name(source))
        inputs = list(dict.fromkeys(inputs))
        by_precision = {}
        for node in members:
            for precision, macs in measure.macs.get(node, {}).items():
                by_precision[precision] = by_precision.get(precision, 0) + macs
        head_module = named.get(members[0].target) if members[0].op == "call_module" else None
        default_precision = getattr(head_module, "hybridfog_precision", None) or "fp32"
        tail = members[-1]
        layers.append({
            "name": group["name"],
            "inputs": inputs,
            "macs": int(sum(by_precision.values())),
            "params": int(params_of(members)),
            "precision": _dominant(by_precision, default_precision),
            "output": {"shape": [int(d) for d in values[tail].shape[1:]], "element_bits": int(bits[tail])},
        })
        index_of[group["name"]] = i
        if len(members) > 1:
            fused[group["name"]] = [describe(n) for n in members]
    if not layers:
        raise ExportError(f"model {name!r} has no layers outside its heads")

    head_entries = []
    for position, head in enumerate(heads):
        members = head_nodes[head]
        if members:
            read = []
            for node in sorted(members, key=order.get):
                for source in tensor_inputs(node):
                    if source not in members:
                        read.append(producer_name(source))
            read = list(dict.fromkeys(read))
            if len(read) != 1 or read[0] == "input":
                raise ExportError(f"head {head!r} must read exactly one layer's output, it reads {read}")
            after = read[0]
            by_precision = {}
            for node in members:
                for precision, macs in measure.macs.get(node, {}).items():
                    by_precision[precision] = by_precision.get(precision, 0) + macs
            head_macs, head_precision = int(sum(by_precision.values())), _dominant(by_precision)
        else:
            logits = outputs[head]
            if logits.op == "placeholder" or logits not in group_of:
                raise ExportError(f"head {head!r}: its logits are not computed by a layer")
            after, head_macs = group_of[logits]["name"], 0
            head_precision = layers[index_of[after]]["precision"]
        head_entries.append({"name": head, "after": after, "macs": head_macs, "precision": head_precision})
    positions = [index_of[h["after"]] for h in head_entries]
    if positions != sorted(positions):
        raise ExportError("heads must be returned in the order a sample meets them (by the layer they "
                          f"read): {[(h['name'], h['after']) for h in head_entries]}")

    # Cut points: after layer i, exactly one tensor is read by the layers still to run.
    cut_points = []
    produced = {"input"}
    for i, layer in enumerate(layers[:-1]):
        produced.add(layer["name"])
        crossing = {source for later in layers[i + 1:] for source in later["inputs"] if source in produced}
        if len(crossing) == 1:
            cut_points.append(layer["name"])

    final_logits = values[outputs[heads[-1]]]
    if classes is None:
        classes = int(final_logits.shape[-1])
    if partition is None:
        if exits:
            partition = [{"tier": "device", "until": head_entries[0]["after"]}, {"tier": "cloud"}]
        else:
            partition = [{"tier": "cloud"}]
    partition = [dict(segment) for segment in partition]
    last = -1
    for k, segment in enumerate(partition):
        if "until" not in segment:
            if k != len(partition) - 1:
                raise ExportError(f"partition segment {k} ({segment['tier']}) has no 'until' but is not the last")
            continue
        if segment["until"] not in index_of:
            raise ExportError(f"partition segment {k} ({segment['tier']}): no layer {segment['until']!r}")
        if index_of[segment["until"]] <= last:
            raise ExportError(f"partition segments must follow the layer order; {segment['until']!r} does not")
        last = index_of[segment["until"]]

    profile = {
        "name": name,
        "classes": int(classes),
        "input": {"shape": [int(d) for d in input_shape], "element_bits": int(input_bits)},
        "layers": layers,
        "heads": head_entries,
        "partition": partition,
        "cut_points": cut_points,
        "metadata": dict(metadata or {}),
    }
    profile["metadata"].setdefault("total_macs", int(sum(l["macs"] for l in layers) + sum(h["macs"] for h in head_entries)))
    # Parameters of the modules the forward pass calls (a module the model holds but never calls is left out).
    profile["metadata"].setdefault("total_params", int(sum(measure.params.values())))
    if fused:
        profile["metadata"]["fused_calls"] = fused
    return profile
