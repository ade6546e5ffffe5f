#!/usr/bin/python3
"""Trains hybridfog's Fashion-MNIST models and writes every trace, profile and provenance file.

    /usr/bin/python3 models/train/export_all.py [--smoke] [--out DIR] [--data DIR] [--only NAME,...]

Writes DIR/profiles/<name>.yaml, DIR/traces/<name>.csv and DIR/traces/<name>.provenance.json for the five
trained systems, and DIR/profiles/<name>.yaml for the paper-scale reference networks (untrained). DIR
defaults to models/ of this checkout (what `make traces` regenerates). --smoke trains one epoch on a small
subset and traces 500 test images: it exercises every code path in a minute or two, for CI.

Exit status: 0 on success, 2 on bad input (missing dataset, ...), with the reason on stderr.
"""
import argparse
import json
import os
import platform
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import torchvision  # noqa: E402

from hybridfog_export import ExportError, export_model, profile_model, write_profile  # noqa: E402
from hybridfog_export import nets  # noqa: E402
from hybridfog_export.data import CLASS_NAMES, DEFAULT_DIR, load_fashion_mnist  # noqa: E402
from hybridfog_export.training import (accuracy, choose_threshold, entropy_nats, predict,  # noqa: E402
                                       quantile_candidates, seed_everything, train)

# Epochs of each training run. FULL fits the 60-minute budget on 2 CPU cores with room to spare.
FULL = {"hybrid": 8, "cloud": 6, "appeal_warmup": 1, "appeal_joint": 3, "meanet_main": 4, "meanet_extension": 4}
SMOKE = {key: 1 for key in FULL}
SMOKE_TRAIN, SMOKE_TEST = 1024, 500
HYBRID_EXIT_WEIGHT = 0.5      # joint loss w * CE(exit) + (1 - w) * CE(final), within the paper's 0.3-0.6
APPEAL_COST = 0.2             # lambda: the loss charged for every appealed sample (see train_appealnet)
TOLERANCE = 0.01              # default thresholds keep validation accuracy within 1 point of the cloud's
SYSTEMS = ("hybrid-binary-fmnist", "hybrid-int4-fmnist", "hybrid-fp32-fmnist", "appealnet-fmnist",
           "meanet-fmnist")
REFERENCES = ("hybrid-binary-resnet32-cifar10", "hybrid-int4-resnet32-cifar100", "meanet-resnet32-cifar100",
              "vgg19-224", "resnet50-224", "mobilenetv2-224")


def log(message):
    print(message, file=sys.stderr, flush=True)


class Context:
    """What every system's export shares: the data, the options, the output folders, the cloud model."""

    def __init__(self, args, data):
        self.args = args
        self.data = data
        self.epochs = dict(SMOKE if args.smoke else FULL)
        if args.epochs is not None:
            self.epochs = {key: args.epochs for key in self.epochs}
        self.profiles = os.path.join(args.out, "profiles")
        self.traces = os.path.join(args.out, "traces")
        os.makedirs(self.profiles, exist_ok=True)
        os.makedirs(self.traces, exist_ok=True)
        self._cloud = None

    def cloud(self):
        """The full-precision cloud CNN shared by AppealNet and MEANet, trained once."""
        if self._cloud is None:
            seed_everything(self.args.seed + 100)
            model = nets.CloudCNN()
            seconds = train(model, lambda m, x, y: F.cross_entropy(m(x), y), self.data.train_x, self.data.train_y,
                            self.data.normalize, epochs=self.epochs["cloud"], seed=self.args.seed + 100, log=log,
                            tag="cloud")
            self._cloud = (model, seconds)
        return self._cloud


def versions():
    return {"python": platform.python_version(), "torch": torch.__version__,
            "torchvision": torchvision.__version__, "numpy": np.__version__,
            "threads": torch.get_num_threads(), "machine": platform.machine()}


def provenance(ctx, name, *, epochs, heads, rule, summary, seconds, notes):
    data = ctx.data
    return {
        "model": name,
        "command": " ".join(["/usr/bin/python3"] + [os.path.relpath(sys.argv[0])] + sys.argv[1:]),
        "make_target": "make traces" if not ctx.args.smoke else None,
        "smoke": bool(ctx.args.smoke),
        "seed": ctx.args.seed,
        "epochs": epochs,
        "versions": versions(),
        "dataset": {"name": "Fashion-MNIST", "package": "dataset-fashion-mnist", "directory": data.directory,
                    "sha256": data.checksums, "train_images": int(data.train_x.shape[0]),
                    "validation_images": int(data.val_x.shape[0]), "test_images": int(data.test_x.shape[0]),
                    "normalisation": {"mean": round(data.mean, 6), "std": round(data.std, 6)}},
        "accuracy": heads,
        "default_rule": rule,
        "hybrid": summary,
        "training_wall_time_s": round(seconds, 1),
        "notes": notes,
    }


