"""`ganzoo.data.load_folder` and the `folder` dataset, on generated PNGs."""

import numpy as np
import pytest
from PIL import Image

from ganzoo import data
from ganzoo.data import folder as folder_lib


def _write(path, array):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(array).save(path)


@pytest.fixture
def pngs(tmp_path):
    # 12 RGB images of 40x30 (landscape and portrait) in two sub-folders,
    # each one flat colour, plus files that are not images.
    rng = np.random.default_rng(0)
    for i in range(12):
        shape = (30, 40, 3) if i % 2 else (40, 30, 3)
        colour = rng.integers(0, 256, 3, dtype=np.uint8)
        _write(
            tmp_path / f"part{i % 2}" / f"{i:02d}.png", np.broadcast_to(colour, shape)
        )
    (tmp_path / "notes.txt").write_text("not an image")
    (tmp_path / ".hidden.png").write_bytes(b"hidden files are skipped")
    return tmp_path


def test_loads_every_image_resized_and_cropped(pngs):
    ds = data.load_folder(pngs, image_size=16, batch_size=12, shuffle=False)
    batch = np.asarray(next(iter(ds)))
    assert batch.shape == (12, 16, 16, 3) and batch.dtype == np.float32
    files = folder_lib.list_image_files(pngs)
    assert len(files) == 12
    for image, file in zip(batch, files, strict=True):
        colour = np.asarray(Image.open(file))[0, 0]
        # A flat image stays flat through resize and crop; [-1, 1] scaling.
        expected = np.broadcast_to(colour / 127.5 - 1.0, image.shape)
        np.testing.assert_allclose(image, expected, atol=1e-6)


def test_shorter_side_then_centre_crop(tmp_path):
    # 20x40: black margins of 6 columns, white between. Shorter side 20 -> 10
    # (40 -> 20, margins of 3), then the centre 10x10 is white only.
    image = np.zeros((20, 40, 3), np.uint8)
    image[:, 6:34] = 255
    _write(tmp_path / "a.png", image)
    out = data.load_folder(tmp_path, image_size=10, batch_size=1, shuffle=False)
    out = np.asarray(next(iter(out)))[0]
    assert out.shape == (10, 10, 3)
    assert out.min() == 1.0  # A squashing resize would have kept black.


def test_jpeg_and_grayscale(tmp_path):
    for i in range(4):
        Image.fromarray(np.full((8, 8), 60 * i, np.uint8)).save(tmp_path / f"{i}.jpg")
    batch = np.asarray(next(iter(data.load_folder(tmp_path, 8, 4, shuffle=False))))
    assert batch.shape == (4, 8, 8, 1)
    np.testing.assert_allclose(
        batch[:, 0, 0, 0], np.arange(4) * 60 / 127.5 - 1, atol=0.02
    )


def test_one_line_errors(tmp_path, pngs):
    with pytest.raises(FileNotFoundError, match="not a folder"):
        data.load_folder(tmp_path / "absent")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="holds no image files"):
        data.load_folder(tmp_path / "empty")
    (pngs / "part0" / "broken.png").write_bytes(b"\x89PNG but not really")
    with pytest.raises(ValueError, match="unreadable image file .*broken.png") as error:
        data.load_folder(pngs, image_size=8, batch_size=4)
    assert "\n" not in str(error.value)
    (pngs / "part0" / "broken.png").unlink()
    _write(pngs / "grey.png", np.zeros((8, 8), np.uint8))
    with pytest.raises(ValueError, match="mixed channel counts") as error:
        data.load_folder(pngs, image_size=8, batch_size=4)
    assert "\n" not in str(error.value) and "grey.png" in str(error.value)
    # Converting every image is the way out.
    batch = next(iter(data.load_folder(pngs, 8, 13, channels=3, shuffle=False)))
    assert batch.shape == (13, 8, 8, 3)
    with pytest.raises(ValueError, match="only 13 images"):
        data.load_folder(pngs, 8, 14, channels=3)


def test_folder_dataset_for_configs(pngs):
    assert data.get_dataset("folder").loader == "folder"
    loader = data.get_loader("folder")
    ds = loader(
        "folder",
        split="train",
        batch_size=4,
        seed=0,
        repeat=True,
        path=pngs,
        image_size=8,
    )
    first = [np.asarray(b) for b, _ in zip(ds, range(4), strict=False)]
    again = loader(
        "folder", batch_size=4, seed=0, repeat=True, path=str(pngs), image_size=8
    )
    second = [np.asarray(b) for b, _ in zip(again, range(4), strict=False)]
    for a, b in zip(first, second, strict=True):  # Seeded: the same order.
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="one split"):
        loader("folder", split="test", path=pngs)
    array = folder_lib.load_folder_array(pngs, 8, 5)
    assert array.shape == (5, 8, 8, 3) and array.dtype == np.uint8
