"""One entry point: `evaluate(generator, dataset_name, metrics=[...])`."""

import functools

import keras
import numpy as np

from ganzoo.data import catalog, stacked_mnist
from ganzoo.data import mixtures as mixtures_lib
from ganzoo.metrics import classifier as classifier_lib
from ganzoo.metrics import distances, modes, parzen, scores
from ganzoo.metrics.inception import InceptionV3Features

METRICS = ("fid", "kid", "inception_score", "parzen", "modes", "precision_recall")
# The catalog's sets that have reference samples here.
IMAGE_SETS = tuple(catalog.list_datasets("image"))
DATASETS = (
    *IMAGE_SETS,
    *catalog.list_datasets("stacked"),
    *mixtures_lib.list_mixtures(),
)
# Sample counts of the protocols: PacGAN (2,500 points; 26,000 Stacked
# MNIST images) and 10,000 for FID and Goodfellow et al.'s Parzen estimate.
DEFAULT_NUM_SAMPLES = {"ring8": 2_500, "grid25": 2_500, "stacked_mnist": 26_000}
REFERENCE_SIZE = 10_000
_REFERENCE_SEED = 1234  # A fixed reference set keeps scores comparable.


def sample_generator(generator, n, seed=None):
    """Draws `n` samples as a float32 NumPy array from any kind of generator.

    Args:
        generator: a ganzoo `GAN` or any object with `generate(n, seed=...)`
            (e.g. a loaded export), or a callable `n -> samples`.
        n: the number of samples.
        seed: passed to `generate`; a plain callable is called as is.

    Returns:
        A float32 array with `n` rows.
    """
    if hasattr(generator, "generate"):
        samples = generator.generate(n, seed=seed)
    elif callable(generator):
        samples = generator(n)
    else:
        raise ValueError(
            f"Received: `generator={generator!r}`; expected an object with "
            "`generate(n, seed=...)` or a callable n -> samples."
        )
    samples = np.asarray(keras.ops.convert_to_numpy(samples), dtype=np.float32)
    if len(samples) != n:
        raise ValueError(
            f"Received: {len(samples)} samples from the generator; expected {n}."
        )
    return samples


class PointFeatures:
    """Identity features for 2D mixtures: the points themselves."""

    def features(self, points, batch_size=None):
        return np.asarray(points, dtype=np.float64)


class StackedMnistFeatures:
    """MNIST-classifier outputs of each channel of Stacked MNIST images.

    Features are the three channels' 128-d features side by side; the
    probabilities over the 1,000 modes are the product of the channels'
    digit probabilities (`p(mode) = p0(d0) p1(d1) p2(d2)`).
    """

    def __init__(self, digit_classifier):
        self.digit_classifier = digit_classifier

    def _channels(self, images):
        return [images[..., c : c + 1] for c in range(3)]

    def features(self, images, batch_size=1000):
        parts = [
            self.digit_classifier.features(x, batch_size)
            for x in self._channels(np.asarray(images, np.float32))
        ]
        return np.concatenate(parts, axis=1)

    def predict_proba(self, images, batch_size=1000):
        p0, p1, p2 = (
            self.digit_classifier.predict_proba(x, batch_size)
            for x in self._channels(np.asarray(images, np.float32))
        )
        return np.einsum("ni,nj,nk->nijk", p0, p1, p2).reshape(len(p0), -1)


@functools.lru_cache(maxsize=16)
def reference_samples(dataset_name, split="test", n=REFERENCE_SIZE):
    """Real samples to compare against, in the generators' range.

    Images are in [-1, 1]; mixture points are drawn with a fixed seed.
    MNIST-like sets return their first `n` images of `split`; `"valid"`
    means the training images 50000-60000 (Goodfellow et al.'s validation
    set). Cached: treat the result as read-only.
    """
    samples = _reference_samples(dataset_name, split, n)
    samples.setflags(write=False)  # Shared by every call: keep it intact.
    return samples


