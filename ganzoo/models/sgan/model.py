"""`SGAN`: the semi-supervised game, Odena (2016) and Salimans et al. (2016).

The registration, the architectures and the paper's recipe as data are in
`ganzoo.models.sgan.builder`.
"""

import contextlib

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from ganzoo.gan import GAN
from ganzoo.models.conditional import classifier_view
from ganzoo.models.sgan import weight_norm
from ganzoo.nets import batching
from ganzoo.objectives import conditional as losses
from ganzoo.registry import make_optimizer

GENERATOR_OBJECTIVES = ("feature_matching", "non_saturating")
# Images the data-dependent initialisation of D's weight-normalised layers
# looks at (improved-gan: `init_param(trainx[:500])`).
DATA_INIT_EXAMPLES = 500


@keras.saving.register_keras_serializable(package="ganzoo")
class SGAN(GAN):
    """A GAN whose discriminator is a (K+1)-class classifier.

    D outputs K class logits; the "fake" class K+1 is implicit, with its
    logit fixed at 0 (Salimans et al.'s parametrisation): the K logits are
    then the classifier itself and `D(x) = sigmoid(logsumexp(l))`, see
    `ganzoo.objectives.conditional`. An explicit K+1-th output would only add a
    redundant degree of freedom, since softmax ignores a shift shared by all
    K+1 logits. D minimises the cross-entropy on the labeled batch plus
    `unsupervised_weight` times the real/fake loss on the unlabeled and
    generated batches; G matches D's hidden features on unlabeled data
    (feature matching, which gave Salimans et al. their best
    semi-supervised results) or plays the non-saturating game.

    Batches are `((labeled_images, labels), unlabeled_images)`, as
    `ganzoo.data.load_semi_supervised` yields them, or with a third element,
    other unlabeled images for G's feature matching (`generator_batch=True`,
    as Salimans et al.'s code). Weight-normalised layers of D with
    `data_init` (`weight_norm.WeightNormDense`) are initialised from the
    first unlabeled images at the first `fit`.

    Parameter averaging (Salimans et al.'s test protocol): give D an
    optimizer with `use_ema=True` (the paper recipe's, see
    `ganzoo.models.sgan.builder.RECIPES`); `with gan.averaged_weights():`
    then holds D's averaged weights, and the benchmark
    (`semi_supervised_error`) scores the classifier inside it.

    Args:
        generator: `keras.Model` mapping noise to images.
        discriminator: `keras.Model` mapping images to `[class_logits
            (batch, K), features (batch, F)]`.
        latent_dim: size of the noise vector z.
        generator_objective: `"feature_matching"` or `"non_saturating"`.
        unsupervised_weight: weight of the unsupervised part of D's loss;
            0 trains D as a plain supervised classifier (the baseline; the
            unlabeled and generated batches are then not even scored).
        architecture: the builder's architecture name, kept so `compile()`
            can use that architecture's optimizers (`builder.RECIPES`);
            `None` for networks built by hand.
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
        architecture=None,
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
        self.architecture = architecture
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

    def default_optimizers(self):
        """The architecture's optimizers (`builder.RECIPES`), else the entry's."""
        from ganzoo.models.sgan.builder import RECIPES  # It imports this module.

        recipe = RECIPES.get(self.architecture)
        if recipe is None:
            return super().default_optimizers()
        return make_optimizer(recipe.d_optimizer), make_optimizer(recipe.g_optimizer)

    def averaged_weights(self):
        """A context in which D holds its optimizer's average of its weights.

        Salimans et al. test their classifier with an exponential average of
        D's parameters (decay 0.9999 per step). Here that average is the
        Keras optimizer's own (`use_ema=True, ema_momentum=...` on
        `d_optimizer`); inside the block D's trainable variables hold it, and
        the trained values come back after. Without `use_ema` (or before
        `compile`) it changes nothing.

        Example:

        ```python
        with gan.averaged_weights():
            probabilities = gan.classifier(images)
        ```
        """
        optimizer = getattr(self, "d_optimizer", None)
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)
        if optimizer is None or not optimizer.use_ema:
            return contextlib.nullcontext()
        return self._swapped_average(optimizer)

    @contextlib.contextmanager
    def _swapped_average(self, optimizer):
        variables = self.discriminator_variables()
        if not optimizer.built:
            optimizer.build(variables)
        trained = [ops.copy(v) for v in variables]
        optimizer.finalize_variable_values(variables)  # Writes the averages in.
        try:
            yield
        finally:
            for variable, value in zip(variables, trained, strict=True):
                variable.assign(value)

    def initialize_from_data(self, images):
        """Data-dependent init of D's weight-normalised layers (once).

        Args:
            images: real images in [-1, 1] (improved-gan: 500 of them).

        Returns:
            The names of the layers initialised (empty when none needed it).
        """
        return weight_norm.data_dependent_init(self.discriminator, images)

    def fit(self, x=None, *args, **kwargs):
        # Before the first step, as improved-gan's `init_param`: a layer that
        # was initialised (e.g. restored from a checkpoint) is not touched.
        if weight_norm.needs_data_init(self.discriminator):
            self.initialize_from_data(self._first_unlabeled(x))
        return super().fit(x, *args, **kwargs)

    def _first_unlabeled(self, data):
        if isinstance(data, tf.data.Dataset):
            chunks, count = [], 0
            for element in data:
                chunks.append(np.asarray(element[1]))
                count += len(chunks[-1])
                if count >= DATA_INIT_EXAMPLES:
                    break
            return np.concatenate(chunks)[:DATA_INIT_EXAMPLES]
        return np.asarray(data[1])[:DATA_INIT_EXAMPLES]

    def training_callbacks(self, config):
        """The test error at every logged chunk (`evaluation.TestErrorMonitor`)."""
        from ganzoo.models.sgan.evaluation import TestErrorMonitor

        split = (config.get("eval") or {}).get("split", "test")
        return [TestErrorMonitor(config.data.name, split)]

    def real_fake_critic(self, images, training=True):
        """`D(x) = logsumexp(l)`, the real/fake logit that penalties regularize."""
        logits = self.discriminator(images, training=training)[0]
        return ops.logsumexp(logits, axis=-1, keepdims=True)

    def unpack_batch(self, data):
        if not (
            isinstance(data, (tuple, list))
            and len(data) in (2, 3)
            and isinstance(data[0], (tuple, list))
            and len(data[0]) == 2
        ):
            raise ValueError(
                "Received: a batch that is not `((labeled_images, labels), "
                "unlabeled_images)`; expected that structure (or a third "
                "element of unlabeled images for G), e.g. from "
                "`ganzoo.data.load_semi_supervised`."
            )
        (labeled, labels), unlabeled, *rest = data
        for images in (labeled, unlabeled, *rest):
            self.check_real_batch(images)
        labels = self.check_real_labels(ops.reshape(labels, (-1,)))
        labels = ops.cast(labels, "int32")
        return {
            "labeled": labeled,
            "labels": labels,
            "unlabeled": unlabeled,
            # G's feature-matching target: its own batch if the data has one.
            "generator_unlabeled": rest[0] if rest else unlabeled,
        }

    def synthetic_batch(self, batch_size, seed=0):
        """A random `((images, labels), images)` batch for smoke tests."""
        rng = np.random.default_rng(seed)
        labels = rng.integers(self.num_classes, size=batch_size).astype(np.int32)
        labeled = super().synthetic_batch(batch_size, seed + 1)
        return (labeled, labels), super().synthetic_batch(batch_size, seed + 2)

    def _fake(self, batch):
        latents = self.sample_latent(ops.shape(batch["unlabeled"])[0])
        return self.generator(latents, training=True)

    def _discriminate(self, *batches):
        """D's `[logits, features]` per batch: one call where D allows it.

        Without batch norm in D, one call on the concatenated batches is the
        same function as a call per batch (the noise layers draw per
        example), and it is one pass through D's kernels instead of three.
        """
        if batching.has_batch_statistics(self.discriminator):
            return [self.discriminator(b, training=True) for b in batches]
        return batching.call_on_concatenation(self.discriminator, list(batches))

    def discriminator_objective(self, batch):
        labels, unlabeled = batch["labels"], batch["unlabeled"]
        if self.unsupervised_weight:
            fake = self._fake(batch)
            (labeled_logits, _), (unlabeled_logits, _), (fake_logits, _) = (
                self._discriminate(batch["labeled"], unlabeled, fake)
            )
        else:
            ((labeled_logits, _),) = self._discriminate(batch["labeled"])
        supervised = losses.class_cross_entropy(labels, labeled_logits)
        if self.unsupervised_weight:
            unsupervised = losses.sgan_unsupervised_loss(unlabeled_logits, fake_logits)
        else:  # The supervised baseline: D never sees the other batches.
            fake, unsupervised = unlabeled, ops.zeros_like(supervised)
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
        fake = self._fake(batch)
        if self.generator_objective_name == "feature_matching":
            # Two calls, not one on both batches: the real features are a
            # fixed target, so D's backward pass then runs on the fakes only
            # (1.09x and 1.19x the step's rate in two interleaved runs on one
            # CPU thread, `benchmarks/SPEED.md`).
            real_features = ops.stop_gradient(
                self.discriminator(batch["generator_unlabeled"], training=True)[1]
            )
            fake_features = self.discriminator(fake, training=True)[1]
            g_loss = losses.feature_matching_generator_loss(
                real_features, fake_features
            )
        else:
            ((fake_logits, _),) = self._discriminate(fake)
            g_loss = losses.sgan_generator_loss(fake_logits)
        return g_loss, {"g_loss": g_loss}

    def get_config(self):
        config = super().get_config()
        config.pop("loss")  # The game's losses are fixed; see the class doc.
        config.update(
            generator_objective=self.generator_objective_name,
            unsupervised_weight=self.unsupervised_weight,
        )
        if self.architecture is not None:  # Old configs stay as they were.
            config.update(architecture=self.architecture)
        return config
