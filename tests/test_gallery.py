"""The README's gallery (benchmarks/gallery.py).

pytest tests/test_gallery.py
"""

import os

import numpy as np
import pytest
from absl import app
from PIL import Image

from benchmarks import gallery, mode_collapse_table


def test_a_preset_grid_is_a_small_png(tmp_path):
    path = gallery.draw_preset("dcgan_mnist", str(tmp_path))
    image = np.asarray(Image.open(path))
    assert image.shape[:2] == (8 * 30 + 2, 8 * 30 + 2)  # 8x8 digits, 2 px apart.
    assert image.std() > 10  # Digits, not a blank page.
    assert os.path.getsize(path) < 100_000


def test_the_mode_collapse_picture_puts_the_gan_row_beside_pacgan2(tmp_path):
    for dataset in mode_collapse_table.DATASETS:
        for shade, (config, _) in zip((0, 255), gallery.MODE_COLUMNS, strict=True):
            stem = mode_collapse_table.plot_prefix(f"{config}_{dataset}", 20_000, 0)
            tile = np.full((40, 50, 3), shade, np.uint8)
            Image.fromarray(tile).save(tmp_path / f"{stem}_modes.png")
    path = gallery.draw_mode_collapse(str(tmp_path / "out.png"), str(tmp_path))
    image = np.asarray(Image.open(path).convert("L"))
    assert image.shape == (28 + 2 * 40, 2 * 50)
    assert image[40, :50].max() == 0 and image[40, 50:].min() == 255  # GAN left.
    os.remove(tmp_path / f"{stem}_modes.png")  # A missing run: no picture.
    assert gallery.draw_mode_collapse(str(tmp_path / "x.png"), str(tmp_path)) is None


def test_the_readme_block_is_replaced_between_its_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{gallery.START}\nold\n{gallery.END}\noutro\n")
    card = dict(entry="dcgan", dataset="mnist", headline="fid_domain")
    card["metrics"] = {"fid_domain": {"value": 10.61}}
    png = str(tmp_path / "dcgan_mnist.png")
    block = gallery.readme_block(
        {"dcgan_mnist": (png, "unconditional", card)}, None, str(tmp_path)
    )
    gallery.update_readme(str(readme), block)
    text = readme.read_text()
    assert text.startswith("intro\n") and text.endswith("\noutro\n")
    assert "old" not in text and "(dcgan on mnist; fid_domain 10.61)" in text
    assert "![dcgan_mnist](dcgan_mnist.png)" in text
    readme.write_text("no markers")
    with pytest.raises(app.UsageError, match="markers"):
        gallery.update_readme(str(readme), block)
