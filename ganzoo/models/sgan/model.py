"""`sgan`: semi-supervised GAN, Odena (2016) and Salimans et al. (2016)."""

import keras
import numpy as np
from keras import ops

from ganzoo.gan import GAN
from ganzoo.models.conditional import classifier_view, predict_labels
from ganzoo.models.sgan import nets as ssl_nets
from ganzoo.nets import dcgan_generator
from ganzoo.objectives import conditional as losses
from ganzoo.registry import optimizer, register

GENERATOR_OBJECTIVES = ("feature_matching", "non_saturating")
ARCHITECTURES = ("dcgan", "mlp")


@keras.saving.register_keras_serializable(package="ganzoo")
class SGAN(GAN):
    """A GAN whose discriminator is a (K+1)-class classifier.

    D outputs K class logits; the "fake" class K+1 is implicit, with its
    logit fixed at 0 (Salimans et al.'s parametrisation): the K logits are
    then the classifier itself and `D(x) = sigmoid(logsumexp(l))`, see
    `ganzoo.losses_conditional`. An explicit K+1-th output would only add a
    redundant degree of freedom, since softmax ignores a shift shared by all
    K+1 logits. D minimises the cross-entropy on the labeled batch plus
    `unsupervised_weight` times the real/fake loss on the unlabeled and
    generated batches; G matches D's hidden features on unlabeled data
    (feature matching, which gave Salimans et al. their best
    semi-supervised results) or plays the non-saturating game.

    Batches are `((labeled_images, labels), unlabeled_images)`, as
    `ganzoo.data.load_semi_supervised` yields them.

    Args:
        generator: `keras.Model` mapping noise to images.
        discriminator: `keras.Model` mapping images to `[class_logits
            (batch, K), features (batch, F)]`.
        latent_dim: size of the noise vector z.
        generator_objective: `"feature_matching"` or `"non_saturating"`.
        unsupervised_weight: weight of the unsupervised part of D's loss;
            0 trains D as a plain supervised classifier (the baseline).
        **kwargs: `ganzoo.GAN` arguments (`d_steps`, `seed`, `name`...).

    Example:

    ```python
    gan = ganzoo.build("sgan")
    gan.compile()
    gan.fit(ganzoo.data.load_semi_supervised("mnist", labels_per_class=10))
    probabilities = gan.classifier(images)
    ```

    Reference: Odena, "Semi-Supervised Learning with Generative Adversarial
    Networks", 2016; Salimans et al., "Improved Techniques for Training
    GANs", NeurIPS 2016, sections 3.1 and 5.
    """

    def __init__(
        self,
        generator,
        discriminator,
        latent_dim,
        generator_objective="feature_matching",
        unsupervised_weight=1.0,
        **kwargs,
    ):
        if generator_objective not in GENERATOR_OBJECTIVES:
            raise ValueError(
                f"Received: `generator_objective={generator_objective!r}`; "
                f"expected one of {list(GENERATOR_OBJECTIVES)}."
            )
        super().__init__(generator, discriminator, latent_dim, **kwargs)
        # Not `generator_objective`: that is the engine's hook, below.
        self.generator_objective_name = generator_objective
        self.unsupervised_weight = float(unsupervised_weight)
        self.num_classes = int(discriminator.output[0].shape[-1])
        self.trackers = [
            keras.metrics.Mean(name=name)
            for name in ("supervised_loss", "unsupervised_loss", "accuracy")
        ]

    @property
    def metrics(self):
        return [*super().metrics, *self.trackers]

    @property
    def classifier(self):
        """A `keras.Model` images -> K class probabilities, sharing D's weights."""
        return classifier_view(self.discriminator, self.image_shape, index=0)

    def real_fake_critic(self, images, training=True):
        """`D(x) = logsumexp(l)`, the real/fake logit that penalties regularize."""
        logits = self.discriminator(images, training=training)[0]
        return ops.logsumexp(logits, axis=-1, keepdims=True)

    def unpack_batch(self, data):
        if not (
            isinstance(data, (tuple, list))
            and len(data) == 2
            and isinstance(data[0], (tuple, list))
            and len(data[0]) == 2
        ):
            raise ValueError(
                "Received: a batch that is not `((labeled_images, labels), "
                "unlabeled_images)`; expected that structure, e.g. from "
                "`ganzoo.data.load_semi_supervised`."
            )
        (labeled, labels), unlabeled = data
        self.check_real_batch(labeled)
        self.check_real_batch(unlabeled)
        labels = self.check_real_labels(ops.reshape(labels, (-1,)))
        labels = ops.cast(labels, "int32")
        return {"labeled": labeled, "labels": labels, "unlabeled": unlabeled}

    def synthetic_batch(self, batch_size, seed=0):
        """A random `((images, labels), images)` batch for smoke tests."""
        rng = np.random.default_rng(seed)
        labels = rng.integers(self.num_classes, size=batch_size).astype(np.int32)
        labeled = super().synthetic_batch(batch_size, seed + 1)
        return (labeled, labels), super().synthetic_batch(batch_size, seed + 2)

    def _fake(self, batch):
        latents = self.sample_latent(ops.shape(batch["unlabeled"])[0])
        return self.generator(latents, training=True)

    def discriminator_objective(self, batch):
        d, labels, unlabeled = self.discriminator, batch["labels"], batch["unlabeled"]
        fake = self._fake(batch)
        labeled_logits, _ = d(batch["labeled"], training=True)
        unlabeled_logits, _ = d(unlabeled, training=True)
        fake_logits, _ = d(fake, training=True)
        supervised = losses.class_cross_entropy(labels, labeled_logits)
        unsupervised = losses.sgan_unsupervised_loss(unlabeled_logits, fake_logits)
        d_loss = supervised + self.unsupervised_weight * unsupervised
        hits = ops.equal(ops.argmax(labeled_logits, axis=-1), ops.cast(labels, "int64"))
        logs = dict(
            supervised_loss=supervised,
            unsupervised_loss=unsupervised,
            accuracy=ops.mean(ops.cast(hits, "float32")),
        )
        penalty = self.discriminator_penalty(unlabeled, fake, self.real_fake_critic)
        return self.weighted_penalty(d_loss, penalty, logs)

    def generator_objective(self, batch):
        d = self.discriminator
        fake_logits, fake_features = d(self._fake(batch), training=True)
        if self.generator_objective_name == "feature_matching":
            _, real_features = d(batch["unlabeled"], training=True)
            g_loss = losses.feature_matching_generator_loss(
                real_features, fake_features
            )
        else:
            g_loss = losses.sgan_generator_loss(fake_logits)
        return g_loss, {"g_loss": g_loss}

    def get_config(self):
        config = super().get_config()
        config.pop("loss")  # The game's losses are fixed; see the class doc.
        config.update(
            generator_objective=self.generator_objective_name,
            unsupervised_weight=self.unsupervised_weight,
        )
        return config


