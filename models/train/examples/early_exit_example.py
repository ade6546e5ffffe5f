#!/usr/bin/python3
"""Export a profile and a trace of your own PyTorch early-exit model for hybridfog.

    PYTHONPATH=models/train /usr/bin/python3 models/train/examples/early_exit_example.py OUT_DIR

Trains a two-exit CNN on 2,000 Fashion-MNIST images for one epoch (seconds), then writes
OUT_DIR/my-early-exit.yaml (model profile) and OUT_DIR/my-early-exit.csv (trace of 1,000 test images).
"""
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from hybridfog_export import ExportError, export_model  # noqa: E402
from hybridfog_export.data import load_fashion_mnist  # noqa: E402


class MyEarlyExitNet(nn.Module):
    """forward() returns {head: logits} in the order a sample meets the heads; the last is the final one."""

    def __init__(self):
        super().__init__()
        self.block1 = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.exit1 = nn.Sequential(nn.Flatten(), nn.Linear(16 * 14 * 14, 10))     # the early exit
        self.block2 = nn.Sequential(nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(32 * 7 * 7, 10))  # the final classifier

    def forward(self, x):
        features = self.block1(x)
        early = self.exit1(features)
        return {"exit1": early, "final": self.classifier(self.block2(features))}


def main(out_dir):
    torch.manual_seed(0)
    data = load_fashion_mnist(limit_train=2000, limit_test=1000)
    model = MyEarlyExitNet()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for start in range(0, data.train_x.shape[0], 100):
        x, y = data.normalize(data.train_x[start:start + 100]), data.train_y[start:start + 100]
        out = model(x)
        loss = 0.5 * F.cross_entropy(out["exit1"], y) + 0.5 * F.cross_entropy(out["final"], y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    export_model(model, data.normalize(data.test_x), data.test_y, name="my-early-exit",
                 profile_path=os.path.join(out_dir, "my-early-exit.yaml"),
                 trace_path=os.path.join(out_dir, "my-early-exit.csv"),
                 head_modules={"exit1": ["exit1"]},          # the submodule(s) that compute each exit
                 input_bits=8,                               # the camera sends 8-bit pixels
                 partition=[{"tier": "device", "until": "block1.0"}, {"tier": "cloud"}])


if __name__ == "__main__":
    try:
        main(sys.argv[1] if len(sys.argv) > 1 else ".")
    except ExportError as error:
        sys.exit(f"error: {error}")
