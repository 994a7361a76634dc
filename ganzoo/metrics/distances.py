"""Distances between two sets of feature vectors: Fréchet distance and KID.

Both take activations (one row per image) from any feature extractor: the
domain classifiers of `ganzoo.metrics.load_domain_classifier`, InceptionV3
pool features (the published FID/KID protocol) or raw 2D points.
"""

import warnings

import numpy as np
import scipy.linalg

# A matrix square root whose imaginary part is larger than this did not come
# from two positive semi-definite covariances; rounding alone stays far below.
_MAX_IMAGINARY = 1e-3


def _as_features(name, x, min_rows=1):
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or len(x) < min_rows:
        raise ValueError(
            f"Received: `{name}` of shape {x.shape}; expected a 2D array "
            f"(num_samples, num_features) with at least {min_rows} rows."
        )
    return x


def feature_moments(features):
    """Returns the mean vector and covariance matrix of feature vectors.

    Args:
        features: array `(num_samples, num_features)`, at least 2 rows.

    Returns:
        A tuple `(mu, sigma)`: float64 `(num_features,)` and
        `(num_features, num_features)` (unbiased covariance, `ddof=1`).

    Example:

    >>> mu, sigma = feature_moments(np.random.normal(size=(1000, 8)))
    """
    features = _as_features("features", features, min_rows=2)
    return features.mean(axis=0), np.cov(features, rowvar=False)


def frechet_distance_from_moments(mu_a, sigma_a, mu_b, sigma_b, eps=1e-6):
    """Fréchet (2-Wasserstein) distance between two Gaussians.

    `d^2 = ||mu_a - mu_b||^2 + Tr(sigma_a + sigma_b - 2 (sigma_a sigma_b)^(1/2))`.

    The matrix square root comes from `scipy.linalg.sqrtm`. If it is not
    finite or scipy finds the product singular (e.g. fewer samples than
    features, or features that never vary), `eps * I` is added to both
    covariances, as in the TTUR reference code. Imaginary
    parts from rounding are dropped; large ones raise.

    Args:
        mu_a: mean vector of the first Gaussian.
        sigma_a: covariance matrix of the first Gaussian.
        mu_b: mean vector of the second Gaussian.
        sigma_b: covariance matrix of the second Gaussian.
        eps: the diagonal offset used when the square root is not finite.

    Returns:
        The squared Fréchet distance as a Python float (>= 0 up to rounding).

    Example:

    >>> frechet_distance_from_moments(np.zeros(2), np.eye(2), np.ones(2), np.eye(2))
    2.0

    Reference: Heusel et al., "GANs Trained by a Two Time-Scale Update Rule
    Converge to a Local Nash Equilibrium", NeurIPS 2017 (FID); Dowson &
    Landau, "The Fréchet distance between multivariate normal
    distributions", 1982.
    """
    mu_a, mu_b = np.atleast_1d(mu_a).astype(np.float64), np.atleast_1d(mu_b)
    sigma_a = np.atleast_2d(sigma_a).astype(np.float64)
    sigma_b = np.atleast_2d(sigma_b).astype(np.float64)
    dim = mu_a.shape[0]
    for name, value, shape in (
        ("mu_b", mu_b, (dim,)),
        ("sigma_a", sigma_a, (dim, dim)),
        ("sigma_b", sigma_b, (dim, dim)),
    ):
        if value.shape != shape:
            raise ValueError(
                f"Received: `{name}` of shape {value.shape}; expected shape "
                f"{shape} to match `mu_a` of shape {mu_a.shape}."
            )
    diff = mu_a - mu_b
    with warnings.catch_warnings():
        # scipy warns (LinAlgWarning) when the product is singular, e.g. for
        # dead ReLU features with zero variance: take that as the cue for
        # the offset too, not only non-finite values.
        warnings.simplefilter("error", scipy.linalg.LinAlgWarning)
        try:
            covmean = scipy.linalg.sqrtm(sigma_a @ sigma_b)
        except scipy.linalg.LinAlgWarning:
            covmean = np.full_like(sigma_a, np.nan)
    if not np.isfinite(covmean).all():
        # Unlike the TTUR code, the traces below use the offset covariances
        # too, so the result is the exact distance of the regularised
        # Gaussians (and 0 for identical ones, instead of -2 * dim * eps).
        sigma_a = sigma_a + eps * np.eye(dim)
        sigma_b = sigma_b + eps * np.eye(dim)
        covmean = scipy.linalg.sqrtm(sigma_a @ sigma_b)
    if np.iscomplexobj(covmean):
        largest = np.max(np.abs(covmean.imag))
        if largest > _MAX_IMAGINARY:
            raise ValueError(
                "Received: covariances whose product has a matrix square root "
                f"with imaginary part up to {largest:.3g}; expected (nearly) "
                "real, as for positive semi-definite covariances. Check the "
                "features for NaNs or use more samples."
            )
        covmean = covmean.real
    trace = np.trace(sigma_a) + np.trace(sigma_b) - 2.0 * np.trace(covmean)
    return float(diff @ diff + trace)