def write_json(path, payload):
    with open(path, "w", newline="\n") as f:
        json.dump(payload, f, indent=2, sort_keys=False)
        f.write("\n")


def trace_comments(ctx, name):
    rows = int(ctx.data.test_x.shape[0])
    return [f"hybridfog trace of {name}: Fashion-MNIST test set, {rows} images, one row per image",
            f"written by models/train/export_all.py{' --smoke' if ctx.args.smoke else ''}; provenance in "
            f"{name}.provenance.json, profile in ../profiles/{name}.yaml"]


def paths(ctx, name):
    return (os.path.join(ctx.profiles, f"{name}.yaml"), os.path.join(ctx.traces, f"{name}.csv"),
            os.path.join(ctx.traces, f"{name}.provenance.json"))


def head_accuracies(outputs, labels, heads, class_maps=None):
    class_maps = class_maps or {}
    result = {}
    for head in heads:
        pred = outputs[head].argmax(1)
        if head in class_maps:
            pred = torch.as_tensor(class_maps[head])[pred]
        result[head] = round(accuracy(pred, labels), 4)
    return result


# --------------------------------------------------------------------------- hybrid networks

def export_hybrid(ctx, kind):
    name = f"hybrid-{kind}-fmnist"
    log(f"{name}: training ({ctx.epochs['hybrid']} epochs)")
    seed_everything(ctx.args.seed)
    model = nets.HybridFMNIST(kind)

    def loss_fn(m, x, y):
        out = m(x)
        return HYBRID_EXIT_WEIGHT * F.cross_entropy(out["exit"], y) + \
            (1 - HYBRID_EXIT_WEIGHT) * F.cross_entropy(out["final"], y)

    seconds = train(model, loss_fn, ctx.data.train_x, ctx.data.train_y, ctx.data.normalize,
                    epochs=ctx.epochs["hybrid"], seed=ctx.args.seed, log=log, tag=name)

    def rule_accuracy(outputs, labels, threshold):
        exits = entropy_nats(outputs["exit"]) < threshold
        pred = torch.where(exits, outputs["exit"].argmax(1), outputs["final"].argmax(1))
        return accuracy(pred, labels), float(exits.double().mean())

    val = predict(model, ctx.data.val_x, ctx.data.normalize)
    val_final = accuracy(val["final"].argmax(1), ctx.data.val_y)
    threshold = choose_threshold(quantile_candidates(entropy_nats(val["exit"])),
                                 lambda t: rule_accuracy(val, ctx.data.val_y, t)[0], val_final, "max", TOLERANCE)
    test = predict(model, ctx.data.test_x, ctx.data.normalize)
    test_accuracy, test_exit = rule_accuracy(test, ctx.data.test_y, threshold)
    val_accuracy, val_exit = rule_accuracy(val, ctx.data.val_y, threshold)
    rule = {"kind": "entropy_below", "head": "exit", "threshold_nats": round(threshold, 6),
            "chosen_on": "validation split", "criterion": f"largest threshold whose validation accuracy stays "
            f"within {TOLERANCE:g} of the final classifier's"}
    summary = {"exit_fraction": round(test_exit, 4), "accuracy": round(test_accuracy, 4),
               "validation_exit_fraction": round(val_exit, 4), "validation_accuracy": round(val_accuracy, 4),
               "validation_final_accuracy": round(val_final, 4)}
    heads = head_accuracies(test, ctx.data.test_y, ["exit", "final"])
    profile_path, trace_path, provenance_path = paths(ctx, name)
    export_model(model, ctx.data.normalize(ctx.data.test_x), ctx.data.test_y, name=name,
                 profile_path=profile_path, trace_path=trace_path, input_shape=(1, 28, 28), input_bits=8,
                 head_modules=model.HEAD_MODULES, comments=trace_comments(ctx, name),
                 metadata={"dataset": "Fashion-MNIST", "edge_precision": kind, "trace": f"../traces/{name}.csv",
                           "provenance": f"../traces/{name}.provenance.json",
                           "default_exit_rule": {"head": "exit", "entropy_below_nats": round(threshold, 6)},
                           "accuracy": heads, "joint_loss_exit_weight": HYBRID_EXIT_WEIGHT})
    notes = [f"conditionally deep hybrid network: fp32 first conv, {kind} edge blocks, exit, fp32 cloud blocks",
             f"joint loss {HYBRID_EXIT_WEIGHT} * CE(exit) + {1 - HYBRID_EXIT_WEIGHT} * CE(final)"]
    write_json(provenance_path, provenance(ctx, name, epochs={"joint": ctx.epochs["hybrid"]}, heads=heads,
                                           rule=rule, summary=summary, seconds=seconds, notes=notes))
    log(f"{name}: accuracy {heads}, default rule exits {test_exit:.3f} at accuracy {test_accuracy:.4f}")


