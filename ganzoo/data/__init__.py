"""`tf.data` pipelines for ganzoo: TFDS image sets and synthetic mixtures.

`load(name, ...)` is the one entry point. Image sets come out as float32 in
[-1, 1] (the range of a tanh generator); 2D mixtures come out as float32
points with exact ground truth available from `get_mixture(name)`. Every
dataset is declared once, in `ganzoo.data.catalog` (`get_dataset(name)`:
example shape, kind, loader, default benchmark).
"""

from ganzoo.data import catalog
from ganzoo.data import images as _images
from ganzoo.data import mixtures as _mixtures
from ganzoo.data import stacked_mnist as _stacked_mnist
from ganzoo.data.captions import (
    caption_vocabulary,
    load_caption_folder,
    load_captions,
    render_shapes,
)
from ganzoo.data.catalog import Dataset, get_dataset
from ganzoo.data.folder import load_folder, load_folder_dataset
from ganzoo.data.images import DATA_DIR_ENV, RAW_FILES, TFDS_DIR_ENV, prepare
from ganzoo.data.mixtures import (
    Mixture,
    get_mixture,
    list_mixtures,
    make_grid,
    make_ring,
    sample_mixture,
)
from ganzoo.data.semisupervised import (
    load_arrays,
    load_semi_supervised,
    make_semi_supervised,
    semi_supervised_split,
)
from ganzoo.data.translation import (
    evaluate_translation,
    load_translation,
    load_translation_pair,
    make_translation_pair,
)
from ganzoo.data.unpaired import load_unpaired

__all__ = [
    "DATA_DIR_ENV",
    "Dataset",
    "caption_vocabulary",
    "load_caption_folder",
    "load_captions",
    "load_folder",
    "render_shapes",
    "evaluate_translation",
    "load_translation",
    "load_translation_pair",
    "load_unpaired",
    "make_translation_pair",
    "Mixture",
    "RAW_FILES",
    "TFDS_DIR_ENV",
    "get_dataset",
    "get_loader",
    "get_mixture",
    "list_datasets",
    "list_mixtures",
    "load",
    "load_arrays",
    "load_stacked_mnist",
    "load_semi_supervised",
    "make_grid",
    "make_ring",
    "make_semi_supervised",
    "prepare",
    "sample_mixture",
    "semi_supervised_split",
]


def get_loader(name):
    """Returns a dataset loader by name, for configs (`config.data.loader`).

    Every loader takes `ganzoo.data.load`'s arguments (`name`, `split`,
    `batch_size`, `seed`, `repeat`, ...) and differs in what a batch holds:
    `"load"` images (or `(images, labels)`), `"semi_supervised"`
    `((labeled, labels), unlabeled)`, `"translation"` `(a_images, b_images)`.

    Args:
        name: one of the keys of `LOADERS`.
    """
    if name not in LOADERS:
        raise ValueError(
            f"Received: `loader={name!r}`; expected one of {sorted(LOADERS)}."
        )
    return LOADERS[name]


def list_datasets():
    """Returns the sorted names that `load` accepts.

    The catalog holds more (`ganzoo.data.catalog.list_datasets()`): sets
    served by their own loaders, such as `"mnist_pair"` and `"shapes"`.

    Example:

    >>> ganzoo.data.list_datasets()
    ['fashion_mnist', 'grid25', 'mnist', 'ring8']
    """
    return sorted(n for n, d in catalog.DATASETS.items() if d.loader == "load")


def _check_positive_int(arg, value, allow_none=False):
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"Received: `{arg}={value!r}`; expected a positive int.")