def _reference_samples(dataset_name, split, n):
    if dataset_name in IMAGE_SETS:
        train = split == "valid"
        images, _ = stacked_mnist.load_image_arrays(
            dataset_name, "train" if train else split
        )
        images = images[50_000:60_000] if train else images[:n]
        return images.astype(np.float32) / 127.5 - 1.0
    if dataset_name == "stacked_mnist":
        seed = _REFERENCE_SEED + (split != "test")
        split = "test" if split == "test" else "train"
        images, _ = stacked_mnist.stacked_mnist_arrays(split, n, seed=seed)
        return images.astype(np.float32) / 127.5 - 1.0
    seed = _REFERENCE_SEED + (split != "test")
    points, _ = mixtures_lib.sample_mixture(dataset_name, n, seed=seed)
    return points


def _extractor(feature_extractor, dataset_name, include_top, cache_dir):
    if feature_extractor is None:
        if dataset_name in IMAGE_SETS:
            feature_extractor = dataset_name
        elif dataset_name == "stacked_mnist":
            clf = classifier_lib.load_domain_classifier("mnist", cache_dir)
            return StackedMnistFeatures(clf)
        else:
            return PointFeatures()
    if feature_extractor == "inception_v3":
        return InceptionV3Features(include_top=include_top)
    if feature_extractor in classifier_lib.TRAINING:
        return classifier_lib.load_domain_classifier(feature_extractor, cache_dir)
    if not hasattr(feature_extractor, "features"):
        raise ValueError(
            f"Received: `feature_extractor={feature_extractor!r}`; expected "
            f"None, 'inception_v3', one of {sorted(classifier_lib.TRAINING)} "
            "or an object with `features(images)`."
        )
    return feature_extractor


def _check(metrics, dataset_name):
    if dataset_name not in DATASETS:
        raise ValueError(
            f"Received: `dataset_name={dataset_name!r}`; expected one of "
            f"{list(DATASETS)}."
        )
    metrics = [metrics] if isinstance(metrics, str) else list(metrics)
    unknown = [m for m in metrics if m not in METRICS]
    if unknown:
        raise ValueError(
            f"Received: `metrics={metrics!r}` with unknown {unknown}; expected "
            f"names from {list(METRICS)}."
        )
    is_mixture = dataset_name in mixtures_lib.MIXTURES
    if "modes" in metrics and dataset_name in IMAGE_SETS:
        raise ValueError(
            f"Received: metric 'modes' for {dataset_name!r}; expected a dataset "
            f"with known modes: {['stacked_mnist', *mixtures_lib.MIXTURES]}."
        )
    if "inception_score" in metrics and is_mixture:
        raise ValueError(
            f"Received: metric 'inception_score' for {dataset_name!r}; expected "
            f"an image dataset, one of {[*IMAGE_SETS, 'stacked_mnist']}."
        )
    return metrics


