"""Tests for ganzoo.data: TFDS image sets from raw files, and 2D mixtures.

Image tests read the raw IDX files from `$GANZOO_DATA_DIR/<name>/` (CI sets
GANZOO_DATA_DIR=../shared/data) and prepare them into a per-session temporary
TFDS folder, so nothing depends on ~/tensorflow_datasets.
"""

import os
import subprocess
import sys
import time

import numpy as np
import pytest

from ganzoo import data

# Every dataset by name: the local sets and the TFDS sets users download.
DATASETS = [
    "celeb_a",
    "cifar10",
    "fashion_mnist",
    "grid25",
    "mnist",
    "ring8",
    "svhn_cropped",
]


def _raw_dir_or_skip(name):
    root = os.environ.get(data.DATA_DIR_ENV)
    if not root:
        pytest.skip(f"${data.DATA_DIR_ENV} is not set; it must hold {name}/ raw files")
    raw_dir = os.path.join(os.path.abspath(root), name)
    missing = [
        f for f in data.RAW_FILES if not os.path.isfile(os.path.join(raw_dir, f))
    ]
    if missing:
        pytest.skip(f"raw {name} files missing from {raw_dir}: {missing}")
    return raw_dir


@pytest.fixture(scope="session")
def tfds_dir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("tfds"))


@pytest.fixture(scope="session")
def mnist_dir(tfds_dir):
    _raw_dir_or_skip("mnist")
    data.prepare("mnist", data_dir=tfds_dir)
    return tfds_dir


def _first(ds):
    return next(iter(ds))


def test_mnist_split_sizes(mnist_dir):
    train = data.load("mnist", batch_size=1000, shuffle=False, data_dir=mnist_dir)
    test = data.load(
        "mnist", "test", batch_size=1000, shuffle=False, data_dir=mnist_dir
    )
    # TFDS records the example counts, so cardinality is known without a pass.
    assert int(train.cardinality()) == 60
    assert int(test.cardinality()) == 10
    sizes = data.prepare("mnist", data_dir=mnist_dir).info.splits
    assert sizes["train"].num_examples == 60_000
    assert sizes["test"].num_examples == 10_000


def test_mnist_images_and_labels(mnist_dir):
    ds = data.load(
        "mnist", batch_size=512, take=512, with_labels=True, data_dir=mnist_dir
    )
    images, labels = (t.numpy() for t in _first(ds))
    assert images.shape == (512, 28, 28, 1) and images.dtype == np.float32
    assert images.min() == -1.0 and images.max() == 1.0
    assert labels.dtype == np.int32
    assert set(np.unique(labels)) == set(range(10))


def test_mnist_seed_determinism(mnist_dir):
    def first(seed):
        return _first(
            data.load("mnist", take=600, seed=seed, data_dir=mnist_dir)
        ).numpy()

    np.testing.assert_array_equal(first(1), first(1))
    assert not np.array_equal(first(1), first(2))


def test_batch_larger_than_split_raises(mnist_dir):
    with pytest.raises(ValueError, match=r"batch_size=10001.*only 10000 examples"):
        data.load("mnist", "test", batch_size=10001, data_dir=mnist_dir)


def test_fashion_mnist_loads(tfds_dir):
    _raw_dir_or_skip("fashion_mnist")
    ds = data.load(
        "fashion_mnist", batch_size=256, take=256, with_labels=True, data_dir=tfds_dir
    )
    images, labels = (t.numpy() for t in _first(ds))
    assert images.shape == (256, 28, 28, 1) and images.dtype == np.float32
    assert -1.0 <= images.min() and images.max() <= 1.0
    assert labels.min() >= 0 and labels.max() <= 9


# Each process says it is ready, waits for `go`, then prepares: the two
# preparations start within a few milliseconds of each other, which without
# the lock in `prepare` ends in TFDS's FileExistsError for one of them.
_PREPARE_SCRIPT = """
import os, sys, time
from ganzoo import data
tfds_dir, go = sys.argv[1], sys.argv[2]
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.01)
print(data.prepare("mnist", data_dir=tfds_dir).info.splits["train"].num_examples)
"""


def test_concurrent_prepare_does_not_race(tmp_path):
    _raw_dir_or_skip("mnist")
    tfds_dir, go = str(tmp_path / "tfds"), str(tmp_path / "go")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _PREPARE_SCRIPT, tfds_dir, go],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    open(go, "w").close()
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-2000:]
        assert out.strip().splitlines()[-1] == "60000"


def test_missing_files_fail_fast(tmp_path, monkeypatch):
    empty = tmp_path / "raw"
    empty.mkdir()
    monkeypatch.setenv(data.DATA_DIR_ENV, str(empty))
    start = time.monotonic()
    with pytest.raises(FileNotFoundError) as info:
        data.load("mnist", data_dir=str(tmp_path / "tfds"))
    # Offline, letting TFDS try to download blocks for minutes.
    assert time.monotonic() - start < 5
    message = str(info.value)
    assert str(empty / "mnist") in message
    assert all(f in message for f in data.RAW_FILES)
    assert data.DATA_DIR_ENV in message and "manual_dir=" in message


def test_missing_env_var_fails_fast(tmp_path, monkeypatch):
    monkeypatch.delenv(data.DATA_DIR_ENV, raising=False)
    with pytest.raises(FileNotFoundError, match=r"GANZOO_DATA_DIR is not set"):
        data.load("fashion_mnist", data_dir=str(tmp_path))


