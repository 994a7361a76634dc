"""Losses of the class-aware games (ACGAN, SGAN) as pure functions on logits.

SGAN's discriminator is a (K+1)-class classifier written with K logits
`l_1..l_K` and the "fake" logit fixed at `l_{K+1} = 0` (Salimans et al. 2016,
section 5). Softmax is unchanged by subtracting one value from all K+1
logits, so fixing one of them loses nothing, and the K logits are then
exactly the classifier over real classes. With `Z(x) = sum_k exp(l_k)`:

    p(fake | x)      = 1 / (Z(x) + 1)
    D(x) = p(real|x) = Z(x) / (Z(x) + 1) = sigmoid(logsumexp(l))

so the GAN part is the standard binary cross-entropy on the logit
`logsumexp(l)`, and the supervised part is K-way cross-entropy on `l`.
"""

from keras import ops

from ganzoo.objectives.precision import float32_logits


@float32_logits
def class_cross_entropy(labels, class_logits):
    """Mean K-way cross-entropy `-E[log softmax(l)_y]`.

    Args:
        labels: int class indices, shape `(batch,)`.
        class_logits: `(batch, K)` logits.

    Example:

    >>> class_cross_entropy(keras.ops.array([0]), keras.ops.array([[0.0, 0.0]]))
    0.6931...  # log 2

    Reference: Odena et al., ICML 2017 (ACGAN's L_C); Salimans et al.,
    NeurIPS 2016 (SGAN's L_supervised).
    """
    return ops.mean(
        ops.sparse_categorical_crossentropy(labels, class_logits, from_logits=True)
    )


@float32_logits
def sgan_unsupervised_loss(unlabeled_logits, fake_logits):
    """SGAN's real/fake part: `-E_data log p(real|x) - E_G log p(fake|x)`.

    With the fake logit fixed at 0 these are `softplus(-logsumexp(l))` on
    real data and `softplus(logsumexp(l))` on samples. The two expectations
    are averaged (weight 1/2 each) as in the authors' code
    (openai/improved-gan), which the paper's 0.93% MNIST error comes from.

    Args:
        unlabeled_logits: `(batch, K)` class logits on unlabeled real data.
        fake_logits: `(batch, K)` class logits on generated samples.

    Reference: Salimans et al., "Improved Techniques for Training GANs",
    NeurIPS 2016, section 5, L_unsupervised.
    """
    real_lse = ops.logsumexp(unlabeled_logits, axis=-1)
    fake_lse = ops.logsumexp(fake_logits, axis=-1)
    return 0.5 * (ops.mean(ops.softplus(-real_lse)) + ops.mean(ops.softplus(fake_lse)))


@float32_logits
def sgan_discriminator_loss(
    labeled_logits, labels, unlabeled_logits, fake_logits, unsupervised_weight=1.0
):
    """SGAN discriminator loss: supervised + weighted unsupervised parts.

    `L = -E_labeled log p(y | x, y < K+1) + w * L_unsupervised`, see
    `class_cross_entropy` and `sgan_unsupervised_loss`. `w = 0` trains the
    same network as a plain supervised classifier (the baseline the GAN's
    gain is measured against).

    Args:
        labeled_logits: `(batch, K)` class logits on labeled real data.
        labels: int labels of the labeled batch, shape `(batch,)`.
        unlabeled_logits: `(batch, K)` class logits on unlabeled real data.
        fake_logits: `(batch, K)` class logits on generated samples.
        unsupervised_weight: `w`.

    Returns:
        A scalar.

    Example:

    ```python
    loss = sgan_discriminator_loss(d(x_lab)[0], y_lab, d(x_unl)[0], d(g(z))[0])
    ```

    Reference: Salimans et al., NeurIPS 2016, section 5.
    """
    supervised = class_cross_entropy(labels, labeled_logits)
    return supervised + unsupervised_weight * sgan_unsupervised_loss(
        unlabeled_logits, fake_logits
    )


@float32_logits
def sgan_generator_loss(fake_logits):
    """Non-saturating SGAN generator loss: `-E log p(real | G(z))`.

    `softplus(-logsumexp(l))` on the samples' class logits.

    Args:
        fake_logits: `(batch, K)` class logits on generated samples.

    Reference: Odena, "Semi-Supervised Learning with Generative Adversarial
    Networks", 2016; Goodfellow et al. 2014 (the -log D trick).
    """
    return ops.mean(ops.softplus(-ops.logsumexp(fake_logits, axis=-1)))


@float32_logits
def feature_matching_generator_loss(real_features, fake_features):
    """Feature matching: `mean_j (E f_j(x) - E f_j(G(z)))^2`.

    The generator matches the batch means of the discriminator's hidden
    features instead of maximising its output (the paper writes the squared
    L2 norm; the mean over features, as in its MNIST code, only rescales it).

    Args:
        real_features: `(batch, F)` discriminator features of real data.
        fake_features: `(batch, F)` features of generated samples.

    Example:

    >>> real, fake = keras.ops.ones((4, 3)), keras.ops.zeros((2, 3))
    >>> feature_matching_generator_loss(real, fake)
    1.0

    Reference: Salimans et al., "Improved Techniques for Training GANs",
    NeurIPS 2016, section 3.1.
    """
    # The real statistics are the target: no gradient flows into them even
    # if a caller differentiates with respect to the discriminator.
    real_mean = ops.stop_gradient(ops.mean(real_features, axis=0))
    return ops.mean(ops.square(real_mean - ops.mean(fake_features, axis=0)))