def evaluate(
    generator,
    dataset_name,
    metrics=("fid",),
    num_samples=None,
    seed=0,
    *,
    feature_extractor=None,
    cache_dir=None,
):
    """Scores a generator on a dataset with the named metrics.

    Samples are drawn once and shared by all metrics. Reference sets: the
    test split (10,000 images), 10,000 Stacked MNIST test images, or 10,000
    mixture points, fixed across calls.

    Metric names and the keys they add:

    - `"fid"`: `fid`, Fréchet distance of features (Heusel et al. 2017).
    - `"kid"`: `kid`, `kid_std`, unbiased MMD^2 with the cubic kernel
      (Binkowski et al. 2018).
    - `"inception_score"`: `inception_score`, `inception_score_std` over 10
      splits (Salimans et al. 2016), from the extractor's probabilities.
    - `"parzen"`: `parzen_log_likelihood`, `parzen_stderr`, `parzen_sigma`
      (Goodfellow et al. 2014; images rescaled to [0, 1] pixels as there).
    - `"modes"`: `modes_captured`, `modes_kl`, and for mixtures
      `high_quality_fraction` (PacGAN, Lin et al. 2018).
    - `"precision_recall"`: `precision`, `recall` (Kynkäänniemi et al.
      2019, k=3).

    Args:
        generator: a ganzoo `GAN`, any object with `generate(n, seed=...)`,
            or a callable `n -> samples` (images in [-1, 1] or 2D points).
        dataset_name: one of `DATASETS`: `"mnist"`, `"fashion_mnist"`,
            `"stacked_mnist"`, `"ring8"`, `"grid25"`.
        metrics: names from `METRICS`.
        num_samples: generated samples; defaults to the protocol's count
            (10,000; Stacked MNIST 26,000; mixtures 2,500).
        seed: passed to `generator.generate`.
        feature_extractor: `None` (the dataset's domain classifier; for
            Stacked MNIST the MNIST one per channel; points for mixtures),
            `"inception_v3"`, a domain classifier name, or an object with
            `features(images)` (and `predict_proba` for the score).
        cache_dir: where domain classifiers are cached (see
            `load_domain_classifier`).

    Returns:
        A dict of floats, with `num_samples` and the keys above.

    Example:

    ```python
    gan = ganzoo.build("dcgan")
    ...
    ganzoo.metrics.evaluate(gan, "mnist", ["fid", "kid", "parzen"])
    # {'num_samples': 10000.0, 'fid': 3.1, 'kid': 0.002, ...}
    ```
    """
    metrics = _check(metrics, dataset_name)
    n = num_samples or DEFAULT_NUM_SAMPLES.get(dataset_name, 10_000)
    fake = sample_generator(generator, n, seed=seed)
    real = reference_samples(dataset_name)
    if fake.shape[1:] != real.shape[1:]:
        raise ValueError(
            f"Received: samples of shape {fake.shape[1:]} from the generator; "
            f"expected {real.shape[1:]} for {dataset_name!r}."
        )
    results = {"num_samples": float(n)}
    needs_features = {"fid", "kid", "precision_recall", "inception_score"}
    if needs_features.intersection(metrics):
        extractor = _extractor(
            feature_extractor, dataset_name, "inception_score" in metrics, cache_dir
        )
    if {"fid", "kid", "precision_recall"}.intersection(metrics):
        real_features = extractor.features(real)
        fake_features = extractor.features(fake)
    if "fid" in metrics:
        results["fid"] = distances.frechet_distance(real_features, fake_features)
    if "kid" in metrics:
        kid = distances.kernel_inception_distance(real_features, fake_features)
        results["kid"], results["kid_std"] = kid
    if "precision_recall" in metrics:
        pr = scores.precision_recall(real_features, fake_features)
        results["precision"], results["recall"] = pr
    if "inception_score" in metrics:
        score = scores.inception_score(extractor.predict_proba(fake))
        results["inception_score"], results["inception_score_std"] = score
    if "parzen" in metrics:
        valid = reference_samples(dataset_name, "valid")
        if dataset_name in mixtures_lib.MIXTURES:
            # Mixture stds are 0.01-0.05: the grid reaches well below them.
            result = parzen.parzen_log_likelihood(
                fake, real, valid, sigmas=np.logspace(-3.0, 0.0, 13)
            )
        else:
            # Images go to [0, 1] so numbers compare with Goodfellow et al.
            result = parzen.parzen_log_likelihood(
                (fake + 1.0) / 2.0, (real + 1.0) / 2.0, (valid + 1.0) / 2.0
            )
        results["parzen_log_likelihood"] = result.mean
        results["parzen_stderr"] = result.stderr
        results["parzen_sigma"] = result.sigma
    if "modes" in metrics:
        if dataset_name == "stacked_mnist":
            clf = classifier_lib.load_domain_classifier("mnist", cache_dir)
            results.update(modes.stacked_mnist_modes(fake, clf))
        else:
            results.update(modes.mixture_mode_coverage(fake, dataset_name))
    return {key: float(value) for key, value in results.items()}
