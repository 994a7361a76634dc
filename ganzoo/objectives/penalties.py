"""Regularizers of the discriminator: gradient penalties and weight clipping.

A penalty is a pure function `penalty(discriminator, real, fake, seed=None)`
returning an unweighted scalar; `ganzoo.GAN(penalty=name, penalty_weight=w)`
adds `w * penalty` to the discriminator loss. The input gradient is taken
with a `tf.GradientTape` nested inside the training step's tape, so the
penalty is differentiated again with respect to the discriminator's weights;
XLA compiles this double backward pass.

All three penalise `grad_x D(x)`, the gradient of the logit with respect to
the input, at different points:

| name      | points                                  | per-example term       |
|-----------|-----------------------------------------|------------------------|
| `wgan_gp` | random points between real and fake     | `(norm(grad) - 1)^2`   |
| `dragan`  | random points near the real data        | `(norm(grad) - 1)^2`   |
| `r1`      | the real data                           | `norm(grad)^2 / 2`     |

A penalty with settings is named by an identifier, as Keras names optimizers:
`GAN(penalty=penalty("dragan", scale=0.005))` is
`{"class_name": "dragan", "config": {"scale": 0.005}}`, stored as such in the
model's config. A packing discriminator (PacGAN) gives one logit per pack of
m samples; its input is the pack, so the norms are taken per pack.

Weight clipping (the original WGAN) is a projection after each update rather
than a penalty: `GAN(clip_value=c)` calls `clip_weights`.
"""

import functools
import inspect

import tensorflow as tf
from keras import ops, random

from ganzoo.objectives.precision import upcast_half

# Inside the square root so its gradient stays finite where the input
# gradient vanishes (e.g. a dead ReLU critic).
_NORM_EPSILON = 1e-12


def _per_example_shape(x):
    # (batch, 1, ..., 1): one random number per example, broadcast over it.
    return (ops.shape(x)[0],) + (1,) * (len(x.shape) - 1)


def _squared_norms(grads):
    return ops.sum(ops.square(grads), axis=tuple(range(1, len(grads.shape))))


def _per_logit(squared_norms, logits):
    # A packing discriminator has one logit per pack of m consecutive
    # samples (`ganzoo.nets.packing.Pack`); the squared norm of its input
    # gradient is the sum over the pack's samples. With m = 1 this is a no-op.
    return ops.sum(ops.reshape(squared_norms, (ops.shape(logits)[0], -1)), axis=1)


def input_gradients(discriminator, points, training=True, return_logits=False):
    """Returns `d sum(D(points)) / d points`, the per-example input gradients.

    Uses a nested `tf.GradientTape`; called under an outer tape, the result
    stays differentiable with respect to the discriminator's weights.

    Args:
        discriminator: model mapping inputs to `(batch, 1)` logits (or
            `(batch / m, 1)` for a packing one).
        points: a batch of inputs.
        training: passed to the discriminator call.
        return_logits: also return the logits, as `(grads, logits)`.
    """
    # At least float32 whatever the policy: a float16 penalty's squared
    # norms overflow.
    points = upcast_half(tf.convert_to_tensor(points))
    with tf.GradientTape() as tape:
        tape.watch(points)
        logits = upcast_half(discriminator(points, training=training))
    grads = tape.gradient(logits, points)
    return (grads, logits) if return_logits else grads


def squared_gradient_norms(discriminator, points, training=True):
    """Squared L2 norms of the input gradient, one per logit (per pack)."""
    grads, logits = input_gradients(discriminator, points, training, True)
    return _per_logit(_squared_norms(grads), logits)


def gradient_norms(discriminator, points, training=True):
    """Returns the L2 norms of the input gradients at `points`, one per logit.

    One per example, or one per pack of m samples for a packing
    discriminator (whose input is the pack).

    Args:
        discriminator: model mapping inputs to logits.
        points: a batch of inputs of any rank.
        training: passed to the discriminator call.
    """
    squared = squared_gradient_norms(discriminator, points, training)
    return ops.sqrt(squared + _NORM_EPSILON)


