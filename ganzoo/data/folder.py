"""A user's own images: `load_folder(path, image_size=64, ...)`.

Every PNG and JPEG file under `path` (sub-folders included, hidden files
skipped, sorted by path) is one example. Files are decoded in `tf.data`,
resized so that the shorter side is `image_size` (bilinear, antialiased)
and centre-cropped to `image_size x image_size`, rounded to uint8 and cached
(in memory as two tensors when the set fits in `images.IN_MEMORY_BYTES`,
else `Dataset.cache`, optionally to a file), then scaled to [-1, 1] per
batch like every other image set.

Before anything is decoded each file's header is read with Pillow, so an
empty folder, a file that is not an image and mixed channel counts fail at
once with one line naming the file, instead of in the middle of training.
"""

import collections
import os

import numpy as np
import tensorflow as tf

from ganzoo.data import images as images_lib

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg")
# Pillow's modes -> the channels `tf.io.decode_image` gives (palette and
# 16-bit grey images decode to 3 and 1 channels).
_MODE_CHANNELS = {"1": 1, "L": 1, "I;16": 1, "I": 1, "P": 3, "RGB": 3, "CMYK": 3}
_MODE_CHANNELS.update({"LA": 2, "PA": 4, "RGBA": 4})


def list_image_files(path):
    """The sorted PNG/JPEG files under `path` (recursively, no hidden ones)."""
    files = []
    for root, dirs, names in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files += [
            os.path.join(root, n)
            for n in names
            if not n.startswith(".") and n.lower().endswith(IMAGE_EXTENSIONS)
        ]
    return sorted(files)


def _file_channels(files):
    from PIL import Image, UnidentifiedImageError

    channels = []
    for file in files:
        try:
            with Image.open(file) as image:
                mode = image.mode
        except (UnidentifiedImageError, OSError) as error:
            raise ValueError(
                f"Received: an unreadable image file {file!r} "
                f"({type(error).__name__}); expected PNG or JPEG files only."
            ) from None
        channels.append(_MODE_CHANNELS.get(mode, 3))
    return channels


def _check_channels(path, files, channels, wanted):
    if wanted is not None:
        if wanted not in (1, 3):
            raise ValueError(f"Received: `channels={wanted!r}`; expected None, 1 or 3.")
        return wanted
    by_count = collections.defaultdict(list)
    for file, count in zip(files, channels, strict=True):
        by_count[count].append(file)
    if len(by_count) > 1:
        examples = {c: os.path.relpath(f[0], path) for c, f in sorted(by_count.items())}
        raise ValueError(
            f"Received: images with mixed channel counts in {path!r} "
            f"({ {c: len(f) for c, f in sorted(by_count.items())} } files; e.g. "
            f"{examples}); expected one count, or pass `channels=1` or "
            "`channels=3` to convert every image."
        )
    (count,) = by_count
    if count not in (1, 3):
        raise ValueError(
            f"Received: {count}-channel images in {path!r} (an alpha channel, "
            f"e.g. {os.path.relpath(by_count[count][0], path)!r}); expected 1 or "
            "3 channels: pass `channels=3` (or 1) to drop the alpha channel."
        )
    return count


def _resize_and_crop(image, size):
    # Shorter side to `size`, then the centred `size x size` square.
    shape = tf.cast(tf.shape(image)[:2], tf.float32)
    scale = size / tf.reduce_min(shape)
    new_shape = tf.maximum(tf.cast(tf.round(shape * scale), tf.int32), size)
    image = tf.image.resize(image, new_shape, "bilinear", antialias=True)
    image = tf.image.resize_with_crop_or_pad(image, size, size)
    return tf.cast(tf.clip_by_value(tf.round(image), 0.0, 255.0), tf.uint8)


