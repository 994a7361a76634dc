"""Export zoo generators as TensorFlow SavedModels with their metadata.

`export(gan, path)` saves a `tf.Module` whose `tf.function`s wrap the
generator(s), so plain TensorFlow uses it without ganzoo:

```python
m = tf.saved_model.load(path)
m.serve(latents)["images"]              # latents: float32 [n, latent_dim]
m.sample(num=16, seed=0)["images"]      # draws the latent prior in the graph
json.loads(m.metadata().numpy())        # also assets/ganzoo_metadata.json
```

`load(path_or_url)` (from `ganzoo.loading`) gives back a `LoadedGAN` whose
`generate(n, seed)` equals the exported model's `generate(n, seed)`.

Protocol: every kind goes through `export`. It asks `get_export_spec(gan)`,
which returns `gan.export_spec()` when the model defines one, else:

- models with `translate` (CycleGAN): `translation_spec(gan,
  gan.generators)`, one `images -> images` signature per
  direction (`a2b`, `b2a`); `serve`/`serving_default` is the first one;
- generators taking `[latents, labels]` with `gan.num_classes` (cGAN,
  AC-GAN): `conditional_spec`: `serve(latents, labels)`,
  `sample(seed, labels)`, `sample_latent(num, seed)`;
- generators taking latents only (also SGAN): `unconditional_spec`:
  `serve(latents)`, `sample(num, seed)`, `sample_latent(num, seed)`.

Another kind (e.g. text-conditioned) defines `export_spec()` returning an
`ExportSpec(kind, signatures, default, metadata)`: `signatures` maps names
to `Signature(fn, inputs)`, `inputs` a dict of `tf.TensorSpec`s whose keys
are `fn`'s parameters in order, `fn` returning a dict of tensors with the
generated batch under `"images"`; `default` becomes `serve`; `metadata` is
JSON facts for users. The variables the functions read are found by tracing,
so nothing else is declared. `sample`/`sample_latent` draw the prior with the
stateless ops `keras.random` uses for an integer seed: same seed, same noise
(`load` passes `seed % (2**31 - 2)`, the reduction Keras applies, as int32).
"""

import dataclasses
import inspect
import json
import os
import shutil
import tempfile
from collections.abc import Callable

import tensorflow as tf

from ganzoo.serving.loading import (
    FORMAT,
    FORMAT_VERSION,
    METADATA_FILE,
    SEED_MODULUS,
    LoadedGAN,
    has_saved_model,
    load,
    make_archive,
)

__all__ = ["ExportSpec", "LoadedGAN", "Signature", "export", "load", "make_archive"]
OUTPUT_RANGE = (-1.0, 1.0)
# Attributes of the saved module that are not signatures.
_RESERVED = {"metadata", "metadata_file", "ganzoo_variables"}
_NUM = tf.TensorSpec([], tf.int32)
_SEED = tf.TensorSpec([], tf.int32)


@dataclasses.dataclass
class Signature:
    """One exported function.

    Args:
        fn: Python function whose parameters are the keys of `inputs` (in
            order); it returns a dict of output tensors.
        inputs: dict of input name -> `tf.TensorSpec`.
    """

    fn: Callable
    inputs: dict


@dataclasses.dataclass
class ExportSpec:
    """What `export` writes for one model; see the module docstring.

    Args:
        kind: `"unconditional"`, `"conditional"`, `"translation"` or the
            model's own kind name.
        signatures: dict of name -> `Signature`.
        default: the signature that is also `serve` and `serving_default`.
        metadata: JSON-serializable facts for users (shapes, classes...).
        trackables: name -> object (e.g. a `TextVectorization`) whose
            resources the functions read; saved as attributes of the module.
    """

    kind: str
    signatures: dict
    default: str
    metadata: dict = dataclasses.field(default_factory=dict)
    # Objects the functions use that own untracked resources (e.g. a
    # tokenizer's lookup table): name -> object, set on the saved module.
    trackables: dict = dataclasses.field(default_factory=dict)


def stateless_seed(seed):
    """The `[2]` int32 seed that `keras.random` derives from an integer seed."""
    pair = tf.stack([tf.cast(seed, tf.int64), tf.constant(0, tf.int64)])
    return tf.cast(tf.math.floormod(pair, SEED_MODULUS), tf.int32)


def latent_prior(latent_dim, distribution="normal", dtype=tf.float32):
    """Returns `fn(num, seed)` drawing latents as `GAN.sample_latent` does."""

    def prior(num, seed):
        shape = tf.stack([num, latent_dim])
        seed = stateless_seed(seed)
        if distribution == "uniform":
            return tf.random.stateless_uniform(
                shape, seed, minval=-1.0, maxval=1.0, dtype=dtype
            )
        return tf.random.stateless_normal(shape, seed, dtype=dtype)

    return prior


