"""`cyclegan`: unpaired image-to-image translation, Zhu et al. (2017)."""

import keras
import numpy as np
from keras import ops

from ganzoo.engine.adversarial import (
    AdversarialModel,
    deserialize_networks,
    serialize_networks,
)
from ganzoo.models.cyclegan.image_pool import ImagePool
from ganzoo.models.cyclegan.losses import (
    adversarial_loss,
    as_channels,
    channel_views_exist,
    l1_loss,
)
from ganzoo.models.cyclegan.schedules import LinearDecay, with_linear_decay
from ganzoo.nets.batching import call_in_batches
from ganzoo.objectives import losses

__all__ = ["CycleGAN", "LinearDecay"]
DIRECTIONS = ("a2b", "b2a")
NETS = ("generator", "generator_b2a", "discriminator", "discriminator_a")
# Shown by `fit`: the totals every entry reports, then each term. The
# adversarial terms are G's (judged by D_B) and F's (judged by D_A).
METRICS = (
    *("d_loss", "g_loss", "g_adv_loss", "f_adv_loss"),
    *("cycle_loss", "identity_loss", "d_a_loss", "d_b_loss"),
)


@keras.saving.register_keras_serializable(package="ganzoo")
class CycleGAN(AdversarialModel):
    """Two generators and two discriminators with a cycle-consistency loss.

    G: A -> B (`generator`) is judged by D_B (`discriminator`), F: B -> A
    (`generator_b2a`) by D_A (`discriminator_a`). Each `train_step` takes a
    batch `(a_images, b_images)` from unpaired sets, updates G and F together
    on the least-squares adversarial losses plus `cycle_weight` times the L1
    cycle losses |F(G(a)) - a| and |G(F(b)) - b| (plus an optional identity
    loss), then updates D_A and D_B on real images against fakes drawn
    through a history pool of `pool_size` images per direction. The
    generators share `g_optimizer`, the discriminators `d_optimizer`.

    A sibling of `ganzoo.GAN` (its game is not "k D steps, then G") on the
    same optimizer plumbing. It has no noise prior: its capability is
    `kind = "translation"`, `translate(images, direction)`, not `generate`.

    Args:
        generator: G, images of domain A -> images of domain B.
        generator_b2a: F, domain B -> domain A.
        discriminator: D_B, PatchGAN scores for domain B images.
        discriminator_a: D_A, PatchGAN scores for domain A images.
        cycle_weight: lambda of the cycle loss (the paper: 10).
        identity_weight: weight of |G(b) - b| + |F(a) - a| relative to
            `cycle_weight` (the paper: 0.5 for painting -> photo, else 0);
            0 switches the term off. Needs domains of the same shape, or of
            the same side with one grey domain: then G sees b as grey (its
            channel mean) and F sees a repeated over B's channels, the
            "copy" maps of `ganzoo.data.evaluate_translation`.
        pool_size: generated images kept per direction (the paper: 50).
        total_steps: if set, `compile()`'s default optimizers decay the
            learning rate linearly to zero over the second half of this many
            steps (`LinearDecay`); if None the rate stays constant.
        seed: integer seed of the history pools' random choices.
        entry: the zoo entry whose paper optimizers `compile()` uses.
        **kwargs: `keras.Model` arguments such as `name`.

    Example:

    ```python
    gan = ganzoo.build("cyclegan", image_shape=(256, 256, 3), total_steps=200_000)
    gan.compile()
    gan.fit(ganzoo.data.load_unpaired("data/horse2zebra", batch_size=1))
    zebras = gan.translate(horses, direction="a2b")
    ```

    Reference: Zhu et al., "Unpaired Image-to-Image Translation using
    Cycle-Consistent Adversarial Networks", ICCV 2017.
    """

    kind = "translation"

    def __init__(
        self,
        generator,
        generator_b2a,
        discriminator,
        discriminator_a,
        cycle_weight=10.0,
        identity_weight=0.0,
        pool_size=50,
        total_steps=None,
        seed=None,
        entry=None,
        **kwargs,
    ):
        super().__init__(entry=entry, **kwargs)
        shape_a = tuple(generator.input_shape[1:])
        shape_b = tuple(generator.output_shape[1:])
        if (
            tuple(generator_b2a.input_shape[1:]) != shape_b
            or tuple(generator_b2a.output_shape[1:]) != shape_a
        ):
            raise ValueError(
                f"Received: `generator_b2a` mapping {generator_b2a.input_shape} "
                f"to {generator_b2a.output_shape}; expected the inverse of "
                f"`generator` ({shape_a} -> {shape_b})."
            )
        if identity_weight and not channel_views_exist(shape_a, shape_b):
            raise ValueError(
                f"Received: `identity_weight={identity_weight!r}` with domains "
                f"of shapes {shape_a} and {shape_b}; expected 0: the identity "
                "loss feeds B images to G, which needs equal shapes (or equal "
                "sides with one domain grey)."
            )
        if total_steps is not None and int(total_steps) < 2:
            raise ValueError(
                f"Received: `total_steps={total_steps!r}`; expected None or >= 2."
            )
        # Attribute order sets the order of `trainable_variables`: the
        # generators first and D_B (`discriminator`) last, as in `GAN`.
        self.generator = generator
        self.generator_b2a = generator_b2a
        self.discriminator_a = discriminator_a
        self.discriminator = discriminator
        self.cycle_weight = float(cycle_weight)
        self.identity_weight = float(identity_weight)
        self.pool_size = int(pool_size)
        self.total_steps = None if total_steps is None else int(total_steps)
        self.seed = seed
        self.image_shape = shape_a
        self.image_shape_b = shape_b
        other_seed = None if seed is None else seed + 1
        self.pool_a = ImagePool(self.pool_size, shape_a, seed=seed, name="pool_a")
        self.pool_b = ImagePool(self.pool_size, shape_b, seed=other_seed, name="pool_b")
        self.built = True
        self.trackers = {n: keras.metrics.Mean(name=n) for n in METRICS}

    def default_optimizers(self):
        """The entry's optimizers (the paper: Adam(2e-4, beta_1=0.5)).

        With `total_steps` set, each rate becomes a `LinearDecay` to zero
        over the second half of training.
        """
        optimizers = super().default_optimizers()
        if self.total_steps is None:
            return optimizers
        return tuple(with_linear_decay(opt, self.total_steps) for opt in optimizers)

    def generator_variables(self):
        return (
            self.generator.trainable_variables + self.generator_b2a.trainable_variables
        )

    def discriminator_variables(self):
        return (
            self.discriminator_a.trainable_variables
            + self.discriminator.trainable_variables
        )

    @property
    def metrics(self):
        return list(self.trackers.values())

    @property
    def generators(self):
        """`{"a2b": G, "b2a": F}`: what `ganzoo.export` writes, one signature each."""
        return {"a2b": self.generator, "b2a": self.generator_b2a}

    def export_spec(self):
        from ganzoo.models import signatures

        return signatures.translation_spec(self.generators)

    # -- Game ------------------------------------------------------------------

    def _unpack(self, data):
        if not isinstance(data, (tuple, list)) or len(data) != 2:
            raise ValueError(
                f"Received: a batch of structure {type(data).__name__}; expected "
                "a tuple `(a_images, b_images)` of unpaired images, e.g. from "
                "`ganzoo.data.load_unpaired`."
            )
        a, b = data
        for arg, images, shape in (
            ("a", a, self.image_shape),
            ("b", b, self.image_shape_b),
        ):
            if not images.dtype.is_floating or tuple(images.shape[1:]) != shape:
                raise ValueError(
                    f"Received: {arg}_images of `dtype={images.dtype.name}` and "
                    f"`shape={tuple(images.shape[1:])}` per example; expected "
                    f"floating-point images of shape {shape} in [-1, 1]."
                )
        return a, b

    def _translate_float32(self, net, images):
        # float32 translations whatever the dtype policy: the cycle and
        # identity L1 losses subtract real images from them.
        return ops.cast(net(images, training=True), "float32")

    def generators_objective(self, real_a, real_b):
        """`(loss, logs)` of G and F's joint update; logs hold the fakes too."""
        d_a, d_b = self.discriminator_a, self.discriminator

        def g(images):
            return self._translate_float32(self.generator, images)

        def f(images):
            return self._translate_float32(self.generator_b2a, images)

        fake_b, fake_a = g(real_a), f(real_b)
        g_adv = adversarial_loss(d_b(fake_b, training=True))
        f_adv = adversarial_loss(d_a(fake_a, training=True))
        cycle = self.cycle_weight * (
            l1_loss(f(fake_b), real_a) + l1_loss(g(fake_a), real_b)
        )
        identity = ops.zeros(())
        if self.identity_weight:
            # G given a B image (in A's channels) should return it, F likewise.
            b_as_a = as_channels(real_b, self.image_shape[-1])
            a_as_b = as_channels(real_a, self.image_shape_b[-1])
            identity = l1_loss(g(b_as_a), real_b) + l1_loss(f(a_as_b), real_a)
            identity *= self.identity_weight * self.cycle_weight
        g_loss = g_adv + f_adv + cycle + identity
        logs = dict(
            g_loss=g_loss,
            g_adv_loss=g_adv,
            f_adv_loss=f_adv,
            cycle_loss=cycle,
            identity_loss=identity,
            fake_a=fake_a,
            fake_b=fake_b,
        )
        return g_loss, logs

    def discriminators_objective(self, real_a, real_b, shown_a, shown_b):
        """`(loss, logs)` of D_A and D_B's joint update on real and pooled fakes."""
        d_a, d_b = self.discriminator_a, self.discriminator
        d_a_loss = losses.least_squares_discriminator_loss(
            d_a(real_a, training=True), d_a(shown_a, training=True)
        )
        d_b_loss = losses.least_squares_discriminator_loss(
            d_b(real_b, training=True), d_b(shown_b, training=True)
        )
        d_loss = d_a_loss + d_b_loss
        return d_loss, dict(d_loss=d_loss, d_a_loss=d_a_loss, d_b_loss=d_b_loss)

    def train_step(self, data):
        real_a, real_b = self._unpack(data)
        # G and F are updated first, D_A and D_B then on the same fakes, as
        # in the reference code.
        g_logs = self.optimizer_step(
            self.g_optimizer,
            lambda: self.generators_objective(real_a, real_b),
            self.generator_variables(),
        )
        shown_a = self.pool_a(ops.stop_gradient(g_logs.pop("fake_a")))
        shown_b = self.pool_b(ops.stop_gradient(g_logs.pop("fake_b")))
        d_logs = self.optimizer_step(
            self.d_optimizer,
            lambda: self.discriminators_objective(real_a, real_b, shown_a, shown_b),
            self.discriminator_variables(),
        )
        return self.report({**g_logs, **d_logs})

    def synthetic_batch(self, batch_size, seed=0):
        """A random `(a_images, b_images)` batch uniform in [-1, 1]."""
        rng = np.random.default_rng(seed)
        return tuple(
            rng.uniform(-1.0, 1.0, (batch_size, *shape)).astype(np.float32)
            for shape in (self.image_shape, self.image_shape_b)
        )

    def preview_grid(self, n, seed, inputs):
        """`(images, rows)`: inputs a over G(a) over F(G(a)), for the training grid.

        Args:
            n: at most this many inputs (and at most 16) become columns.
            seed: unused (translation is deterministic).
            inputs: domain-A images in [-1, 1] (the binary's first batch).
        """
        del seed
        a = np.asarray(inputs, np.float32)[: min(n, 16)]
        fake_b = self.translate(a, "a2b")
        cycled = self.translate(fake_b, "b2a")
        channels = max(a.shape[-1], fake_b.shape[-1])

        def widen(x):  # Grey rows beside colour ones: repeat the channel.
            return np.broadcast_to(x, x.shape[:3] + (channels,))

        return np.concatenate([widen(a), widen(fake_b), widen(cycled)]), 3

    def translate(self, images, direction="a2b", batch_size=256):
        """Translates images with G (`"a2b"`) or F (`"b2a"`), inference mode.

        Args:
            images: array `(n, height, width, channels)` in [-1, 1] from the
                source domain.
            direction: `"a2b"` or `"b2a"`.
            batch_size: images per generator call, to bound memory.

        Returns:
            A float32 NumPy array of the target domain's shape in [-1, 1].

        Example:

        ```python
        fake_b = gan.translate(a_images)
        reconstructed = gan.translate(fake_b, direction="b2a")
        ```
        """
        if direction not in DIRECTIONS:
            raise ValueError(
                f"Received: `direction={direction!r}`; expected one of "
                f"{list(DIRECTIONS)}."
            )
        net = self.generators[direction]
        source, target = (
            (self.image_shape, self.image_shape_b)
            if direction == "a2b"
            else (self.image_shape_b, self.image_shape)
        )
        images = np.asarray(images, dtype=np.float32)
        if images.ndim != 4 or tuple(images.shape[1:]) != source:
            raise ValueError(
                f"Received: images of `shape={images.shape}` for "
                f"`direction={direction!r}`; expected (n, *{source})."
            )
        with self.averaged_generator():  # The weight average, if kept.
            outputs = call_in_batches(
                lambda x: net(x, training=False), images, batch_size, target
            )
        return outputs.astype(np.float32)

    # -- Serialization -----------------------------------------------------------

    def get_config(self):
        config = super().get_config()
        config.update(serialize_networks({key: getattr(self, key) for key in NETS}))
        config.update(
            cycle_weight=self.cycle_weight,
            identity_weight=self.identity_weight,
            pool_size=self.pool_size,
            total_steps=self.total_steps,
            seed=self.seed,
        )
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**deserialize_networks(config, NETS))
