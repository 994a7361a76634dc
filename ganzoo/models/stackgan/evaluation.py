"""StackGAN's benchmark on the shapes captions: attribute accuracy.

A fixed classifier, trained on real rendered images, reads shape, colour,
size and position back from generated images; a sample is scored against
the attributes of the caption it was drawn from. The same images drawn from
shuffled captions give the text-shuffled baseline (chance if the text is
ignored), and Stage-I images (upscaled) are scored beside Stage-II's.
"""

import json
import os

import keras
import numpy as np
import tensorflow as tf
from keras import layers

from ganzoo import registry
from ganzoo.data import captions
from ganzoo.metrics.evaluators import register_evaluator
from ganzoo.models.stackgan.stages import upscale

# Result keys of `attribute_accuracy`'s parts, as the results table has them.
ATTRIBUTE_KEYS = {
    "stage2": "attribute_accuracy",
    "stage1": "attribute_accuracy_stage1",
    "shuffled": "attribute_accuracy_shuffled",
}
# Each attribute's accuracy on the run's samples: the mean hides which one
# fails (shape, with conditioning augmentation on the shapes set).
PER_ATTRIBUTE_KEYS = {a: f"attribute_accuracy_{a}" for a in captions.ATTRIBUTES}


def attribute_classifier(image_size=64, width=32):
    """A CNN images in [-1, 1] -> one softmax per attribute of the shapes set.

    Args:
        image_size: input side.
        width: filters of the first conv layer.
    """
    images = layers.Input((image_size, image_size, 3), name="images")
    x = images
    for i in range(3):
        x = layers.Conv2D(width * 2**i, 3, 2, "same", activation="relu")(x)
    x = layers.Dense(128, activation="relu")(layers.Flatten()(x))
    outputs = {
        name: layers.Dense(len(values), activation="softmax", name=name)(x)
        for name, values in captions.ATTRIBUTES.items()
    }
    return keras.Model(images, outputs, name="attribute_classifier")


def train_attribute_classifier(image_size=64, num_examples=6000, epochs=4, seed=0):
    """Trains `attribute_classifier` on real rendered shapes.

    Returns:
        `(classifier, accuracy)`: the model and its per-attribute accuracy on
        1,000 real images of the test split.
    """
    keras.utils.set_random_seed(seed)
    model = attribute_classifier(image_size)
    model.compile("adam", "sparse_categorical_crossentropy")
    data = captions.render_shapes(num_examples, image_size, seed)
    model.fit(
        data["images"] / 127.5 - 1.0, data["attributes"], epochs=epochs, verbose=0
    )
    test = captions.render_shapes(1000, image_size, seed, split="test")
    return model, score(model, test["images"] / 127.5 - 1.0, test["attributes"])


def score(classifier, images, attributes):
    """Per-attribute accuracy and `all` (every attribute right) of images."""
    predicted = classifier.predict(images, verbose=0, batch_size=256)
    hits = {k: predicted[k].argmax(-1) == attributes[k] for k in captions.ATTRIBUTES}
    result = {k: float(v.mean()) for k, v in hits.items()}
    result["all"] = float(np.all(list(hits.values()), axis=0).mean())
    result["mean"] = float(np.mean([result[k] for k in captions.ATTRIBUTES]))
    return result