def _input_spec(tensor):
    return tf.TensorSpec([None, *tensor.shape[1:]], tensor.dtype)


def _latent_metadata(gan):
    return dict(
        latent_dim=gan.latent_dim,
        latent_distribution=gan.latent_distribution,
        output_shape=list(gan.image_shape),
        output_range=list(OUTPUT_RANGE),
    )


def unconditional_spec(gan, latents_spec=None):
    """Default spec of a `GAN` whose generator maps latents to images.

    Args:
        gan: the model.
        latents_spec: `tf.TensorSpec` of the latents; `None` reads it from a
            functional generator's input (a subclassed one must pass it).
    """
    generator = gan.generator
    if latents_spec is None:
        latents_spec = _input_spec(generator.inputs[0])
    prior = latent_prior(gan.latent_dim, gan.latent_distribution, latents_spec.dtype)

    def serve(latents):
        return {"images": generator(latents, training=False)}

    def sample(num, seed):
        latents = prior(num, seed)
        return {"images": generator(latents, training=False), "latents": latents}

    def sample_latent(num, seed):
        return {"latents": prior(num, seed)}

    return ExportSpec(
        kind="unconditional",
        signatures={
            "serve": Signature(serve, {"latents": latents_spec}),
            "sample": Signature(sample, {"num": _NUM, "seed": _SEED}),
            "sample_latent": Signature(sample_latent, {"num": _NUM, "seed": _SEED}),
        },
        default="serve",
        metadata=_latent_metadata(gan),
    )


def conditional_spec(gan):
    """Default spec of a GAN whose generator maps `[latents, labels]`."""
    generator = gan.generator
    latents_spec, labels_spec = (_input_spec(t) for t in generator.inputs[:2])
    prior = latent_prior(gan.latent_dim, gan.latent_distribution, latents_spec.dtype)

    def serve(latents, labels):
        return {"images": generator([latents, labels], training=False)}

    def sample(seed, labels):
        latents = prior(tf.shape(labels)[0], seed)
        images = generator([latents, labels], training=False)
        return {"images": images, "latents": latents}

    def sample_latent(num, seed):
        return {"latents": prior(num, seed)}

    num_classes = int(gan.num_classes)
    class_names = getattr(gan, "class_names", None) or [
        str(i) for i in range(num_classes)
    ]
    return ExportSpec(
        kind="conditional",
        signatures={
            "serve": Signature(serve, {"latents": latents_spec, "labels": labels_spec}),
            "sample": Signature(sample, {"seed": _SEED, "labels": labels_spec}),
            "sample_latent": Signature(sample_latent, {"num": _NUM, "seed": _SEED}),
        },
        default="serve",
        metadata=dict(
            _latent_metadata(gan),
            num_classes=num_classes,
            class_names=list(class_names),
            labels_shape=list(labels_spec.shape[1:]),
        ),
    )


def translation_spec(gan, generators):
    """Spec of an image-to-image model, one signature per direction.

    Args:
        gan: the model (its `image_shape` goes into the metadata if present).
        generators: dict of direction name (e.g. `"a2b"`) -> `keras.Model`
            mapping images to images; the first is the default.

    Example:

    ```python
    def export_spec(self):  # in a CycleGAN class
        return translation_spec(self, {"a2b": self.g_ab, "b2a": self.g_ba})
    ```
    """

    def make(generator):
        def translate(images):
            return {"images": generator(images, training=False)}

        return Signature(translate, {"images": _input_spec(generator.inputs[0])})

    signatures = {name: make(g) for name, g in generators.items()}
    return ExportSpec(
        kind="translation",
        signatures=signatures,
        default=next(iter(signatures)),
        metadata=dict(
            directions=list(signatures),
            output_range=list(OUTPUT_RANGE),
            image_shapes={
                name: list(g.inputs[0].shape[1:]) for name, g in generators.items()
            },
        ),
    )


def get_export_spec(gan):
    """Returns the `ExportSpec` of `gan`: its `export_spec()` or a default."""
    if hasattr(gan, "export_spec"):
        return gan.export_spec()
    if hasattr(gan, "translate"):
        generators = getattr(gan, "generators", None)
        if not isinstance(generators, dict):
            raise NotImplementedError(
                f"Cannot export {type(gan).__name__}: it translates images but "
                "has no `generators` dict {direction: generator} (e.g. "
                "{'a2b': G, 'b2a': F}), nor an `export_spec()`."
            )
        return translation_spec(gan, generators)
    num_inputs = len(gan.generator.inputs)
    if num_inputs == 1:  # SGAN has classes too, but an unconditional generator.
        return unconditional_spec(gan)
    if num_inputs == 2 and hasattr(gan, "num_classes"):
        return conditional_spec(gan)
    raise NotImplementedError(
        f"Cannot export {type(gan).__name__}: its generator takes {num_inputs} "
        "inputs and the model defines no `export_spec()`; see the protocol in "
        "`ganzoo/export.py`."
    )


