"""Pretrained generators by name: `ganzoo.load("dcgan_mnist")`, as keras-hub's presets.

    python -m ganzoo.sample --model=dcgan_mnist --num=64 --out=grid.png

A preset is a folder that is at once a ganzoo export (a SavedModel that
`tf.saved_model.load` reads without ganzoo) and a published result:
`card.json` (the generated model card: config, steps, seed, commit, machine,
metrics with their protocol), `README.md` (the card for people) and
`weights.npz` (every weight of the generator and discriminator, to fine-tune).
`ganzoo/presets/index.json` lists the presets with the sha256 of each of
their files; `load` checks them all before TensorFlow reads a byte, so a
damaged file is an error naming the preset and the file, never a wrong model.
Shipped presets are package data and load offline; an index entry may instead
give the `url` and `sha256` of an archive, downloaded once into
`$GANZOO_CACHE_DIR` (default `~/.cache/ganzoo`). `python -m benchmarks.publish`
writes presets; nothing here is edited by hand.
"""

import dataclasses
import hashlib
import json
import os
import re

import numpy as np

from ganzoo.serving import loading

PRESETS_DIR = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "presets"
)
INDEX_FILE = "index.json"
CARD_FILE = "card.json"
CARD_MARKDOWN = "README.md"
WEIGHTS_FILE = "weights.npz"
CACHE_ENV = "GANZOO_CACHE_DIR"
_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclasses.dataclass(frozen=True)
class PresetInfo:
    """One line of `list_presets()`.

    Args:
        name: the preset's name, e.g. `"dcgan_mnist"`.
        entry: the zoo entry it was trained as (`ganzoo.build(entry)`).
        dataset: the training set.
        metric: the headline metric of its benchmark, e.g. `"fid_domain"`.
        value: that metric, measured on the shipped weights.
        dtype: the stored weights' dtype (`"float16"` or `"float32"`).
    """

    name: str
    entry: str
    dataset: str
    metric: str
    value: float
    dtype: str


def read_index(root=None):
    """Returns the parsed `index.json` of `root` (default: the shipped presets)."""
    path = os.path.join(root or PRESETS_DIR, INDEX_FILE)
    if not os.path.isfile(path):
        return {}
    return _read_json(path, "presets")


def _read_json(path, key=None):
    # A damaged file is named: a bare JSONDecodeError does not say which.
    try:
        with open(path, encoding="utf-8") as f:
            value = json.load(f)
        return value if key is None else value[key]
    except (ValueError, KeyError, TypeError) as error:
        what = f"no {key!r} list" if isinstance(error, (KeyError, TypeError)) else error
        raise ValueError(
            f"Received: the file {path}, which cannot be read ({what}); expected "
            "the JSON that ganzoo wrote there (reinstall ganzoo, or publish the "
            "preset again, to restore it)."
        ) from None


def list_presets(root=None):
    """The pretrained presets `ganzoo.load(name)` accepts, sorted by name.

    Args:
        root: a presets folder holding `index.json`; default the shipped one.

    Returns:
        A dict name -> `PresetInfo` (entry, dataset, headline metric).

    Example:

    >>> ganzoo.list_presets()["dcgan_mnist"].metric
    'fid_domain'
    """
    return {
        name: PresetInfo(
            name,
            entry["entry"],
            entry["dataset"],
            entry["metric"],
            entry["value"],
            entry["dtype"],
        )
        for name, entry in sorted(read_index(root).items())
    }


def is_preset(path_or_name):
    """Whether `ganzoo.load` should treat the argument as a preset.

    True for a name that is not an existing path (`"dcgan_mnist"`) and for
    a folder holding a `card.json`.
    """
    path = os.fspath(path_or_name)
    if os.path.isdir(path):
        return os.path.isfile(os.path.join(path, CARD_FILE))
    return not os.path.exists(path) and _NAME.fullmatch(path) is not None


