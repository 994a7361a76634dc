"""Load generators exported by `ganzoo.export`, from a folder or a URL.

`load(path_or_url)` checks that a folder is a complete ganzoo export (with a
clear error naming what is missing), downloads and unpacks an archive URL
once into a cache with its SHA-256 checked, and returns a `LoadedGAN` whose
`generate(n, seed, labels)` gives what the exported model's `generate` gave.
The export's format (file names, seed rule) is defined here, below `export`.
"""

import hashlib
import json
import os
import tarfile

import keras
import numpy as np
import tensorflow as tf

# keras.random reduces an integer seed modulo this; the exports' rule.
from ganzoo.models.signatures import SEED_MODULUS

METADATA_FILE = "ganzoo_metadata.json"
FORMAT = "ganzoo.export"
FORMAT_VERSION = 1


def has_saved_model(path):
    return any(
        os.path.exists(os.path.join(path, f))
        for f in ("saved_model.pb", "saved_model.pbtxt")
    )


class LoadedGAN:
    """A generator exported by `ganzoo.export`, loaded back; see `load`.

    Attributes:
        metadata: the export's metadata dict (`kind`, `model`, shapes...).
        module: the object `tf.saved_model.load` returned.
        path: the SavedModel directory.
        card: a preset's model card dict (`ganzoo.load("dcgan_mnist")`), else None.
    """

    def __init__(self, module, metadata, path):
        self.module, self.metadata, self.path = module, metadata, path
        self.kind = metadata["kind"]
        self.card = self.preset = None  # Set by `presets.load_preset`.

    def _require(self, method, kinds, instead):
        if self.kind not in kinds:
            raise ValueError(
                f"Received: `{method}` on the `{self.kind}` export at "
                f"{self.path!r}; expected `{instead}` for this kind."
            )

    def _labels(self, labels, n, seed):
        num_classes = self.metadata["num_classes"]
        if labels is None:
            # As `ConditionalGAN.sample_labels`: NumPy, apart from the noise.
            labels = np.random.default_rng(seed).integers(num_classes, size=n)
        labels = np.broadcast_to(np.asarray(labels), (n,))
        if not np.issubdtype(labels.dtype, np.integer) or (
            n and (labels.min() < 0 or labels.max() >= num_classes)
        ):
            raise ValueError(
                f"Received: `labels={labels.tolist()!r}`; expected integers in "
                f"[0, {num_classes}) (one, or one per sample)."
            )
        dtype = self.metadata["signatures"]["serve"]["inputs"]["labels"]["dtype"]
        shape = (n, *self.metadata["labels_shape"])
        return labels.reshape(shape).astype(dtype)

    def generate(
        self, n=None, seed=None, labels=None, batch_size=256, text=None, latents=None
    ):
        """Samples `n` outputs, like `GAN.generate` of the exported model.

        Args:
            n: number of samples.
            seed: integer; the same seed gives the same samples as the
                original model's `generate(n, seed)`. `None` picks one at random.
            labels: conditional exports only: one class id or one per
                sample; `None` draws them as the model's `generate` does.
            batch_size: samples per generator call, to bound memory.
            text: text exports only: a caption or a list of captions (then
                `n` is optional: one sample per caption, or `n` of one).
            latents: `(n, latent_dim)` codes to decode instead of drawing
                them from `seed` (`n` is then optional); not for text exports.

        Returns:
            A float32 NumPy array `(n,) + output_shape`, in [-1, 1].

        Example:

        ```python
        images = ganzoo.load("/tmp/dcgan").generate(16, seed=0)
        ```
        """
        self._require(
            "generate",
            ("unconditional", "conditional", "text"),
            "translate(images, direction)",
        )
        if text is not None:
            return self._generate_text(n, seed, text, batch_size)
        if latents is not None:
            from ganzoo.latent import check_latents

            latents = check_latents(latents, self.metadata["latent_dim"], n)
            n = len(latents)
        if not isinstance(n, (int, np.integer)) or n < 0:
            raise ValueError(f"Received: `n={n!r}`; expected an integer >= 0.")
        if seed is None:
            seed = int(np.random.default_rng().integers(SEED_MODULUS))
        inputs = {}
        if self.kind == "conditional":
            inputs["labels"] = tf.constant(self._labels(labels, n, seed))
        elif labels is not None:
            raise ValueError(
                f"Received: `labels` for the unconditional export at "
                f"{self.path!r}; expected `labels=None`."
            )
        if latents is None:
            # keras.random reduces the seed the same way; it then fits int32.
            latents = self.module.sample_latent(num=n, seed=int(seed) % SEED_MODULUS)
            latents = latents["latents"]
        inputs["latents"] = tf.constant(latents)
        return self._batched("serve", inputs, n, batch_size)

    def _generate_text(self, n, seed, text, batch_size):
        # As `StackGAN.generate(n, seed, text)`: the prior's latents for
        # `seed`, then the text path.
        self._require("generate(text=...)", ("text",), "generate(n, seed)")
        text = [text] if isinstance(text, (str, bytes)) else list(text)
        if n is not None and len(text) == 1:
            text = text * n
        if not text or (n is not None and len(text) != n):
            raise ValueError(
                f"Received: `n={n!r}` and {len(text)} captions; expected one "
                "caption, or one per sample."
            )
        if seed is None:
            seed = int(np.random.default_rng().integers(SEED_MODULUS))
        latents = self.module.sample_latent(
            num=len(text), seed=int(seed) % SEED_MODULUS
        )["latents"]
        inputs = {"text": tf.constant(text), "latents": latents}
        return self._batched("serve_text", inputs, len(text), batch_size)

    def translate(self, images, direction=None, batch_size=256):
        """Maps images with the exported direction `direction` (e.g. "a2b").

        Args:
            images: float array `(n, height, width, channels)` in [-1, 1].
            direction: one of `metadata["directions"]`; default the first.
            batch_size: images per generator call.

        Returns:
            A float32 NumPy array of the translated images.
        """
        self._require("translate", ("translation",), "generate(n, seed)")
        directions = self.metadata["directions"]
        direction = direction or directions[0]
        if direction not in directions:
            raise ValueError(
                f"Received: `direction={direction!r}`; expected one of {directions}."
            )
        images = tf.constant(np.asarray(images, np.float32))
        return self._batched(direction, {"images": images}, len(images), batch_size)

    def _batched(self, name, inputs, n, batch_size):
        function = getattr(self.module, name)
        chunks = [
            function(**{k: v[i : i + batch_size] for k, v in inputs.items()})
            for i in range(0, n, batch_size)
        ]
        if not chunks:
            signature = self.metadata["signatures"][self.metadata["default_signature"]]
            if name in self.metadata["signatures"]:
                signature = self.metadata["signatures"][name]
            shape = signature["outputs"]["images"]["shape"][1:]
            return np.zeros((0, *shape), np.float32)
        return np.concatenate([c["images"].numpy() for c in chunks])