def attribute_accuracy(gan, classifier, num_captions=500, seed=0):
    """Attribute accuracy of `gan` on held-out captions, with baselines.

    Args:
        gan: a trained `stackgan` on the shapes set.
        classifier: a fixed attribute classifier (`train_attribute_classifier`).
        num_captions: test-split captions drawn (one per rendered image,
            phrased with every template, including the held-out one).
        seed: rendering and generation seed.

    Returns:
        A dict: `stage2` and `stage1` (upscaled) scores, and `shuffled` (the
        stage-2 images of shuffled captions, scored against the originals).

    Example:

    ```python
    classifier, real = train_attribute_classifier()
    attribute_accuracy(gan, classifier)["stage2"]["mean"]  # goal >= 0.9
    ```
    """
    test = captions.render_shapes(num_captions, classifier.input_shape[1], seed, "test")
    rng = np.random.default_rng(seed)
    text = [c[rng.integers(len(c))] for c in test["captions"]]
    side = classifier.input_shape[1]

    def scored(images):  # Nearest upscaling to the classifier's side.
        images = np.asarray(upscale(images, side // images.shape[1]))
        return score(classifier, images, test["attributes"])

    low, high = gan.generate_stages(text, seed=seed)
    order = rng.permutation(num_captions)
    shuffled = gan.generate(text=[text[i] for i in order], seed=seed)
    return {
        "stage2": scored(high),
        "stage1": scored(low),
        "shuffled": scored(shuffled),
    }


def sample_spread(gan, num_captions=20, samples=16, seed=0):
    """Diversity of samples for one caption: their pixel spread, averaged.

    For each of `num_captions` held-out captions, `samples` images are drawn
    with different noise; the spread is the per-pixel standard deviation
    across them (in [0, 1] pixel units), averaged over pixels and captions.
    0 means the caption always gives the same image (what conditioning
    augmentation is meant to prevent, Zhang et al. 2017, section 3.2).
    """
    test = captions.render_shapes(num_captions, 16, seed, "test")
    spreads = []
    for i, options in enumerate(test["captions"]):
        images = gan.generate(samples, text=options[0], seed=seed + i)
        spreads.append(float(np.std(images / 2.0, axis=0).mean()))
    return float(np.mean(spreads))


def preview_grid(gan, n=8, seed=0):
    """`(images, rows)`: held-out captions over their Stage-I and Stage-II samples.

    Row 1 shows what each caption says (a real render of it), row 2 the
    Stage-I sample (upscaled 4x, nearest), row 3 the output; the captions
    are the first `n` (at most 8) test captions of `seed`, phrased with the
    first template. The training binary draws it as the sample grid.
    """
    side = gan.image_shape[0]
    test = captions.render_shapes(min(n, 8), side, seed, "test")
    text = [options[0] for options in test["captions"]]
    low, high = gan.generate_stages(text, seed=seed)
    low = np.asarray(upscale(low, side // low.shape[1]))
    real = test["images"].astype(np.float32) / 127.5 - 1.0
    return np.concatenate([real, low, high]), 3


def _attribute_keys(dataset, options):
    keys = [ATTRIBUTE_KEYS[k] for k in ("stage2", *options["baselines"])]
    return [*keys, *PER_ATTRIBUTE_KEYS.values(), "sample_spread"]


@register_evaluator("stackgan_attributes", keys=_attribute_keys)
def stackgan_attributes(
    gan,
    data,
    seed=0,
    *,
    num_captions=500,
    classifier="shapes_attributes",
    baselines=("stage1", "shuffled"),
):
    """Mean attribute accuracy of Stage-II samples, with the baselines.

    A fresh attribute classifier is trained on real renders at the GAN's
    resolution (`train_attribute_classifier`), then `attribute_accuracy`.

    Args:
        gan: a trained `stackgan` on the shapes set.
        data: the config's data block (unused: captions are rendered anew).
        seed: rendering and generation seed.
        num_captions: held-out test captions drawn.
        classifier: only `"shapes_attributes"`, the classifier above.
        baselines: any of `"stage1"` and `"shuffled"` to report beside it.

    Returns:
        `{"attribute_accuracy": float, ...}` with one key per baseline, one
        per attribute (`attribute_accuracy_shape`, ...: the samples' accuracy
        on that attribute alone), and `sample_spread` (`sample_spread`:
        diversity for one caption).
    """
    del data
    if classifier != "shapes_attributes":
        raise ValueError(
            f"Received: `eval.classifier={classifier!r}`; expected "
            "'shapes_attributes' (trained here on real renders)."
        )
    if not set(baselines) <= set(ATTRIBUTE_KEYS) - {"stage2"}:
        raise ValueError(
            f"Received: `eval.baselines={list(baselines)!r}`; expected a subset "
            "of ['stage1', 'shuffled']."
        )
    attribute_classifier, _ = train_attribute_classifier(gan.image_shape[0])
    scores = attribute_accuracy(gan, attribute_classifier, num_captions, seed=seed)
    result = {ATTRIBUTE_KEYS[k]: scores[k]["mean"] for k in ("stage2", *baselines)}
    result.update({key: scores["stage2"][a] for a, key in PER_ATTRIBUTE_KEYS.items()})
    result["sample_spread"] = sample_spread(gan, seed=seed)
    return result


def restore_run(workdir):
    """The `stackgan` of a `ganzoo.train` workdir at its latest checkpoint."""
    with open(os.path.join(workdir, "config.json"), encoding="utf-8") as f:
        kwargs = dict(json.load(f)["model"]["kwargs"])
    # The checkpoint holds the pretrained text encoder: skip pretraining.
    kwargs.update(text_encoder_steps=0, stage1_checkpoint="")
    kwargs["image_shape"] = tuple(kwargs["image_shape"])
    gan = registry.build("stackgan", **kwargs)
    latest = tf.train.latest_checkpoint(os.path.join(workdir, "checkpoints"))
    tf.train.Checkpoint(gan=gan).restore(latest).expect_partial()
    return gan, latest
