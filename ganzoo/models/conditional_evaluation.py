"""The benchmark of the conditional entries (`cgan`, `acgan`), by name.

`"conditional_accuracy"`: generate `samples_per_class` images for each class
and count how often a held-out domain classifier reads the requested class
(`ganzoo.models.conditional.predict_labels`); the goal of ganzoo issues #4
and #15 is at least 98% on MNIST. Accuracy alone rewards a generator that
draws one easy digit per class, so the same images are also scored against
the 10,000 test images in that classifier's features: domain FID, KID,
precision and recall (Kynkaanniemi et al. 2019), where missing variety shows
as low recall and high FID.
"""

import numpy as np

from ganzoo import metrics
from ganzoo.metrics import evaluators
from ganzoo.metrics.evaluators import register_evaluator
from ganzoo.models import conditional

KEYS = ("conditional_accuracy", *evaluators.DOMAIN_KEYS)


@register_evaluator("conditional_accuracy", keys=KEYS, needs=("classifier",))
def conditional_accuracy(
    gan, data, seed=0, *, classifier="mnist", samples_per_class=1000
):
    """Class accuracy of conditional samples, with FID/KID/precision/recall.

    Args:
        gan: a trained `cgan` or `acgan` (or any object with `num_classes`
            and `generate(n, seed, labels)`).
        data: the config's data block; its `name` gives the test images
            the samples are compared with.
        seed: generation seed.
        classifier: the domain classifier's dataset
            (`ganzoo.metrics.load_domain_classifier`); held out from the GAN.
        samples_per_class: images generated for each class (1,000 for
            MNIST's 10 classes: the 10,000 of the FID protocol).

    Returns:
        `{"conditional_accuracy", "fid_domain", "kid_domain", "precision",
        "recall"}` as floats.
    """
    domain_classifier = metrics.load_domain_classifier(classifier)
    labels = np.repeat(np.arange(gan.num_classes), samples_per_class)
    images = np.asarray(gan.generate(len(labels), seed, labels), np.float32)
    predicted = conditional.predict_labels(domain_classifier, images)
    scores = metrics.evaluate(
        lambda n: images,
        data["name"],
        list(evaluators.DOMAIN_METRICS),
        num_samples=len(images),
        feature_extractor=domain_classifier,
    )
    return {
        "conditional_accuracy": float(np.mean(predicted == labels)),
        "fid_domain": scores["fid"],
        "kid_domain": scores["kid"],
        "precision": scores["precision"],
        "recall": scores["recall"],
    }
