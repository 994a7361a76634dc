"""Captioned images: rendered coloured shapes, and a captioned image folder.

`render_shapes(n, image_size, seed)` draws one shape per image (Pillow, no
antialiasing) with known attributes and several paraphrased captions, so
a generated image can be checked against its caption. `load_captions`
serves `(images in [-1, 1], token_ids)` batches (or raw caption strings);
`load_caption_folder` does the same for a user's folder (CUB-style).
"""

import os

import keras
import numpy as np
import tensorflow as tf
from PIL import Image, ImageDraw

from ganzoo.data import catalog
from ganzoo.data import tokenizer as text_lib

SHAPES = ("circle", "square", "triangle")
COLOURS = {
    "red": (230, 30, 30),
    "green": (30, 200, 30),
    "blue": (40, 60, 240),
    "yellow": (240, 220, 30),
    "cyan": (30, 220, 220),
    "magenta": (220, 40, 220),
}
SIZES = {"small": 0.12, "large": 0.22}  # Half-side as a fraction of the image.
SIZE_WORDS = {"small": ("small", "little"), "large": ("large", "big")}
POSITIONS = {  # Centre (x, y) as fractions of the image.
    "top": (0.5, 0.25),
    "bottom": (0.5, 0.75),
    "left": (0.25, 0.5),
    "right": (0.75, 0.5),
    "center": (0.5, 0.5),
}
ATTRIBUTES = {
    "shape": SHAPES,
    "colour": tuple(COLOURS),
    "size": tuple(SIZES),
    "position": tuple(POSITIONS),
}
TEMPLATES = (
    "a {size} {colour} {shape} at the {position}",
    "there is a {size} {shape} in {colour} at the {position}",
    "the {position} of the picture holds a {size} {colour} {shape}",
    "a {colour} {shape} that is {size} placed at the {position}",
    "{size} {colour} {shape} on a black background at the {position}",
)
# The last template never appears in training captions: held-out phrasing.
TRAIN_TEMPLATES = len(TEMPLATES) - 1
SEQUENCE_LENGTH = 16
_SPLIT_OFFSETS = {"train": 0, "test": 1_000_003}


def shapes_vocabulary():
    """The fixed vocabulary of the shapes captions (sorted words)."""
    words = set()
    for template in TEMPLATES:
        words.update(w for w in template.split() if not w.startswith("{"))
    for values in (SHAPES, COLOURS, POSITIONS):
        words.update(values)
    for synonyms in SIZE_WORDS.values():
        words.update(synonyms)
    return sorted(words)


def caption(attributes, template=0, synonym=0):
    """The caption of a dict of attribute names, e.g. `{"shape": "circle"...}`."""
    words = dict(attributes)
    words["size"] = SIZE_WORDS[attributes["size"]][synonym % 2]
    return TEMPLATES[template].format(**words)


def _draw(attributes, image_size, jitter):
    image = Image.new("RGB", (image_size, image_size))
    x, y = POSITIONS[attributes["position"]]
    cx, cy = (x + jitter[0]) * image_size, (y + jitter[1]) * image_size
    r = SIZES[attributes["size"]] * image_size
    box = [cx - r, cy - r, cx + r, cy + r]
    colour = COLOURS[attributes["colour"]]
    draw = ImageDraw.Draw(image)
    if attributes["shape"] == "circle":
        draw.ellipse(box, fill=colour)
    elif attributes["shape"] == "square":
        draw.rectangle(box, fill=colour)
    else:
        draw.polygon([(cx, cy - r), (cx - r, cy + r), (cx + r, cy + r)], fill=colour)
    return np.asarray(image)


def render_shapes(num_examples, image_size=64, seed=0, split="train"):
    """Renders `num_examples` captioned shape images, deterministically.

    Args:
        num_examples: number of images.
        image_size: side in pixels.
        seed: NumPy seed; the same seed (and split) gives the same set.
        split: `"train"` (captions from the training templates) or `"test"`
            (other images, captions from every template incl. a held-out one).

    Returns:
        A dict with `images` (uint8 `(n, side, side, 3)`), `captions` (a
        `(n, k)` array of strings), `attributes` (`{name: (n,) int ids}` into
        `ATTRIBUTES[name]`) and `centers` (`(n, 2)` pixel x, y).
    """
    if split not in _SPLIT_OFFSETS:
        raise ValueError(
            f"Received: `split={split!r}`; expected one of {list(_SPLIT_OFFSETS)}."
        )
    rng = np.random.default_rng(seed + _SPLIT_OFFSETS[split])
    ids = {k: rng.integers(len(v), size=num_examples) for k, v in ATTRIBUTES.items()}
    jitter = rng.uniform(-0.04, 0.04, (num_examples, 2))
    templates = TRAIN_TEMPLATES if split == "train" else len(TEMPLATES)
    images, captions = [], []
    for i in range(num_examples):
        attrs = {k: ATTRIBUTES[k][ids[k][i]] for k in ATTRIBUTES}
        images.append(_draw(attrs, image_size, jitter[i]))
        captions.append([caption(attrs, t, i + t) for t in range(templates)])
    positions = np.array(
        [POSITIONS[ATTRIBUTES["position"][p]] for p in ids["position"]]
    )
    return dict(
        images=np.stack(images) if images else np.zeros((0, image_size, image_size, 3)),
        captions=np.array(captions, dtype=object).reshape(num_examples, templates),
        attributes=ids,
        centers=(positions + jitter) * image_size,
    )