def frechet_distance(features_a, features_b, eps=1e-6):
    """Fréchet distance (FID) between two sets of activations.

    Fits a Gaussian to each set and compares them with
    `frechet_distance_from_moments`. With InceptionV3 pool features this is
    FID; with a domain classifier's features it is the "FID" of that space
    (numbers are only comparable within one feature extractor).

    Args:
        features_a: `(n_a, d)` activations, e.g. of real images.
        features_b: `(n_b, d)` activations, e.g. of generated images.
        eps: see `frechet_distance_from_moments`.

    Returns:
        The squared Fréchet distance as a float.

    Example:

    ```python
    clf = ganzoo.metrics.load_domain_classifier("mnist")
    fid = frechet_distance(clf.features(real), clf.features(fake))
    ```

    Reference: Heusel et al., NeurIPS 2017.
    """
    mu_a, sigma_a = feature_moments(features_a)
    mu_b, sigma_b = feature_moments(features_b)
    return frechet_distance_from_moments(mu_a, sigma_a, mu_b, sigma_b, eps=eps)


def _polynomial_kernel(x, y):
    # k(x, y) = (x.y / d + 1)^3, the kernel of Binkowski et al. In-place
    # products: t ** 3 goes through pow() and is about 2x slower.
    t = x @ y.T
    t *= 1.0 / x.shape[1]
    t += 1.0
    cube = t * t
    cube *= t
    return cube


def _polynomial_mmd2(x, y):
    k_xx, k_yy = _polynomial_kernel(x, x), _polynomial_kernel(y, y)
    k_xy = _polynomial_kernel(x, y)
    m, n = len(x), len(y)
    # Unbiased: the diagonals k(x_i, x_i) are left out of the within-set means.
    within_x = (k_xx.sum() - np.trace(k_xx)) / (m * (m - 1))
    within_y = (k_yy.sum() - np.trace(k_yy)) / (n * (n - 1))
    return within_x + within_y - 2.0 * k_xy.mean()


def kernel_inception_distance(
    features_a, features_b, num_subsets=100, subset_size=1000, seed=0
):
    """Kernel Inception Distance (KID): unbiased MMD^2, cubic polynomial kernel.

    The unbiased estimate is averaged over `num_subsets` random subsets of
    `subset_size` rows drawn without replacement from each set, as in the
    reference implementation; the spread over subsets is returned with it.
    Being unbiased, it is near 0 (and can be slightly negative) for two
    samples of one distribution.

    Args:
        features_a: `(n_a, d)` activations.
        features_b: `(n_b, d)` activations.
        num_subsets: number of random subsets.
        subset_size: rows per subset; capped at the smaller set's size.
        seed: seed of the subset draws.

    Returns:
        A tuple `(mean, std)` of floats over the subsets.

    Example:

    ```python
    kid, kid_std = kernel_inception_distance(real_features, fake_features)
    ```

    Reference: Binkowski et al., "Demystifying MMD GANs", ICLR 2018.
    """
    features_a = _as_features("features_a", features_a, min_rows=2)
    features_b = _as_features("features_b", features_b, min_rows=2)
    if features_a.shape[1] != features_b.shape[1]:
        raise ValueError(
            f"Received: `features_a` with {features_a.shape[1]} features and "
            f"`features_b` with {features_b.shape[1]}; expected the same number."
        )
    if num_subsets < 1 or subset_size < 2:
        raise ValueError(
            f"Received: `num_subsets={num_subsets}`, `subset_size={subset_size}`; "
            "expected num_subsets >= 1 and subset_size >= 2."
        )
    size = min(subset_size, len(features_a), len(features_b))
    rng = np.random.default_rng(seed)
    values = [
        _polynomial_mmd2(
            features_a[rng.choice(len(features_a), size, replace=False)],
            features_b[rng.choice(len(features_b), size, replace=False)],
        )
        for _ in range(num_subsets)
    ]
    return float(np.mean(values)), float(np.std(values))