def sha256_file(path):
    """The SHA-256 hex digest of the file `path`."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def folder_files(folder):
    """Every file under `folder`, as sorted POSIX paths relative to it."""
    return sorted(
        os.path.relpath(os.path.join(d, f), folder).replace(os.sep, "/")
        for d, _, names in os.walk(folder)
        for f in names
    )


def verify(name, folder, files):
    """Checks each file of `files` ({relative path: sha256}) under `folder`.

    Raises:
        ValueError: a file is missing or its sha256 differs; the message
            names the preset and the file.
    """
    for relative, expected in sorted(files.items()):
        path = os.path.join(folder, *relative.split("/"))
        if not os.path.isfile(path):
            raise ValueError(
                f"Preset {name!r} is incomplete: {relative} is missing from "
                f"{folder!r}. Reinstall ganzoo (or delete the cached copy) to "
                "get it back."
            )
        actual = sha256_file(path)
        if actual != expected:
            raise ValueError(
                f"Preset {name!r} is damaged: {relative} in {folder!r} has "
                f"sha256 {actual[:12]}..., expected {expected[:12]}... (a "
                "changed, truncated or corrupted file). Reinstall ganzoo (or "
                "delete the cached copy) rather than use it."
            )


def _index_entry(name, root):
    index = read_index(root)
    if name not in index:
        raise ValueError(
            f"Unknown preset: Received: `{name!r}`, which is neither a preset nor "
            f"an existing path; expected one of {list(list_presets(root))} "
            "(`ganzoo.list_presets()`), an export folder or a URL."
        )
    return index[name]


def preset_folder(name, root=None, cache_dir=None):
    """The verified folder of preset `name`, fetched first if it is remote.

    Args:
        name: a name from `list_presets(root)`.
        root: the presets folder (default: the shipped presets).
        cache_dir: download cache for remote presets (default
            `$GANZOO_CACHE_DIR`, else `~/.cache/ganzoo`).

    Returns:
        The path of the preset's folder, every file's sha256 checked.
    """
    root = root or PRESETS_DIR
    entry = _index_entry(name, root)
    folder = os.path.join(root, name)
    if not os.path.isdir(folder) and entry.get("url"):
        cache_dir = cache_dir or os.environ.get(CACHE_ENV) or "~/.cache/ganzoo"
        cache_dir = os.path.abspath(os.path.expanduser(cache_dir))
        folder = loading._fetch(entry["url"], entry["sha256"], cache_dir)
    elif not os.path.isdir(folder):
        raise ValueError(
            f"Preset {name!r} is listed in {os.path.join(root, INDEX_FILE)!r} "
            f"but its folder {folder!r} is missing and it has no `url`; "
            "reinstall ganzoo."
        )
    verify(name, folder, entry["files"])
    return folder


def read_card(folder):
    """The model card dict of a preset folder (`card.json`)."""
    return _read_json(os.path.join(folder, CARD_FILE))


def load_preset(name_or_folder, root=None, cache_dir=None):
    """Loads a preset's generator, as `ganzoo.load(path)` loads an export.

    Args:
        name_or_folder: a name from `list_presets()`, or a preset folder
            (whose files are checked against its own card).
        root: the presets folder of names (default: the shipped presets).
        cache_dir: download cache for remote presets.

    Returns:
        A `LoadedGAN` (`generate`, `translate`, `metadata`) whose `card` is
        the preset's model card and `preset` its name.

    Example:

    ```python
    gan = ganzoo.load("dcgan_mnist")
    gan.card["metrics"]["fid_domain"]["value"]
    images = gan.generate(64, seed=0)
    ```
    """
    path = os.fspath(name_or_folder)
    if os.path.isdir(path):
        card = read_card(path)
        folder, name = path, card["name"]
        verify(name, folder, card["files"])
    else:
        name = path
        folder = preset_folder(name, root, cache_dir)
        card = read_card(folder)
    gan = loading.load_export(folder)
    gan.card, gan.preset = card, name
    return gan


def save_weights(gan, path, dtype="float32"):
    """Writes every weight of `gan` (networks, not optimizers) to an `.npz`.

    Floating weights are stored as `dtype`; arrays are in `gan.weights`
    order, with their paths, so `load_weights` can check the structure.
    """
    arrays = {}
    for i, weight in enumerate(gan.weights):
        value = np.asarray(weight.numpy())
        if np.issubdtype(value.dtype, np.floating):
            value = value.astype(dtype)
        arrays[f"w{i:04d}"] = value
    paths = np.array([w.path for w in gan.weights])
    with open(path, "wb") as f:
        np.savez(f, paths=paths, **arrays)


def load_weights(gan, path):
    """Assigns the weights `save_weights` wrote into `gan` (same structure)."""
    with np.load(path, allow_pickle=False) as stored:
        paths = [str(p) for p in stored["paths"]]
        if len(paths) != len(gan.weights):
            raise ValueError(
                f"Received: {path!r} with {len(paths)} weights; expected "
                f"{len(gan.weights)} for this model (built with other kwargs?)."
            )
        for i, weight in enumerate(gan.weights):
            value = stored[f"w{i:04d}"]
            if tuple(value.shape) != tuple(weight.shape):
                raise ValueError(
                    f"Received: weight {paths[i]!r} of shape {value.shape} in "
                    f"{path!r}; expected {tuple(weight.shape)} for "
                    f"{weight.path!r}. Build with the preset's own kwargs."
                )
            weight.assign(value.astype(weight.dtype))


def build_from_preset(preset, name=None, root=None, cache_dir=None, **kwargs):
    """A trainable GAN with a preset's generator and discriminator, to fine-tune.

    `ganzoo.build("dcgan", preset="dcgan_mnist")` calls this. The model is
    built with the preset's own `model.kwargs` (then `kwargs`, e.g. another
    `loss`), and gets every weight of both networks; optimizers start afresh
    (their state is not shipped), so `compile()` it as usual.

    Args:
        preset: a name from `list_presets()` or a preset folder.
        name: the zoo entry asked for; must be the preset's entry if given.
        root, cache_dir: as `preset_folder`.
        **kwargs: builder arguments replacing the preset's.

    Returns:
        A `ganzoo.GAN`, not compiled.
    """
    path = os.fspath(preset)
    if os.path.isdir(path):
        folder, card = path, read_card(path)
        verify(card["name"], folder, card["files"])
    else:
        folder = preset_folder(path, root, cache_dir)
        card = read_card(folder)
    if name is not None and name != card["entry"]:
        raise ValueError(
            f"Received: `name={name!r}` with `preset={card['name']!r}`; expected "
            f"`name={card['entry']!r}`, the entry that preset was trained as."
        )
    model_kwargs = dict(card["config"]["values"]["model"]["kwargs"], **kwargs)
    return build_with_weights(
        card["entry"], model_kwargs, os.path.join(folder, WEIGHTS_FILE)
    )


def build_with_weights(entry, model_kwargs, weights_path):
    """`registry` entry `entry` built from JSON kwargs, weights from `save_weights`."""
    from ganzoo import registry

    model_kwargs = dict(model_kwargs)
    if "image_shape" in model_kwargs:  # JSON gives a list.
        model_kwargs["image_shape"] = tuple(model_kwargs["image_shape"])
    gan = registry.build(entry, **model_kwargs)
    load_weights(gan, weights_path)
    return gan
