"""The networks hybridfog ships: small ones trained on Fashion-MNIST, paper-scale ones profiled untrained.

Every model's forward returns {head: logits, ...} in the order a sample meets the heads (see profiler.py);
the submodules that compute each exit head are listed in its HEAD_MODULES.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .quant import BinaryConv2d, QuantActivation, QuantConv2d, SignActivation

EDGE_KINDS = ("binary", "int4", "fp32")


def _activation(kind):
    if kind == "binary":
        return SignActivation()
    if kind == "int4":
        return QuantActivation(4)
    return nn.ReLU()


def _conv3x3(kind, cin, cout, stride):
    if kind == "binary":
        return BinaryConv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
    if kind == "int4":
        return QuantConv2d(cin, cout, 3, stride=stride, padding=1, bias=False, bits=4)
    return nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)


def _shortcut(cin, cout, stride):
    """Identity, or a full-precision 1x1 convolution + batch norm where the shape changes."""
    if stride == 1 and cin == cout:
        return nn.Sequential()
    return nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))


class EdgeBlock(nn.Module):
    """Residual block of the edge part: BN -> quantize -> conv -> BN -> quantize -> conv -> BN, + shortcut.

    With kind "binary" the convolutions see sign activations and sign weights (XNOR + popcount), with
    "int4" 4-bit activations and weights, with "fp32" ReLU and full-precision weights. The quantizer sits
    after a batch norm so that it sees a normalised signal; the residual path stays full precision.
    """

    def __init__(self, kind, cin, cout, stride=1):
        super().__init__()
        self.bn0 = nn.BatchNorm2d(cin)
        self.act1 = _activation(kind)
        self.conv1 = _conv3x3(kind, cin, cout, stride)
        self.bn1 = nn.BatchNorm2d(cout)
        self.act2 = _activation(kind)
        self.conv2 = _conv3x3(kind, cout, cout, 1)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = _shortcut(cin, cout, stride)

    def forward(self, x):
        out = self.conv1(self.act1(self.bn0(x)))
        out = self.conv2(self.act2(self.bn1(out)))
        return self.bn2(out) + self.shortcut(x)


class BasicBlock(nn.Module):
    """Full-precision ResNet basic block (He et al.), option B shortcut."""

    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = _shortcut(cin, cout, stride)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class PoolLinear(nn.Module):
    """Exit classifier: average pooling to `pooled` x `pooled`, flatten, linear."""

    def __init__(self, channels, pooled, classes):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(pooled)
        self.fc = nn.Linear(channels * pooled * pooled, classes)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(x), 1))


# --------------------------------------------------------------------------- Fashion-MNIST models

class HybridFMNIST(nn.Module):
    """Conditionally deep hybrid network for 28x28 grey images.

    edge:  conv1 (fp32, 1->16, + BN, ReLU, 2x2 max pool) -> EdgeBlock 16@14x14 -> EdgeBlock 16->32@7x7
           -> exit (pool to 32x3x3, linear)
    cloud: BasicBlock 32@7x7 -> BasicBlock 32->64@4x4 -> global average pool -> fc (final)
    """
    HEAD_MODULES = {"exit": ["exit_head"]}

    def __init__(self, kind, classes=10, width=16):
        super().__init__()
        if kind not in EDGE_KINDS:
            raise ValueError(f"edge kind must be one of {EDGE_KINDS}")
        self.kind = kind
        self.conv1 = nn.Conv2d(1, width, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.edge1 = EdgeBlock(kind, width, width)
        self.edge2 = EdgeBlock(kind, width, 2 * width, stride=2)
        self.exit_head = PoolLinear(2 * width, 3, classes)
        self.cloud1 = BasicBlock(2 * width, 2 * width)
        self.cloud2 = BasicBlock(2 * width, 4 * width, stride=2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(4 * width, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        edge = self.edge2(self.edge1(x))
        exit_logits = self.exit_head(edge)
        out = self.cloud2(self.cloud1(edge))
        final_logits = self.fc(torch.flatten(self.pool(out), 1))
        return {"exit": exit_logits, "final": final_logits}


class CloudCNN(nn.Module):
    """Full-precision cloud model for AppealNet and MEANet: three conv stages (32, 64, 128) and an MLP."""

    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 128, 3, padding=1, bias=False), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Dropout(0.3), nn.Linear(128 * 3 * 3, 128), nn.ReLU(),
                                        nn.Linear(128, classes))

    def forward(self, x):
        return self.classifier(self.features(x))


class AppealEdge(nn.Module):
    """AppealNet's compact edge network: shared features, a predictor head and an appeal head q(x)."""

    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2))
        self.predictor = nn.Sequential(nn.Flatten(), nn.Linear(32 * 7 * 7, classes))
        self.appeal = nn.Sequential(nn.AdaptiveAvgPool2d(2), nn.Flatten(), nn.Linear(32 * 4, 32), nn.ReLU(),
                                    nn.Linear(32, 1), nn.Sigmoid())

    def forward(self, x):
        shared = self.features(x)
        return self.predictor(shared), self.appeal(shared).squeeze(1)


class AppealNetSystem(nn.Module):
    """Edge (predictor + appeal head) then the cloud model, which receives the raw input."""
    HEAD_MODULES = {"edge": ["edge.predictor", "edge.appeal"]}

    def __init__(self, edge, cloud):
        super().__init__()
        self.edge = edge
        self.cloud = cloud

    def forward(self, x):
        shared = self.edge.features(x)
        edge_logits = self.edge.predictor(shared)
        appeal = self.edge.appeal(shared).squeeze(1)
        return {"edge": edge_logits, "edge.appeal": appeal, "cloud": self.cloud(x)}


