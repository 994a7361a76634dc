"""Real NVP building blocks in Keras 3 ops: couplings, squeeze, logit, the flow.

Every bijector has two directions: `inverse(x) -> (z, log_det)` maps data
towards the latent (with `log|det dz/dx|` per example, the term of the
change of variables) and `call(z) -> x` maps latents back to data, the
generator's direction. A `RealNVPFlow` chains them:

    images in (-1, 1)  --LogitTransform-->  logit space  --couplings,
    squeezes-->  z ~ N(0, I)

so `log p(x) = log N(z) + sum of the log-dets` exactly, and sampling is
the inverse map of Gaussian noise (`flow(z)`).

Data convention (`dequantize`): an 8-bit image, scaled to [-1, 1] as the
zoo's loaders do, is read back as its levels k in {0, ..., 255} and made
continuous as `(k + u) / 128 - 1` with `u ~ U[0, 1)` (uniform
dequantisation), so a flow's density on [-1, 1]^D converts to bits/dim of
the 256 levels by `bits_per_dim`. The logit transform works on
`s = lambda + (1 - 2 lambda) (x + 1) / 2` with lambda = 1e-6 (the MAF
paper's MNIST setting), whose log-det is exact and included.

Reference: Dinh, Sohl-Dickstein & Bengio, "Density estimation using Real
NVP", ICLR 2017; Papamakarios et al., "Masked Autoregressive Flow for
Density Estimation", NeurIPS 2017 (the logit transform and lambda).
"""

import math

import keras
import numpy as np
from keras import layers, ops

LOGIT_LAMBDA = 1e-6
MASKS = ("checkerboard", "channel")
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)


def _sum_per_example(x):
    return ops.sum(ops.reshape(x, (ops.shape(x)[0], -1)), axis=1)


def dequantize(images, seed=None):
    """Uniform dequantisation of 8-bit images given in [-1, 1].

    Args:
        images: a float batch at the 256 levels `k / 127.5 - 1`.
        seed: integer or `keras.random.SeedGenerator` of the noise.

    Returns:
        `(k + u) / 128 - 1` with `u ~ U[0, 1)`: continuous in [-1, 1).
    """
    images = ops.cast(images, "float32")
    levels = ops.round((images + 1.0) * 127.5)
    noise = keras.random.uniform(ops.shape(images), seed=seed)
    return (levels + noise) / 128.0 - 1.0


def standard_normal_log_prob(z):
    """`log N(z; 0, I)` per example of a batch of flat latents, in nats."""
    d = ops.cast(ops.shape(z)[1], z.dtype)
    return -0.5 * ops.sum(ops.square(z), axis=1) - d * _HALF_LOG_2PI


def bits_per_dim(log_prob, num_dims):
    """Bits/dim of 8-bit data from `log p(x)` of dequantised data on [-1, 1]^D.

    A density on [-1, 1]^D is `128^D` times the density on [0, 256)^D of the
    levels, so `bits/dim = -log p(x) / (D ln 2) + 7`.
    """
    return -log_prob / (num_dims * math.log(2.0)) + 7.0


