"""`cyclegan`: unpaired image-to-image translation, Zhu et al. (2017)."""

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from ganzoo.gan import GAN
from ganzoo.models.cyclegan import nets
from ganzoo.models.cyclegan.image_pool import ImagePool
from ganzoo.objectives import losses
from ganzoo.registry import register

CYCLEGAN_PAPER = (
    "Zhu et al., Unpaired Image-to-Image Translation using Cycle-Consistent "
    "Adversarial Networks, ICCV 2017"
)
DIRECTIONS = ("a2b", "b2a")
NETS = ("generator", "generator_b2a", "discriminator", "discriminator_a")
# Shown by `fit`: the totals every entry reports, then each term. The
# adversarial terms are G's (judged by D_B) and F's (judged by D_A).
METRICS = (
    *("d_loss", "g_loss", "g_adv_loss", "f_adv_loss"),
    *("cycle_loss", "identity_loss", "d_a_loss", "d_b_loss"),
)


def _l1(x, y):
    return ops.mean(ops.abs(x - y))


def _adversarial(logits):
    # The reference code's generator terms are plain MSEs against 1;
    # `least_squares_generator_loss` carries LSGAN's 1/2, hence the 2.
    return 2.0 * losses.least_squares_generator_loss(logits)


@keras.saving.register_keras_serializable(package="ganzoo")
class LinearDecay(keras.optimizers.schedules.LearningRateSchedule):
    """Constant learning rate, then linear decay to zero.

    Args:
        initial_learning_rate: rate until `decay_start`.
        total_steps: step at which the rate reaches zero.
        decay_start: step where the decay begins; defaults to
            `total_steps // 2` (the paper: 100 epochs constant, 100 decaying).

    Example:

    ```python
    lr = LinearDecay(2e-4, total_steps=10_000)  # 2e-4 until 5000, 0 at 10000
    keras.optimizers.Adam(lr, beta_1=0.5)
    ```

    Reference: Zhu et al., ICCV 2017, section 4 (training details).
    """

    def __init__(self, initial_learning_rate, total_steps, decay_start=None):
        if decay_start is None:
            decay_start = total_steps // 2
        if not 0 <= decay_start < total_steps:
            raise ValueError(
                f"Received: `total_steps={total_steps!r}`, `decay_start="
                f"{decay_start!r}`; expected 0 <= decay_start < total_steps."
            )
        self.initial_learning_rate = float(initial_learning_rate)
        self.total_steps = int(total_steps)
        self.decay_start = int(decay_start)

    def __call__(self, step):
        step = ops.cast(step, "float32")
        span = float(self.total_steps - self.decay_start)
        fraction = ops.clip((self.total_steps - step) / span, 0.0, 1.0)
        return self.initial_learning_rate * fraction

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "total_steps": self.total_steps,
            "decay_start": self.decay_start,
        }


