"""The public entry point: profile + trace of a PyTorch early-exit model in one call."""
import os

import torch

from .errors import ExportError
from .profile_yaml import write_profile
from .profiler import profile_model
from .trace import build_columns, collect_outputs, write_trace


def export_model(model, inputs, labels, *, name, profile_path, trace_path, input_shape=None, input_bits=8,
                 head_modules=None, partition=None, class_maps=None, extra_columns=None, metadata=None,
                 comments=(), batch_size=500, precisions=None, output_bits=None):
    """Writes the model profile (YAML) and the trace (CSV) of an early-exit model; returns the profile dict.

    model          nn.Module whose forward(x) returns {head: logits, ...}: exits first, final classifier
                   last; "head.extra" keys add trace columns (e.g. "edge.appeal")
    inputs         float tensor [N, ...]: the test inputs exactly as the model takes them (normalised)
    labels         integer tensor [N]: their true classes; row i of the trace is sample i
    name           profile name
    profile_path   where to write the profile YAML; trace_path: where to write the trace CSV
    input_shape    shape of one sample; default: inputs.shape[1:]
    input_bits     bits per element of the raw input as sent over a link (8 for 8-bit images)
    head_modules   {exit head: [submodule names that compute it]} (see profile_model)
    partition      [{"tier": ..., "until": layer}, ..., {"tier": ...}] (default: device until the first exit)
    class_maps     {head: [class id of each logit]} for heads that classify a subset of the classes
    extra_columns  {"head.extra": tensor [N]} or a function outputs -> such a dict, for trace columns
                   computed outside the model
    metadata       free-form dict stored in the profile
    comments       lines written as `# ...` above the trace header

    Raises ExportError for bad input: a model without exit heads, mismatched inputs and labels, ...
    """
    if not isinstance(inputs, torch.Tensor) or not isinstance(labels, torch.Tensor):
        raise ExportError("inputs and labels must be tensors")
    if inputs.shape[0] != labels.shape[0] or labels.dim() != 1:
        raise ExportError(f"inputs hold {inputs.shape[0]} samples but labels has shape {list(labels.shape)}")
    if inputs.shape[0] == 0:
        raise ExportError("no test samples to trace")
    profile = profile_model(model, tuple(input_shape or inputs.shape[1:]), name=name, input_bits=input_bits,
                            head_modules=head_modules, partition=partition, metadata=metadata,
                            precisions=precisions, output_bits=output_bits, require_exits=True)
    outputs = collect_outputs(model, inputs, batch_size=batch_size)
    extra = extra_columns(outputs) if callable(extra_columns) else extra_columns
    columns = build_columns(outputs, labels, class_maps=class_maps, extra_columns=extra)
    if int(labels.max()) >= profile["classes"] or int(labels.min()) < 0:
        raise ExportError(f"labels must lie in 0..{profile['classes'] - 1}")
    for path in (profile_path, trace_path):
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
    write_profile(profile_path, profile, comments=[f"hybridfog model profile of {name}, measured with "
                                                   "models/train/hybridfog_export (do not edit by hand)"])
    write_trace(trace_path, columns, comments=comments)
    return profile
