"""Save generated samples as PNG files: image grids and 2D scatter plots.

Images in [-1, 1] (the range of a tanh generator) are tiled into one uint8
grid with Pillow; samples of shape `(n, 2)` (the 2D mixtures) are drawn as a
scatter plot with matplotlib's Agg canvas, so no display is needed. Files are
written to a temporary name and moved into place, so a killed run never
leaves a truncated PNG behind.
"""

import math
import os
import tempfile

import numpy as np
from PIL import Image


def to_uint8(images):
    """Maps images in [-1, 1] to uint8 in [0, 255], clipping outliers.

    Args:
        images: array-like of floats in [-1, 1].

    Returns:
        A uint8 NumPy array of the same shape.

    Example:

    >>> to_uint8(np.array([-1.0, 0.0, 1.0]))
    array([  0, 128, 255], dtype=uint8)
    """
    images = np.asarray(images, dtype=np.float32)
    return np.clip(np.round((images + 1.0) * 127.5), 0, 255).astype(np.uint8)


def image_grid(images, rows=None, padding=2):
    """Tiles a batch of images into one uint8 grid image.

    Args:
        images: array `(n, height, width, channels)` with 1 or 3 channels
            (or `(n, height, width)`), values in [-1, 1].
        rows: number of grid rows; defaults to `ceil(sqrt(n))` so the grid is
            about square.
        padding: black pixels between tiles and around the border.

    Returns:
        A uint8 array `(grid_height, grid_width, channels)`.

    Example:

    >>> image_grid(np.zeros((16, 28, 28, 1))).shape
    (122, 122, 1)
    """
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., None]
    if images.ndim != 4 or images.shape[-1] not in (1, 3) or len(images) == 0:
        raise ValueError(
            f"Received: images of shape {images.shape}; expected a non-empty "
            "batch `(n, height, width, channels)` with 1 or 3 channels."
        )
    n, height, width, channels = images.shape
    rows = rows or math.ceil(math.sqrt(n))
    cols = math.ceil(n / rows)
    grid = np.zeros(
        (
            rows * (height + padding) + padding,
            cols * (width + padding) + padding,
            channels,
        ),
        dtype=np.uint8,
    )
    for i, image in enumerate(to_uint8(images)):
        top = padding + (i // cols) * (height + padding)
        left = padding + (i % cols) * (width + padding)
        grid[top : top + height, left : left + width] = image
    return grid


def _write_atomically(path, write):
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".png", dir=directory)
    os.close(fd)
    try:
        write(tmp)
        # mkstemp makes the file 0600; a picture is for everyone to read.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def save_image_grid(images, path, rows=None, scale=1):
    """Writes a batch of images in [-1, 1] as one PNG grid.

    Args:
        images: array `(n, height, width, channels)`, 1 or 3 channels.
        path: the `.png` file to write; parent folders are created.
        rows: number of grid rows (default: about square).
        scale: integer upscaling factor (nearest neighbour), e.g. 2 for
            easier viewing of 28x28 digits.

    Returns:
        The uint8 grid array that was written.

    Example:

    ```python
    ganzoo.images.save_image_grid(gan.generate(64, seed=0), "/tmp/grid.png")
    ```
    """
    grid = image_grid(images, rows=rows)
    if scale != 1:
        grid = grid.repeat(scale, axis=0).repeat(scale, axis=1)
    image = Image.fromarray(grid[..., 0] if grid.shape[-1] == 1 else grid)
    _write_atomically(path, lambda tmp: image.save(tmp, format="PNG"))
    return grid


def save_scatter(points, path, reference=None, limit=None, size_inches=4, dpi=100):
    """Writes 2D points as a PNG scatter plot.

    Args:
        points: array `(n, 2)`, e.g. samples of a generator on `ring8`.
        path: the `.png` file to write; parent folders are created.
        reference: optional array `(k, 2)` drawn as red crosses, e.g. the
            mixture's means `ganzoo.data.get_mixture("ring8").means`.
        limit: axes span `[-limit, limit]`; default fits the data.
        size_inches: the figure's side in inches.
        dpi: pixels per inch (the PNG's side is `size_inches * dpi`).

    Example:

    ```python
    ganzoo.images.save_scatter(gan.generate(512, seed=0), "/tmp/ring.png")
    ```
    """
    # The Figure API with an explicit Agg canvas keeps pyplot's global state
    # (and any interactive backend) out of training processes.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    points = np.asarray(points, dtype=np.float32)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(
            f"Received: points of shape {points.shape}; expected `(n, 2)`."
        )
    figure = Figure(figsize=(size_inches, size_inches), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.scatter(points[:, 0], points[:, 1], s=4, alpha=0.5)
    if reference is not None:
        reference = np.asarray(reference)
        axes.scatter(reference[:, 0], reference[:, 1], s=40, c="red", marker="x")
    if limit is not None:
        axes.set_xlim(-limit, limit)
        axes.set_ylim(-limit, limit)
    axes.set_aspect("equal", adjustable="box")
    figure.tight_layout()
    _write_atomically(path, lambda tmp: figure.savefig(tmp, format="png"))


def save_samples(samples, path, **kwargs):
    """Writes generator samples as a PNG: a grid for images, a scatter for 2D.

    Args:
        samples: `(n, 2)` points, or `(n, height, width, channels)` images
            in [-1, 1].
        path: the `.png` file to write.
        **kwargs: passed to `save_scatter` or `save_image_grid`.

    Example:

    ```python
    ganzoo.images.save_samples(gan.generate(64, seed=0), "samples.png")
    ```
    """
    samples = np.asarray(samples)
    if samples.ndim == 2 and samples.shape[1] == 2:
        return save_scatter(samples, path, **kwargs)
    return save_image_grid(samples, path, **kwargs)