@keras.saving.register_keras_serializable(package="ganzoo")
class CycleGAN(GAN):
    """Two generators and two discriminators with a cycle-consistency loss.

    G: A -> B (`generator`) is judged by D_B (`discriminator`), F: B -> A
    (`generator_b2a`) by D_A (`discriminator_a`). Each `train_step` takes a
    batch `(a_images, b_images)` from unpaired sets, updates G and F together
    on the least-squares adversarial losses plus `cycle_weight` times the L1
    cycle losses |F(G(a)) - a| and |G(F(b)) - b| (plus an optional identity
    loss), then updates D_A and D_B on real images against fakes drawn
    through a history pool of `pool_size` images per direction. The
    generators share `g_optimizer`, the discriminators `d_optimizer`.

    Unlike other entries it has no noise prior: use `translate`, not
    `generate`. `GAN.__init__` is not called because it derives the image
    shape from a latent vector; everything the base methods need is set here.

    Args:
        generator: G, images of domain A -> images of domain B.
        generator_b2a: F, domain B -> domain A.
        discriminator: D_B, PatchGAN scores for domain B images.
        discriminator_a: D_A, PatchGAN scores for domain A images.
        cycle_weight: lambda of the cycle loss (the paper: 10).
        identity_weight: weight of |G(b) - b| + |F(a) - a| relative to
            `cycle_weight` (the paper: 0.5 for painting -> photo, else 0).
            Needs domains with the same shape.
        pool_size: generated images kept per direction (the paper: 50).
        total_steps: if set, `compile()`'s default optimizers decay the
            learning rate linearly to zero over the second half of this many
            steps (`LinearDecay`); if None the rate stays constant.
        seed: integer seed of the history pools' random choices.
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
        **kwargs,
    ):
        keras.Model.__init__(self, **kwargs)
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
        if identity_weight and shape_a != shape_b:
            raise ValueError(
                f"Received: `identity_weight={identity_weight!r}` with domains "
                f"of shapes {shape_a} and {shape_b}; expected 0: the identity "
                "loss feeds B images to G, which needs equal shapes."
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
        """Adam(2e-4, beta_1=0.5) for both sides, as in the paper.

        With `total_steps` set, the rate is a `LinearDecay` to zero over the
        second half of training.
        """

        def lr():
            if self.total_steps is None:
                return 2e-4
            return LinearDecay(2e-4, self.total_steps)

        return (
            keras.optimizers.Adam(lr(), beta_1=0.5),
            keras.optimizers.Adam(lr(), beta_1=0.5),
        )

    def generator_variables(self):
        return (
            self.generator.trainable_variables + self.generator_b2a.trainable_variables
        )

    def discriminator_variables(self):
        return (
            self.discriminator_a.trainable_variables
            + self.discriminator.trainable_variables
        )

    def build_optimizers(self):
        """Creates the optimizers' variables now (needed before a restore)."""
        self.d_optimizer.build(self.discriminator_variables())
        self.g_optimizer.build(self.generator_variables())

    @property
    def metrics(self):
        return list(self.trackers.values())

    @property
    def generators(self):
        """`{"a2b": G, "b2a": F}`: what `ganzoo.export` writes, one signature each."""
        return {"a2b": self.generator, "b2a": self.generator_b2a}

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

    def train_step(self, data):
        real_a, real_b = self._unpack(data)
        d_a, d_b = self.discriminator_a, self.discriminator

        # float32 translations whatever the dtype policy: the cycle and
        # identity L1 losses subtract real images from them.
        def g(images, training):
            return ops.cast(self.generator(images, training=training), "float32")

        def f(images, training):
            return ops.cast(self.generator_b2a(images, training=training), "float32")

        # G and F are updated first, D_A and D_B then on the same fakes, as
        # in the reference code.
        with tf.GradientTape() as tape:
            fake_b = g(real_a, training=True)
            fake_a = f(real_b, training=True)
            g_adv = _adversarial(d_b(fake_b, training=True))
            f_adv = _adversarial(d_a(fake_a, training=True))
            cycle = self.cycle_weight * (
                _l1(f(fake_b, training=True), real_a)
                + _l1(g(fake_a, training=True), real_b)
            )
            identity = ops.zeros(())
            if self.identity_weight:
                identity = _l1(g(real_b, training=True), real_b)
                identity += _l1(f(real_a, training=True), real_a)
                identity *= self.identity_weight * self.cycle_weight
            g_loss = g_adv + f_adv + cycle + identity
            scaled = self.scale_loss(self.g_optimizer, g_loss)
        g_vars = self.generator_variables()
        self.g_optimizer.apply(tape.gradient(scaled, g_vars), g_vars)

        shown_a = self.pool_a(ops.stop_gradient(fake_a))
        shown_b = self.pool_b(ops.stop_gradient(fake_b))
        with tf.GradientTape() as tape:
            d_a_loss = losses.least_squares_discriminator_loss(
                d_a(real_a, training=True), d_a(shown_a, training=True)
            )
            d_b_loss = losses.least_squares_discriminator_loss(
                d_b(real_b, training=True), d_b(shown_b, training=True)
            )
            d_loss = d_a_loss + d_b_loss
            scaled = self.scale_loss(self.d_optimizer, d_loss)
        d_vars = self.discriminator_variables()
        self.d_optimizer.apply(tape.gradient(scaled, d_vars), d_vars)

        values = (d_loss, g_loss, g_adv, f_adv, cycle, identity, d_a_loss, d_b_loss)
        for name, value in zip(METRICS, values, strict=True):
            self.trackers[name].update_state(value)
        return {name: t.result() for name, t in self.trackers.items()}

    def synthetic_batch(self, batch_size, seed=0):
        """A random `(a_images, b_images)` batch uniform in [-1, 1]."""
        rng = np.random.default_rng(seed)
        return tuple(
            rng.uniform(-1.0, 1.0, (batch_size, *shape)).astype(np.float32)
            for shape in (self.image_shape, self.image_shape_b)
        )

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
        chunks = [
            ops.convert_to_numpy(net(images[i : i + batch_size], training=False))
            for i in range(0, len(images), batch_size)
        ]
        if not chunks:
            return np.zeros((0, *target), np.float32)
        return np.concatenate(chunks).astype(np.float32)

    def generate(self, n, seed=None, batch_size=256):
        """Not available: a CycleGAN translates given images, see `translate`."""
        raise NotImplementedError(
            f"Received: `generate(n={n!r}, seed={seed!r})` on a CycleGAN; "
            "expected `translate(images, direction='a2b' | 'b2a')`: a CycleGAN "
            "maps images between domains and has no noise to sample from."
        )

    # -- Serialization -----------------------------------------------------------

    def get_config(self):
        config = keras.Model.get_config(self)
        for key in NETS:
            config[key] = keras.saving.serialize_keras_object(getattr(self, key))
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
        config = dict(config)
        for key in NETS:
            config[key] = keras.saving.deserialize_keras_object(config[key])
        return cls(**config)


