"""`ConditionalGAN`: the shared base of the label-conditioned entries.

G maps `[latents, labels]` to images and the batches are `(images, labels)`
pairs (`ganzoo.data.load(..., with_labels=True)`). This module registers no
entry; `cgan` and `acgan` build on it.
"""

import keras
import numpy as np
from keras import layers, ops

from ganzoo.gan import GAN, check_count
from ganzoo.nets.batching import call_in_batches
from ganzoo.nets.conditional import check_num_classes


def classifier_view(discriminator, image_shape, index, name="classifier"):
    """A `keras.Model` images -> class probabilities sharing D's weights.

    Args:
        discriminator: a model whose output `index` holds class logits.
        image_shape: shape of one image.
        index: position of the class logits among D's outputs.
        name: model name.
    """
    images = keras.Input(tuple(image_shape), name="images")
    logits = discriminator(images)[index]
    return keras.Model(images, layers.Softmax()(logits), name=name)


def predict_labels(classifier, images, batch_size=500):
    """Predicted labels of `images` from a classifier model or object.

    Args:
        classifier: an object with `predict_labels(images)` (e.g. the domain
            classifier of `ganzoo.metrics`) or a Keras model mapping images to
            class scores (probabilities or logits).
        images: float images in [-1, 1].
        batch_size: images per call of a Keras model.

    Returns:
        An int NumPy array of labels.
    """
    if isinstance(classifier, keras.Model):
        scores = call_in_batches(
            lambda x: classifier(x, training=False), images, batch_size
        )
        return scores.argmax(-1)
    return np.asarray(classifier.predict_labels(images)).astype(np.int64)


def conditional_accuracy(gan, classifier, samples_per_class=100, seed=0):
    """Fraction of conditional samples a classifier assigns their own label.

    The benchmark of conditional GANs: generate `samples_per_class` images
    for each class and count how often a held-out classifier agrees.

    Args:
        gan: a `ConditionalGAN` (e.g. `cgan`, `acgan`).
        classifier: see `predict_labels`; use a classifier the GAN never saw,
            e.g. `ganzoo.metrics.load_domain_classifier("mnist")`.
        samples_per_class: samples generated for each class.
        seed: generation seed.

    Returns:
        A dict with `accuracy` (overall) and `per_class` (a list of K floats).

    Example:

    ```python
    classifier = ganzoo.metrics.load_domain_classifier("mnist")
    ganzoo.models.conditional.conditional_accuracy(gan, classifier)["accuracy"]
    ```
    """
    labels = np.repeat(np.arange(gan.num_classes), samples_per_class)
    predicted = predict_labels(classifier, gan.generate(len(labels), seed, labels))
    hits = (predicted == labels).reshape(gan.num_classes, samples_per_class)
    return {"accuracy": float(hits.mean()), "per_class": hits.mean(1).tolist()}


