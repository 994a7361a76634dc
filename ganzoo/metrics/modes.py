"""Mode coverage: 2D Gaussian mixtures and Stacked MNIST (PacGAN protocol).

A generator that collapses onto a few modes can still fool FID-like scores
on a single image set; these benchmarks have a known, countable set of
modes. Both report the KL divergence `KL(p_gen || uniform)` of the generated
mode histogram to the uniform one, as PacGAN's reference code does
(VEEGAN's "reverse KL"); it is 0 for perfectly balanced modes and
`log(num_modes)` when everything falls into one mode.
"""

import numpy as np
import scipy.spatial
import scipy.stats

from ganzoo.data import mixtures as mixtures_lib

# PacGAN: a sample is "high quality" within 3 standard deviations of a mode.
HIGH_QUALITY_STDS = 3.0
STACKED_MNIST_MODES = 1000


def kl_to_uniform(mode_indices, num_modes):
    """`KL(p || uniform)` of the histogram of `mode_indices` over `num_modes`.

    Args:
        mode_indices: integer array of mode ids in `[0, num_modes)`.
        num_modes: the number of modes of the uniform reference.

    Returns:
        The divergence in nats (`inf` when `mode_indices` is empty).

    Example:

    >>> round(kl_to_uniform(np.zeros(5, int), 8), 4)  # log(8)
    2.0794
    """
    if len(mode_indices) == 0:
        return float("inf")
    counts = np.bincount(np.asarray(mode_indices), minlength=num_modes)
    return float(scipy.stats.entropy(counts, np.ones(num_modes)))


def mixture_mode_coverage(points, mixture, num_stds=HIGH_QUALITY_STDS):
    """Modes captured and high-quality samples on a 2D Gaussian mixture.

    A sample is high quality when it lies within `num_stds` standard
    deviations (Euclidean distance `num_stds * std`) of its nearest mode;
    a mode is captured when at least one high-quality sample is nearest to
    it. The paper evaluates 2,500 samples.

    Args:
        points: `(n, 2)` generated points.
        mixture: a `ganzoo.data.Mixture` or its name (`"ring8"`, `"grid25"`).
        num_stds: the high-quality radius in standard deviations.

    Returns:
        A dict of floats: `modes_captured` (count), `high_quality_fraction`
        (in [0, 1]) and `modes_kl` (`KL(p || uniform)` of the high-quality
        samples' modes; `inf` when there are none).

    Example:

    >>> pts, _ = ganzoo.data.sample_mixture("ring8", 2500, seed=0)
    >>> mixture_mode_coverage(pts, "ring8")["modes_captured"]
    8.0

    Reference: Lin et al., "PacGAN: The power of two samples in generative
    adversarial networks", NeurIPS 2018; Srivastava et al., "VEEGAN",
    NeurIPS 2017.
    """
    if isinstance(mixture, str):
        mixture = mixtures_lib.get_mixture(mixture)
    points = np.asarray(points, dtype=np.float64)
    if points.ndim != 2 or points.shape[1] != mixture.means.shape[1]:
        raise ValueError(
            f"Received: `points` of shape {points.shape}; expected "
            f"(num_points, {mixture.means.shape[1]})."
        )
    distance, nearest = scipy.spatial.cKDTree(mixture.means).query(points)
    good = distance <= num_stds * mixture.std
    captured = np.unique(nearest[good])
    return {
        "modes_captured": float(len(captured)),
        "high_quality_fraction": float(good.mean()) if len(points) else 0.0,
        "modes_kl": kl_to_uniform(nearest[good], mixture.num_modes),
    }


def stacked_mnist_modes(images, classifier, batch_size=1000):
    """Modes captured and KL to uniform on Stacked MNIST (1,000 modes).

    Each channel is classified with an MNIST digit classifier; the mode is
    `100 * digit(channel 0) + 10 * digit(channel 1) + digit(channel 2)`, the
    labelling of `ganzoo.data.stacked_mnist`. PacGAN evaluates 26,000
    samples.

    Args:
        images: `(n, 28, 28, 3)` images in [-1, 1].
        classifier: an object with `predict_labels(images, batch_size=...)`
            for `(n, 28, 28, 1)` digits, e.g.
            `ganzoo.metrics.load_domain_classifier("mnist")`.
        batch_size: images per classifier call.

    Returns:
        A dict of floats: `modes_captured` (distinct modes among the
        samples, at most 1000) and `modes_kl` (`KL(p || uniform)`).

    Example:

    ```python
    clf = ganzoo.metrics.load_domain_classifier("mnist")
    stacked_mnist_modes(gan.generate(26_000, seed=0), clf)
    ```

    Reference: Metz et al., "Unrolled Generative Adversarial Networks",
    ICLR 2017; Lin et al., PacGAN, NeurIPS 2018.
    """
    images = np.asarray(images, dtype=np.float32)
    if images.ndim != 4 or images.shape[-1] != 3:
        raise ValueError(
            f"Received: `images` of shape {images.shape}; expected "
            "(num_images, height, width, 3)."
        )
    modes = np.zeros(len(images), dtype=np.int64)
    for channel in range(3):
        digits = classifier.predict_labels(
            images[..., channel : channel + 1], batch_size=batch_size
        )
        modes = 10 * modes + np.asarray(digits, dtype=np.int64)
    return {
        "modes_captured": float(len(np.unique(modes))),
        "modes_kl": kl_to_uniform(modes, STACKED_MNIST_MODES),
    }
