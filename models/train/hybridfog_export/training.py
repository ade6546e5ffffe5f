"""Seeded training loops and the validation-split choice of each system's default exit rule."""
import math
import random
import time

import numpy as np
import torch
import torch.nn.functional as F


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


def train(model, loss_fn, images, labels, normalize, *, epochs, seed, lr=2e-3, batch_size=128,
          weight_decay=5e-4, flip=True, log=print, tag=""):
    """Adam with a cosine learning-rate decay over all steps; returns the wall time in seconds.

    loss_fn(model, x, y) -> scalar loss. Batches come from a permutation drawn from `seed` each epoch;
    random horizontal flips (half of each batch, also seeded) are the only augmentation.
    """
    generator = torch.Generator().manual_seed(seed)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(params, lr=lr, weight_decay=weight_decay)
    steps = max(1, epochs * math.ceil(images.shape[0] / batch_size))
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: 0.5 * (1 + math.cos(math.pi * min(s, steps) / steps)))
    model.train()
    start = time.time()
    for epoch in range(epochs):
        order = torch.randperm(images.shape[0], generator=generator)
        total, count = 0.0, 0
        for begin in range(0, images.shape[0], batch_size):
            index = order[begin:begin + batch_size]
            x = normalize(images[index])
            if flip:
                mask = torch.rand(x.shape[0], generator=generator) < 0.5
                x = torch.where(mask[:, None, None, None], x.flip(3), x)
            loss = loss_fn(model, x, labels[index])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
            total += float(loss) * x.shape[0]
            count += x.shape[0]
        log(f"  {tag} epoch {epoch + 1}/{epochs}: loss {total / max(count, 1):.4f} ({time.time() - start:.0f} s)")
    model.eval()
    return time.time() - start


def predict(model, images, normalize, batch_size=500):
    """Eval-mode outputs over uint8 images: a dict of tensors (a plain tensor becomes {"final": ...})."""
    model.eval()
    parts = {}
    with torch.no_grad():
        for begin in range(0, images.shape[0], batch_size):
            out = model(normalize(images[begin:begin + batch_size]))
            if isinstance(out, tuple):
                out = {str(i): o for i, o in enumerate(out)}
            elif not isinstance(out, dict):
                out = {"final": out}
            for key, value in out.items():
                parts.setdefault(key, []).append(value)
    return {key: torch.cat(values) for key, values in parts.items()}


def entropy_nats(logits):
    log_probs = F.log_softmax(logits.double(), dim=1)
    return (-(log_probs.exp() * log_probs)).nan_to_num(0.0).sum(dim=1)


def accuracy(pred, labels):
    return float((pred == labels).double().mean())


def choose_threshold(candidates, accuracy_at, reference_accuracy, prefer, tolerance=0.01):
    """The candidate threshold that keeps accuracy_at(t) >= reference_accuracy - tolerance and lets the
    most samples exit; `prefer` is "max" (exit when a score is below t) or "min" (exit when above t)."""
    ordered = sorted(set(float(c) for c in candidates), reverse=(prefer == "max"))
    for threshold in ordered:
        if accuracy_at(threshold) >= reference_accuracy - tolerance:
            return threshold
    return ordered[-1]


def quantile_candidates(values, count=400):
    qs = torch.linspace(0, 1, count, dtype=torch.float64)
    return torch.quantile(values.double(), qs).tolist() + [float(values.max()) + 1e-9, float(values.min()) - 1e-9]