def _fetch(url, sha256, cache_dir):
    name = os.path.basename(url.split("?")[0])
    if not name.endswith((".zip", ".tar", ".tar.gz", ".tgz")):
        raise ValueError(
            f"Received: `path_or_url={url!r}`; expected the URL of a .zip, "
            ".tar or .tar.gz archive of a SavedModel (a folder cannot be "
            "downloaded)."
        )
    # One cache folder per URL, so two exports both named model.zip never
    # share a cached copy.
    key = hashlib.sha256(url.encode()).hexdigest()[:16]
    if cache_dir:  # get_file silently uses /tmp/.keras for a missing folder.
        os.makedirs(cache_dir, exist_ok=True)
    try:
        folder = keras.utils.get_file(
            origin=url,
            file_hash=sha256,
            hash_algorithm="sha256",
            cache_dir=cache_dir,
            cache_subdir=os.path.join("ganzoo", key),
            extract=True,
        )
    except ValueError as error:
        if sha256 is None or "hash" not in str(error):
            raise
        raise ValueError(
            f"Refused {url!r}: its sha256 is not the expected `sha256={sha256!r}` "
            "(a changed, truncated or tampered file). Check the URL and hash."
        ) from error
    if not os.path.isdir(folder):
        raise ValueError(
            f"Received: `path_or_url={url!r}`, which could not be unpacked; "
            "expected a valid .zip, .tar or .tar.gz archive."
        )
    if has_saved_model(folder):
        return folder
    # Archives usually hold one top folder with the SavedModel inside.
    inner = [os.path.join(folder, d) for d in sorted(os.listdir(folder))]
    inner = [d for d in inner if os.path.isdir(d) and has_saved_model(d)]
    if len(inner) != 1:
        raise ValueError(
            f"Received: `path_or_url={url!r}`; expected an archive holding one "
            f"SavedModel, but {folder!r} has {len(inner)} at its top levels."
        )
    return inner[0]


