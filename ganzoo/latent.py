"""Latent-space operations: interpolation, attribute vectors, exemplars.

Everything here works on NumPy arrays (and returns NumPy) or on tensors
through `keras.ops` (and returns tensors), so it can run inside a model too.

```python
z0, z1 = ganzoo.latent.prior_latents(gan, 2, seed=0)
path = ganzoo.latent.interpolate(z0, z1, steps=9, method="slerp")  # (9, 100)
images = gan.generate(latents=path)
```

References: Radford et al., "Unsupervised Representation Learning with Deep
Convolutional Generative Adversarial Networks", ICLR 2016 (interpolations;
arithmetic on the mean z of three exemplars, neighbours by uniform noise of
+-0.25 as in the authors' `Newmu/dcgan_code`); White, "Sampling Generative
Networks", 2016 (slerp; attribute vectors as differences of means).
"""

import keras
import numpy as np
from keras import ops

METHODS = ("lerp", "slerp")
# Below this sin(angle) the endpoints are treated as parallel (or opposite)
# and slerp falls back to lerp, whose path is then the same arc or a chord.
PARALLEL_EPS = 1e-6


def _is_numpy(*values):
    return not any(keras.ops.is_tensor(v) for v in values)


def _xp(*values):
    """NumPy for NumPy inputs, `keras.ops` for tensors (same names used)."""
    return np if _is_numpy(*values) else ops


def _with_steps(z, t, xp):
    """`z (..., d)` and `t` (scalar or `(steps,)`) broadcast to a steps axis."""
    t = np.asarray(t, np.float32) if xp is np else ops.cast(t, z.dtype)
    if len(t.shape) == 0:
        return z, t
    if len(t.shape) != 1:
        raise ValueError(
            f"Received: `t` of shape {tuple(t.shape)}; expected a scalar or a "
            "1-D array of positions in [0, 1]."
        )
    return xp.expand_dims(z, -2), xp.expand_dims(t, -1)


def _pair(z0, z1):
    if _is_numpy(z0, z1):
        z0, z1 = np.asarray(z0, np.float32), np.asarray(z1, np.float32)
    else:
        z0 = ops.convert_to_tensor(z0, "float32")
        z1 = ops.convert_to_tensor(z1, "float32")
    if tuple(z0.shape) != tuple(z1.shape) or len(z0.shape) < 1:
        raise ValueError(
            f"Received: endpoints of shapes {tuple(z0.shape)} and "
            f"{tuple(z1.shape)}; expected the same shape `(..., latent_dim)`."
        )
    return z0, z1


def lerp(z0, z1, t):
    """Linear interpolation `(1 - t) z0 + t z1`.

    Args:
        z0, z1: endpoints of shape `(..., latent_dim)` (a batch of pairs).
        t: a scalar, or a 1-D array of `steps` positions in [0, 1].

    Returns:
        `(..., latent_dim)` for a scalar `t`, `(..., steps, latent_dim)` for
        an array; NumPy for NumPy inputs, else a tensor.
    """
    z0, z1 = _pair(z0, z1)
    xp = _xp(z0, z1)
    a, t = _with_steps(z0, t, xp)
    b = xp.expand_dims(z1, -2) if len(a.shape) > len(z0.shape) else z1
    return a + t * (b - a)


