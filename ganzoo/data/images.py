"""TFDS image datasets (MNIST, Fashion-MNIST, CIFAR-10, SVHN, CelebA), offline.

TFDS's builders ask the download manager for their URLs. The manager looks
for each one in `DownloadConfig.manual_dir` under the file name that TFDS's
registered checksums give it (`tensorflow_datasets/url_checksums/mnist.txt`,
`.../datasets/celeb_a/checksums.tsv`, ...): for MNIST exactly the canonical
names in `RAW_FILES`, for the RGB sets the catalog's `params["raw_files"]`.
A file found there is used instead of downloading, after its size and sha256
are checked against the registered ones. A URL whose file is absent is
downloaded, and offline that blocks for minutes on DNS retries, so `prepare`
only calls TFDS once every file is present (unless `download=True`).

CelebA is served at the catalog's 64x64: the aligned 178x218 faces are cut
to their centred 108x108 square (rows 55-162, columns 35-142) and resized
to 64x64 bilinearly with antialiasing, rounded to uint8, before caching.
"""

import os
import tempfile

import filelock
import tensorflow as tf

from ganzoo.data import catalog

RAW_FILES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)
DATA_DIR_ENV = "GANZOO_DATA_DIR"
TFDS_DIR_ENV = "GANZOO_TFDS_DIR"


# The TFDS image sets of the catalog (their shape, classes and split sizes).
IMAGE_DATASETS = {n: catalog.get_dataset(n) for n in catalog.list_datasets("image")}


def _abspath(path):
    # Relative paths (e.g. CI's GANZOO_DATA_DIR=../shared/data) are taken
    # relative to the current working directory.
    return os.path.abspath(os.path.expanduser(os.fspath(path)))


def resolve_tfds_dir(data_dir=None):
    """Returns where prepared TFDS data lives, or None for TFDS's default."""
    if data_dir is None:
        data_dir = os.environ.get(TFDS_DIR_ENV) or None
    return None if data_dir is None else _abspath(data_dir)


def resolve_raw_dir(name, manual_dir=None):
    """Returns the folder to search for `name`'s raw files, or None if unset."""
    if manual_dir is not None:
        return _abspath(manual_dir)
    root = os.environ.get(DATA_DIR_ENV)
    return _abspath(os.path.join(root, name)) if root else None


def raw_files(name):
    """The file names TFDS's manual_dir must hold for `name`, sorted."""
    return tuple(IMAGE_DATASETS[name].params.get("raw_files", RAW_FILES))


def _missing_files_error(name, raw_dir, missing, builder):
    files = list(raw_files(name))
    url = IMAGE_DATASETS[name].params.get("url")
    source = f" (from {url})" if url else ""
    if raw_dir is None:
        where = (
            f"were not looked for (${DATA_DIR_ENV} is not set and no "
            "`manual_dir=` was given)"
        )
    else:
        where = f"are missing from {raw_dir}: {missing}"
    return FileNotFoundError(
        f"Received: dataset {name!r}, which is not prepared in "
        f"{builder.data_dir} and whose raw files {where}. Expected the files "
        f"{files}{source} in one folder. Set ${DATA_DIR_ENV} to a folder "
        f"holding `{name}/<files>` or pass `manual_dir=` (the folder holding "
        "the files). Pass "
        "`download=True` to let TFDS download them instead (needs internet)."
    )


def _check_raw_sizes(builder, raw_dir):
    # TFDS would report a truncated file as the failed checksum of a download
    # that never happened (100 lines); its registered size names it at once.
    sizes = {
        info.filename: int(info.size) for info in (builder.url_infos or {}).values()
    }
    for filename in RAW_FILES:
        path = os.path.join(raw_dir, filename)
        expected = sizes.get(filename)
        if expected and os.path.isfile(path) and os.path.getsize(path) != expected:
            raise ValueError(
                f"Received: the file {path} of {os.path.getsize(path):,} bytes; "
                f"expected {expected:,} bytes, the size of {filename} registered "
                "with TFDS: the file is truncated or damaged. Copy it again."
            )


