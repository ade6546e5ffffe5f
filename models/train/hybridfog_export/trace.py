"""Traces (docs/formats.md): per test sample, each head's prediction, confidence and entropy."""
import math

import torch

from .errors import ExportError

FLOAT_FORMAT = "%.6g"   # fixed, so that the same logits always give the same bytes


def head_statistics(logits, class_map=None):
    """logits [N, C] -> (pred [N] int64, confidence [N] float64, entropy in nats [N] float64).

    class_map: when the head classifies a subset of the classes (MEANet's extension block), the class id
    of each of its C outputs; the prediction is reported as that class id.
    """
    log_probs = torch.log_softmax(logits.double(), dim=1)
    probs = log_probs.exp()
    # 0 * log 0 = 0; clamp_min also turns a rounding -0.0 into 0.0.
    entropy = (-(probs * log_probs)).nan_to_num(0.0).sum(dim=1).clamp_min(0.0) + 0.0
    confidence, pred = probs.max(dim=1)
    if class_map is not None:
        pred = torch.as_tensor(list(class_map), dtype=torch.int64)[pred]
    return pred, confidence, entropy


def collect_outputs(model, inputs, batch_size=500):
    """Runs model (eval mode, no grad) over inputs [N, ...] in batches; returns {output key: tensor [N, ...]}."""
    was_training = model.training
    model.eval()
    gathered = {}
    try:
        with torch.no_grad():
            for start in range(0, inputs.shape[0], batch_size):
                result = model(inputs[start:start + batch_size])
                if not isinstance(result, dict):
                    result = {"final": result}
                for key, value in result.items():
                    gathered.setdefault(key, []).append(value.detach())
    finally:
        model.train(was_training)
    return {key: torch.cat(parts) for key, parts in gathered.items()}


def build_columns(outputs, labels, class_maps=None, extra_columns=None):
    """Model outputs {head: logits, "head.extra": values} -> ordered {column: 1-D tensor} of a trace.

    extra_columns: more {"head.extra": values [N]} computed outside the model (e.g. MEANet's main.hard).
    """
    class_maps = class_maps or {}
    n = labels.shape[0]
    heads = [key for key in outputs if "." not in key]
    if len(heads) < 2:
        raise ExportError(f"a trace needs at least one exit head before the final one; the model returns {heads}")
    extras = {key: value for key, value in list(outputs.items()) + list((extra_columns or {}).items())
              if "." in key}
    columns = {"sample": torch.arange(n), "label": labels}
    for head in heads:
        logits = outputs[head]
        if logits.dim() != 2 or logits.shape[0] != n:
            raise ExportError(f"head {head!r}: expected logits of shape [{n}, classes], got {list(logits.shape)}")
        pred, confidence, entropy = head_statistics(logits, class_maps.get(head))
        columns[f"{head}.pred"] = pred
        columns[f"{head}.confidence"] = confidence
        columns[f"{head}.entropy_nats"] = entropy
        for key, value in extras.items():
            if key.split(".", 1)[0] == head:
                value = value.reshape(n, -1)
                if value.shape[1] != 1:
                    raise ExportError(f"extra output {key!r} must be one number per sample")
                columns[key] = value[:, 0]
    unknown = [key for key in extras if key.split(".", 1)[0] not in heads]
    if unknown:
        raise ExportError(f"extra column(s) {unknown} name no head of the model")
    return columns


def write_trace(path, columns, comments=()):
    """Writes the columns as CSV: `# comment` lines, the header, one row per sample."""
    names = list(columns)
    as_lists, is_int = [], []
    for name in names:
        values = columns[name]
        integral = not values.dtype.is_floating_point
        is_int.append(integral)
        as_lists.append(values.tolist())
    with open(path, "w", newline="\n") as f:
        for comment in comments:
            f.write("# " + comment.replace("\n", " ") + "\n")
        f.write(",".join(names) + "\n")
        for row in zip(*as_lists):
            cells = []
            for value, integral in zip(row, is_int):
                if integral:
                    cells.append(str(int(value)))
                else:
                    if not math.isfinite(value):
                        raise ExportError(f"{path}: a non-finite value would be written")
                    cells.append(FLOAT_FORMAT % value)
            f.write(",".join(cells) + "\n")