def interpolates(real, fake, seed=None):
    """Returns `alpha * real + (1 - alpha) * fake`, `alpha ~ U[0, 1]` per example.

    Args:
        real: batch of real data.
        fake: batch of generated data, same shape.
        seed: integer or `keras.random.SeedGenerator`.

    Reference: Gulrajani et al., "Improved Training of Wasserstein GANs",
    NeurIPS 2017, Algorithm 1.
    """
    # A mixed-precision generator's fakes are half precision, the data not.
    fake = ops.cast(fake, real.dtype)
    alpha = random.uniform(_per_example_shape(real), dtype=real.dtype, seed=seed)
    return fake + alpha * (real - fake)


def _check_scale(scale):
    if scale is not None and (
        isinstance(scale, bool) or not isinstance(scale, (int, float)) or scale <= 0
    ):
        raise ValueError(
            f"Received: `scale={scale!r}`; expected None (0.5 x the batch's "
            "std) or a number > 0."
        )


def perturbed(real, seed=None, scale=None):
    """Returns DRAGAN's points: a random point between `x` and `x + delta`.

    `delta = c * U[0, 1]` elementwise, and the point at a fraction
    `alpha ~ U[0, 1]` (one per example) of the way from `x`, as in the
    authors' code (`get_perturbed_batch` and the interpolation after it).
    Their code sets `c = 0.5 * std(x)`, the scalar standard deviation of the
    whole batch (the default, `scale=None`).

    `c` decides the size of the local regions the penalty smooths; the
    authors ask to set it "taking into account your domain range"
    (github.com/kodalinaveen3/DRAGAN, README). On a mixture the batch's
    std is the spread between modes (0.71 on `ring8`), not a mode's own.

    Args:
        real: batch of real data.
        seed: integer or `keras.random.SeedGenerator`.
        scale: `c`, a number > 0; None: `0.5 * std(real)` of the batch.

    Reference: Kodali et al., "On Convergence and Stability of GANs",
    arXiv:1705.07215, 2017; github.com/kodalinaveen3/DRAGAN.
    """
    # A SeedGenerator advances between the two draws; an integer would not.
    alpha_seed = seed + 1 if isinstance(seed, int) else seed
    noise = random.uniform(ops.shape(real), dtype=real.dtype, seed=seed)
    alpha = random.uniform(_per_example_shape(real), dtype=real.dtype, seed=alpha_seed)
    scale = 0.5 * ops.std(real) if scale is None else ops.cast(scale, real.dtype)
    return real + alpha * scale * noise


def wgan_gp_penalty(discriminator, real, fake, seed=None):
    """WGAN-GP: `E[(norm(grad D(x_hat)) - 1)^2]` on real-fake interpolates.

    Args:
        discriminator: the critic.
        real: batch of real data.
        fake: batch of generated data.
        seed: integer or `keras.random.SeedGenerator` for the interpolation.

    Returns:
        The unweighted penalty (the paper's lambda is 10).

    Example:

    ```python
    gan = ganzoo.build("dcgan", loss="wasserstein", penalty="wgan_gp")
    ```

    Reference: Gulrajani et al., "Improved Training of Wasserstein GANs",
    NeurIPS 2017, eq. (3).
    """
    points = interpolates(real, ops.stop_gradient(fake), seed)
    return ops.mean(ops.square(gradient_norms(discriminator, points) - 1.0))


def dragan_penalty(discriminator, real, fake=None, seed=None, scale=None):
    """DRAGAN: `E[(norm(grad D(x_hat)) - 1)^2]` on points near the real data.

    Args:
        discriminator: the discriminator.
        real: batch of real data.
        fake: unused; accepted so every penalty has one signature.
        seed: integer or `keras.random.SeedGenerator` for the perturbation.
        scale: the perturbation's size `c` (see `perturbed`); None: the
            authors' `0.5 * std` of the batch. Set it through an
            identifier: `penalty=penalty("dragan", scale=0.005)`.

    Returns:
        The unweighted penalty (the paper's lambda is 10).

    Example:

    ```python
    gan = ganzoo.build("dcgan", penalty="dragan", penalty_weight=10.0)
    ring = ganzoo.build(
        "dragan", image_shape=(2,), penalty=penalty("dragan", scale=0.005)
    )
    ```

    Reference: Kodali et al., "On Convergence and Stability of GANs",
    arXiv:1705.07215, 2017.
    """
    _check_scale(scale)
    points = perturbed(real, seed, scale)
    return ops.mean(ops.square(gradient_norms(discriminator, points) - 1.0))