@keras.saving.register_keras_serializable(package="ganzoo")
class LogitTransform(layers.Layer):
    """Images in (-1, 1) <-> logit space, with its exact log-determinant.

    `inverse(x)`: `s = lambda + (1 - 2 lambda) (x + 1) / 2`,
    `y = log s - log(1 - s)`, `log|dy/dx| = sum log((1 - 2 lambda) / 2) -
    log s - log(1 - s)`. `call(y)` is the sigmoid and the affine map back.

    Args:
        logit_lambda: lambda, keeping `s` off 0 and 1 (MAF: 1e-6 on MNIST).
    """

    def __init__(self, logit_lambda=LOGIT_LAMBDA, **kwargs):
        super().__init__(**kwargs)
        if not 0.0 < logit_lambda < 0.5:
            raise ValueError(
                f"Received: `logit_lambda={logit_lambda!r}`; expected a number "
                "in (0, 0.5), e.g. 1e-6."
            )
        self.logit_lambda = float(logit_lambda)

    def inverse(self, x):
        lam = self.logit_lambda
        s = lam + (1.0 - 2.0 * lam) * (ops.cast(x, "float32") + 1.0) * 0.5
        log_s, log_1ms = ops.log(s), ops.log1p(-s)
        log_det = math.log((1.0 - 2.0 * lam) * 0.5) - log_s - log_1ms
        return log_s - log_1ms, _sum_per_example(log_det)

    def call(self, y):
        s = ops.sigmoid(y)
        return (s - self.logit_lambda) / (1.0 - 2.0 * self.logit_lambda) * 2.0 - 1.0

    def get_config(self):
        return {**super().get_config(), "logit_lambda": self.logit_lambda}