def prepare(name, data_dir=None, manual_dir=None, download=False):
    """Makes sure a TFDS image set is prepared, without touching the network.

    Args:
        name: a TFDS image set of the catalog: `"mnist"`, `"fashion_mnist"`,
            `"cifar10"`, `"svhn_cropped"` or `"celeb_a"`.
        data_dir: where prepared TFDS data goes. Defaults to
            `$GANZOO_TFDS_DIR`, else TFDS's default (`$TFDS_DATA_DIR` or
            `~/tensorflow_datasets`).
        manual_dir: a folder holding the raw files (`raw_files(name)`: for
            MNIST the four IDX `.gz` files, for CIFAR-10
            `cifar-10-binary.tar.gz`, ...). Defaults
            to `$GANZOO_DATA_DIR/<name>/`. Only read.
        download: if the raw files are missing, let TFDS download them
            instead of failing (needs internet).

    Returns:
        The prepared `tfds.core.DatasetBuilder`.

    Example:

    ```python
    builder = ganzoo.data.prepare("mnist", manual_dir="../shared/data/mnist")
    builder.info.splits["train"].num_examples  # 60000
    ```
    """
    # Imported here: TFDS is slow to import and the synthetic sets need none.
    import tensorflow_datasets as tfds

    if name not in IMAGE_DATASETS:
        raise ValueError(
            f"Received: `name={name!r}`; expected a TFDS image set, one of "
            f"{sorted(IMAGE_DATASETS)}."
        )
    builder = tfds.builder(name, data_dir=resolve_tfds_dir(data_dir))
    # The isdir check spares a misleading TFDS warning about a missing
    # dataset_info.json when nothing was ever prepared there.
    if os.path.isdir(builder.data_dir) and builder.is_prepared():
        return builder
    raw_dir = resolve_raw_dir(name, manual_dir)
    missing = list(raw_files(name))
    if raw_dir is not None:
        missing = [f for f in missing if not os.path.isfile(os.path.join(raw_dir, f))]
    if missing and not download:
        raise _missing_files_error(name, raw_dir, missing, builder)
    if raw_dir is not None:
        _check_raw_sizes(builder, raw_dir)
    config = tfds.download.DownloadConfig(
        manual_dir=raw_dir if raw_dir and os.path.isdir(raw_dir) else None,
        # Prepared copies on GCS are an extra network round trip; local
        # preparation takes seconds.
        try_download_gcs=False,
    )
    root = os.fspath(builder.data_dir_root)
    os.makedirs(root, exist_ok=True)
    # Two processes preparing one dataset race on TFDS's final rename
    # (FileExistsError for `<name>/<version>`, seen with two benchmark runs
    # started together on a new machine): one prepares, the others wait and
    # find it prepared.
    with filelock.FileLock(os.path.join(root, f".ganzoo-{name}.lock")):
        if builder.is_prepared():
            return tfds.builder(name, data_dir=resolve_tfds_dir(data_dir))
        # TFDS gunzips the raw files before parsing them; a throwaway download
        # dir keeps those ~55 MB copies out of data_dir once prepared.
        with tempfile.TemporaryDirectory(prefix=".ganzoo-", dir=root) as download_dir:
            builder.download_and_prepare(
                download_dir=download_dir, download_config=config
            )
    return builder


def _check_split(name, split, spec):
    parts = [p.strip().split("[")[0] for p in str(split).split("+")]
    if not all(p in spec.splits for p in parts):
        raise ValueError(
            f"Received: `split={split!r}` for dataset {name!r}; expected one of "
            f"{list(spec.splits)} (TFDS slices such as 'train[:10%]' work too)."
        )


# Splits up to this size (decoded uint8) are read once into memory and
# batched by index (`_from_memory`); MNIST's train split is 47 MB, CIFAR-10's
# 154 MB, SVHN's 225 MB. CelebA at 64x64 (2.0 GB) is cached instead.
IN_MEMORY_BYTES = 512 * 2**20


def _example_bytes(spec):
    side = 1
    for n in spec.shape:
        side *= n
    return side + 4  # uint8 pixels and an int32 label.


def _from_memory(ds, size, batch_size, shuffle, seed, repeat, drop_remainder):
    # The whole split as two tensors after one read (one PNG decode per
    # image, ever); then each batch is a gather by shuffled indices: no
    # per-example work in the stream, and no decoding in the first epoch
    # of training or in the fast-forward of a resumed run. Shuffling the
    # indices with the same seed and buffer gives the order `cache()` +
    # `shuffle(size)` gave, so the batches are the same as before.
    images, labels = next(iter(ds.batch(size)))
    order = tf.data.Dataset.range(size)
    if shuffle:
        order = order.shuffle(size, seed=seed, reshuffle_each_iteration=True)
    if repeat:
        order = order.repeat()
    order = order.batch(batch_size, drop_remainder=drop_remainder)
    return order.map(
        lambda index: (tf.gather(images, index), tf.gather(labels, index)),
        num_parallel_calls=tf.data.AUTOTUNE,
    )


