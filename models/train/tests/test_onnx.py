"""hybridfog-export onnx: profiles from ONNX files (docs/exporter.md, "ONNX models").

Models are built here with torch and exported with torch.onnx.export (nothing downloaded); the expected
MACs come from the PyTorch profiler of this package (profile_model), computed independently on the same
torch modules. Quantized graphs are built with onnx.helper.

    /usr/bin/python3 -m unittest discover -s models/train/tests -p test_onnx.py -v
"""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN = os.path.dirname(HERE)
sys.path.insert(0, TRAIN)

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from hybridfog_export import ExportError, profile_model  # noqa: E402
from hybridfog_export.profile_yaml import write_profile  # noqa: E402
import check_outputs  # noqa: E402
from hybridfog_export.onnx_profile import profile_onnx  # noqa: E402

torch.set_num_threads(1)


def check_profile_dict(profile):
    """The problems check_outputs.py (the schema of docs/formats.md) finds in the profile, once written."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, profile["name"] + ".yaml")
        write_profile(path, profile)
        problems = check_outputs.Problems()
        check_outputs.check_profile(path, problems)
        return problems.lines


EXPORT = os.path.join(TRAIN, "hybridfog-export")


class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1, groups=2)
        self.fc = nn.Linear(16 * 6 * 6, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.bn1(self.conv1(x))))
        x = torch.relu(self.conv2(x))
        return self.fc(torch.flatten(x, 1))


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.conv_a = nn.Conv2d(8, 8, 3, padding=1)
        self.conv_b = nn.Conv2d(8, 8, 3, padding=1)
        self.fc = nn.Linear(8 * 8 * 8, 5)

    def forward(self, x):
        x = torch.relu(self.stem(x))
        y = self.conv_b(torch.relu(self.conv_a(x)))
        x = torch.relu(x + y)
        return self.fc(torch.flatten(x, 1))


class EarlyExit(nn.Module):
    """conv -> exit (flatten, linear); conv -> conv -> flatten -> fc. Returns a dict for profile_model."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.exit_head = nn.Sequential(nn.Flatten(), nn.Linear(4 * 8 * 8, 3))
        self.conv2 = nn.Conv2d(4, 8, 3, padding=1)
        self.conv3 = nn.Conv2d(8, 8, 3, padding=1)
        self.fc = nn.Linear(8 * 8 * 8, 3)

    def forward(self, x):
        x = torch.relu(self.conv1(x))
        exit_logits = self.exit_head(x)
        y = torch.relu(self.conv3(torch.relu(self.conv2(x))))
        return {"exit": exit_logits, "final": self.fc(torch.flatten(y, 1))}


