"""CIFAR-10, SVHN and CelebA by name through TFDS, on TFDS's own mock data.

`tfds.testing.mock_data` makes `download_and_prepare` a no-op and yields
random examples with each set's real features (CelebA's 218x178 faces), so
the loaders run here without the network. The offline error is checked
without the mock: it must come at once, before TFDS touches the network.
"""

import time

import numpy as np
import pytest
import tensorflow_datasets as tfds

from ganzoo import data
from ganzoo.data import catalog, images

RGB_SETS = {"cifar10": (32, 32, 3), "svhn_cropped": (32, 32, 3), "celeb_a": (64, 64, 3)}


def _fake_raw_files(folder, name):
    # Empty stand-ins: under the mock TFDS never reads them, but `prepare`
    # only calls TFDS once every file it would ask for is present.
    folder.mkdir(parents=True, exist_ok=True)
    for file in images.raw_files(name):
        (folder / file).write_bytes(b"")
    return folder


@pytest.mark.parametrize("name", sorted(RGB_SETS))
def test_declared_once_in_the_catalog(name):
    spec = catalog.get_dataset(name)
    assert spec.kind == "image" and spec.shape == RGB_SETS[name]
    assert name in data.list_datasets() and name in images.IMAGE_DATASETS
    assert spec.files_needed == (name,)


@pytest.mark.parametrize("name", sorted(RGB_SETS))
def test_offline_fails_at_once_with_what_to_download(name, tmp_path, monkeypatch):
    monkeypatch.delenv(images.DATA_DIR_ENV, raising=False)
    start = time.time()
    with pytest.raises(FileNotFoundError) as error:
        data.load(name, batch_size=4, data_dir=tmp_path / "tfds")
    assert time.time() - start < 10  # No DNS retries (those take ~200 s).
    message = str(error.value)
    assert "\n" not in message
    for file in images.raw_files(name):
        assert file in message
    assert catalog.get_dataset(name).params["url"].split(" ")[0] in message
    # With a manual_dir that lacks a file, the message names the missing one.
    folder = _fake_raw_files(tmp_path / "raw", name)
    missing = images.raw_files(name)[0]
    (folder / missing).unlink()
    with pytest.raises(FileNotFoundError, match=f"missing from .*{missing}"):
        data.load(name, batch_size=4, data_dir=tmp_path / "tfds", manual_dir=folder)


@pytest.mark.parametrize("name", sorted(RGB_SETS))
def test_loads_mock_data_like_mnist(name, tmp_path):
    raw = _fake_raw_files(tmp_path / "raw", name)
    with tfds.testing.mock_data(num_examples=24):
        ds = data.load(
            name,
            batch_size=8,
            seed=0,
            data_dir=tmp_path / "tfds",
            manual_dir=raw,
            with_labels=name != "celeb_a",
        )
        batch = next(iter(ds))
    batch_images = batch[0] if name != "celeb_a" else batch
    assert batch_images.shape == (8, *RGB_SETS[name])
    array = np.asarray(batch_images)
    assert array.dtype == np.float32
    assert array.min() >= -1.0 and array.max() <= 1.0
    assert array.std() > 0.1  # Random mock pixels, scaled, not a constant.
    if name != "celeb_a":
        labels = np.asarray(batch[1])
        assert labels.dtype == np.int32 and labels.min() >= 0 and labels.max() < 10


def test_celeb_a_center_crop_then_resize(tmp_path):
    # A face whose centre 108x108 square is white and the rest black: after
    # the crop only white remains (a resize of the whole face would keep
    # black borders), and the size is the catalog's 64x64.
    face = np.zeros((218, 178, 3), np.uint8)
    face[55:163, 35:143] = 255
    resized = images._crop_and_resize(face, 108, 64).numpy()
    assert resized.shape == (64, 64, 3) and resized.dtype == np.uint8
    # The white square is exactly the crop: a crop one pixel off would take
    # in a black row or column and darken an edge.
    assert resized.min() == 255


def test_celeb_a_has_no_labels(tmp_path):
    raw = _fake_raw_files(tmp_path / "raw", "celeb_a")
    with (
        tfds.testing.mock_data(num_examples=4),
        pytest.raises(ValueError, match="no class labels"),
    ):
        data.load(
            "celeb_a",
            batch_size=2,
            with_labels=True,
            data_dir=tmp_path / "tfds",
            manual_dir=raw,
        )


def test_reference_array_in_order(tmp_path):
    raw = _fake_raw_files(tmp_path / "raw", "cifar10")
    with tfds.testing.mock_data(num_examples=12):
        array = images.load_image_array(
            "cifar10", "test", 10, data_dir=tmp_path / "tfds", manual_dir=raw
        )
        again = images.load_image_array(
            "cifar10", "test", 10, data_dir=tmp_path / "tfds", manual_dir=raw
        )
    assert array.shape == (10, 32, 32, 3) and array.dtype == np.uint8
    np.testing.assert_array_equal(array, again)


def test_unknown_split_lists_the_splits(tmp_path):
    with pytest.raises(ValueError, match="'extra'"):
        data.load("svhn_cropped", split="validation", data_dir=tmp_path)