def _crop_and_resize(image, crop, size):
    # The centred `crop` x `crop` square, then bilinear resizing with
    # antialiasing (a downscale: 108 -> 64 averages, no aliasing), rounded.
    height, width = tf.shape(image)[0], tf.shape(image)[1]
    image = tf.image.crop_to_bounding_box(
        image, (height - crop) // 2, (width - crop) // 2, crop, crop
    )
    image = tf.image.resize(image, (size, size), "bilinear", antialias=True)
    return tf.cast(tf.clip_by_value(tf.round(image), 0.0, 255.0), tf.uint8)


def decoded_examples(name, split, *, data_dir=None, manual_dir=None, download=False):
    """`(uint8 image, int32 label)` pairs of a split, in order, and its size.

    Images have the catalog's shape (CelebA cropped and resized, see the
    module docstring); sets without labels give label 0.

    Returns:
        `(dataset, size)`: an unbatched `tf.data.Dataset` and its length.
    """
    spec = IMAGE_DATASETS[name]
    _check_split(name, split, spec)
    builder = prepare(name, data_dir=data_dir, manual_dir=manual_dir, download=download)
    ds = builder.as_dataset(split=split, shuffle_files=False)
    # TFDS knows every split's size (and a slice's); a dataset's cardinality
    # is the same number and also holds for TFDS's mock data.
    size = int(ds.cardinality())
    if size < 0:
        size = builder.info.splits[split].num_examples
    label_key = spec.params.get("label_key", "label")
    crop = spec.params.get("crop")

    def example(ex):
        image = ex["image"]
        if crop is not None:
            image = _crop_and_resize(image, crop, spec.shape[0])
        label = tf.zeros((), tf.int32) if label_key is None else ex[label_key]
        return image, tf.cast(label, tf.int32)

    return ds.map(example, num_parallel_calls=tf.data.AUTOTUNE), size


def load_image_array(name, split="test", num_examples=None, **kwargs):
    """The first `num_examples` images of a split as uint8 NumPy, in order.

    The reference images of the FID protocol (CelebA at 64x64, cropped as
    in training). `kwargs`: `data_dir`, `manual_dir`, `download`.
    """
    ds, size = decoded_examples(name, split, **kwargs)
    size = size if num_examples is None else min(size, num_examples)
    images, _ = next(iter(ds.take(size).batch(size)))
    return images.numpy()


def load_images(
    name,
    split,
    batch_size,
    *,
    shuffle,
    seed,
    with_labels,
    repeat,
    drop_remainder,
    take,
    data_dir,
    manual_dir,
    download,
):
    """Builds the `tf.data` pipeline for a TFDS image set; see `ganzoo.data.load`."""
    spec = IMAGE_DATASETS[name]
    if with_labels and spec.params.get("label_key", "label") is None:
        raise ValueError(
            f"Received: `with_labels=True` for dataset {name!r}, which has no "
            "class labels; expected `with_labels=False`."
        )
    ds, size = decoded_examples(
        name, split, data_dir=data_dir, manual_dir=manual_dir, download=download
    )
    if take is not None:
        size = min(size, take)
    if repeat and batch_size > size:
        raise ValueError(
            f"Received: `batch_size={batch_size}` with `repeat=True`, but "
            f"split {split!r} of {name!r} has only {size} examples, so every "
            f"batch would hold some of them twice; expected `batch_size <= {size}`."
        )
    if drop_remainder and not repeat and batch_size > size:
        raise ValueError(
            f"Received: `batch_size={batch_size}` with `drop_remainder=True`, "
            f"but split {split!r} of {name!r} has only {size} examples, so no "
            f"batch would be produced; expected `batch_size <= {size}` or "
            "`drop_remainder=False`."
        )
    if take is not None:
        ds = ds.take(take)
    if size * _example_bytes(spec) <= IN_MEMORY_BYTES:
        ds = _from_memory(ds, size, batch_size, shuffle, seed, repeat, drop_remainder)
    else:
        # Cache the decoded uint8 images: PNG decoding is the costly step,
        # and uint8 takes a quarter of float32's room.
        ds = ds.cache()
        if shuffle:
            ds = ds.shuffle(size, seed=seed, reshuffle_each_iteration=True)
        if repeat:
            ds = ds.repeat()
        ds = ds.batch(batch_size, drop_remainder=drop_remainder)

    # Scaling whole batches is one vectorised op instead of one per image.
    # x / 127.5 - 1 maps 0 -> -1 and 255 -> 1 exactly in float32.
    def scale(images, labels):
        images = tf.cast(images, tf.float32) / 127.5 - 1.0
        return (images, labels) if with_labels else images

    ds = ds.map(scale, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)
