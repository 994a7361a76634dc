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

Weight clipping (the original WGAN) is a projection after each update rather
than a penalty: `GAN(clip_value=c)` calls `clip_weights`.
"""

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


def input_gradients(discriminator, points, training=True):
    """Returns `d sum(D(points)) / d points`, the per-example input gradients.

    Uses a nested `tf.GradientTape`; called under an outer tape, the result
    stays differentiable with respect to the discriminator's weights.

    Args:
        discriminator: model mapping inputs to `(batch, 1)` logits.
        points: a batch of inputs.
        training: passed to the discriminator call.
    """
    # At least float32 whatever the policy: a float16 penalty's squared
    # norms overflow.
    points = upcast_half(tf.convert_to_tensor(points))
    with tf.GradientTape() as tape:
        tape.watch(points)
        logits = upcast_half(discriminator(points, training=training))
    return tape.gradient(logits, points)


def gradient_norms(discriminator, points, training=True):
    """Returns the `(batch,)` L2 norms of the input gradients at `points`.

    Args:
        discriminator: model mapping inputs to `(batch, 1)` logits.
        points: a batch of inputs of any rank.
        training: passed to the discriminator call.
    """
    grads = input_gradients(discriminator, points, training)
    return ops.sqrt(_squared_norms(grads) + _NORM_EPSILON)


def interpolates(real, fake, seed=None):
    """Returns `alpha * real + (1 - alpha) * fake`, `alpha ~ U[0, 1]` per example.

    Args:
        real: batch of real data.
        fake: batch of generated data, same shape.
        seed: integer or `keras.random.SeedGenerator`.

    Reference: Gulrajani et al., "Improved Training of Wasserstein GANs",
    NeurIPS 2017, Algorithm 1.
    """
    alpha = random.uniform(_per_example_shape(real), dtype=real.dtype, seed=seed)
    return fake + alpha * (real - fake)


def perturbed(real, seed=None):
    """Returns DRAGAN's points: a random point between `x` and `x + delta`.

    `delta = 0.5 * std(x) * U[0, 1]` elementwise, with `std` the scalar
    standard deviation of the whole batch, and the point at a fraction
    `alpha ~ U[0, 1]` (one per example) of the way from `x`, as in the
    authors' code (`get_perturbed_batch` and the interpolation after it).

    Args:
        real: batch of real data.
        seed: integer or `keras.random.SeedGenerator`.

    Reference: Kodali et al., "On Convergence and Stability of GANs",
    arXiv:1705.07215, 2017; github.com/kodalinaveen3/DRAGAN.
    """
    # A SeedGenerator advances between the two draws; an integer would not.
    alpha_seed = seed + 1 if isinstance(seed, int) else seed
    noise = random.uniform(ops.shape(real), dtype=real.dtype, seed=seed)
    alpha = random.uniform(_per_example_shape(real), dtype=real.dtype, seed=alpha_seed)
    return real + alpha * 0.5 * ops.std(real) * noise


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


def dragan_penalty(discriminator, real, fake=None, seed=None):
    """DRAGAN: `E[(norm(grad D(x_hat)) - 1)^2]` on points near the real data.

    Args:
        discriminator: the discriminator.
        real: batch of real data.
        fake: unused; accepted so every penalty has one signature.
        seed: integer or `keras.random.SeedGenerator` for the perturbation.

    Returns:
        The unweighted penalty (the paper's lambda is 10).

    Example:

    ```python
    gan = ganzoo.build("dcgan", penalty="dragan", penalty_weight=10.0)
    ```

    Reference: Kodali et al., "On Convergence and Stability of GANs",
    arXiv:1705.07215, 2017.
    """
    points = perturbed(real, seed)
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
    return 0.5 * ops.mean(_squared_norms(input_gradients(discriminator, real)))


PENALTIES = {"dragan": dragan_penalty, "r1": r1_penalty, "wgan_gp": wgan_gp_penalty}


def list_penalties():
    """Returns the sorted names accepted by `get_penalty` and `GAN(penalty=)`."""
    return sorted(PENALTIES)


def get_penalty(name):
    """Returns the penalty function registered as `name`.

    Args:
        name: one of `list_penalties()`.

    Example:

    >>> ganzoo.objectives.penalties.get_penalty("wgan_gp").__name__
    'wgan_gp_penalty'
    """
    if name not in PENALTIES:
        raise ValueError(
            f"Unknown penalty: Received: `penalty={name!r}`; expected one of "
            f"{list_penalties()} or None."
        )
    return PENALTIES[name]


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