def load_folder(
    path,
    image_size=64,
    batch_size=64,
    *,
    channels=None,
    shuffle=True,
    seed=None,
    repeat=False,
    drop_remainder=True,
    take=None,
    cache_file=None,
):
    """Loads a folder of PNG/JPEG images as a batched `tf.data.Dataset`.

    For unconditional training on a user's own images, e.g. with
    `zoo_configs/dcgan_folder.py --config.data.kwargs.path=/my/images`.

    Args:
        path: a folder; every `.png`, `.jpg` and `.jpeg` file under it
            (recursively) is one example.
        image_size: the side of the square images served: the shorter
            side is resized to it (bilinear, antialiased), then the centre
            is cropped.
        batch_size: examples per batch.
        channels: None (the files' own count, which must be the same for
            all, 1 or 3), or 1 / 3 to convert every image.
        shuffle: shuffle the examples (fully, reshuffled every epoch).
        seed: makes the order reproducible.
        repeat: repeat forever.
        drop_remainder: drop a last, smaller batch.
        take: keep only the first `take` files (in path order).
        cache_file: cache decoded images in this file instead of memory
            (sets too large for memory); ignored when the set fits.

    Returns:
        A `tf.data.Dataset` of float32 images `(batch, image_size,
        image_size, channels)` in [-1, 1].

    Raises:
        FileNotFoundError: `path` is not a folder.
        ValueError: no image files, an unreadable file, mixed channel
            counts, or a batch size larger than the number of images.

    Example:

    ```python
    ds = ganzoo.data.load_folder("/data/faces", image_size=64, batch_size=64)
    gan = ganzoo.build("dcgan", image_shape=(64, 64, 3))
    ```
    """
    examples, size, count = _decoded(path, image_size, channels, take)
    if batch_size > size and (repeat or drop_remainder):
        raise ValueError(
            f"Received: `batch_size={batch_size}`, but {path!r} holds only "
            f"{size} images; expected `batch_size <= {size}`."
        )
    spec_bytes = image_size * image_size * count + 4
    if size * spec_bytes <= images_lib.IN_MEMORY_BYTES:
        ds = images_lib._from_memory(
            examples, size, batch_size, shuffle, seed, repeat, drop_remainder
        )
    else:
        ds = examples.cache(os.fspath(cache_file) if cache_file else "")
        if shuffle:
            ds = ds.shuffle(size, seed=seed, reshuffle_each_iteration=True)
        ds = ds.repeat() if repeat else ds
        ds = ds.batch(batch_size, drop_remainder=drop_remainder)
    ds = ds.map(
        lambda x, _: tf.cast(x, tf.float32) / 127.5 - 1.0,
        num_parallel_calls=tf.data.AUTOTUNE,
    )
    return ds.prefetch(tf.data.AUTOTUNE)


def _decoded(path, image_size, channels, take):
    # `(uint8 image, 0)` pairs, their count and channels, after the checks.
    if (
        isinstance(image_size, bool)
        or not isinstance(image_size, int)
        or image_size < 1
    ):
        raise ValueError(
            f"Received: `image_size={image_size!r}`; expected a positive int."
        )
    path = os.path.abspath(os.path.expanduser(os.fspath(path or "")))
    if not os.path.isdir(path):
        raise FileNotFoundError(
            f"Received: `path={path!r}`, which is not a folder; expected a "
            "folder of PNG or JPEG images (`--config.data.kwargs.path=...`)."
        )
    files = list_image_files(path)[:take]
    if not files:
        raise ValueError(
            f"Received: `path={path!r}`, which holds no image files; expected "
            f"PNG or JPEG files ({', '.join(IMAGE_EXTENSIONS)}) in it or below it."
        )
    count = _check_channels(path, files, _file_channels(files), channels)

    def decode(file):
        raw = tf.io.read_file(file)
        image = tf.io.decode_image(raw, channels=count, expand_animations=False)
        return _resize_and_crop(image, image_size), tf.zeros((), tf.int32)

    ds = tf.data.Dataset.from_tensor_slices(files)
    ds = ds.map(decode, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)
    return ds, len(files), count


def load_folder_array(path, image_size=64, num_examples=None, *, channels=None):
    """The first `num_examples` images of a folder as uint8 NumPy, in order.

    The reference images of an FID on a folder (its images, processed as
    in training).
    """
    ds, size, _ = _decoded(path, image_size, channels, num_examples)
    return np.asarray(next(iter(ds.batch(size)))[0])


def load_folder_dataset(
    name="folder", split="train", batch_size=64, *, path="", **kwargs
):
    """`load_folder` under the loaders' common signature (`config.data.loader`).

    Args:
        name: `"folder"`.
        split: `"train"` (a folder has one split).
        batch_size: examples per batch.
        path: the folder (`--config.data.kwargs.path=...`).
        **kwargs: `image_size`, `channels`, `seed`, `repeat`, `take`, ... of
            `load_folder`.
    """
    if name != "folder" or split != "train":
        raise ValueError(
            f"Received: `name={name!r}`, `split={split!r}`; expected 'folder' "
            "and 'train' (a folder of images has one split)."
        )
    return load_folder(path, batch_size=batch_size, **kwargs)
