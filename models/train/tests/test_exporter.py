"""Unit tests of the exporter: profiler arithmetic, trace statistics, and clear errors on bad input.

    /usr/bin/python3 -m unittest discover -s models/train/tests -v
"""
import math
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN = os.path.dirname(HERE)
sys.path.insert(0, TRAIN)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

from hybridfog_export import ExportError, export_model, head_statistics, profile_model  # noqa: E402
from hybridfog_export import nets  # noqa: E402
from hybridfog_export.quant import SignActivation, quantize_k  # noqa: E402

torch.set_num_threads(1)


class TinyEarlyExit(nn.Module):
    """conv (1->4, 3x3, 8x8) -> exit head (flatten + linear) ; conv (4->4) -> flatten -> fc."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.exit_head = nn.Sequential(nn.Flatten(), nn.Linear(4 * 8 * 8, 3))
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1)
        self.fc = nn.Linear(4 * 8 * 8, 3)

    def forward(self, x):
        x = torch.relu(self.conv1(x))
        exit_logits = self.exit_head(x)
        y = torch.relu(self.conv2(x))
        return {"exit": exit_logits, "final": self.fc(torch.flatten(y, 1))}


class NoExits(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
        self.fc = nn.Linear(2 * 6 * 6, 3)

    def forward(self, x):
        return self.fc(torch.flatten(self.conv(x), 1))


class ProfilerTest(unittest.TestCase):
    def test_tiny_model_macs_heads_and_cuts(self):
        profile = profile_model(TinyEarlyExit(), (1, 8, 8), name="tiny", head_modules={"exit": ["exit_head"]})
        layers = {layer["name"]: layer for layer in profile["layers"]}
        self.assertEqual(list(layers), ["conv1", "conv2", "fc"])    # relu, flatten fused
        self.assertEqual(layers["conv1"]["macs"], 4 * 8 * 8 * 1 * 9)
        self.assertEqual(layers["conv1"]["params"], 4 * 9 + 4)
        self.assertEqual(layers["conv2"]["macs"], 4 * 8 * 8 * 4 * 9)
        self.assertEqual(layers["fc"]["macs"], 3 * 256)
        self.assertEqual(layers["conv1"]["output"], {"shape": [4, 8, 8], "element_bits": 32})
        self.assertEqual(profile["heads"], [
            {"name": "exit", "after": "conv1", "macs": 3 * 256, "precision": "fp32"},
            {"name": "final", "after": "fc", "macs": 0, "precision": "fp32"}])
        self.assertEqual(profile["cut_points"], ["conv1", "conv2"])
        self.assertEqual(profile["partition"], [{"tier": "device", "until": "conv1"}, {"tier": "cloud"}])
        self.assertEqual(profile["classes"], 3)
        self.assertEqual(profile["input"], {"shape": [1, 8, 8], "element_bits": 8})

    def test_binary_edge_precision_and_bits(self):
        model = nets.HybridFMNIST("binary")
        profile = profile_model(model, (1, 28, 28), name="b", head_modules=model.HEAD_MODULES)
        layers = {layer["name"]: layer for layer in profile["layers"]}
        self.assertEqual(layers["edge1.conv1"]["precision"], "binary")
        self.assertEqual(layers["edge1.bn0"]["output"]["element_bits"], 1)      # bn + sign
        self.assertEqual(layers["edge2.shortcut.0"]["precision"], "fp32")      # 1x1 downsampling
        self.assertEqual(layers["cloud1.conv1"]["precision"], "fp32")
        self.assertEqual(profile["heads"][0]["after"], "edge2.add")
        self.assertEqual(profile["heads"][0]["macs"], 32 * 3 * 3 * 10)
        # Residual blocks: a cut inside a block would send two tensors.
        self.assertNotIn("edge1.bn0", profile["cut_points"])
        self.assertIn("edge2.add", profile["cut_points"])

    def test_int4_edge(self):
        model = nets.HybridFMNIST("int4")
        profile = profile_model(model, (1, 28, 28), name="q", head_modules=model.HEAD_MODULES)
        layers = {layer["name"]: layer for layer in profile["layers"]}
        self.assertEqual(layers["edge1.conv1"]["precision"], "int4")
        self.assertEqual(layers["edge1.conv1"]["output"]["element_bits"], 4)

    def test_torchvision_resnet50_macs(self):
        import torchvision
        profile = profile_model(torchvision.models.resnet50(), (3, 224, 224), name="r50", require_exits=False)
        # The usual figure for ResNet-50 at 224x224: 4.09 G multiply-accumulates, 25.56 M parameters.
        total = sum(layer["macs"] for layer in profile["layers"])
        self.assertEqual(total, 4089184256)
        self.assertEqual(sum(layer["params"] for layer in profile["layers"]), 25557032)
        self.assertEqual(profile["heads"], [{"name": "final", "after": "fc", "macs": 0, "precision": "fp32"}])

    def test_paper_resnet32_split(self):
        model = nets.HybridResNet32("binary", 10)
        profile = profile_model(model, (3, 32, 32), name="r32", head_modules=model.HEAD_MODULES)
        binary = [l for l in profile["layers"] if l["precision"] == "binary"]
        self.assertEqual(len(binary), 16)                 # 8 blocks x 2 convolutions
        exit_head = profile["heads"][0]
        self.assertEqual(exit_head["macs"], 32 * 5 * 5 * 10)
        self.assertEqual(exit_head["after"], "edge.7.add")

    def test_quantizers(self):
        self.assertTrue(torch.equal(SignActivation()(torch.tensor([-0.5, 0.0, 2.0])), torch.tensor([-1.0, 1.0, 1.0])))
        levels = quantize_k(torch.linspace(-1, 1, 101), 4).unique()
        self.assertEqual(levels.numel(), 16)
        self.assertAlmostEqual(float(levels.min()), -1.0)
        self.assertAlmostEqual(float(levels.max()), 1.0)


class TraceTest(unittest.TestCase):
    def test_head_statistics(self):
        pred, confidence, entropy = head_statistics(torch.tensor([[0.0, 0.0, 0.0, 0.0], [50.0, 0.0, 0.0, 0.0]]))
        self.assertEqual(pred.tolist(), [0, 0])
        self.assertAlmostEqual(float(confidence[0]), 0.25)
        self.assertAlmostEqual(float(entropy[0]), math.log(4))
        self.assertLess(float(entropy[1]), 1e-12)
        self.assertGreaterEqual(float(entropy[1]), 0.0)
        pred, _, _ = head_statistics(torch.tensor([[0.0, 3.0]]), class_map=[4, 7])
        self.assertEqual(pred.tolist(), [7])

    def test_export_model_writes_both_files(self):
        with tempfile.TemporaryDirectory() as tmp:
            inputs, labels = torch.randn(20, 1, 8, 8), torch.randint(0, 3, (20,))
            export_model(TinyEarlyExit(), inputs, labels, name="tiny", head_modules={"exit": ["exit_head"]},
                         profile_path=os.path.join(tmp, "tiny.yaml"), trace_path=os.path.join(tmp, "tiny.csv"),
                         comments=["test"])
            with open(os.path.join(tmp, "tiny.csv")) as f:
                lines = f.read().splitlines()
            self.assertEqual(lines[0], "# test")
            self.assertEqual(lines[1], "sample,label,exit.pred,exit.confidence,exit.entropy_nats,"
                                       "final.pred,final.confidence,final.entropy_nats")
            self.assertEqual(len(lines), 22)


class ExampleTest(unittest.TestCase):
    def test_documented_example_runs(self):
        # The example of docs/exporter.md: it must keep working as documented.
        with tempfile.TemporaryDirectory() as tmp:
            result = subprocess.run([sys.executable, os.path.join(TRAIN, "examples", "early_exit_example.py"), tmp],
                                    capture_output=True, text=True, timeout=300)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertTrue(os.path.isfile(os.path.join(tmp, "my-early-exit.yaml")))
            with open(os.path.join(tmp, "my-early-exit.csv")) as f:
                self.assertEqual(len(f.read().splitlines()), 1 + 1000)


class BadInputTest(unittest.TestCase):
    def test_model_without_exits(self):
        with tempfile.TemporaryDirectory() as tmp, self.assertRaises(ExportError) as raised:
            export_model(NoExits(), torch.randn(4, 1, 8, 8), torch.zeros(4, dtype=torch.long), name="plain",
                         profile_path=os.path.join(tmp, "p.yaml"), trace_path=os.path.join(tmp, "p.csv"))
        self.assertIn("has no exit heads", str(raised.exception))

    def test_exit_without_head_modules(self):
        with self.assertRaises(ExportError) as raised:
            profile_model(TinyEarlyExit(), (1, 8, 8), name="tiny")
        self.assertIn("needs head_modules", str(raised.exception))

    def test_unknown_head_module(self):
        with self.assertRaises(ExportError) as raised:
            profile_model(TinyEarlyExit(), (1, 8, 8), name="tiny", head_modules={"exit": ["nope"]})
        self.assertIn("no submodule 'nope'", str(raised.exception))

    def test_wrong_input_shape(self):
        with self.assertRaises(ExportError) as raised:
            profile_model(TinyEarlyExit(), (3, 9, 9), name="tiny", head_modules={"exit": ["exit_head"]})
        self.assertIn("forward pass", str(raised.exception))

    def test_missing_dataset_path(self):
        with tempfile.TemporaryDirectory() as tmp:
            result = subprocess.run([sys.executable, os.path.join(TRAIN, "export_all.py"), "--smoke",
                                     "--data", "/nonexistent/fashion-mnist", "--out", tmp],
                                    capture_output=True, text=True, timeout=300)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("'/nonexistent/fashion-mnist' does not exist", result.stderr)
        self.assertNotIn("Traceback", result.stderr)

    def test_dataset_folder_without_files(self):
        with tempfile.TemporaryDirectory() as tmp:
            result = subprocess.run([sys.executable, os.path.join(TRAIN, "export_all.py"), "--smoke",
                                     "--data", tmp, "--out", os.path.join(tmp, "out")],
                                    capture_output=True, text=True, timeout=300)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("dataset file(s) missing", result.stderr)


if __name__ == "__main__":
    unittest.main()