def classifier_error(classifier, images, labels, batch_size=500):
    """Test error of a classifier: the SGAN benchmark number.

    Args:
        classifier: `gan.classifier`, any Keras model images -> class scores,
            or an object with `predict_labels(images)`.
        images: images in [-1, 1] (uint8 images are scaled here).
        labels: their int labels.
        batch_size: images per classifier call.

    Returns:
        A dict with `error` (fraction), `errors` (count) and `num_examples`.

    Example:

    ```python
    images, labels = ganzoo.data.semisupervised.load_arrays("mnist", "test")
    classifier_error(gan.classifier, images, labels)["error"]  # paper: 0.0093
    ```
    """
    images = np.asarray(images)
    if images.dtype == np.uint8:
        images = images.astype(np.float32) / 127.5 - 1.0
    predicted = predict_labels(classifier, images, batch_size)
    errors = int(np.sum(predicted != np.asarray(labels)))
    return {
        "error": errors / len(images),
        "errors": errors,
        "num_examples": len(images),
    }


@register(
    "sgan",
    smoke_kwargs=dict(image_shape=(8, 8, 1), latent_dim=4, base_filters=4),
    paper=(
        "Odena, Semi-Supervised Learning with GANs, 2016; Salimans et al., "
        "Improved Techniques for Training GANs, NeurIPS 2016"
    ),
    # Salimans et al. used Adam(3e-3, beta_1=0.5) for their MNIST MLP; the
    # DCGAN setting suits the default conv nets (`zoo_configs/sgan_mnist.py`).
    optimizer=optimizer("Adam", learning_rate=2e-4, beta_1=0.5),
    evaluator="semi_supervised_error",
    dataset="mnist",
    d_steps=1,
)
def build_sgan(
    image_shape=(28, 28, 1),
    latent_dim=100,
    num_classes=10,
    architecture="dcgan",
    base_filters=64,
    kernel_size=5,
    dropout=0.0,
    generator_objective="feature_matching",
    unsupervised_weight=1.0,
    **kwargs,
):
    """Builds a semi-supervised GAN.

    Args:
        image_shape: shape of one image.
        latent_dim: noise size (the paper: 100).
        num_classes: number of real classes K.
        architecture: `"dcgan"` (conv nets sized by `image_shape`, no batch
            norm in D) or `"mlp"` (Salimans et al.'s MNIST nets: a 5-layer
            D with Gaussian noise, a 2-layer batch-norm G, uniform noise).
        base_filters: `"dcgan"` only: width of the outermost conv layers.
        kernel_size: `"dcgan"` only: conv kernel size.
        dropout: `"dcgan"` only: dropout on D's features before its head.
        generator_objective: `"feature_matching"` (the paper's best for
            semi-supervised learning) or `"non_saturating"`.
        unsupervised_weight: weight of D's unsupervised loss (0: the
            supervised-only baseline with the same network).
        **kwargs: other `ganzoo.GAN` arguments (`d_steps`, `seed`, `penalty`
            on `D(x) = logsumexp(l)`...).

    Returns:
        An `SGAN`; `compile()` defaults to Adam(2e-4, beta_1=0.5) (Salimans
        et al. used Adam(3e-3, beta_1=0.5) for their MNIST MLP; see
        `zoo_configs/sgan_mnist.py`). Train it on
        `ganzoo.data.load_semi_supervised(...)`.

    Example:

    ```python
    gan = ganzoo.build("sgan", architecture="mlp")
    ```
    """
    if architecture not in ARCHITECTURES:
        raise ValueError(
            f"Received: `architecture={architecture!r}`; expected one of "
            f"{list(ARCHITECTURES)}."
        )
    if architecture == "mlp":
        generator = ssl_nets.mlp_batchnorm_generator(image_shape, latent_dim)
        discriminator = ssl_nets.mlp_classifier_discriminator(image_shape, num_classes)
    else:
        generator = dcgan_generator(image_shape, latent_dim, base_filters, kernel_size)
        discriminator = ssl_nets.classifier_discriminator(
            image_shape, num_classes, base_filters, kernel_size, dropout=dropout
        )
    return SGAN(
        generator,
        discriminator,
        latent_dim,
        generator_objective=generator_objective,
        unsupervised_weight=unsupervised_weight,
        latent_distribution="uniform" if architecture == "mlp" else "normal",
        name="sgan",
        **kwargs,
    )