def load(path_or_url, sha256=None, cache_dir=None):
    """Loads a generator written by `ganzoo.export`.

    Args:
        path_or_url: a preset name (`ganzoo.list_presets()`, files checked
            against their sha256), a SavedModel folder, or the http(s):// or
            file:// URL of a .zip / .tar.gz archive of one, downloaded once
            into a cache.
        sha256: expected SHA-256 hex digest of the archive; a mismatch is
            refused. Strongly advised for URLs.
        cache_dir: cache root for downloads (default `$GANZOO_CACHE_DIR`,
            else `$KERAS_HOME` or `~/.keras`); archives go under `ganzoo/` in it.

    Returns:
        A `LoadedGAN` with `generate(n, seed, labels)` (or `translate` for
        image-to-image exports) and `metadata`.

    Example:

    ```python
    gan = ganzoo.load("https://example.org/dcgan_mnist.tar.gz", sha256="9f2c...")
    images = gan.generate(64, seed=0)
    ```
    """
    from ganzoo.serving import presets  # Late: presets imports this module.

    if presets.is_preset(path_or_url):
        return presets.load_preset(path_or_url, cache_dir=cache_dir)
    return load_export(path_or_url, sha256, cache_dir)


def load_export(path_or_url, sha256=None, cache_dir=None):
    """`load` for exports only (no preset names); presets load through it."""
    path = os.fspath(path_or_url)
    cache_dir = cache_dir or os.environ.get("GANZOO_CACHE_DIR")
    if path.startswith(("http://", "https://", "file://")):
        path = _fetch(path, sha256, cache_dir)
    if not os.path.isdir(path):
        raise FileNotFoundError(
            f"Received: `path_or_url={path!r}`; expected a SavedModel folder "
            "written by `ganzoo.export`, or an http(s):// or file:// URL of its "
            "archive, but no such folder exists."
        )
    if not has_saved_model(path):
        raise ValueError(
            f"Received: `path_or_url={path!r}`, which is not a SavedModel: "
            "saved_model.pb is missing (an incomplete copy or download?)."
        )
    metadata_path = os.path.join(path, "assets", METADATA_FILE)
    if not os.path.isfile(metadata_path):
        raise ValueError(
            f"Received: `path_or_url={path!r}`, a SavedModel but not a ganzoo "
            f"export: assets/{METADATA_FILE} is missing. Write it with "
            "`ganzoo.export(gan, path)`, or load it with `tf.saved_model.load`."
        )
    try:
        with open(metadata_path, encoding="utf-8") as f:
            metadata = json.load(f)
        if metadata.get("format") != FORMAT:
            raise ValueError(f"`format` is {metadata.get('format')!r}")
    except ValueError as error:
        raise ValueError(
            f"Received: `path_or_url={path!r}` with an unreadable "
            f"{metadata_path!r} ({error}); expected the JSON metadata of "
            f"a ganzoo export (`format: {FORMAT}`)."
        ) from error
    try:
        module = tf.saved_model.load(path)
    except Exception as error:  # TF raises many types for a damaged model.
        raise ValueError(
            f"Could not load the SavedModel at {path!r}: {type(error).__name__}: "
            f"{error}. Its files are corrupted or incomplete; export or download "
            "it again."
        ) from error
    missing = [k for k in metadata["signatures"] if not hasattr(module, k)]
    if missing:
        raise ValueError(
            f"Received: `path_or_url={path!r}` whose metadata lists the "
            f"functions {missing}, but the SavedModel lacks them; expected an "
            "unmodified ganzoo export."
        )
    return LoadedGAN(module, metadata, path)


def make_archive(path, archive_path):
    """Packs an exported SavedModel folder as a .tar.gz to publish.

    Args:
        path: the folder written by `export`.
        archive_path: the `.tar.gz` file to write.

    Returns:
        The archive's SHA-256 hex digest, to pass to `load(url, sha256=...)`.
    """
    archive_path = os.fspath(archive_path)
    with tarfile.open(archive_path, "w:gz") as tar:
        tar.add(path, arcname=os.path.basename(os.path.normpath(path)))
    digest = hashlib.sha256()
    with open(archive_path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