# --------------------------------------------------------------------------- AppealNet

def export_appealnet(ctx):
    name = "appealnet-fmnist"
    cloud, cloud_seconds = ctx.cloud()
    cloud.eval()
    for p in cloud.parameters():
        p.requires_grad_(False)
    seed_everything(ctx.args.seed + 200)
    edge = nets.AppealEdge()
    log(f"{name}: edge warm-up ({ctx.epochs['appeal_warmup']} epochs of plain cross-entropy)")
    seconds = train(edge, lambda m, x, y: F.cross_entropy(m(x)[0], y), ctx.data.train_x, ctx.data.train_y,
                    ctx.data.normalize, epochs=ctx.epochs["appeal_warmup"], seed=ctx.args.seed + 200, log=log,
                    tag=name)

    def joint_loss(m, x, y):
        # Learning-to-defer style: q(x) is the probability of keeping the edge result. Keeping costs the
        # edge's cross-entropy, appealing costs the cloud's plus a fixed price lambda for the trip, so q is
        # pushed up where CE_edge < CE_cloud + lambda and down elsewhere.
        logits, q = m(x)
        edge_ce = F.cross_entropy(logits, y, reduction="none")
        with torch.no_grad():
            cloud_ce = F.cross_entropy(cloud(x), y, reduction="none")
        return (q * edge_ce + (1 - q) * (cloud_ce + APPEAL_COST)).mean()

    log(f"{name}: joint training of predictor and appeal head ({ctx.epochs['appeal_joint']} epochs)")
    seconds += train(edge, joint_loss, ctx.data.train_x, ctx.data.train_y, ctx.data.normalize,
                     epochs=ctx.epochs["appeal_joint"], seed=ctx.args.seed + 201, log=log, tag=name)
    system = nets.AppealNetSystem(edge, cloud).eval()

    def rule_accuracy(outputs, labels, threshold):
        keep = outputs["edge.appeal"] >= threshold
        pred = torch.where(keep, outputs["edge"].argmax(1), outputs["cloud"].argmax(1))
        return accuracy(pred, labels), float(keep.double().mean())

    val = predict(system, ctx.data.val_x, ctx.data.normalize)
    val_cloud = accuracy(val["cloud"].argmax(1), ctx.data.val_y)
    threshold = choose_threshold(quantile_candidates(val["edge.appeal"]),
                                 lambda t: rule_accuracy(val, ctx.data.val_y, t)[0], val_cloud, "min", TOLERANCE)
    test = predict(system, ctx.data.test_x, ctx.data.normalize)
    test_accuracy, test_exit = rule_accuracy(test, ctx.data.test_y, threshold)
    val_accuracy, val_exit = rule_accuracy(val, ctx.data.val_y, threshold)
    heads = head_accuracies(test, ctx.data.test_y, ["edge", "cloud"])
    rule = {"kind": "appeal_at_least", "head": "edge", "threshold": round(threshold, 6),
            "meaning": "keep the edge prediction when edge.appeal >= threshold, else send the raw input to "
                       "the cloud", "chosen_on": "validation split",
            "criterion": f"smallest threshold whose validation accuracy stays within {TOLERANCE:g} of the cloud's"}
    summary = {"exit_fraction": round(test_exit, 4), "accuracy": round(test_accuracy, 4),
               "validation_exit_fraction": round(val_exit, 4), "validation_accuracy": round(val_accuracy, 4),
               "validation_cloud_accuracy": round(val_cloud, 4)}
    profile_path, trace_path, provenance_path = paths(ctx, name)
    export_model(system, ctx.data.normalize(ctx.data.test_x), ctx.data.test_y, name=name,
                 profile_path=profile_path, trace_path=trace_path, input_shape=(1, 28, 28), input_bits=8,
                 head_modules=system.HEAD_MODULES, comments=trace_comments(ctx, name),
                 metadata={"dataset": "Fashion-MNIST", "trace": f"../traces/{name}.csv",
                           "provenance": f"../traces/{name}.provenance.json",
                           "default_exit_rule": {"head": "edge", "appeal_at_least": round(threshold, 6)},
                           "accuracy": heads, "cloud_reads": "input",
                           "appeal_loss": f"q*CE_edge + (1-q)*(CE_cloud + {APPEAL_COST})"})
    notes = ["AppealNet-style: compact fp32 edge CNN with a predictor head and an appeal head q(x) (sigmoid); "
             "the cloud CNN receives the raw input",
             f"edge loss after a plain cross-entropy warm-up: q*CE_edge + (1-q)*(CE_cloud + {APPEAL_COST}), "
             "with the trained cloud model frozen",
             f"the cloud model is shared with meanet-fmnist; its training took {cloud_seconds:.0f} s, included"]
    write_json(provenance_path, provenance(
        ctx, name, epochs={"cloud": ctx.epochs["cloud"], "edge_warmup": ctx.epochs["appeal_warmup"],
                           "edge_joint": ctx.epochs["appeal_joint"]},
        heads=heads, rule=rule, summary=summary, seconds=seconds + cloud_seconds, notes=notes))
    log(f"{name}: accuracy {heads}, default rule keeps {test_exit:.3f} on the edge at accuracy {test_accuracy:.4f}")