def _model_config(gan):
    # Hyperparameters only: the networks' own configs are long and the
    # weights they describe are in the SavedModel anyway.
    try:
        config = gan.get_config()
    except NotImplementedError:
        return {}
    return {
        k: v
        for k, v in config.items()
        if not (isinstance(v, dict) and "class_name" in v)
    }


def _tf_function(name, signature):
    params = list(inspect.signature(signature.fn).parameters)
    if params != list(signature.inputs):
        raise ValueError(
            f"Received: signature `{name}` with parameters {params}; expected "
            f"them to be the keys of its inputs, {list(signature.inputs)}."
        )
    specs = [
        tf.TensorSpec(s.shape, s.dtype, name=k) for k, s in signature.inputs.items()
    ]
    return tf.function(signature.fn, input_signature=specs)


def _describe(structure):
    return {
        k: {"shape": t.shape.as_list(), "dtype": t.dtype.name}
        for k, t in structure.items()
    }


def export(gan, path, metadata=None, overwrite=False):
    """Writes the generator(s) of `gan` as a TensorFlow SavedModel.

    Args:
        gan: a `ganzoo.GAN` (or any model following the export protocol in
            this module's docstring).
        path: the SavedModel directory to create.
        metadata: optional dict of extra JSON-serializable facts (dataset,
            training steps, scores...) stored with the export's metadata.
        overwrite: whether to replace an existing SavedModel at `path`.

    Returns:
        The metadata dict written to `assets/ganzoo_metadata.json`.

    Example:

    ```python
    ganzoo.export(gan, "/tmp/dcgan")
    images = tf.saved_model.load("/tmp/dcgan").sample(num=16, seed=0)["images"]
    ```
    """
    from ganzoo import __version__

    path = os.fspath(path)
    if (
        os.path.exists(path)
        and os.listdir(path)
        and not (overwrite and has_saved_model(path))
    ):
        raise FileExistsError(
            f"Received: `path={path!r}`, which is not empty; expected a new "
            "folder" + ("" if overwrite else ", or `overwrite=True`") + "."
        )
    spec = get_export_spec(gan)
    if spec.default not in spec.signatures or _RESERVED & set(spec.signatures):
        raise ValueError(
            f"Received: an `ExportSpec` with `default={spec.default!r}` and "
            f"signatures {list(spec.signatures)}; expected the default among "
            f"them and none named {sorted(_RESERVED)}."
        )
    module = tf.Module()
    for name, trackable in spec.trackables.items():
        setattr(module, f"ganzoo_{name}", trackable)
    variables, described = {}, {}
    for name, signature in spec.signatures.items():
        function = _tf_function(name, signature)
        concrete = function.get_concrete_function()
        setattr(module, name, function)
        # The functions read these; the module must own them to save them.
        variables.update((id(v), v) for v in concrete.variables)
        described[name] = {
            "inputs": _describe(signature.inputs),
            "outputs": _describe(concrete.structured_outputs),
        }
    if "serve" not in spec.signatures:
        module.serve = getattr(module, spec.default)
    module.ganzoo_variables = list(variables.values())
    # Extra facts first: the format's own keys must not be overwritten.
    info = dict(
        metadata or {},
        format=FORMAT,
        format_version=FORMAT_VERSION,
        kind=spec.kind,
        model=gan.name,
        ganzoo_version=__version__,
        default_signature=spec.default,
        signatures=described,
        **spec.metadata,
        config=_model_config(gan),
    )
    text = json.dumps(info, indent=2, sort_keys=True, default=repr)
    signatures = {k: getattr(module, k).get_concrete_function() for k in described}
    signatures["serving_default"] = signatures[spec.default]
    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=parent, prefix=".export-") as tmp:
        asset = os.path.join(tmp, METADATA_FILE)
        with open(asset, "w", encoding="utf-8") as f:
            f.write(text)
        module.metadata_file = tf.saved_model.Asset(asset)
        module.metadata = tf.function(
            lambda: tf.io.read_file(module.metadata_file), input_signature=[]
        )
        # Written beside `path` and moved in, so a crash leaves no half export.
        staged = os.path.join(tmp, "saved_model")
        tf.saved_model.save(module, staged, signatures=signatures)
        if os.path.exists(path):
            shutil.rmtree(path)
        os.replace(staged, path)
    return json.loads(text)