def slerp(z0, z1, t, eps=PARALLEL_EPS):
    """Spherical interpolation along the great circle from `z0` to `z1`.

    `sin((1 - t) w) / sin(w) z0 + sin(t w) / sin(w) z1`, with `w` the angle
    between the endpoints. When `|z0| = |z1|` every point keeps that norm,
    so paths between N(0, I) codes stay on the prior's shell (lerp's
    midpoint has norm about `sqrt(d / 2)`, not `sqrt(d)`). Points are not
    normalised to unit length. Pairs whose `sin(w) < eps` (parallel or
    opposite endpoints) fall back to `lerp`.

    Args:
        z0, z1: endpoints of shape `(..., latent_dim)` (a batch of pairs).
        t: a scalar, or a 1-D array of `steps` positions in [0, 1].
        eps: the `sin(w)` below which a pair is interpolated linearly.

    Returns:
        As `lerp`.

    Reference: White, "Sampling Generative Networks", 2016.
    """
    z0, z1 = _pair(z0, z1)
    xp = _xp(z0, z1)
    tiny = 1e-12

    def norm(z):
        return xp.sqrt(xp.maximum(xp.sum(z * z, axis=-1, keepdims=True), tiny))

    cos = xp.clip(
        xp.sum(z0 * z1, axis=-1, keepdims=True) / (norm(z0) * norm(z1)), -1, 1
    )
    omega = xp.arccos(cos)
    sin = xp.sin(omega)
    parallel = sin < eps
    safe_sin = xp.where(parallel, xp.ones_like(sin), sin)
    a, t = _with_steps(z0, t, xp)
    steps = len(a.shape) > len(z0.shape)
    b = xp.expand_dims(z1, -2) if steps else z1
    if steps:
        omega, safe_sin, parallel = (
            xp.expand_dims(v, -2) for v in (omega, safe_sin, parallel)
        )
    spherical = (xp.sin((1 - t) * omega) * a + xp.sin(t * omega) * b) / safe_sin
    return xp.where(parallel, a + t * (b - a), spherical)


def interpolate(z0, z1, steps=9, method="slerp"):
    """`steps` evenly spaced points from `z0` to `z1`, both included.

    Args:
        z0, z1: endpoints `(latent_dim,)` or a batch of pairs `(n, latent_dim)`.
        steps: number of points (at least 2).
        method: `"slerp"` or `"lerp"`.

    Returns:
        `(steps, latent_dim)`, or `(n, steps, latent_dim)` for a batch.

    Example:

    ```python
    paths = interpolate(z[:8], z[8:], steps=9)  # 8 paths of 9 codes
    images = gan.generate(latents=paths.reshape(-1, 100))
    ```
    """
    if method not in METHODS:
        raise ValueError(f"Received: `method={method!r}`; expected one of {METHODS}.")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 2:
        raise ValueError(f"Received: `steps={steps!r}`; expected an integer >= 2.")
    t = np.linspace(0.0, 1.0, int(steps), dtype=np.float32)
    return (slerp if method == "slerp" else lerp)(z0, z1, t)


def attribute_vector(z_with, z_without):
    """The mean code with an attribute minus the mean code without it.

    Args:
        z_with: `(n, latent_dim)` codes whose samples show the attribute.
        z_without: `(m, latent_dim)` codes whose samples do not.

    Returns:
        `(latent_dim,)`: add it to a code to add the attribute.

    Reference: White 2016 (attribute vectors); Radford et al. 2016, Fig. 7.
    """
    xp = _xp(z_with, z_without)
    for name, z in (("z_with", z_with), ("z_without", z_without)):
        if len(z.shape) != 2 or z.shape[0] == 0:
            raise ValueError(
                f"Received: `{name}` of shape {tuple(z.shape)}; expected "
                "(n, latent_dim) with n >= 1."
            )
    return xp.mean(z_with, axis=0) - xp.mean(z_without, axis=0)


def average_exemplars(z, axis=-2):
    """The mean code of a concept's exemplars (DCGAN used three).

    Args:
        z: `(..., exemplars, latent_dim)` codes.
        axis: the exemplars' axis.
    """
    return _xp(z).mean(z, axis=axis)


def jitter(z, n, scale=0.25, seed=None):
    """`n` neighbours of each code: `z` plus uniform noise in [-scale, scale].

    As the DCGAN code's arithmetic figures (`Newmu/dcgan_code`): the mean
    code of a concept, jittered by U(-0.25, 0.25), gives a set of samples.

    Args:
        z: `(latent_dim,)` or `(m, latent_dim)` codes.
        n: neighbours per code.
        scale: half-width of the uniform noise.
        seed: NumPy seed of the noise.

    Returns:
        `(n, latent_dim)`, or `(m, n, latent_dim)` for a batch.
    """
    shape = (*tuple(z.shape)[:-1], int(n), z.shape[-1])
    noise = np.random.default_rng(seed).uniform(-scale, scale, shape)
    noise = noise.astype(np.float32)
    xp = _xp(z)
    return xp.expand_dims(z, -2) + (noise if xp is np else ops.convert_to_tensor(noise))