class MEANetMain(nn.Module):
    """MEANet main block: a small CNN on all classes; `features` also feed the extension block."""

    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(32 * 7 * 7, classes))

    def forward(self, x):
        return self.classifier(self.features(x))


class MEANetAdaptive(nn.Module):
    """MEANet adaptive block: a small CNN on the raw input, output at the main features' resolution."""

    def __init__(self, channels=16):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, channels, 3, padding=1, bias=False), nn.BatchNorm2d(channels), nn.ReLU(), nn.MaxPool2d(2))

    def forward(self, x):
        return self.layers(x)


class MEANetExtension(nn.Module):
    """MEANet extension block: on [main features, adaptive output], classifies the hard classes only."""

    def __init__(self, in_channels, hard_classes, width=64):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(in_channels, width, 3, padding=1, bias=False), nn.BatchNorm2d(width),
                                  nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(width * 3 * 3, hard_classes))

    def forward(self, joined):
        return self.classifier(self.body(joined))


class MEANetSystem(nn.Module):
    """Main block (exit `main`), adaptive + extension blocks (exit `extension`), cloud model (`cloud`).

    The extension head's logits cover the hard classes only (class ids in metadata.hard_classes).
    """
    HEAD_MODULES = {"main": ["main.classifier"], "extension": ["extension.classifier"]}

    def __init__(self, main, adaptive, extension, cloud):
        super().__init__()
        self.main = main
        self.adaptive = adaptive
        self.extension = extension
        self.cloud = cloud

    def forward(self, x):
        features = self.main.features(x)
        main_logits = self.main.classifier(features)
        joined = torch.cat([features, self.adaptive(x)], dim=1)
        extension_logits = self.extension.classifier(self.extension.body(joined))
        return {"main": main_logits, "extension": extension_logits, "cloud": self.cloud(x)}


# --------------------------------------------------------------------------- paper-scale models (untrained)

class HybridResNet32(nn.Module):
    """Hybrid ResNet-32 for 32x32 inputs, as in the conditionally deep hybrid network paper's code.

    conv1 (fp32, 3->16) -> stage 1 (5 blocks, 16) and the first 3 blocks of stage 2 (32) quantized on
    the edge (`kind`: binary or int4; 1x1 downsampling shortcut in fp32) -> exit: average pooling to
    32x5x5, linear -> the remaining 2 blocks of stage 2 and stage 3 (5 blocks, 64) full precision in
    the cloud -> global average pooling -> fc.
    """
    HEAD_MODULES = {"exit": ["exit_head"]}

    def __init__(self, kind="binary", classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        edge = [EdgeBlock(kind, 16, 16) for _ in range(5)]
        edge += [EdgeBlock(kind, 16, 32, stride=2), EdgeBlock(kind, 32, 32), EdgeBlock(kind, 32, 32)]
        self.edge = nn.Sequential(*edge)
        self.exit_head = PoolLinear(32, 5, classes)
        cloud = [BasicBlock(32, 32), BasicBlock(32, 32), BasicBlock(32, 64, stride=2)]
        cloud += [BasicBlock(64, 64) for _ in range(4)]
        self.cloud = nn.Sequential(*cloud)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        edge = self.edge(F.relu(self.bn1(self.conv1(x))))
        exit_logits = self.exit_head(edge)
        final_logits = self.fc(torch.flatten(self.pool(self.cloud(edge)), 1))
        return {"exit": exit_logits, "final": final_logits}


class CifarResNet(nn.Module):
    """Full-precision CIFAR ResNet-(6n+2) (He et al. 2016): stages of n basic blocks, widths 16/32/64."""

    def __init__(self, blocks_per_stage=5, classes=100):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        layers, cin = [], 16
        for width, stride in ((16, 1), (32, 2), (64, 2)):
            for b in range(blocks_per_stage):
                layers.append(BasicBlock(cin, width, stride if b == 0 else 1))
                cin = width
        self.stages = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, classes)

    def features(self, x):
        return self.stages(F.relu(self.bn1(self.conv1(x))))

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.features(x)), 1))


class MEANetResNet32(nn.Module):
    """MEANet for CIFAR-100: ResNet-32 main block (exit `main`), adaptive block (3 conv layers on the raw
    input down to 64x8x8), extension block (two basic blocks on the 128-channel concatenation, classifier
    over the 50 hard classes; exit `extension`), cloud model: a full-precision ResNet-56 (our choice: the
    references do not fix the cloud network)."""
    HEAD_MODULES = {"main": ["main_head"], "extension": ["extension_head"]}

    def __init__(self, classes=100):
        super().__init__()
        self.main = CifarResNet(5, classes)
        self.main_head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, classes))
        self.adaptive = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
            nn.Conv2d(16, 32, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
            nn.Conv2d(32, 64, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU())
        self.extension = nn.Sequential(BasicBlock(128, 128), BasicBlock(128, 128))
        self.extension_head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, classes // 2))
        self.cloud = CifarResNet(9, classes)

    def forward(self, x):
        features = self.main.features(x)
        main_logits = self.main_head(features)
        joined = torch.cat([features, self.adaptive(x)], dim=1)
        extension_logits = self.extension_head(self.extension(joined))
        return {"main": main_logits, "extension": extension_logits, "cloud": self.cloud(x)}