def r1_penalty(discriminator, real, fake=None, seed=None):
    """R1: `E[norm(grad D(x))^2] / 2` on the real data.

    With `penalty_weight=gamma` this is the paper's `gamma/2 E||grad D||^2`.

    Args:
        discriminator: the discriminator.
        real: batch of real data.
        fake: unused; accepted so every penalty has one signature.
        seed: unused (R1 draws no noise).

    Returns:
        The unweighted penalty.

    Example:

    ```python
    gan = ganzoo.build("dcgan", penalty="r1", penalty_weight=10.0)
    ```

    Reference: Mescheder et al., "Which Training Methods for GANs do actually
    Converge?", ICML 2018, eq. (9).
    """
    return 0.5 * ops.mean(squared_gradient_norms(discriminator, real))


PENALTIES = {"dragan": dragan_penalty, "r1": r1_penalty, "wgan_gp": wgan_gp_penalty}


def list_penalties():
    """Returns the sorted names accepted by `get_penalty` and `GAN(penalty=)`."""
    return sorted(PENALTIES)


def penalty(name, **config):
    """A penalty with settings as data: `{"class_name": name, "config": config}`.

    What `GAN(penalty=...)` and a config's `model.kwargs.penalty` take
    besides a plain name (as `ganzoo.registry.optimizer` for optimizers).

    Example:

    >>> penalty("dragan", scale=0.005)
    {'class_name': 'dragan', 'config': {'scale': 0.005}}
    """
    get_penalty({"class_name": name, "config": dict(config)})  # Checks it.
    return {"class_name": name, "config": dict(config)}


def get_penalty(identifier):
    """Returns the penalty function named by `identifier`.

    Args:
        identifier: one of `list_penalties()`, or `penalty(name, **config)`
            (a dict `{"class_name": name, "config": {...}}`): the function
            with those keyword arguments set.

    Example:

    >>> ganzoo.objectives.penalties.get_penalty("wgan_gp").__name__
    'wgan_gp_penalty'
    """
    name, config = identifier, {}
    if isinstance(identifier, dict):
        if set(identifier) - {"class_name", "config"}:
            raise ValueError(
                f"Received: `penalty={identifier!r}`; expected a name of "
                f"{list_penalties()} or a dict with `class_name` and `config`."
            )
        name, config = identifier.get("class_name"), dict(identifier.get("config", {}))
    if not isinstance(name, str) or name not in PENALTIES:
        raise ValueError(
            f"Unknown penalty: Received: `penalty={name!r}`; expected one of "
            f"{list_penalties()} or None."
        )
    function = PENALTIES[name]
    if not config:
        return function
    allowed = [
        p for p in inspect.signature(function).parameters if p not in _SHARED_ARGS
    ]
    unknown = sorted(set(config) - set(allowed))
    if unknown:
        raise ValueError(
            f"Received: `{unknown[0]}={config[unknown[0]]!r}` for penalty "
            f"{name!r}; expected its settings {allowed}."
        )
    for key, value in config.items():
        _SETTING_CHECKS.get(key, lambda value: None)(value)
    return functools.wraps(function)(functools.partial(function, **config))


# The arguments every penalty takes from the engine; checks of the others.
_SHARED_ARGS = ("discriminator", "real", "fake", "seed")
_SETTING_CHECKS = {"scale": _check_scale}


def clip_weights(variables, clip_value):
    """Clips every variable to `[-clip_value, clip_value]` in place.

    Args:
        variables: e.g. the critic's `trainable_variables`.
        clip_value: the bound `c` (the WGAN paper: 0.01).

    Reference: Arjovsky et al., "Wasserstein Generative Adversarial
    Networks", ICML 2017, Algorithm 1.
    """
    for variable in variables:
        variable.assign(ops.clip(variable, -clip_value, clip_value))