def prior_latents(gan, n, seed=None):
    """`n` codes from a model's own prior, as NumPy.

    The codes `gan.generate(n, seed)` would use, for a built `GAN` and for a
    loaded export or preset (`ganzoo.load`) alike.
    """
    if hasattr(gan, "sample_latent"):
        return ops.convert_to_numpy(gan.sample_latent(n, seed=seed)).astype(np.float32)
    from ganzoo.models.signatures import SEED_MODULUS  # The exports' seed rule.

    if seed is None:
        seed = int(np.random.default_rng().integers(SEED_MODULUS))
    out = gan.module.sample_latent(num=int(n), seed=int(seed) % SEED_MODULUS)
    return out["latents"].numpy().astype(np.float32)


def check_latents(latents, latent_dim, n=None):
    """`latents` as a float32 `(n, latent_dim)` array, or a clear error."""
    z = np.asarray(ops.convert_to_numpy(latents), np.float32)
    if z.ndim != 2 or z.shape[1] != latent_dim or (n is not None and len(z) != n):
        raise ValueError(
            f"Received: `latents` of shape {z.shape}"
            + (f" with `n={n}`" if n is not None else "")
            + f"; expected ({'n' if n is None else n}, {latent_dim})."
        )
    if not np.all(np.isfinite(z)):
        raise ValueError(
            "Received: `latents` with non-finite values; expected finite codes."
        )
    return z


def _num_classes(gan):
    metadata = getattr(gan, "metadata", None) or {}
    if metadata.get("kind") == "conditional":
        return int(metadata["num_classes"])
    return getattr(gan, "num_classes", None)


def interpolation_paths(gan, pairs=8, steps=9, method="slerp", seed=None, labels=None):
    """Samples along `pairs` paths between prior codes, the label fixed per path.

    Args:
        gan: a built `GAN` or a loaded export / preset (`ganzoo.load`).
        pairs: number of paths (rows of a grid).
        steps: points per path, endpoints included (columns).
        method: `"slerp"` or `"lerp"`.
        seed: seed of the endpoints: `prior_latents(gan, 2 * pairs, seed)`,
            the first `pairs` codes to the last `pairs`.
        labels: conditional models: one class for every path or one per
            path; `None` draws one per path (from `seed`). The label stays
            fixed along a path, so only the code moves.

    Returns:
        `(images, latents)`: `(pairs, steps) + image_shape` in [-1, 1] and
        `(pairs, steps, latent_dim)`.

    Example:

    ```python
    images, _ = interpolation_paths(ganzoo.load("acgan_mnist"), labels=7)
    ```
    """
    z = prior_latents(gan, 2 * int(pairs), seed=seed)
    paths = interpolate(z[:pairs], z[pairs:], steps, method)
    flat = paths.reshape(-1, paths.shape[-1])
    kwargs = {}
    num_classes = _num_classes(gan)
    if num_classes:
        if labels is None:
            labels = np.random.default_rng(seed).integers(num_classes, size=pairs)
        labels = np.asarray(labels).reshape(-1)
        if labels.size not in (1, pairs):
            raise ValueError(
                f"Received: {labels.size} labels for `pairs={pairs}`; expected "
                "one label, or one per path."
            )
        labels = np.broadcast_to(labels, (pairs,))
        kwargs["labels"] = np.repeat(labels, steps)
    elif labels is not None:
        raise ValueError(
            f"Received: `labels={labels!r}` for an unconditional model; expected None."
        )
    images = gan.generate(latents=flat, **kwargs)
    return images.reshape(pairs, steps, *images.shape[1:]), paths
