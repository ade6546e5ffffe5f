"""Fashion-MNIST from the Debian package dataset-fashion-mnist (IDX gzip files), no download.

The training file's 60,000 images are split, with a seeded permutation, into a training part and a
validation part (5,000 images by default); the 10,000 test images are the trace rows and are never used
to choose anything.
"""
import gzip
import hashlib
import os
import struct

import numpy as np
import torch

from .errors import ExportError

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"
FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}
CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def read_idx(path):
    """Reads one IDX file (gzip or plain) into a numpy array of its declared dtype and shape."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise ExportError(f"{path}: not an IDX file (bad magic number)")
    dtypes = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
    if raw[2] not in dtypes:
        raise ExportError(f"{path}: unknown IDX element type 0x{raw[2]:02x}")
    ndim = raw[3]
    shape = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=dtypes[raw[2]], offset=4 + 4 * ndim)
    if data.size != int(np.prod(shape)):
        raise ExportError(f"{path}: holds {data.size} elements, its header says {shape}")
    return data.reshape(shape)


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Dataset:
    """Fashion-MNIST as uint8 tensors: train/val/test images [N, 1, 28, 28] and int64 labels."""

    def __init__(self, train_x, train_y, val_x, val_y, test_x, test_y, checksums, directory):
        self.train_x, self.train_y = train_x, train_y
        self.val_x, self.val_y = val_x, val_y
        self.test_x, self.test_y = test_x, test_y
        self.checksums = checksums      # file name -> SHA-256 hex digest
        self.directory = directory
        # Normalisation constants from the training part only.
        pixels = train_x.float() / 255.0
        self.mean = float(pixels.mean())
        self.std = float(pixels.std())

    def normalize(self, images_uint8):
        """uint8 images -> float32 network input (x / 255 - mean) / std."""
        return (images_uint8.float() / 255.0 - self.mean) / self.std


def load_fashion_mnist(directory=DEFAULT_DIR, validation=5000, seed=0, limit_train=None, limit_test=None):
    """Loads the four IDX files from `directory` and splits off a seeded validation part.

    limit_train / limit_test keep only the first images of the (shuffled) training part and of the test
    set: used by the smoke run. Raises ExportError when the directory or a file is missing.
    """
    if not os.path.isdir(directory):
        raise ExportError(f"dataset directory {directory!r} does not exist: install the Debian package "
                          f"dataset-fashion-mnist or pass the folder holding the four IDX .gz files")
    paths = {key: os.path.join(directory, name) for key, name in FILES.items()}
    missing = [p for p in paths.values() if not os.path.isfile(p)]
    if missing:
        raise ExportError(f"dataset file(s) missing in {directory!r}: "
                          + ", ".join(os.path.basename(p) for p in missing))
    arrays = {key: read_idx(path) for key, path in paths.items()}
    images = torch.from_numpy(arrays["train_images"].copy()).unsqueeze(1)
    labels = torch.from_numpy(arrays["train_labels"].astype(np.int64))
    test_x = torch.from_numpy(arrays["test_images"].copy()).unsqueeze(1)
    test_y = torch.from_numpy(arrays["test_labels"].astype(np.int64))
    if images.shape[0] != labels.shape[0] or test_x.shape[0] != test_y.shape[0]:
        raise ExportError(f"{directory}: image and label counts differ")
    order = torch.randperm(images.shape[0], generator=torch.Generator().manual_seed(seed))
    val_idx, train_idx = order[:validation], order[validation:]
    if limit_train is not None:
        train_idx = train_idx[:limit_train]
        val_idx = val_idx[:max(1, limit_train // 4)]
    if limit_test is not None:
        test_x, test_y = test_x[:limit_test], test_y[:limit_test]
    checksums = {os.path.basename(p): sha256_of(p) for p in paths.values()}
    return Dataset(images[train_idx], labels[train_idx], images[val_idx], labels[val_idx],
                   test_x, test_y, checksums, directory)