def test_relative_data_dir_is_relative_to_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(data.DATA_DIR_ENV, "rel/data")
    from ganzoo.data.images import resolve_raw_dir

    assert resolve_raw_dir("mnist") == str(tmp_path / "rel" / "data" / "mnist")


def test_unknown_name_lists_valid_names():
    assert data.list_datasets() == DATASETS
    expected = str(DATASETS)
    with pytest.raises(ValueError) as info:
        data.load("foo")
    assert str(info.value) == (
        f"Unknown dataset: Received: `name='foo'`; expected one of {expected}."
    )


@pytest.mark.parametrize("batch_size", [0, -3, 2.5, True, None])
def test_bad_batch_size(batch_size):
    with pytest.raises(ValueError, match=r"batch_size=.*positive int"):
        data.load("ring8", batch_size=batch_size)


@pytest.mark.parametrize("name", ["mnist", "ring8"])
def test_bad_split(name):
    with pytest.raises(ValueError, match=r"split='valid'.*\['train', 'test'\]"):
        data.load(name, split="valid")


def test_num_examples_only_for_mixtures():
    with pytest.raises(ValueError, match="num_examples=10"):
        data.load("mnist", num_examples=10)


def test_ring_and_grid_ground_truth():
    ring = data.get_mixture("ring8")
    assert ring.means.shape == (8, 2) and ring.std == 0.01
    # PacGAN's ring lies on the unit circle, one mode every 45 degrees.
    np.testing.assert_allclose(np.linalg.norm(ring.means, axis=1), 1.0)
    angles = np.degrees(np.arctan2(ring.means[:, 1], ring.means[:, 0])) % 360
    np.testing.assert_allclose(angles, np.arange(0, 360, 45), atol=1e-9)
    grid = data.get_mixture("grid25")
    assert grid.std == 0.05
    axis = [-4.0, -2.0, 0.0, 2.0, 4.0]
    assert {tuple(m) for m in grid.means} == {(x, y) for x in axis for y in axis}
    with pytest.raises(ValueError):
        ring.means[0, 0] = 5.0  # ground truth is read-only


@pytest.mark.parametrize("name", ["ring8", "grid25"])
def test_sample_statistics_match_ground_truth(name):
    mixture = data.get_mixture(name)
    points, labels = data.sample_mixture(mixture, 200_000, seed=0)
    assert points.dtype == np.float32 and labels.dtype == np.int32
    counts = np.bincount(labels, minlength=mixture.num_modes)
    expected = len(labels) / mixture.num_modes
    assert np.all(np.abs(counts - expected) < 5 * np.sqrt(expected))
    for k in range(mixture.num_modes):
        component = points[labels == k].astype(np.float64)
        tol = 5 * mixture.std / np.sqrt(len(component))
        np.testing.assert_allclose(component.mean(0), mixture.means[k], atol=tol)
        np.testing.assert_allclose(component.std(0), mixture.std, rtol=0.05)


def test_mixture_dataset():
    ds = data.load("ring8", batch_size=256, seed=0, with_labels=True)
    assert int(ds.cardinality()) == data.mixtures.DEFAULT_NUM_EXAMPLES // 256
    points, labels = (t.numpy() for t in _first(ds))
    assert points.shape == (256, 2) and points.dtype == np.float32
    assert labels.dtype == np.int32
    mixture = data.get_mixture("ring8")
    assert np.all(
        np.linalg.norm(points - mixture.means[labels], axis=1) < 6 * mixture.std
    )
    again = _first(data.load("ring8", batch_size=256, seed=0)).numpy()
    np.testing.assert_array_equal(points, again)
    other = _first(data.load("ring8", batch_size=256, seed=1)).numpy()
    assert not np.array_equal(points, other)
    small = data.load("grid25", batch_size=10, num_examples=95, drop_remainder=False)
    assert int(small.cardinality()) == 10
    infinite = data.load("grid25", batch_size=10, num_examples=95, repeat=True)
    assert infinite.cardinality() < 0  # tf.data.INFINITE_CARDINALITY


def test_datasets_are_declared_once_in_the_catalog():
    catalog = data.catalog
    assert data.list_datasets() == DATASETS
    assert set(data.list_datasets()) <= set(catalog.DATASETS)
    # The loaders' own tables are the catalog's sets of their kind.
    assert sorted(data.images.IMAGE_DATASETS) == catalog.list_datasets("image")
    assert data.list_mixtures() == catalog.list_datasets("mixture")
    for name in catalog.list_datasets("mixture"):
        mixture, declared = data.get_mixture(name), data.get_dataset(name)
        assert mixture.num_modes == declared.num_classes
        assert mixture.std == declared.params["std"]
    for name, dataset in catalog.DATASETS.items():
        assert dataset.loader is None or dataset.loader in data.LOADERS, name
    # What a run needs on disk: an image set itself, a derived set its source.
    assert data.get_dataset("mnist").files_needed == ("mnist",)
    assert data.get_dataset("mnist_pair").files_needed == ("mnist",)
    assert data.get_dataset("ring8").files_needed == ()
    with pytest.raises(
        ValueError, match=r"`dataset='cifar'`; expected one of .*'shapes'"
    ):
        data.get_dataset("cifar")
    with pytest.raises(ValueError, match=r"expected one of .*'mnist_pair'"):
        data.load_translation("horse2zebra")