def load(
    name,
    split="train",
    batch_size=64,
    *,
    shuffle=True,
    seed=None,
    with_labels=False,
    repeat=False,
    drop_remainder=True,
    data_dir=None,
    manual_dir=None,
    take=None,
    num_examples=None,
    download=False,
):
    """Loads a dataset as a batched, shuffled, prefetched `tf.data.Dataset`.

    Args:
        name: one of `list_datasets()`.
        split: `"train"` or `"test"`; image sets also take TFDS slices such
            as `"train[:10%]"`.
        batch_size: examples per batch.
        shuffle: shuffle the examples (fully, reshuffled every epoch).
        seed: makes the order (and a mixture's points) reproducible.
        with_labels: yield `(x, labels)` with int32 labels (the class, or a
            mixture's component index) instead of `x` alone.
        repeat: repeat forever; batches then run across epoch boundaries.
        drop_remainder: drop a last, smaller batch so shapes stay static.
        data_dir: image sets only: where prepared TFDS data lives.
            Defaults to `$GANZOO_TFDS_DIR`, else TFDS's default.
        manual_dir: image sets only: the folder with the raw IDX `.gz`
            files. Defaults to `$GANZOO_DATA_DIR/<name>/`.
        take: keep only the first `take` examples (before shuffling).
        num_examples: mixtures only: how many points to draw (default
            100,000).
        download: image sets only: if the raw files are missing, let TFDS
            download them (needs internet) instead of raising.

    Returns:
        A `tf.data.Dataset` of float32 images `(batch, 28, 28, 1)` in
        [-1, 1] or points `(batch, 2)`, or of `(x, labels)` pairs.

    Raises:
        ValueError: for an unknown name, a bad split or batch size, or a
            batch size larger than the (known) number of examples.
        FileNotFoundError: an image set is neither prepared nor has its raw
            files where `manual_dir` / `$GANZOO_DATA_DIR` point.

    Example:

    ```python
    ds = ganzoo.data.load("mnist", batch_size=128, seed=0)
    images = next(iter(ds))  # (128, 28, 28, 1) float32 in [-1, 1]
    points = next(iter(ganzoo.data.load("ring8", batch_size=512)))
    ```
    """
    if name not in list_datasets():
        raise ValueError(
            f"Unknown dataset: Received: `name={name!r}`; expected one of "
            f"{list_datasets()}."
        )
    _check_positive_int("batch_size", batch_size)
    _check_positive_int("take", take, allow_none=True)
    common = dict(
        shuffle=shuffle,
        seed=seed,
        with_labels=with_labels,
        repeat=repeat,
        drop_remainder=drop_remainder,
        take=take,
    )
    if name in _mixtures.MIXTURES:
        return _mixtures.load_mixture(
            name, split, batch_size, num_examples=num_examples, **common
        )
    if num_examples is not None:
        raise ValueError(
            f"Received: `num_examples={num_examples!r}` for dataset {name!r}; "
            "expected None: it only applies to synthetic mixtures "
            f"{_mixtures.list_mixtures()}. Use `take=` to limit an image set."
        )
    return _images.load_images(
        name,
        split,
        batch_size,
        data_dir=data_dir,
        manual_dir=manual_dir,
        download=download,
        **common,
    )


def load_stacked_mnist(name="stacked_mnist", split="train", batch_size=64, **kwargs):
    """Stacked MNIST for training (`config.data.loader="stacked_mnist"`).

    `ganzoo.data.stacked_mnist.load_stacked_mnist` under the loaders' common
    signature (a dataset name first).

    Args:
        name: `"stacked_mnist"`.
        split: `"train"` or `"test"`.
        batch_size: examples per batch.
        **kwargs: `seed`, `repeat`, `num_examples`, ... of
            `ganzoo.data.stacked_mnist.load_stacked_mnist`.
    """
    if name != "stacked_mnist":
        raise ValueError(
            f"Received: `name={name!r}`; expected 'stacked_mnist' (the only "
            "set of this loader)."
        )
    return _stacked_mnist.load_stacked_mnist(split, batch_size, **kwargs)


LOADERS = {
    "load": load,
    "stacked_mnist": load_stacked_mnist,
    "semi_supervised": load_semi_supervised,
    "translation": load_translation,
    "captions": load_captions,
    "caption_folder": load_caption_folder,
    "folder": load_folder_dataset,
}