# --------------------------------------------------------------------------- MEANet

def export_meanet(ctx):
    name = "meanet-fmnist"
    data = ctx.data
    cloud, cloud_seconds = ctx.cloud()
    cloud.eval()
    seed_everything(ctx.args.seed + 300)
    main = nets.MEANetMain()
    log(f"{name}: main block ({ctx.epochs['meanet_main']} epochs)")
    seconds = train(main, lambda m, x, y: F.cross_entropy(m(x), y), data.train_x, data.train_y, data.normalize,
                    epochs=ctx.epochs["meanet_main"], seed=ctx.args.seed + 300, log=log, tag=name)
    for p in main.parameters():
        p.requires_grad_(False)

    # Hard classes: the half of the classes with the lowest precision of the main block on validation.
    val_main = predict(main, data.val_x, data.normalize)["final"].argmax(1)
    precision = {}
    for c in range(10):
        predicted = val_main == c
        precision[c] = float((data.val_y[predicted] == c).double().mean()) if predicted.any() else 0.0
    hard = sorted(sorted(range(10), key=lambda c: (precision[c], c))[:5])
    log(f"{name}: hard classes {hard} ({', '.join(CLASS_NAMES[c] for c in hard)})")

    adaptive = nets.MEANetAdaptive()
    extension = nets.MEANetExtension(32 + 16, len(hard))
    trainable = nn.ModuleDict({"adaptive": adaptive, "extension": extension})
    to_hard = torch.full((10,), -1, dtype=torch.int64)
    to_hard[torch.tensor(hard)] = torch.arange(len(hard))

    def extension_loss(m, x, y):
        with torch.no_grad():
            features = main.features(x)
        joined = torch.cat([features, m["adaptive"](x)], dim=1)
        return F.cross_entropy(m["extension"](joined), to_hard[y])

    on_hard = torch.isin(data.train_y, torch.tensor(hard))
    log(f"{name}: adaptive + extension blocks on {int(on_hard.sum())} hard-class samples "
        f"({ctx.epochs['meanet_extension']} epochs)")
    main.eval()
    seconds += train(trainable, extension_loss, data.train_x[on_hard], data.train_y[on_hard], data.normalize,
                     epochs=ctx.epochs["meanet_extension"], seed=ctx.args.seed + 301, log=log, tag=name)
    system = nets.MEANetSystem(main, adaptive, extension, cloud).eval()
    hard_tensor = torch.tensor(hard)

    def rule_accuracy(outputs, labels, threshold):
        main_pred = outputs["main"].argmax(1)
        to_cloud = entropy_nats(outputs["main"]) > threshold
        to_extension = ~to_cloud & torch.isin(main_pred, hard_tensor)
        pred = torch.where(to_cloud, outputs["cloud"].argmax(1),
                           torch.where(to_extension, hard_tensor[outputs["extension"].argmax(1)], main_pred))
        fractions = {"main": float((~to_cloud & ~to_extension).double().mean()),
                     "extension": float(to_extension.double().mean()), "cloud": float(to_cloud.double().mean())}
        return accuracy(pred, labels), fractions

    val = predict(system, data.val_x, data.normalize)
    val_cloud = accuracy(val["cloud"].argmax(1), data.val_y)
    threshold = choose_threshold(quantile_candidates(entropy_nats(val["main"])),
                                 lambda t: rule_accuracy(val, data.val_y, t)[0], val_cloud, "max", TOLERANCE)
    test = predict(system, data.test_x, data.normalize)
    test_accuracy, test_fractions = rule_accuracy(test, data.test_y, threshold)
    val_accuracy, val_fractions = rule_accuracy(val, data.val_y, threshold)
    heads = head_accuracies(test, data.test_y, ["main", "cloud"])
    ext_rows = torch.isin(data.test_y, hard_tensor)
    heads["extension_on_hard_class_samples"] = round(accuracy(
        hard_tensor[test["extension"].argmax(1)][ext_rows], data.test_y[ext_rows]), 4)
    heads["extension"] = round(accuracy(hard_tensor[test["extension"].argmax(1)], data.test_y), 4)
    rule = {"kind": "meanet", "head": "main", "threshold_nats": round(threshold, 6),
            "meaning": "main entropy > threshold: cloud; else main predicts an easy class: exit at main; "
                       "else: extension block", "chosen_on": "validation split",
            "criterion": f"largest threshold whose validation accuracy stays within {TOLERANCE:g} of the cloud's"}
    summary = {"exit_fractions": {k: round(v, 4) for k, v in test_fractions.items()},
               "exit_fraction": round(1 - test_fractions["cloud"], 4), "accuracy": round(test_accuracy, 4),
               "validation_exit_fractions": {k: round(v, 4) for k, v in val_fractions.items()},
               "validation_accuracy": round(val_accuracy, 4), "validation_cloud_accuracy": round(val_cloud, 4)}

    # The device runs main, adaptive and extension blocks; find the extension head's layer first.
    probe = profile_model(system, (1, 28, 28), name=name, head_modules=system.HEAD_MODULES)
    extension_layer = next(h["after"] for h in probe["heads"] if h["name"] == "extension")
    profile_path, trace_path, provenance_path = paths(ctx, name)
    export_model(system, data.normalize(data.test_x), data.test_y, name=name, profile_path=profile_path,
                 trace_path=trace_path, input_shape=(1, 28, 28), input_bits=8, head_modules=system.HEAD_MODULES,
                 partition=[{"tier": "device", "until": extension_layer}, {"tier": "cloud"}],
                 class_maps={"extension": hard},
                 extra_columns=lambda out: {"main.hard": torch.isin(out["main"].argmax(1), hard_tensor).long()},
                 comments=trace_comments(ctx, name),
                 metadata={"dataset": "Fashion-MNIST", "trace": f"../traces/{name}.csv",
                           "provenance": f"../traces/{name}.provenance.json", "hard_classes": hard,
                           "hard_class_names": [CLASS_NAMES[c] for c in hard],
                           "main_precision_on_validation": {str(c): round(precision[c], 4) for c in range(10)},
                           "extension_classes": "hard_classes only (its softmax covers those classes)",
                           "default_exit_rule": {"head": "main", "entropy_above_to_cloud_nats": round(threshold, 6)},
                           "accuracy": heads, "cloud_reads": "input"})
    notes = ["MEANet-style: main block on all classes; adaptive block (CNN on the raw input) and extension "
             "block (on main features + adaptive output) trained on hard-class samples only; cloud CNN",
             "hard classes: the 5 classes with the lowest main-block precision on the validation split",
             "extension.pred is always a hard class; extension.confidence/entropy_nats are over the hard classes",
             f"the cloud model is shared with appealnet-fmnist; its training took {cloud_seconds:.0f} s, included"]
    write_json(provenance_path, provenance(
        ctx, name, epochs={"cloud": ctx.epochs["cloud"], "main": ctx.epochs["meanet_main"],
                           "adaptive_extension": ctx.epochs["meanet_extension"]},
        heads=heads, rule=rule, summary=summary, seconds=seconds + cloud_seconds, notes=notes))
    log(f"{name}: accuracy {heads}, default rule {test_fractions} at accuracy {test_accuracy:.4f}")