class AsTuple(nn.Module):
    """ONNX export wants tensors or tuples: the same module, outputs as (exit, final)."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        out = self.inner(x)
        return out["exit"], out["final"]


def export(model, shape, path, output_names):
    model.eval()
    torch.onnx.export(model, torch.zeros((1,) + shape), path, input_names=["x"], output_names=output_names,
                      opset_version=13)


class OnnxProfileTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def test_small_cnn_macs_equal_the_pytorch_profiler(self):
        model = SmallCNN().eval()
        export(model, (1, 12, 12), self.path("cnn.onnx"), ["logits"])
        profile = profile_onnx(self.path("cnn.onnx"), name="cnn")
        expected = profile_model(model, (1, 12, 12), name="cnn", require_exits=False)
        self.assertEqual(profile["metadata"]["total_macs"], expected["metadata"]["total_macs"])
        self.assertEqual(sum(l["macs"] for l in profile["layers"]), 8 * 144 * 9 + 16 * 36 * 4 * 9 + 10 * 576)
        self.assertEqual(profile["classes"], 10)
        self.assertEqual(profile["input"], {"shape": [1, 12, 12], "element_bits": 8})
        self.assertEqual(profile["layers"][-1]["output"], {"shape": [10], "element_bits": 32})
        self.assertEqual(check_profile_dict(profile), [])

    def test_residual_block_keeps_the_join(self):
        model = Residual().eval()
        export(model, (3, 8, 8), self.path("res.onnx"), ["logits"])
        profile = profile_onnx(self.path("res.onnx"), name="res")
        expected = profile_model(model, (3, 8, 8), name="res", require_exits=False)
        self.assertEqual(profile["metadata"]["total_macs"], expected["metadata"]["total_macs"])
        joins = [l for l in profile["layers"] if len(l.get("inputs", [])) == 2]
        self.assertEqual(len(joins), 1)                  # the Add reads the stem and conv_b
        self.assertEqual(joins[0]["macs"], 0)
        names = [l["name"] for l in profile["layers"]]
        stem = names[0]
        self.assertIn(stem, joins[0]["inputs"])
        self.assertNotIn(names[names.index(joins[0]["name"]) - 1], profile["cut_points"])  # two tensors cross
        self.assertEqual(check_profile_dict(profile), [])

    def test_early_exit_head_macs_and_position(self):
        model = EarlyExit().eval()
        export(AsTuple(model), (1, 8, 8), self.path("ee.onnx"), ["exit", "final"])
        profile = profile_onnx(self.path("ee.onnx"), ["exit"], name="ee")
        expected = profile_model(model, (1, 8, 8), name="ee", head_modules={"exit": ["exit_head"]})
        self.assertEqual(profile["metadata"]["total_macs"], expected["metadata"]["total_macs"])
        self.assertEqual([h["name"] for h in profile["heads"]], ["exit", "final"])
        self.assertEqual(profile["heads"][0]["macs"], expected["heads"][0]["macs"])
        self.assertEqual(profile["heads"][0]["macs"], 3 * 256)
        self.assertEqual(profile["heads"][0]["after"], profile["layers"][0]["name"])  # reads conv1 (+relu)
        self.assertEqual(sum(l["macs"] for l in profile["layers"]),
                         sum(l["macs"] for l in expected["layers"]))
        self.assertEqual(profile["partition"], [{"tier": "device", "until": profile["layers"][0]["name"]}, {"tier": "cloud"}])
        self.assertEqual(check_profile_dict(profile), [])
        # The simulator's own profile loader reads it (ctest sets HYBRIDFOG_BIN to this build's binary).
        if os.environ.get("HYBRIDFOG_BIN"):
            write_profile(self.path("ee.yaml"), profile)
            done = subprocess.run([os.environ["HYBRIDFOG_BIN"], "inspect", self.path("ee.yaml")],
                                  capture_output=True, text=True)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertIn("4 layers, 0.059136 MMAC", done.stdout)
            self.assertIn("heads: exit(after inner/conv1/Conv) final(after inner/fc/Gemm)", done.stdout)

    def qdq_conv_model(self, path, bits_type=TensorProto.INT8):
        """x (float) -> QuantizeLinear -> DequantizeLinear -> Conv(weights: DequantizeLinear of int8) -> y."""
        w = numpy_helper.from_array(np.ones((4, 1, 3, 3), dtype=np.int8 if bits_type == TensorProto.INT8 else np.uint8), "w_q")
        scale = numpy_helper.from_array(np.array(0.1, dtype=np.float32), "scale")
        zero = numpy_helper.from_array(np.array(0, dtype=np.int8 if bits_type == TensorProto.INT8 else np.uint8), "zero")
        nodes = [helper.make_node("QuantizeLinear", ["x", "scale", "zero"], ["x_q"], name="quant"),
                 helper.make_node("DequantizeLinear", ["x_q", "scale", "zero"], ["x_dq"], name="dequant"),
                 helper.make_node("DequantizeLinear", ["w_q", "scale", "zero"], ["w"], name="dequant_w"),
                 helper.make_node("Conv", ["x_dq", "w"], ["y"], name="conv", pads=[1, 1, 1, 1]),
                 helper.make_node("Flatten", ["y"], ["logits"], name="flatten")]
        graph = helper.make_graph(nodes, "qdq", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 8, 8])],
                                  [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 256])],
                                  initializer=[w, scale, zero])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
        onnx.save(model, path)
        return model

    def test_quantized_conv_is_int8(self):
        self.qdq_conv_model(self.path("qdq.onnx"))
        profile = profile_onnx(self.path("qdq.onnx"), name="qdq", classes=10)
        conv = [l for l in profile["layers"] if l["macs"] > 0]
        self.assertEqual(len(conv), 1)
        self.assertEqual(conv[0]["precision"], "int8")
        self.assertEqual(conv[0]["macs"], 4 * 8 * 8 * 9)
        # The quantized activation the edge would send is 8 bits wide (QuantizeLinear's output).
        self.assertEqual(profile["layers"][0]["output"]["element_bits"], 32)   # dequantized again
        self.assertNotIn("dequant_w", [l["name"] for l in profile["layers"]])    # weights are not layers

    def test_conv_integer_is_int8(self):
        x = helper.make_tensor_value_info("x", TensorProto.UINT8, [1, 1, 8, 8])
        w = numpy_helper.from_array(np.ones((2, 1, 3, 3), dtype=np.uint8), "w")
        nodes = [helper.make_node("ConvInteger", ["x", "w"], ["y"], name="convint")]
        graph = helper.make_graph(nodes, "ci", [x], [helper.make_tensor_value_info("y", TensorProto.INT32, [1, 2, 6, 6])],
                                  initializer=[w])
        onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), self.path("ci.onnx"))
        profile = profile_onnx(self.path("ci.onnx"), classes=2)
        self.assertEqual(profile["layers"][0]["precision"], "int8")
        self.assertEqual(profile["layers"][0]["macs"], 2 * 36 * 9)

    def test_annotation_sets_a_precision_onnx_cannot_express(self):
        model = self.qdq_conv_model(self.path("q.onnx"))
        helper.set_model_props(model, {"hybridfog.precision.conv": "binary"})
        onnx.save(model, self.path("annotated.onnx"))
        profile = profile_onnx(self.path("annotated.onnx"), classes=10)
        self.assertEqual([l["precision"] for l in profile["layers"] if l["name"] == "conv"], ["binary"])
        helper.set_model_props(model, {"hybridfog.precision.conv": "int3"})
        onnx.save(model, self.path("bad-annotation.onnx"))
        with self.assertRaisesRegex(ExportError, "precision 'int3' is not one of"):
            profile_onnx(self.path("bad-annotation.onnx"))

    def test_broken_file_and_unknown_exit_give_one_line_and_status_2(self):
        with open(self.path("broken.onnx"), "wb") as f:
            f.write(b"this is not a protobuf \x00\xff\x13")
        done = subprocess.run([sys.executable, EXPORT, "onnx", self.path("broken.onnx"), "-o", self.path("p.yaml")],
                              capture_output=True, text=True)
        self.assertEqual(done.returncode, 2)
        self.assertEqual(done.stderr.count("\n"), 1)
        self.assertIn("broken.onnx: not an ONNX model", done.stderr)
        self.assertFalse(os.path.exists(self.path("p.yaml")))
        export(AsTuple(EarlyExit()), (1, 8, 8), self.path("ee.onnx"), ["exit", "final"])
        done = subprocess.run([sys.executable, EXPORT, "onnx", self.path("ee.onnx"), "--exit", "nope",
                               "-o", self.path("p.yaml")], capture_output=True, text=True)
        self.assertEqual(done.returncode, 2)
        self.assertIn("--exit nope: no node or tensor of that name", done.stderr)
        # The good case through the command line (docs/exporter.md's example).
        done = subprocess.run([sys.executable, EXPORT, "onnx", self.path("ee.onnx"), "--exit", "exit",
                               "-o", self.path("p.yaml")], capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertTrue(done.stdout.strip().endswith("p.yaml: 4 layers, 2 heads, 59904 MACs"), done.stdout)
        self.assertTrue(os.path.isfile(self.path("p.yaml")))


if __name__ == "__main__":
    unittest.main()
