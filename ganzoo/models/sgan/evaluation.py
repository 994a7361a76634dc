"""SGAN's benchmark by name: `"semi_supervised_error"`.

The test error of the discriminator's K-class head (`gan.classifier`) on the
dataset's test split: Salimans et al. 2016 reached 93 +- 6.5 errors of
10,000 (0.93%) on MNIST with 100 labels and feature matching.
"""

from ganzoo.data.semisupervised import load_arrays
from ganzoo.metrics.evaluators import register_evaluator
from ganzoo.models.sgan.model import classifier_error


@register_evaluator("semi_supervised_error", keys=("classifier_test_error",))
def semi_supervised_error(gan, data, seed=0, *, split="test"):
    """Error rate of `gan.classifier` on every image of `split`.

    Args:
        gan: a trained `sgan`.
        data: the config's data block; `data["name"]` is the labelled set.
        seed: unused (the score is deterministic).
        split: the split scored.

    Returns:
        `{"classifier_test_error": float}` (the key of the results table).
    """
    del seed
    images, labels = load_arrays(data["name"], split)
    error = classifier_error(gan.classifier, images, labels)["error"]
    return {"classifier_test_error": error}
