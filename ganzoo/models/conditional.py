"""`ConditionalGAN`: the shared base of the label-conditioned entries.

G maps `[latents, labels]` to images and the batches are `(images, labels)`
pairs (`ganzoo.data.load(..., with_labels=True)`). This module registers no
entry; `cgan` and `acgan` build on it.
"""

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

from ganzoo.gan import GAN
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
    if hasattr(classifier, "predict_labels"):
        return np.asarray(classifier.predict_labels(images)).astype(np.int64)
    scores = [
        ops.convert_to_numpy(classifier(images[i : i + batch_size], training=False))
        for i in range(0, len(images), batch_size)
    ]
    return np.concatenate(scores).argmax(-1)


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

    def unpack_labeled_batch(self, data):
        """Splits a batch into `(images, int32 labels)`; raises at trace time."""
        real, labels, _ = keras.utils.unpack_x_y_sample_weight(data)
        if labels is None:
            raise ValueError(
                f"Received: batches of images only; expected `(images, labels)` "
                f"batches with int labels in [0, {self.num_classes}), e.g. from "
                "`ganzoo.data.load(..., with_labels=True)`."
            )
        self.check_real_batch(real)
        return real, ops.cast(ops.reshape(labels, (-1,)), "int32")

    def synthetic_batch(self, batch_size, seed=0):
        """A random `(images, labels)` batch, the structure `train_step` takes."""
        images = super().synthetic_batch(batch_size, seed)
        labels = np.random.default_rng(seed + 1).integers(
            self.num_classes, size=batch_size
        )
        return images, labels.astype(np.int32)

    def generate(self, n, seed=None, labels=None, batch_size=256):
        """Samples `n` images of the given classes (inference mode).

        Args:
            n: number of samples.
            seed: integer; the same seed (and labels) gives the same samples.
                `None` draws from the model's own seed generator.
            labels: a scalar class or `n` classes in `[0, num_classes)`;
                `None` draws them uniformly (from `seed` when given).
            batch_size: samples per generator call, to bound memory.

        Returns:
            A float32 NumPy array `(n,) + image_shape` in [-1, 1].
        """
        if not isinstance(n, (int, np.integer)) or n < 0:
            raise ValueError(f"Received: `n={n!r}`; expected an integer >= 0.")
        if labels is None:
            labels = self.sample_labels(n, seed)
        labels = self.check_labels(labels, n)
        if n == 0:
            return np.zeros((0,) + self.image_shape, np.float32)
        latents = self.sample_latent(n, seed=seed)
        labels = ops.convert_to_tensor(labels)
        chunks = []
        for i in range(0, n, batch_size):
            batch = [latents[i : i + batch_size], labels[i : i + batch_size]]
            chunks.append(ops.convert_to_numpy(self.generator(batch)))
        return np.concatenate(chunks).astype(np.float32)

    # -- Game ------------------------------------------------------------------

    def source_logits(self, images, labels, training=True):
        """D's real/fake logits; penalties differentiate this in `images`."""
        return self.discriminator([images, labels], training=training)

    def labeled_discriminator_loss(self, real, fake, labels):
        """D's loss on a real and a generated batch sharing `labels`."""
        return self.discriminator_loss(
            self.source_logits(real, labels), self.source_logits(fake, labels)
        )

    def labeled_generator_loss(self, fake, labels):
        """G's loss on a generated batch of classes `labels`."""
        return self.generator_loss(self.source_logits(fake, labels))

    def labeled_penalty(self, real, fake, labels):
        """The configured gradient penalty of D at fixed `labels`, or 0."""
        if self.penalty_fn is None:
            return 0.0

        def critic(images, training=True):
            return self.source_logits(images, labels, training=training)

        return self.penalty_fn(critic, real, fake, seed=self.seed_generator)

    def train_step(self, data):
        real, labels = self.unpack_labeled_batch(data)
        batch_size = ops.shape(real)[0]
        d_vars = self.discriminator.trainable_variables
        g_vars = self.generator.trainable_variables

        for _ in range(self.d_steps):
            latents = self.sample_latent(batch_size)
            with tf.GradientTape() as tape:
                fake = self.generator([latents, labels], training=True)
                d_loss = self.labeled_discriminator_loss(real, fake, labels)
                penalty = self.labeled_penalty(real, fake, labels)
                scaled = self.scale_loss(
                    self.d_optimizer, d_loss + self.penalty_weight * penalty
                )
            self.d_optimizer.apply(tape.gradient(scaled, d_vars), d_vars)
            self.clip_discriminator()

        latents = self.sample_latent(batch_size)
        with tf.GradientTape() as tape:
            fake = self.generator([latents, labels], training=True)
            g_loss = self.labeled_generator_loss(fake, labels)
            scaled = self.scale_loss(self.g_optimizer, g_loss)
        self.g_optimizer.apply(tape.gradient(scaled, g_vars), g_vars)

        return self.report_losses(d_loss, g_loss, penalty)

    def get_config(self):
        config = super().get_config()
        config.update(num_classes=self.num_classes)
        return config
