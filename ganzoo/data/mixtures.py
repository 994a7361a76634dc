"""Synthetic 2D Gaussian mixtures with exact ground truth.

These are the mode-collapse benchmarks of VEEGAN (Srivastava et al., 2017)
and PacGAN (Lin et al., 2018). Because every component is known, metrics can
count *modes captured* and *high-quality samples* (a sample within three
standard deviations of its nearest mean) exactly.

The catalog's settings (`ganzoo.data.catalog`) are those of PacGAN's reference code
(github.com/fjxmlzn/PacGAN, `synthetic_data_experiments/2DRing_GAN&PacGAN/
config.py` and `2DGrid_GAN&PacGAN/config.py`), which states that it follows
VEEGAN's setup:

- `ring8`: 8 components with means `(cos(2*pi*k/8), sin(2*pi*k/8))`, i.e. on
  the unit circle, isotropic std 0.01 (variance 1e-4).
- `grid25`: 25 components with means `{-4, -2, 0, 2, 4}^2`, isotropic std
  0.05 (variance 0.0025).

The other common ring (radius 2, std 0.02, as in the WGAN-GP toy code) has the
same radius/std ratio; build it with `make_ring(radius=2.0, std=0.02)`.
"""

import dataclasses

import numpy as np
import tensorflow as tf

from ganzoo.data import catalog

SPLITS = ("train", "test")
DEFAULT_NUM_EXAMPLES = 100_000


@dataclasses.dataclass(frozen=True, eq=False)
class Mixture:
    """An equally weighted mixture of isotropic 2D Gaussians.

    Args:
        name: a short name, e.g. `"ring8"`.
        means: array of shape `[K, 2]`, one row per component. Stored as a
            read-only float64 copy so the ground truth cannot drift.
        std: the standard deviation of every component in each dimension.
        source: where the setting comes from.
    """

    name: str
    means: np.ndarray
    std: float
    source: str = ""

    def __post_init__(self):
        means = np.array(self.means, dtype=np.float64)
        if means.ndim != 2 or means.shape[1] != 2 or len(means) == 0:
            raise ValueError(
                f"Received: `means` of shape {means.shape}; expected shape [K, 2]."
            )
        if not float(self.std) > 0:
            raise ValueError(f"Received: `std={self.std!r}`; expected a value > 0.")
        means.setflags(write=False)
        object.__setattr__(self, "means", means)
        object.__setattr__(self, "std", float(self.std))

    @property
    def num_modes(self):
        """The number of components K."""
        return len(self.means)


def make_ring(num_modes=8, radius=1.0, std=0.01, name=None):
    """Builds a mixture with means evenly spaced on a circle.

    Args:
        num_modes: the number of components.
        radius: the circle's radius.
        std: the per-dimension standard deviation of each component.
        name: defaults to `f"ring{num_modes}"`.

    Returns:
        A `Mixture`; component `k` sits at angle `2*pi*k/num_modes`.

    Example:

    >>> make_ring(radius=2.0, std=0.02).means[2].round(6)
    array([0., 2.])
    """
    angles = 2 * np.pi * np.arange(num_modes) / num_modes
    means = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return Mixture(name or f"ring{num_modes}", means, std)


def make_grid(size=5, spacing=2.0, std=0.05, name=None):
    """Builds a mixture with means on a square grid centred at the origin.

    Args:
        size: components per side; the mixture has `size**2` of them.
        spacing: the distance between neighbouring means.
        std: the per-dimension standard deviation of each component.
        name: defaults to `f"grid{size**2}"`.

    Returns:
        A `Mixture`; components are ordered x-major, as in PacGAN's code.

    Example:

    >>> make_grid().means[:2]
    array([[-4., -4.],
           [-4., -2.]])
    """
    axis = spacing * (np.arange(size) - (size - 1) / 2)
    xs, ys = np.meshgrid(axis, axis, indexing="ij")
    means = np.stack([xs.ravel(), ys.ravel()], axis=1)
    return Mixture(name or f"grid{size**2}", means, std)


_LAYOUTS = {"ring": make_ring, "grid": make_grid}


def _from_catalog(dataset):
    settings = dict(dataset.params)
    mixture = _LAYOUTS[settings.pop("layout")](name=dataset.name, **settings)
    return dataclasses.replace(mixture, source=dataset.source)


# The mixtures of the catalog, with their ground truth.
MIXTURES = {
    n: _from_catalog(catalog.get_dataset(n)) for n in catalog.list_datasets("mixture")
}