CYCLEGAN_SMOKE_KWARGS = dict(
    image_shape=(8, 8, 1),
    b_channels=3,
    base_filters=4,
    num_res_blocks=1,
    discriminator_layers=1,
)


@register("cyclegan", smoke_kwargs=CYCLEGAN_SMOKE_KWARGS, paper=CYCLEGAN_PAPER)
def build_cyclegan(
    image_shape=(256, 256, 3),
    b_channels=None,
    base_filters=64,
    num_res_blocks=None,
    discriminator_layers=3,
    cycle_weight=10.0,
    identity_weight=0.0,
    pool_size=50,
    total_steps=None,
    seed=None,
):
    """Builds a CycleGAN with the paper's ResNet generators and PatchGANs.

    Args:
        image_shape: `(height, width, channels)` of domain A; height and
            width divisible by 4.
        b_channels: channels of domain B; defaults to domain A's.
        base_filters: width of the first generator and discriminator layers
            (the paper: 64).
        num_res_blocks: residual blocks per generator; defaults to the
            paper's 9 for images of at least 256x256 and 6 below.
        discriminator_layers: stride-2 layers of the PatchGANs; 3 is the
            paper's 70x70 PatchGAN (needs at least 32x32 images), 2 gives
            34x34 patches, 1 gives 16x16.
        cycle_weight: lambda of the cycle loss (the paper: 10).
        identity_weight: identity loss weight relative to `cycle_weight`;
            the paper uses 0.5 for painting -> photo, 0 otherwise.
        pool_size: history pool size per direction (the paper: 50).
        total_steps: training length for the default optimizers' linear
            learning-rate decay over the second half; None keeps 2e-4.
        seed: seed of the history pools.

    Returns:
        A `CycleGAN`; `compile()` defaults to Adam(2e-4, beta_1=0.5).

    Example:

    ```python
    gan = ganzoo.build("cyclegan", image_shape=(128, 128, 3))  # 6 blocks
    gan.compile()
    ```
    """
    shape_a = tuple(image_shape)
    if len(shape_a) != 3:
        raise ValueError(
            f"Received: `image_shape={image_shape!r}`; expected (height, width, "
            "channels)."
        )
    shape_b = (*shape_a[:2], shape_a[2] if b_channels is None else int(b_channels))
    if num_res_blocks is None:
        num_res_blocks = 9 if min(shape_a[:2]) >= 256 else 6

    def generator(source, target, name):
        return nets.resnet_generator(
            source, target[-1], base_filters, num_res_blocks, name=name
        )

    def discriminator(shape, name):
        return nets.patchgan_discriminator(
            shape, base_filters, discriminator_layers, name=name
        )

    return CycleGAN(
        generator(shape_a, shape_b, "generator_a2b"),
        generator(shape_b, shape_a, "generator_b2a"),
        discriminator(shape_b, "discriminator_b"),
        discriminator(shape_a, "discriminator_a"),
        cycle_weight=cycle_weight,
        identity_weight=identity_weight,
        pool_size=pool_size,
        total_steps=total_steps,
        seed=seed,
        name="cyclegan",
    )
