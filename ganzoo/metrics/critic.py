"""An independent Wasserstein critic: W between real images and a frozen generator.

The generator is frozen; a fresh WGAN-GP critic of fixed architecture and
step count is trained to tell held-out real images from its samples, and
its estimate `E[f(real)] - E[f(fake)]` is read without the penalty on
separate evaluation images and samples. Three rows (Danihelka et al. 2017):

- `critic_w_validation`: critic trained on test[:5000] against samples,
  read on test[5000:] against fresh samples: the distance to unseen data;
- `critic_w_training`: the same with training images (train[:5000] and
  train[5000:10000]): lower than validation when the generator memorised;
- `critic_w_floor`: validation images against training images, the
  estimate for a perfect generator (the bias of the estimator).

Each is a mean with its standard error over `num_seeds` critic seeds. Only
estimates made with identical settings (`PROTOCOL`) compare.

Reference: Danihelka et al., "Comparison of Maximum Likelihood and
GAN-based training of Real NVPs", arXiv 1705.05263; the critic and its
penalty: Gulrajani et al., NeurIPS 2017.
"""

import math

import keras
import numpy as np
import tensorflow as tf

from ganzoo.nets.dcgan import dcgan_discriminator
from ganzoo.objectives import losses, penalties

PROTOCOL = (
    "independent WGAN-GP critic (DCGAN critic without batch norm, {base_filters} "
    "base filters, kernel 5; Adam(1e-4, 0, 0.9), lambda 10, batch 64, {steps} "
    "steps) trained on 5,000 real images against {num_samples} generator "
    "samples, read without the penalty on 5,000 other real images against as "
    "many fresh samples; mean +- s.e. over {num_seeds} critic seeds; real = "
    "MNIST test (validation), train[:10000] (training), validation vs train "
    "(floor)"
)
KEYS = tuple(
    f"critic_w_{row}{suffix}"
    for row in ("validation", "training", "floor")
    for suffix in ("", "_stderr")
)
_HALF = 5_000


def train_critic(real, fake, *, steps, batch_size=64, base_filters=32, seed=0):
    """Trains a fresh WGAN-GP critic of `real` against `fake`; returns it.

    Args:
        real: float32 images in [-1, 1], `(n, h, w, c)`.
        fake: float32 images of the same shape (samples, or other images).
        steps: critic updates (each on `batch_size` of each set).
        batch_size: images of each set per update.
        base_filters: width of the critic's first layer.
        seed: seed of the critic's initialisation, batches and penalty.
    """
    keras.utils.set_random_seed(seed)
    critic = dcgan_discriminator(real.shape[1:], base_filters, 5, batch_norm=False)
    optimizer = keras.optimizers.Adam(1e-4, beta_1=0.0, beta_2=0.9)
    optimizer.build(critic.trainable_variables)
    noise = keras.random.SeedGenerator(seed)

    # Graph mode: XLA's CPU convolutions were slower for the conv nets here.
    @tf.function
    def step(real_batch, fake_batch):
        with tf.GradientTape() as tape:
            loss = losses.wasserstein_discriminator_loss(
                critic(real_batch, training=True), critic(fake_batch, training=True)
            )
            gp = penalties.wgan_gp_penalty(critic, real_batch, fake_batch, seed=noise)
            total = loss + 10.0 * gp
        grads = tape.gradient(total, critic.trainable_variables)
        optimizer.apply(grads, critic.trainable_variables)
        return loss

    rng = np.random.default_rng(seed)
    for _ in range(steps):
        i = rng.integers(0, len(real), batch_size)
        j = rng.integers(0, len(fake), batch_size)
        step(real[i], fake[j])
    return critic


def critic_estimate(critic, real, fake, batch_size=500):
    """`E[f(real)] - E[f(fake)]`, the critic's W estimate (no penalty)."""

    def mean_score(images):
        scores = [
            critic(images[k : k + batch_size], training=False).numpy()
            for k in range(0, len(images), batch_size)
        ]
        return float(np.concatenate(scores).mean())

    return mean_score(real) - mean_score(fake)


def _mean_stderr(values):
    values = np.asarray(values, np.float64)
    stderr = values.std(ddof=1) / math.sqrt(len(values)) if len(values) > 1 else 0.0
    return float(values.mean()), float(stderr)


def independent_critic_rows(
    generate,
    train,
    test,
    *,
    steps,
    num_seeds=3,
    num_samples=5_000,
    base_filters=32,
    first_seed=0,
    floor=True,
):
    """The three rows of `KEYS` from a sampler and real image sets.

    Args:
        generate: `fn(n, seed) -> images` in [-1, 1] (a frozen generator);
            `None` estimates the floor alone.
        train: at least 10,000 training images in [-1, 1].
        test: at least 10,000 held-out images in [-1, 1].
        steps, num_seeds, num_samples, base_filters: see `PROTOCOL`.
        first_seed: the critics' seeds are `first_seed + 0, 1, ...`.
        floor: whether to estimate the real-vs-real floor too (it does not
            depend on the generator: once per setting is enough).
    """
    # 5,000 images to fit each critic and 5,000 others to read it (half of
    # smaller sets).
    half = min(_HALF, len(train) // 2, len(test) // 2)
    fit_train, read_train = train[:half], train[half : 2 * half]
    fit_test, read_test = test[:half], test[half : 2 * half]
    rows = {"validation": (fit_test, read_test), "training": (fit_train, read_train)}
    if generate is None:
        rows = {}
    estimates = {row: [] for row in (*rows, *(["floor"] if floor else []))}
    for seed in range(first_seed, first_seed + num_seeds):
        if rows:
            fit_fake = generate(num_samples, seed=1_000 + seed)
            read_fake = generate(half, seed=2_000 + seed)
        for row, (fit_real, read_real) in rows.items():
            critic = train_critic(
                fit_real, fit_fake, steps=steps, base_filters=base_filters, seed=seed
            )
            estimates[row].append(critic_estimate(critic, read_real, read_fake))
        if not floor:
            continue
        # The floor: validation images against training images, no generator.
        critic = train_critic(
            fit_test, fit_train, steps=steps, base_filters=base_filters, seed=seed
        )
        estimates["floor"].append(critic_estimate(critic, read_test, read_train))
    result = {}
    for row, values in estimates.items():
        result[f"critic_w_{row}"], result[f"critic_w_{row}_stderr"] = _mean_stderr(
            values
        )
    return result


def independent_critic(
    gan,
    data,
    seed=0,
    *,
    steps=2_000,
    num_seeds=3,
    num_samples=5_000,
    base_filters=32,
    floor=True,
):
    """The `independent_critic` evaluator on the config's dataset (`PROTOCOL`).

    `gan` needs only `generate(n, seed=...)` (a zoo model, a loaded export
    or preset); `seed` is the first critic seed. Without `floor` its two
    keys are NaN.
    """
    from ganzoo.data import stacked_mnist

    def scaled(split):
        images, _ = stacked_mnist.load_image_arrays(data["name"], split)
        return images[: 2 * _HALF].astype(np.float32) / 127.5 - 1.0

    def generate(n, seed):
        return np.asarray(gan.generate(n, seed=seed), np.float32)

    rows = independent_critic_rows(
        generate,
        scaled("train"),
        scaled("test"),
        steps=steps,
        num_seeds=num_seeds,
        num_samples=num_samples,
        base_filters=base_filters,
        first_seed=seed,
        floor=floor,
    )
    return {key: rows.get(key, math.nan) for key in KEYS}
