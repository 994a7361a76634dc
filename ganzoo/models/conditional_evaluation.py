"""The benchmark of the conditional entries (`cgan`, `acgan`), by name.

`"conditional_accuracy"`: generate `samples_per_class` images for each class
and count how often a held-out domain classifier reads the requested class
(`ganzoo.models.conditional.conditional_accuracy`). The goal of ganzoo issue
#4 is at least 98% on MNIST.
"""

from ganzoo import metrics
from ganzoo.metrics.evaluators import register_evaluator
from ganzoo.models import conditional


@register_evaluator(
    "conditional_accuracy", keys=("conditional_accuracy",), needs=("classifier",)
)
def conditional_accuracy(
    gan, data, seed=0, *, classifier="mnist", samples_per_class=1000
):
    """Class accuracy of conditional samples under a held-out classifier.

    Args:
        gan: a trained `cgan` or `acgan`.
        data: the config's data block (unused: the labels are the GAN's).
        seed: generation seed.
        classifier: the domain classifier's dataset
            (`ganzoo.metrics.load_domain_classifier`).
        samples_per_class: images generated for each class.

    Returns:
        `{"conditional_accuracy": float}`.
    """
    del data
    domain_classifier = metrics.load_domain_classifier(classifier)
    result = conditional.conditional_accuracy(
        gan, domain_classifier, samples_per_class, seed=seed
    )
    return {"conditional_accuracy": result["accuracy"]}
