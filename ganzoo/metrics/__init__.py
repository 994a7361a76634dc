"""GAN evaluation: FID, KID, Inception score, Parzen, modes, precision/recall.

`evaluate(generator, dataset_name, metrics=[...])` is the entry point (and
`get_evaluator(name)` the benchmarks by name, `ganzoo.metrics.evaluators`); the
functions below it work on NumPy arrays of features, probabilities or
samples and can be used on their own.

Example:

```python
import ganzoo

gan = ganzoo.build("dcgan")
...
scores = ganzoo.metrics.evaluate(gan, "mnist", ["fid", "kid", "parzen"])
clf = ganzoo.metrics.load_domain_classifier("mnist")
fid = ganzoo.metrics.frechet_distance(clf.features(real), clf.features(fake))
```
"""

from ganzoo.metrics.classifier import (
    CACHE_ENV,
    DomainClassifier,
    build_classifier_model,
    classifier_path,
    deterministic,
    load_domain_classifier,
    train_domain_classifier,
)
from ganzoo.metrics.distances import (
    feature_moments,
    frechet_distance,
    frechet_distance_from_moments,
    kernel_inception_distance,
)
from ganzoo.metrics.evaluate import (
    DATASETS,
    METRICS,
    evaluate,
    reference_samples,
    sample_generator,
)
from ganzoo.metrics.evaluators import (
    Evaluator,
    get_evaluator,
    list_evaluators,
    register_evaluator,
)
from ganzoo.metrics.inception import (
    WEIGHTS_ENV,
    InceptionV3Features,
    resolve_inception_weights,
)
from ganzoo.metrics.modes import (
    kl_to_uniform,
    mixture_mode_coverage,
    stacked_mnist_modes,
)
from ganzoo.metrics.parzen import (
    DEFAULT_SIGMAS,
    ParzenResult,
    parzen_log_density,
    parzen_log_likelihood,
)
from ganzoo.metrics.scores import inception_score, precision_recall

__all__ = [
    "CACHE_ENV",
    "DATASETS",
    "DEFAULT_SIGMAS",
    "METRICS",
    "WEIGHTS_ENV",
    "DomainClassifier",
    "Evaluator",
    "InceptionV3Features",
    "ParzenResult",
    "build_classifier_model",
    "classifier_path",
    "deterministic",
    "evaluate",
    "feature_moments",
    "frechet_distance",
    "frechet_distance_from_moments",
    "get_evaluator",
    "inception_score",
    "kernel_inception_distance",
    "kl_to_uniform",
    "list_evaluators",
    "load_domain_classifier",
    "mixture_mode_coverage",
    "parzen_log_density",
    "parzen_log_likelihood",
    "precision_recall",
    "reference_samples",
    "register_evaluator",
    "resolve_inception_weights",
    "sample_generator",
    "stacked_mnist_modes",
    "train_domain_classifier",
]