def list_mixtures():
    """Returns the sorted names of the registered mixtures."""
    return sorted(MIXTURES)


def get_mixture(name):
    """Returns the ground-truth `Mixture` registered under `name`.

    Args:
        name: one of `list_mixtures()`.

    Returns:
        The `Mixture` (means `[K, 2]`, `std`).

    Example:

    >>> m = get_mixture("grid25")
    >>> m.num_modes, m.std
    (25, 0.05)
    """
    if name not in MIXTURES:
        raise ValueError(
            f"Unknown mixture: Received: `name={name!r}`; expected one of "
            f"{list_mixtures()}."
        )
    return MIXTURES[name]


def sample_mixture(mixture, n, seed=None):
    """Draws `n` points from a mixture with equal component weights.

    Args:
        mixture: a `Mixture` or a registered name.
        n: the number of points.
        seed: an int, a `np.random.Generator`, or None for fresh entropy.

    Returns:
        A tuple `(points, labels)`: float32 `[n, 2]` and the int32 `[n]`
        index of the component each point came from.

    Example:

    >>> points, labels = sample_mixture("ring8", 1000, seed=0)
    >>> points.shape, int(labels.max())
    ((1000, 2), 7)
    """
    if isinstance(mixture, str):
        mixture = get_mixture(mixture)
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, mixture.num_modes, size=n)
    noise = rng.standard_normal((n, 2))
    points = mixture.means[labels] + mixture.std * noise
    return points.astype(np.float32), labels.astype(np.int32)


def median_kernel_scales(mixture, multipliers, num_points=1_000, seed=0):
    """Gaussian-kernel variances `(m * c)^2` from the median pairwise distance `m`.

    The median heuristic for an MMD's bandwidths on a mixture's points, e.g.
    for `ganzoo.build("gmmn", scales=...)` on the 2D mixtures.

    Args:
        mixture: a mixture name, e.g. `"ring8"`, or a `GaussianMixture`.
        multipliers: the factors `c` on `m` (the bandwidths in units of `m`).
        num_points: points drawn from the mixture to take the median over.
        seed: the draw's seed.

    Returns:
        A list of floats, one variance per multiplier.
    """
    from scipy.spatial import distance  # Only this helper needs SciPy.

    points, _ = sample_mixture(mixture, num_points, seed=seed)
    median = float(np.median(distance.pdist(points)))
    return [float((median * c) ** 2) for c in multipliers]


def load_mixture(
    name,
    split,
    batch_size,
    *,
    shuffle,
    seed,
    with_labels,
    repeat,
    drop_remainder,
    take,
    num_examples,
):
    """Builds the `tf.data` pipeline for a mixture; see `ganzoo.data.load`."""
    if split not in SPLITS:
        raise ValueError(
            f"Received: `split={split!r}` for dataset {name!r}; expected one "
            f"of {list(SPLITS)}."
        )
    if num_examples is None:
        num_examples = DEFAULT_NUM_EXAMPLES
    if isinstance(num_examples, bool) or not isinstance(num_examples, int):
        raise ValueError(
            f"Received: `num_examples={num_examples!r}`; expected a positive int."
        )
    if num_examples <= 0:
        raise ValueError(
            f"Received: `num_examples={num_examples}`; expected a positive int."
        )
    size = num_examples if take is None else min(take, num_examples)
    if repeat and batch_size > size:
        raise ValueError(
            f"Received: `batch_size={batch_size}` with `repeat=True`, but "
            f"{name!r} has only {size} examples, so every batch would hold "
            f"some of them twice; expected `batch_size <= {size}`."
        )
    if drop_remainder and not repeat and batch_size > size:
        raise ValueError(
            f"Received: `batch_size={batch_size}` with `drop_remainder=True`, "
            f"but {name!r} has only {size} examples, so no batch would be "
            f"produced; expected `batch_size <= {size}` or `drop_remainder="
            "False`."
        )
    # The split index enters the seed so that train and test are independent
    # draws while each stays reproducible.
    rng_seed = None if seed is None else [seed, SPLITS.index(split)]
    points, labels = sample_mixture(get_mixture(name), size, seed=rng_seed)
    ds = tf.data.Dataset.from_tensor_slices((points, labels) if with_labels else points)
    if shuffle:
        # Points are already i.i.d.; shuffling only makes repeated epochs
        # differ from one another.
        ds = ds.shuffle(size, seed=seed, reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    ds = ds.batch(batch_size, drop_remainder=drop_remainder)
    return ds.prefetch(tf.data.AUTOTUNE)
