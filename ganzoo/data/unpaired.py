"""Unpaired image sets for translation (CycleGAN): folders or TFDS `cycle_gan`.

The CycleGAN datasets (horse2zebra, monet2photo, ...) unzip to a folder with
`trainA/`, `trainB/`, `testA/`, `testB/` of JPEG images; TFDS serves the same
sets as `cycle_gan/<name>` with those split names. Both come out of
`load_unpaired` as `(a_images, b_images)` batches in [-1, 1], each domain
shuffled on its own, so a batch pairs unrelated images.
"""

import os
import socket
import threading

import tensorflow as tf

from ganzoo.data.images import resolve_tfds_dir

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp", ".gif")
SPLITS = {"train": ("trainA", "trainB"), "test": ("testA", "testB")}
TFDS_PREFIX = "cycle_gan/"
# Where TFDS's cycle_gan builder downloads from (its _DL_URL).
TFDS_HOST = "efrosgans.eecs.berkeley.edu"
# The paper resizes 256x256 training images to 286x286, then crops 256x256.
LOAD_RATIO = 286 / 256


def list_images(folder):
    """Sorted paths of the image files directly inside `folder`; raises if none."""
    if not os.path.isdir(folder):
        raise FileNotFoundError(
            f"Received: folder {folder!r}; expected a directory of images "
            f"({', '.join(IMAGE_EXTENSIONS)})."
        )
    paths = sorted(
        os.path.join(folder, f)
        for f in os.listdir(folder)
        if f.lower().endswith(IMAGE_EXTENSIONS)
    )
    if not paths:
        raise FileNotFoundError(
            f"Received: folder {folder!r} with no image files; expected files "
            f"ending in {list(IMAGE_EXTENSIONS)}."
        )
    return paths


def check_online(host=TFDS_HOST, port=443, timeout=5.0):
    """Raises `ConnectionError` unless `host:port` answers within `timeout` s.

    The check runs in a daemon thread because name resolution has no timeout
    of its own: offline, a DNS lookup can block for minutes.
    """
    result = {}

    def connect():
        try:
            socket.create_connection((host, port), timeout=timeout).close()
            result["ok"] = True
        except OSError as e:
            result["error"] = e

    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    thread.join(timeout)
    if not result.get("ok"):
        reason = result.get("error", f"no answer within {timeout} s")
        raise ConnectionError(
            f"Cannot reach {host}:{port} ({reason}); downloading a TFDS "
            "cycle_gan set needs internet. Offline, unzip the set elsewhere "
            "and pass its folder (with trainA/, trainB/, testA/, testB/) to "
            "`load_unpaired`."
        )


def _tfds_domains(name, split, data_dir, download, timeout):
    # Imported here: TFDS is slow to import and folders need none.
    import tensorflow_datasets as tfds

    builder = tfds.builder(name, data_dir=resolve_tfds_dir(data_dir))
    if not (os.path.isdir(builder.data_dir) and builder.is_prepared()):
        if not download:
            raise FileNotFoundError(
                f"Received: `source={name!r}`, not prepared in {builder.data_dir}; "
                "expected `download=True` (needs internet) or a local folder "
                "with trainA/, trainB/, testA/, testB/."
            )
        check_online(timeout=timeout)
        config = tfds.download.DownloadConfig(try_download_gcs=False)
        builder.download_and_prepare(download_config=config)
    domains = []
    for tfds_split in SPLITS[split]:
        size = builder.info.splits[tfds_split].num_examples
        ds = builder.as_dataset(split=tfds_split, shuffle_files=False)
        domains.append((ds.map(lambda ex: ex["image"]), size))
    return domains


def _folder_domains(source, split, channels):
    if isinstance(source, (tuple, list)):
        folders = list(source)
    else:
        folders = [os.path.join(source, d) for d in SPLITS[split]]
    domains = []
    for folder in folders:
        paths = list_images(os.path.expanduser(os.fspath(folder)))

        def decode(path):
            data = tf.io.read_file(path)
            return tf.io.decode_image(data, channels=channels, expand_animations=False)

        domains.append(
            (tf.data.Dataset.from_tensor_slices(paths).map(decode), len(paths))
        )
    return domains