@keras.saving.register_keras_serializable(package="ganzoo")
class Squeeze(layers.Layer):
    """`(H, W, C) -> (H/2, W/2, 4C)` by 2x2 blocks (`inverse`); volume-preserving."""

    def inverse(self, x):
        _, h, w, c = x.shape
        x = ops.reshape(x, (-1, h // 2, 2, w // 2, 2, c))
        x = ops.transpose(x, (0, 1, 3, 2, 4, 5))
        return ops.reshape(x, (-1, h // 2, w // 2, 4 * c)), ops.zeros(
            (ops.shape(x)[0],)
        )

    def call(self, z):
        _, h, w, c = z.shape
        z = ops.reshape(z, (-1, h, w, 2, 2, c // 4))
        z = ops.transpose(z, (0, 1, 3, 2, 4, 5))
        return ops.reshape(z, (-1, 2 * h, 2 * w, c // 4))


@keras.saving.register_keras_serializable(package="ganzoo")
class AffineCoupling(layers.Layer):
    """Real NVP's affine coupling with a checkerboard or channel mask.

    The masked part `x_a` passes unchanged and sets a scale and shift of the
    rest: `z_b = x_b * exp(log_s(x_a)) + t(x_a)`, `log_det = sum log_s`. The
    log-scale is bounded, `log_s = c * tanh(raw)` with a learned per-channel
    `c` (initially 1). The conditioner is conv 3x3 -> ReLU -> conv 1x1 ->
    ReLU -> conv 3x3, the last zero-initialised, so a new coupling is the
    identity.

    Args:
        mask: `"checkerboard"` (spatial parity; the mask is also fed to the
            conditioner) or `"channel"` (first vs second half of channels).
        parity: 0 or 1, which half is kept fixed; alternate it.
        hidden_channels: width of the conditioner.
    """

    def __init__(self, mask="checkerboard", parity=0, hidden_channels=32, **kwargs):
        super().__init__(**kwargs)
        if mask not in MASKS:
            raise ValueError(
                f"Received: `mask={mask!r}`; expected one of {list(MASKS)}."
            )
        if parity not in (0, 1):
            raise ValueError(f"Received: `parity={parity!r}`; expected 0 or 1.")
        self.mask, self.parity = mask, int(parity)
        self.hidden_channels = int(hidden_channels)
        self.conv_in = layers.Conv2D(self.hidden_channels, 3, padding="same")
        self.conv_mid = layers.Conv2D(self.hidden_channels, 1)
        self.conv_out = None  # Its width depends on the input's channels.

    def build(self, input_shape):
        _, h, w, c = input_shape
        if self.mask == "channel" and c % 2:
            raise ValueError(
                f"Received: an input of `shape={tuple(input_shape)}` for a channel "
                "coupling; expected an even number of channels (squeeze first)."
            )
        out = c if self.mask == "checkerboard" else c // 2
        cin = c + 1 if self.mask == "checkerboard" else c // 2
        self.conv_out = layers.Conv2D(
            2 * out, 3, padding="same", kernel_initializer="zeros"
        )
        self.conv_in.build((None, h, w, cin))
        self.conv_mid.build((None, h, w, self.hidden_channels))
        self.conv_out.build((None, h, w, self.hidden_channels))
        self.scale = self.add_weight(shape=(out,), initializer="ones", name="scale")
        grid = np.add.outer(np.arange(h), np.arange(w)) % 2 == self.parity
        self.board = ops.convert_to_tensor(grid.astype("float32")[None, :, :, None])

    def _board(self, x):
        # A constant, not a variable: Keras's autocast does not reach it.
        return ops.cast(self.board, x.dtype)

    def _log_scale_shift(self, fixed):
        if self.mask == "checkerboard":
            board = ops.broadcast_to(self._board(fixed), ops.shape(fixed[..., :1]))
            fixed = ops.concatenate([fixed, board], axis=-1)
        hidden = ops.relu(self.conv_in(fixed))
        raw = self.conv_out(ops.relu(self.conv_mid(hidden)))
        raw_s, shift = ops.split(raw, 2, axis=-1)
        # `scale` is a float32 variable outside `call`'s autocast (inverse);
        # under mixed precision the product follows the activations' dtype.
        log_s = ops.cast(
            ops.cast(self.scale, raw_s.dtype) * ops.tanh(raw_s), fixed.dtype
        )
        return log_s, ops.cast(shift, fixed.dtype)

    def _halves(self, x):
        a, b = ops.split(x, 2, axis=-1)
        return (a, b) if self.parity == 0 else (b, a)

    def _join(self, fixed, moved):
        pair = (fixed, moved) if self.parity == 0 else (moved, fixed)
        return ops.concatenate(pair, axis=-1)

    def inverse(self, x):
        if self.mask == "checkerboard":
            board = self._board(x)
            log_s, shift = self._log_scale_shift(x * board)
            log_s, shift = log_s * (1.0 - board), shift * (1.0 - board)
            return x * ops.exp(log_s) + shift, _sum_per_example(log_s)
        fixed, moved = self._halves(x)
        log_s, shift = self._log_scale_shift(fixed)
        z = self._join(fixed, moved * ops.exp(log_s) + shift)
        return z, _sum_per_example(log_s)

    def call(self, z):
        if self.mask == "checkerboard":
            board = self._board(z)
            log_s, shift = self._log_scale_shift(z * board)
            log_s, shift = log_s * (1.0 - board), shift * (1.0 - board)
            return (z - shift) * ops.exp(-log_s)
        fixed, moved = self._halves(z)
        log_s, shift = self._log_scale_shift(fixed)
        return self._join(fixed, (moved - shift) * ops.exp(-log_s))

    def get_config(self):
        return {
            **super().get_config(),
            "mask": self.mask,
            "parity": self.parity,
            "hidden_channels": self.hidden_channels,
        }


def coupling_plan(image_shape, num_scales=1, couplings_per_scale=3, final_couplings=3):
    """The flow's steps as `[("checkerboard" | "channel" | "squeeze", parity)]`.

    Each scale is `couplings_per_scale` checkerboard couplings, a squeeze and
    `couplings_per_scale` channel couplings (Real NVP's scale block, without
    factoring out half the dimensions); `final_couplings` checkerboard
    couplings close the flow.
    """
    h, w, _ = image_shape
    if h % 2**num_scales or w % 2**num_scales:
        raise ValueError(
            f"Received: `num_scales={num_scales}` for `image_shape={image_shape}`; "
            f"expected height and width divisible by {2**num_scales}."
        )
    plan = []
    for _ in range(num_scales):
        plan += [("checkerboard", i % 2) for i in range(couplings_per_scale)]
        plan.append(("squeeze", 0))
        plan += [("channel", i % 2) for i in range(couplings_per_scale)]
    plan += [("checkerboard", i % 2) for i in range(final_couplings)]
    return plan


@keras.saving.register_keras_serializable(package="ganzoo")
class RealNVPFlow(keras.Model):
    """A Real NVP flow: `flow(z)` samples images, `log_prob(x)` is exact.

    Latents are flat `(batch, D)` with `D = prod(image_shape)`, as a GAN
    generator's, drawn from N(0, I). `inverse(x)` gives `(z, log_det)`.

    Args:
        image_shape: `(height, width, channels)`.
        num_scales: scale blocks (checkerboard couplings, squeeze, channel
            couplings); the sides must be divisible by `2**num_scales`.
        couplings_per_scale: couplings of each mask per scale block.
        final_couplings: checkerboard couplings after the last block.
        hidden_channels: width of every coupling's conditioner.
        logit_lambda: lambda of the logit transform.
        **kwargs: `keras.Model` arguments such as `name`.

    Example:

    ```python
    flow = RealNVPFlow((28, 28, 1), num_scales=1, hidden_channels=32)
    images = flow(keras.random.normal((16, 784)))
    log_p = flow.log_prob(dequantize(images))
    ```

    Reference: Dinh et al., "Density estimation using Real NVP", ICLR 2017.
    """

    def __init__(
        self,
        image_shape=(28, 28, 1),
        num_scales=1,
        couplings_per_scale=3,
        final_couplings=3,
        hidden_channels=32,
        logit_lambda=LOGIT_LAMBDA,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.image_shape = tuple(int(s) for s in image_shape)
        if len(self.image_shape) != 3:
            raise ValueError(
                f"Received: `image_shape={image_shape!r}`; expected (height, "
                "width, channels)."
            )
        self.num_scales = int(num_scales)
        self.couplings_per_scale = int(couplings_per_scale)
        self.final_couplings = int(final_couplings)
        self.hidden_channels = int(hidden_channels)
        self.logit_lambda = float(logit_lambda)
        self.latent_dim = int(np.prod(self.image_shape))
        plan = coupling_plan(
            self.image_shape, self.num_scales, self.couplings_per_scale, final_couplings
        )
        self.logit = LogitTransform(self.logit_lambda)
        self.steps = [
            Squeeze()
            if kind == "squeeze"
            else AffineCoupling(kind, parity, hidden_channels)
            for kind, parity in plan
        ]
        self.build((None, self.latent_dim))

    def build(self, input_shape):
        h, w, c = self.image_shape
        for step in self.steps:
            if isinstance(step, Squeeze):
                h, w, c = h // 2, w // 2, 4 * c
            else:
                step.build((None, h, w, c))
        self.latent_shape = (h, w, c)
        self.built = True

    def inverse(self, images):
        """`(z, log_det)`: flat latents of images in (-1, 1), `log|dz/dx|`."""
        h, log_det = self.logit.inverse(images)
        for step in self.steps:
            h, step_log_det = step.inverse(h)
            log_det = log_det + step_log_det
        return ops.reshape(h, (-1, self.latent_dim)), log_det

    def log_prob(self, images):
        """`log p(x)` in nats per example of images in (-1, 1), on [-1, 1]^D."""
        z, log_det = self.inverse(images)
        return standard_normal_log_prob(z) + log_det

    def call(self, latents, training=False):
        del training
        h = ops.reshape(ops.cast(latents, "float32"), (-1, *self.latent_shape))
        for step in reversed(self.steps):
            h = step(h)
        # float32 sigmoid saturates at 1 for logits past ~17: keep the range.
        return ops.clip(self.logit(h), -1.0, 1.0)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], *self.image_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "image_shape": self.image_shape,
            "num_scales": self.num_scales,
            "couplings_per_scale": self.couplings_per_scale,
            "final_couplings": self.final_couplings,
            "hidden_channels": self.hidden_channels,
            "logit_lambda": self.logit_lambda,
        }