# --------------------------------------------------------------------------- paper-scale references

def reference_models():
    """name -> (module, input shape, head_modules, partition, metadata): untrained, profiled only."""
    hybrid_note = ("hybrid ResNet-32 (Long, Chakraborty, Roy 2020): fp32 conv1, 8 {kind} basic blocks on the "
                   "edge with fp32 1x1 downsampling shortcut, exit = average pooling to 32x5x5 + linear, "
                   "7 fp32 blocks in the cloud; untrained, no trace")

    def hybrid(kind, classes):
        model = nets.HybridResNet32(kind, classes)
        return model, (3, 32, 32), model.HEAD_MODULES, None, {"note": hybrid_note.format(kind=kind),
                                                               "dataset": f"CIFAR-{classes}"}

    def meanet():
        model = nets.MEANetResNet32(100)
        return model, (3, 32, 32), model.HEAD_MODULES, "extension", {
            "note": "MEANet (Long et al. 2021) for CIFAR-100: ResNet-32 main block, adaptive block, extension "
                    "block over 50 hard classes, cloud = fp32 CIFAR ResNet-56 (our choice); untrained, no trace",
            "dataset": "CIFAR-100", "hard_classes": "unknown (untrained): 50 classes"}

    def vision(builder, label):
        return builder(), (3, 224, 224), None, None, {"note": f"torchvision {label} (weights=None), 224x224 "
                                                              "input, for partitioning studies; untrained"}
    return {
        "hybrid-binary-resnet32-cifar10": lambda: hybrid("binary", 10),
        "hybrid-int4-resnet32-cifar100": lambda: hybrid("int4", 100),
        "meanet-resnet32-cifar100": meanet,
        "vgg19-224": lambda: vision(torchvision.models.vgg19, "VGG-19"),
        "resnet50-224": lambda: vision(torchvision.models.resnet50, "ResNet-50"),
        "mobilenetv2-224": lambda: vision(torchvision.models.mobilenet_v2, "MobileNetV2"),
    }