def _pipeline(images, captions, batch_size, seed, repeat, tokens, vocabulary, length):
    """`(images [-1, 1], one random caption each)` batches, seeded."""
    ds = tf.data.Dataset.from_tensor_slices((images, captions))
    if repeat:
        ds = ds.repeat()
    ds = ds.shuffle(min(len(images), 10_000), seed=seed)
    # A seeded random stream picks one of each image's captions.
    ds = tf.data.Dataset.zip(ds, tf.data.Dataset.random(seed=seed))

    def pick(example, r):
        image, texts = example
        index = tf.math.floormod(r, tf.cast(tf.shape(texts)[0], tf.int64))
        image = tf.cast(image, tf.float32) / 127.5 - 1.0
        return image, texts[index]

    ds = ds.map(pick, num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.batch(batch_size, drop_remainder=True)
    if tokens:
        vectorizer = text_lib.make_vectorizer(vocabulary, length)
        ds = ds.map(lambda x, t: (x, tf.cast(vectorizer(t), tf.int32)))
    return ds.prefetch(tf.data.AUTOTUNE)


def load_captions(
    name="shapes",
    split="train",
    batch_size=64,
    seed=0,
    repeat=False,
    image_size=64,
    num_examples=10_000,
    take=None,
    tokens=True,
):
    """Batches of a no-download captioned set: `(images, token_ids)`.

    Args:
        name: `"shapes"` (see `render_shapes`).
        split: `"train"` or `"test"`.
        batch_size: examples per batch.
        seed: seeds the rendering and the order.
        repeat: whether to repeat forever.
        image_size: side in pixels.
        num_examples: images rendered.
        take: optional smaller `num_examples` (smoke runs).
        tokens: `True` for int32 ids of the shapes vocabulary
            (`SEQUENCE_LENGTH` per caption), `False` for raw strings.

    Example:

    ```python
    ds = ganzoo.data.load_captions("shapes", batch_size=64, repeat=True)
    ```
    """
    if name not in catalog.list_datasets("captions"):
        raise ValueError(
            f"Received: `name={name!r}`; expected one of "
            f"{catalog.list_datasets('captions')}."
        )
    data = render_shapes(take or num_examples, image_size, seed, split)
    captions = data["captions"].astype(str)
    vocabulary = shapes_vocabulary()
    return _pipeline(
        data["images"],
        captions,
        batch_size,
        seed,
        repeat,
        tokens,
        vocabulary,
        SEQUENCE_LENGTH,
    )


_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp")


def read_caption_folder(folder, image_size=64):
    """Reads `<name>.png|jpg` images with their `<name>.txt` captions.

    Captions sit beside each image or, CUB-style, under `<folder>/text/`
    mirroring `<folder>/images/`; one caption per non-empty line.

    Returns:
        `(uint8 images (n, side, side, 3), list of caption lists)`.
    """
    images, captions = [], []
    for root, _, files in sorted(os.walk(folder)):
        for f in sorted(files):
            stem, suffix = os.path.splitext(f)
            if suffix.lower() not in _IMAGE_SUFFIXES:
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(os.path.join(root, stem), folder)
            candidates = [os.path.join(root, stem + ".txt")]
            if rel.split(os.sep)[0] == "images":
                candidates.append(os.path.join(folder, "text", *rel.split(os.sep)[1:]))
                candidates[-1] += ".txt"
            text = next((c for c in candidates if os.path.isfile(c)), None)
            if text is None:
                raise ValueError(
                    f"Received: image {path!r} without captions; expected one "
                    f"of {candidates}."
                )
            with open(text, encoding="utf-8") as fh:
                captions.append([line.strip() for line in fh if line.strip()])
            image = Image.open(path).convert("RGB").resize((image_size,) * 2)
            images.append(np.asarray(image))
    if not images:
        raise ValueError(
            f"Received: `name={folder!r}`; expected a folder of images with "
            "caption .txt files, found no images."
        )
    return np.stack(images), captions


def caption_vocabulary(folder, max_tokens=5000):
    """The vocabulary of a caption folder, to give `ganzoo.build("stackgan")`."""
    _, captions = read_caption_folder(folder, image_size=4)
    vectorizer = keras.layers.TextVectorization(max_tokens=max_tokens)
    vectorizer.adapt([c for cs in captions for c in cs])
    return vectorizer.get_vocabulary()[text_lib.RESERVED_TOKENS :]


def load_caption_folder(
    name,
    split="train",
    batch_size=64,
    seed=0,
    repeat=False,
    image_size=64,
    vocabulary=None,
    sequence_length=SEQUENCE_LENGTH,
    tokens=True,
):
    """Batches of a captioned image folder (e.g. CUB-200 with captions).

    Args:
        name: the folder (see `read_caption_folder`).
        split: unused (the folder is the split); kept for the loader API.
        batch_size: examples per batch.
        seed: order and caption choice.
        repeat: whether to repeat forever.
        image_size: images are resized to this side.
        vocabulary: word list; `None` uses `caption_vocabulary(name)` (give
            the model the same list).
        sequence_length: ids per caption (give the model the same number).
        tokens: `True` for int32 ids, `False` for raw strings.
    """
    del split
    images, captions = read_caption_folder(name, image_size)
    width = max(len(c) for c in captions)
    # Pad short caption lists by cycling, so every row has `width` captions.
    table = np.array([[c[i % len(c)] for i in range(width)] for c in captions])
    vocabulary = vocabulary or caption_vocabulary(name)
    return _pipeline(
        images, table, batch_size, seed, repeat, tokens, vocabulary, sequence_length
    )
