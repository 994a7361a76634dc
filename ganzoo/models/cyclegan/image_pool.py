"""A history of generated images for discriminator updates (CycleGAN, SimGAN)."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="ganzoo")
class ImagePool(keras.layers.Layer):
    """History of generated images shown to a discriminator.

    Until `pool_size` images have been seen, each image is stored and
    returned. Afterwards each image, with probability 1/2, is swapped with a
    random stored one (the stored one is returned), else returned itself.
    The buffer and its fill counter are non-trainable variables updated with
    ops, so the pool compiles under XLA and is saved by checkpoints and
    `.keras` files. Images of a batch are processed in order, as in the
    reference code.

    Args:
        pool_size: images kept (the paper: 50); 0 returns the input.
        image_shape: shape of one image.
        seed: integer seed of the swap decisions.
        **kwargs: `keras.layers.Layer` arguments such as `name`.

    Example:

    ```python
    pool = ImagePool(50, (32, 32, 3), seed=0)
    shown = pool(fake_images)  # mixes in up to half older fakes once full
    ```

    Reference: Zhu et al., ICCV 2017, section 4; Shrivastava et al.,
    "Learning from Simulated and Unsupervised Images through Adversarial
    Training", CVPR 2017.
    """

    def __init__(self, pool_size, image_shape, seed=None, **kwargs):
        super().__init__(**kwargs)
        if (
            isinstance(pool_size, bool)
            or not isinstance(pool_size, int)
            or pool_size < 0
        ):
            raise ValueError(
                f"Received: `pool_size={pool_size!r}`; expected an integer >= 0."
            )
        self.pool_size = pool_size
        self.image_shape = tuple(int(d) for d in image_shape)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.images = self.add_weight(
            shape=(max(pool_size, 1), *self.image_shape),
            initializer="zeros",
            trainable=False,
            name="images",
        )
        self.count = self.add_weight(
            shape=(), initializer="zeros", dtype="int32", trainable=False, name="count"
        )
        self.built = True

    def call(self, images):
        if self.pool_size == 0:
            return images
        images = ops.cast(images, self.images.dtype)
        n = ops.shape(images)[0]
        # Drawn once per call, outside the loop, so the loop body is a pure
        # function of its inputs.
        swap = keras.random.uniform((n,), seed=self.seed_generator) < 0.5
        slots = keras.random.randint((n,), 0, self.pool_size, seed=self.seed_generator)
        rank = len(self.image_shape)

        def body(i, state):
            pool, count, out = state
            # `take` (a gather) and `slice_update` accept run-time indices.
            # Indexing with `x[i]` becomes a strided slice whose bounds XLA
            # must know at compile time: it then treats the fill counter's
            # value as a constant and recompiles the step at every call.
            image = ops.take(images, i, axis=0)
            not_full = count < self.pool_size
            use_stored = ops.logical_and(ops.logical_not(not_full), ops.take(swap, i))
            slot = ops.where(not_full, count, ops.take(slots, i))
            stored = ops.take(pool, slot, axis=0)
            shown = ops.where(use_stored, stored, image)
            written = ops.where(ops.logical_or(not_full, use_stored), image, stored)
            pool = ops.slice_update(pool, [slot] + [0] * rank, written[None])
            out = ops.slice_update(out, [i] + [0] * rank, shown[None])
            return pool, count + ops.cast(not_full, "int32"), out

        state = (self.images.value, self.count.value, ops.zeros_like(images))
        pool, count, out = ops.fori_loop(0, n, body, state)
        self.images.assign(pool)
        self.count.assign(count)
        return out

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            pool_size=self.pool_size, image_shape=self.image_shape, seed=self.seed
        )
        return config