def export_references(ctx, only):
    for name, build in reference_models().items():
        if only and name not in only:
            continue
        seed_everything(ctx.args.seed)
        model, shape, head_modules, device_until_head, metadata = build()
        partition = None
        if device_until_head:
            probe = profile_model(model, shape, name=name, head_modules=head_modules)
            after = next(h["after"] for h in probe["heads"] if h["name"] == device_until_head)
            partition = [{"tier": "device", "until": after}, {"tier": "cloud"}]
        profile = profile_model(model, shape, name=name, input_bits=8, head_modules=head_modules,
                                partition=partition, metadata=metadata, require_exits=False)
        write_profile(os.path.join(ctx.profiles, f"{name}.yaml"), profile,
                      comments=[f"hybridfog model profile of {name}, measured with models/train/hybridfog_export "
                                "(do not edit by hand)"])
        log(f"{name}: {len(profile['layers'])} layers, {profile['metadata']['total_macs'] / 1e6:.1f} M MACs")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="one epoch on a small subset (CI)")
    parser.add_argument("--out", default=os.path.dirname(HERE), help="output folder (default: models/)")
    parser.add_argument("--data", default=DEFAULT_DIR, help=f"Fashion-MNIST IDX folder (default: {DEFAULT_DIR})")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch CPU threads (default 1: results do not depend on the core count, and one "
                             "thread is several times faster than two on a machine whose other core is busy)")
    parser.add_argument("--epochs", type=int, default=None,
                        help="train every model for this many epochs instead of the defaults (experiments)")
    parser.add_argument("--only", default="", help="comma-separated names of the systems/profiles to export")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    only = {n for n in args.only.split(",") if n}
    unknown = only - set(SYSTEMS) - set(REFERENCES)
    try:
        if unknown:
            raise ExportError(f"--only: unknown name(s) {sorted(unknown)}; known: {', '.join(SYSTEMS + REFERENCES)}")
        start = time.time()
        trained = [s for s in SYSTEMS if not only or s in only]
        data = load_fashion_mnist(args.data, seed=args.seed, limit_train=SMOKE_TRAIN if args.smoke else None,
                                  limit_test=SMOKE_TEST if args.smoke else None) if trained else None
        ctx = Context(args, data)
        for kind in ("binary", "int4", "fp32"):
            if f"hybrid-{kind}-fmnist" in trained:
                export_hybrid(ctx, kind)
        if "appealnet-fmnist" in trained:
            export_appealnet(ctx)
        if "meanet-fmnist" in trained:
            export_meanet(ctx)
        export_references(ctx, only)
        log(f"export_all: done in {time.time() - start:.0f} s, outputs in {os.path.abspath(args.out)}")
    except ExportError as error:
        print(f"export_all: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
