"""What a model exports: the `ExportSpec` protocol and the common specs.

Each model kind says what it exports through `gan.export_spec()`, built
from the pieces here; `ganzoo.export` only writes what the spec declares.
An `ExportSpec(kind, signatures, default, metadata)` maps signature names to
`Signature(fn, inputs)`: `inputs` a dict of `tf.TensorSpec`s whose keys are
`fn`'s parameters in order, `fn` returning a dict of tensors with the
generated batch under `"images"`; `default` becomes `serve`; `metadata` is
JSON facts for users. The variables the functions read are found by tracing,
so nothing else is declared. `sample`/`sample_latent` draw the prior with the
stateless ops `keras.random` uses for an integer seed: same seed, same noise
(`ganzoo.load` passes `seed % (2**31 - 2)`, the reduction Keras applies).

The kinds (`gan.kind`): `"unconditional"` (`serve(latents)`, `sample(num,
seed)`, `sample_latent(num, seed)`), `"conditional"` (`serve(latents,
labels)`, `sample(seed, labels)`, `sample_latent`), `"translation"` (one
`images -> images` signature per direction) and `"text"` (StackGAN's, in
`ganzoo/models/stackgan/export.py`).
"""

import dataclasses
from collections.abc import Callable

import tensorflow as tf

from ganzoo.engine.adversarial import UNIFORM_HALF_WIDTHS

OUTPUT_RANGE = (-1.0, 1.0)
# keras.random reduces an integer seed modulo this before its stateless ops.
SEED_MODULUS = 2**31 - 2
KINDS = ("unconditional", "conditional", "translation", "text")
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
    """What `ganzoo.export` writes for one model; see the module docstring.

    Args:
        kind: one of `KINDS`, or the model's own kind name.
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
        half_width = UNIFORM_HALF_WIDTHS.get(distribution)
        if half_width is not None:
            return tf.random.stateless_uniform(
                shape, seed, minval=-half_width, maxval=half_width, dtype=dtype
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


def _latent_signatures(prior):
    def sample_latent(num, seed):
        return {"latents": prior(num, seed)}

    return {"sample_latent": Signature(sample_latent, {"num": _NUM, "seed": _SEED})}


def unconditional_spec(gan, latents_spec=None):
    """Spec of a `GAN` whose generator maps latents to images.

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

    return ExportSpec(
        kind="unconditional",
        signatures={
            "serve": Signature(serve, {"latents": latents_spec}),
            "sample": Signature(sample, {"num": _NUM, "seed": _SEED}),
            **_latent_signatures(prior),
        },
        default="serve",
        metadata=_latent_metadata(gan),
    )


def conditional_spec(gan, class_names=None):
    """Spec of a GAN whose generator maps `[latents, labels]` to images.

    Args:
        gan: the model, with `num_classes`.
        class_names: names of the classes; default `"0"`, `"1"`, ...
    """
    generator = gan.generator
    latents_spec, labels_spec = (_input_spec(t) for t in generator.inputs[:2])
    prior = latent_prior(gan.latent_dim, gan.latent_distribution, latents_spec.dtype)

    def serve(latents, labels):
        return {"images": generator([latents, labels], training=False)}

    def sample(seed, labels):
        latents = prior(tf.shape(labels)[0], seed)
        images = generator([latents, labels], training=False)
        return {"images": images, "latents": latents}

    num_classes = int(gan.num_classes)
    class_names = class_names or [str(i) for i in range(num_classes)]
    return ExportSpec(
        kind="conditional",
        signatures={
            "serve": Signature(serve, {"latents": latents_spec, "labels": labels_spec}),
            "sample": Signature(sample, {"seed": _SEED, "labels": labels_spec}),
            **_latent_signatures(prior),
        },
        default="serve",
        metadata=dict(
            _latent_metadata(gan),
            num_classes=num_classes,
            class_names=list(class_names),
            labels_shape=list(labels_spec.shape[1:]),
        ),
    )


def translation_spec(generators):
    """Spec of an image-to-image model, one signature per direction.

    Args:
        generators: dict of direction name (e.g. `"a2b"`) -> `keras.Model`
            mapping images to images; the first is the default.

    Example:

    ```python
    def export_spec(self):  # in a CycleGAN class
        return translation_spec({"a2b": self.g_ab, "b2a": self.g_ba})
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