def class_grid(generate, num_classes, n, seed):
    """`(images, rows)` of a sample grid with class k in column k.

    Each column holds one class and each row one draw of every class, so a
    generator that draws one look per class shows as a column of repeats.

    Args:
        generate: `generate(n, seed=..., labels=...)` of a `ConditionalGAN` or
            of its loaded SavedModel (`ganzoo.load`).
        num_classes: K, the grid's width.
        n: at most this many images (at least one row of K).
        seed: generation seed.
    """
    rows = max(1, n // num_classes)
    labels = np.tile(np.arange(num_classes), rows)
    return np.asarray(generate(len(labels), seed=seed, labels=labels)), rows


@keras.saving.register_keras_serializable(package="ganzoo")
class ConditionalGAN(GAN):
    """A GAN whose players both see the class: `G([z, y])` and `D([x, y])`.

    Samples are generated for the labels of the real batch, so the classes
    of real and fake examples follow the same (data) distribution in each
    step. The game is `GAN`'s with `y` as an extra input to both players
    (Mirza & Osindero's eq. 2); the loss pair is chosen by `loss`.

    Args:
        generator: `keras.Model` mapping `[latents, labels]` to images.
        discriminator: `keras.Model` mapping `[images, labels]` to
            `(batch, 1)` logits.
        latent_dim: size of the noise vector z.
        num_classes: number of classes K; labels are ints in `[0, K)`.
        **kwargs: `ganzoo.GAN` arguments (`loss`, `d_steps`, `seed`...).

    Example:

    ```python
    gan = ganzoo.build("cgan")
    gan.compile()
    gan.fit(ganzoo.data.load("mnist", with_labels=True), epochs=1)
    sevens = gan.generate(8, seed=0, labels=7)
    ```

    Reference: Mirza & Osindero, "Conditional Generative Adversarial Nets",
    arXiv:1411.1784, 2014.
    """

    kind = "conditional"

    def __init__(self, generator, discriminator, latent_dim, num_classes, **kwargs):
        check_num_classes(num_classes)
        super().__init__(generator, discriminator, latent_dim, **kwargs)
        self.num_classes = int(num_classes)

    def call(self, inputs, training=False):
        latents, labels = inputs
        return self.generator([latents, labels], training=training)

    # -- Labels ----------------------------------------------------------------

    def check_labels(self, labels, n):
        """Returns `labels` as `(n,)` int32, broadcasting a scalar; raises if bad.

        Args:
            labels: a scalar or `n` integers in `[0, num_classes)`.
            n: the number of samples the labels are for.
        """
        array = np.asarray(ops.convert_to_numpy(labels))
        if array.size and array.dtype.kind not in "iu":
            raise ValueError(
                f"Received: `labels` of dtype {array.dtype}; expected integers "
                f"in [0, {self.num_classes})."
            )
        if array.ndim == 0:
            array = np.full((n,), array)
        if array.shape != (n,):
            raise ValueError(
                f"Received: `labels` of shape {array.shape}; expected a scalar "
                f"or shape ({n},), one label per sample."
            )
        bad = array[(array < 0) | (array >= self.num_classes)]
        if bad.size:
            raise ValueError(
                f"Received: `labels` containing {bad[0]}; expected integers in "
                f"[0, {self.num_classes})."
            )
        return array.astype(np.int32)

    def sample_labels(self, n, seed=None):
        """Draws `n` labels uniformly; an int `seed` makes them reproducible."""
        if seed is None:
            labels = keras.random.randint(
                (n,), 0, self.num_classes, self.seed_generator
            )
            return ops.convert_to_numpy(labels).astype(np.int32)
        # NumPy keeps these labels independent of the noise drawn from `seed`.
        rng = np.random.default_rng(seed)
        return rng.integers(self.num_classes, size=n).astype(np.int32)

    def unpack_batch(self, data):
        """`{"real": images, "labels": int32 labels}`; raises at trace time."""
        real, labels, _ = keras.utils.unpack_x_y_sample_weight(data)
        if labels is None:
            raise ValueError(
                f"Received: batches of images only; expected `(images, labels)` "
                f"batches with int labels in [0, {self.num_classes}), e.g. from "
                "`ganzoo.data.load(..., with_labels=True)`."
            )
        self.check_real_batch(real)
        labels = self.check_real_labels(ops.reshape(labels, (-1,)))
        return {"real": real, "labels": ops.cast(labels, "int32")}

    def synthetic_batch(self, batch_size, seed=0):
        """A random `(images, labels)` batch, the structure `train_step` takes."""
        images = super().synthetic_batch(batch_size, seed)
        labels = np.random.default_rng(seed + 1).integers(
            self.num_classes, size=batch_size
        )
        return images, labels.astype(np.int32)

    def generate(self, n=None, seed=None, labels=None, batch_size=256, latents=None):
        """Samples `n` images of the given classes (inference mode).

        Args:
            n: number of samples (optional with `latents`).
            seed: integer; the same seed (and labels) gives the same samples.
                `None` draws from the model's own seed generator.
            labels: a scalar class or `n` classes in `[0, num_classes)`;
                `None` draws them uniformly (from `seed` when given).
            batch_size: samples per generator call, to bound memory.
            latents: `(n, latent_dim)` codes to decode instead of drawing
                them (`ganzoo.latent.interpolate`, ...), e.g. a path with
                its label fixed.

        Returns:
            A float32 NumPy array `(n,) + image_shape` in [-1, 1].
        """
        if latents is not None:
            from ganzoo.latent import check_latents

            latents = check_latents(latents, self.latent_dim, n)
            n = len(latents)
        check_count(n)
        if labels is None:
            labels = self.sample_labels(n, seed)
        labels = ops.convert_to_tensor(self.check_labels(labels, n))
        if latents is None:
            latents = self.sample_latent(n, seed=seed)
        latents = ops.convert_to_tensor(latents)
        with self.averaged_generator():  # The weight average, if kept.
            images = call_in_batches(
                self.generator, [latents, labels], batch_size, self.image_shape
            )
        return images.astype(np.float32)

    def preview_grid(self, n, seed, inputs=None):
        """`(images, rows)`: the training grid, class k in column k."""
        del inputs  # Only translators show fixed inputs.
        return class_grid(self.generate, self.num_classes, n, seed)

    def export_spec(self):
        from ganzoo.models import signatures

        return signatures.conditional_spec(self)

    # -- Game ------------------------------------------------------------------

    def source_logits(self, images, labels, training=True):
        """D's real/fake logits; penalties differentiate this in `images`."""
        return self.discriminator([images, labels], training=training)

    def labeled_discriminator_loss(self, real, fake, labels):
        """`(D's loss, extra logs)` on a real and a generated batch of `labels`."""
        d_loss = self.discriminator_loss(
            self.source_logits(real, labels), self.source_logits(fake, labels)
        )
        return d_loss, {}

    def labeled_generator_loss(self, fake, labels):
        """G's loss on a generated batch of classes `labels`."""
        return self.generator_loss(self.source_logits(fake, labels))

    def fake_batch(self, labels):
        """Generated images of `labels` (training mode), fresh noise."""
        latents = self.sample_latent(ops.shape(labels)[0])
        return self.generator([latents, labels], training=True)

    def discriminator_objective(self, batch):
        real, labels = batch["real"], batch["labels"]
        fake = self.fake_batch(labels)
        d_loss, logs = self.labeled_discriminator_loss(real, fake, labels)

        def critic(images, training=True):  # The penalty is taken at `labels`.
            return self.source_logits(images, labels, training=training)

        penalty = self.discriminator_penalty(real, fake, critic)
        return self.weighted_penalty(d_loss, penalty, logs)

    def generator_objective(self, batch):
        labels = batch["labels"]
        g_loss = self.labeled_generator_loss(self.fake_batch(labels), labels)
        return g_loss, {"g_loss": g_loss}

    def get_config(self):
        config = super().get_config()
        config.update(num_classes=self.num_classes)
        return config
