"""The benchmark of the RGB image rows (CIFAR-10, SVHN, CelebA, a folder).

`"inception"`: Inception score and FID in the papers' protocol by default:
the 2015 Inception graph of the TTUR / Salimans et al. code
(`ganzoo.metrics.inception`, `network="inception_2015"`), 50,000 samples,
10 splits for the score, and the FID against 50,000 training images (TTUR's
published CIFAR-10 statistics are of the 50,000 training images). Keras's
ImageNet InceptionV3 (`network="keras_imagenet"`) gives keys with a
`_keras` suffix, so its numbers never sit in the papers' rows.
"""

import numpy as np

from ganzoo import metrics as metrics_lib
from ganzoo.data import folder as folder_lib
from ganzoo.data import images as images_lib
from ganzoo.metrics import inception
from ganzoo.metrics.evaluators import register_evaluator

METRICS = ("inception_score", "fid")


def metric_keys(network, names=METRICS):
    """Row keys: `inception_score`, `fid_inception` (papers' network) or
    `inception_score_keras`, `fid_keras` (Keras's)."""
    suffix = "" if network == "inception_2015" else "_keras"
    fid = "fid_inception" if network == "inception_2015" else "fid_keras"
    return [
        f"inception_score{suffix}" if n == "inception_score" else fid for n in names
    ]


def reference_images(data, split, num_examples):
    """Real images in [-1, 1] for the FID: a TFDS set's split or a folder."""
    kwargs = dict(data.get("kwargs") or {})
    if data["name"] == "folder":
        array = folder_lib.load_folder_array(
            kwargs["path"],
            kwargs.get("image_size", 64),
            num_examples,
            channels=kwargs.get("channels"),
        )
    else:
        keep = {k: kwargs[k] for k in ("data_dir", "manual_dir") if k in kwargs}
        array = images_lib.load_image_array(data["name"], split, num_examples, **keep)
    return array.astype(np.float32) / 127.5 - 1.0


@register_evaluator(
    "inception", keys=lambda dataset, o: metric_keys(o["network"], o["metrics"])
)
def inception_benchmark(
    gan,
    data,
    seed=0,
    *,
    network="inception_2015",
    metrics=METRICS,
    num_samples=50_000,
    reference_split="train",
    num_reference=50_000,
    weights=None,
):
    """Inception score and FID of a generator, in a named network.

    Args:
        gan: a trained GAN (anything with `generate(n, seed=...)`).
        data: the config's data block (`name`, `kwargs`).
        seed: generation seed.
        network: `"inception_2015"` (the papers') or `"keras_imagenet"`.
        metrics: names from `METRICS`.
        num_samples: generated images (papers: 50,000).
        reference_split: the real images of the FID (TTUR: `"train"`).
        num_reference: how many of them (TTUR's CIFAR-10: all 50,000).
        weights: the network's file (else its default lookup).

    Returns:
        `{key: float}` with the keys of `metric_keys(network, metrics)`.
    """
    net = inception.get_inception(network, include_top=True, weights=weights)
    fake = metrics_lib.sample_generator(gan, num_samples, seed=seed)
    keys = dict(zip(METRICS, metric_keys(network), strict=True))
    scores = {}
    if "inception_score" in metrics:
        score, _ = metrics_lib.inception_score(net.predict_proba(fake))
        scores[keys["inception_score"]] = float(score)
    if "fid" in metrics:
        real = reference_images(data, reference_split, num_reference)
        fid = metrics_lib.frechet_distance(net.features(real), net.features(fake))
        scores[keys["fid"]] = float(fid)
    return scores