def load_unpaired(
    source,
    split="train",
    batch_size=1,
    *,
    image_size=256,
    load_size=None,
    augment=None,
    channels=3,
    shuffle=True,
    seed=None,
    repeat=False,
    take=None,
    data_dir=None,
    download=False,
    timeout=5.0,
):
    """Loads two unpaired image domains as `(a_images, b_images)` batches.

    Training preprocessing follows the paper: resize to `load_size` (286 for
    256), random crop to `image_size`, random horizontal flip. Without
    augmentation images are resized straight to `image_size`. An epoch has
    as many batches as the larger domain fills; the smaller domain repeats.

    Args:
        source: a folder holding `trainA/`, `trainB/`, `testA/`, `testB/`
            (e.g. an unzipped horse2zebra), a pair of image folders
            `(folder_a, folder_b)`, or a TFDS name `"cycle_gan/<name>"`.
        split: `"train"` or `"test"` (ignored for a pair of folders).
        batch_size: pairs per batch (the paper: 1).
        image_size: output side, or `(height, width)`.
        load_size: side (or `(height, width)`) before the random crop;
            defaults to `image_size * 286 / 256`.
        augment: random crop and flip; defaults to True for `"train"`.
        channels: 3 (RGB) or 1 (grey).
        shuffle: shuffle each domain independently every epoch.
        seed: makes the order and the augmentation reproducible.
        repeat: repeat forever.
        take: use only the first `take` images of each domain.
        data_dir: TFDS only: where prepared data lives.
        download: TFDS only: download a set that is not prepared (needs
            internet; offline this fails within `timeout` seconds).
        timeout: seconds to wait for the download host before failing.

    Returns:
        A `tf.data.Dataset` of float32 pairs `(batch, h, w, channels)` in
        [-1, 1], full batches only.

    Example:

    ```python
    ds = ganzoo.data.load_unpaired("datasets/horse2zebra", batch_size=1)
    ds = ganzoo.data.load_unpaired("cycle_gan/horse2zebra", download=True)
    ```

    Reference: Zhu et al., ICCV 2017, appendix 7.1.
    """
    if split not in SPLITS:
        raise ValueError(
            f"Received: `split={split!r}`; expected one of {list(SPLITS)}."
        )
    if channels not in (1, 3):
        raise ValueError(f"Received: `channels={channels!r}`; expected 1 or 3.")
    size = (
        tuple(image_size)
        if isinstance(image_size, (tuple, list))
        else (image_size,) * 2
    )
    if load_size is None:
        load_size = tuple(round(s * LOAD_RATIO) for s in size)
    elif not isinstance(load_size, (tuple, list)):
        load_size = (load_size, load_size)
    if min(load_size[0] - size[0], load_size[1] - size[1]) < 0:
        raise ValueError(
            f"Received: `load_size={load_size!r}`, `image_size={image_size!r}`; "
            "expected load_size >= image_size (the crop is taken from it)."
        )
    augment = split == "train" if augment is None else augment

    if isinstance(source, str) and source.startswith(TFDS_PREFIX):
        domains = _tfds_domains(source, split, data_dir, download, timeout)
    else:
        domains = _folder_domains(source, split, channels)
    if take is not None:
        domains = [(ds.take(take), min(n, take)) for ds, n in domains]
    length = max(n for _, n in domains)
    if not repeat and batch_size > length:
        raise ValueError(
            f"Received: `batch_size={batch_size!r}`; expected at most {length}, "
            "the images of the larger domain (or `repeat=True`)."
        )

    def preprocess(image, seeds):
        image = tf.cast(image, tf.float32)
        if image.shape[-1] != channels:  # TFDS images are RGB.
            image = tf.image.rgb_to_grayscale(image)
        if augment:
            image = tf.image.resize(image, load_size, method="bicubic")
            crop = (*size, channels)
            image = tf.image.stateless_random_crop(image, crop, seed=seeds[0])
            image = tf.image.stateless_random_flip_left_right(image, seed=seeds[1])
        else:
            image = tf.image.resize(image, size, method="bicubic")
        # Bicubic resizing overshoots; clip back to the pixel range.
        return tf.clip_by_value(image, 0.0, 255.0) / 127.5 - 1.0

    def domain(ds, n, offset):
        if shuffle:
            s = None if seed is None else seed + offset
            ds = ds.shuffle(n, seed=s, reshuffle_each_iteration=True)
        s = None if seed is None else seed + 2 + offset
        seeds = tf.data.Dataset.random(seed=s).batch(2).batch(2)
        ds = tf.data.Dataset.zip((ds.repeat(), seeds))
        return ds.map(preprocess, num_parallel_calls=tf.data.AUTOTUNE)

    ds = tf.data.Dataset.zip(tuple(domain(d, n, i) for i, (d, n) in enumerate(domains)))
    if not repeat:
        ds = ds.take(length)
    ds = ds.batch(batch_size, drop_remainder=True)
    return ds.prefetch(tf.data.AUTOTUNE)
