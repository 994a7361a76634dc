"""Inception score and k-NN precision/recall of a generated distribution."""

import numpy as np
import scipy.special


def inception_score(probabilities, splits=10):
    """Inception score: `exp(E_x KL(p(y|x) || p(y)))`, mean and std over splits.

    Works with any classifier's class probabilities: InceptionV3's (the
    published protocol, 50,000 samples in 10 splits) or a domain
    classifier's (an "Inception-style" score, comparable only within that
    classifier; at most its number of classes, e.g. 10 for MNIST).

    Args:
        probabilities: `(num_samples, num_classes)` rows of class
            probabilities (each row sums to 1).
        splits: the samples are cut into this many equal parts; the score is
            computed on each part with that part's marginal `p(y)`.

    Returns:
        A tuple `(mean, std)` of floats over the splits.

    Example:

    ```python
    clf = ganzoo.metrics.load_domain_classifier("mnist")
    score, score_std = inception_score(clf.predict_proba(images))
    ```

    Reference: Salimans et al., "Improved Techniques for Training GANs",
    NeurIPS 2016.
    """
    p = np.asarray(probabilities, dtype=np.float64)
    if p.ndim != 2 or not np.all(p >= 0):
        raise ValueError(
            f"Received: `probabilities` of shape {p.shape}; expected a 2D "
            "array (num_samples, num_classes) of non-negative probabilities."
        )
    if not 1 <= splits <= len(p):
        raise ValueError(
            f"Received: `splits={splits}` for {len(p)} samples; expected "
            "1 <= splits <= num_samples."
        )
    scores = []
    for part in np.array_split(p, splits):
        marginal = part.mean(axis=0, keepdims=True)
        # rel_entr is 0 where p(y|x) = 0, so empty classes add nothing.
        kl = scipy.special.rel_entr(part, marginal).sum(axis=1)
        scores.append(np.exp(kl.mean()))
    return float(np.mean(scores)), float(np.std(scores))


def pairwise_sq_distances(a, b):
    """Squared Euclidean distances between the rows of `a` and of `b`.

    Uses `|a|^2 + |b|^2 - 2 a.b` (one matrix product) and clips the small
    negative values rounding can leave.

    Args:
        a: `(m, d)` array.
        b: `(n, d)` array.

    Returns:
        `(m, n)` array of squared distances in the dtype of the inputs.
    """
    sq = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * (a @ b.T)
    return np.maximum(sq, 0.0)


def _knn_radii(features, k, batch_size):
    # Distance to the k-th nearest other point: index k, because index 0 is
    # the point itself at distance 0.
    radii = np.empty(len(features), dtype=features.dtype)
    for start in range(0, len(features), batch_size):
        d = pairwise_sq_distances(features[start : start + batch_size], features)
        radii[start : start + batch_size] = np.partition(d, k, axis=1)[:, k]
    return radii


def _cross_coverage(real, real_radii, fake, fake_radii, batch_size):
    # One pass over the real-fake distances serves both directions: a block
    # of fake rows says which fakes sit in a real ball (precision) and which
    # reals sit in one of these fakes' balls (recall, OR-ed over blocks).
    fake_inside = np.empty(len(fake), dtype=bool)
    real_inside = np.zeros(len(real), dtype=bool)
    for start in range(0, len(fake), batch_size):
        stop = start + batch_size
        d = pairwise_sq_distances(fake[start:stop], real)
        fake_inside[start:stop] = (d <= real_radii[None, :]).any(axis=1)
        real_inside |= (d <= fake_radii[start:stop, None]).any(axis=0)
    return float(fake_inside.mean()), float(real_inside.mean())


def precision_recall(real_features, fake_features, k=3, batch_size=1000):
    """Improved precision and recall of generated samples (k-NN manifolds).

    The real manifold is the union of balls around each real feature vector,
    with radius the distance to its k-th nearest real neighbour; likewise for
    the generated one. Precision is the fraction of generated samples inside
    the real manifold (quality), recall the fraction of real samples inside
    the generated manifold (coverage).

    Args:
        real_features: `(n_real, d)` features of real images.
        fake_features: `(n_fake, d)` features of generated images.
        k: the neighbour that sets each ball's radius (the paper uses 3).
        batch_size: rows per block of the distance matrix (memory is about
            `batch_size * max(n_real, n_fake) * 8` bytes).

    Returns:
        A tuple `(precision, recall)` of floats in [0, 1].

    Example:

    ```python
    precision, recall = precision_recall(clf.features(real), clf.features(fake))
    ```

    Reference: Kynkäänniemi et al., "Improved Precision and Recall Metric
    for Assessing Generative Models", NeurIPS 2019.
    """
    # float64: in float32 the rounding of |a|^2 + |b|^2 - 2 a.b can exceed the
    # radius of a duplicated point (0), dropping it from its own ball.
    real = np.asarray(real_features, dtype=np.float64)
    fake = np.asarray(fake_features, dtype=np.float64)
    if real.ndim != 2 or fake.ndim != 2 or real.shape[1] != fake.shape[1]:
        raise ValueError(
            f"Received: `real_features` of shape {real.shape} and "
            f"`fake_features` of shape {fake.shape}; expected 2D arrays with "
            "the same number of features."
        )
    if not 1 <= k < min(len(real), len(fake)):
        raise ValueError(
            f"Received: `k={k}` with {len(real)} real and {len(fake)} fake "
            "samples; expected 1 <= k < the smaller number of samples."
        )
    real_radii = _knn_radii(real, k, batch_size)
    fake_radii = _knn_radii(fake, k, batch_size)
    return _cross_coverage(real, real_radii, fake, fake_radii, batch_size)
