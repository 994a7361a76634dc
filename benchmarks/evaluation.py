"""The benchmark metric of each zoo config: `evaluate_config(gan, config)`.

Not a binary: `benchmarks/run.py` calls it after training. A config's
`config.eval` block, when it has one, names the benchmark
(`metric=...`); otherwise the dataset decides:

- `"ring8"`, `"grid25"`: mode coverage with the PacGAN protocol (2,500
  samples; high quality within 3 std of the nearest mode) -> keys
  `modes_captured`, `high_quality_fraction`, `modes_kl`.
- `"mnist"`, `"fashion_mnist"`: FID and KID in the feature space of
  ganzoo's domain classifier (10,000 samples) -> `fid_domain`, `kid_domain`.
- `config.eval.metric="evaluate"`: `ganzoo.metrics.evaluate` with
  `config.eval.metrics` (e.g. `["parzen"]`).
- `"conditional_accuracy"` (cgan, acgan): a held-out MNIST classifier's
  accuracy on samples of each requested class.
- `"classifier_test_error"` (sgan): test error of `gan.classifier`.
- `"translation"` (cyclegan): `ganzoo.data.evaluate_translation`.
- `"attribute_accuracy"` (stackgan on the captioned shapes): a classifier
  trained on real renders reads the caption's attributes back from Stage-II
  samples (`ganzoo.models.stackgan_eval`); Stage-I and text-shuffled
  baselines beside it.
"""

import ml_collections

from ganzoo import data as data_lib
from ganzoo import metrics as metrics_lib

MIXTURE_METRICS = ("modes_captured", "high_quality_fraction", "modes_kl")
# Keys of `ganzoo.metrics.evaluate` renamed so the table says which features.
_DOMAIN_NAMES = {"fid": "fid_domain", "kid": "kid_domain"}
EVAL_METRICS = (
    "evaluate",
    "conditional_accuracy",
    "classifier_test_error",
    "translation",
    "attribute_accuracy",
)
_ATTRIBUTE_KEYS = {
    "stage2": "attribute_accuracy",
    "stage1": "attribute_accuracy_stage1",
    "shuffled": "attribute_accuracy_shuffled",
}
# Datasets each benchmark reads from disk (for skipping when they are absent).
IMAGE_DATASETS = ("mnist", "fashion_mnist")


def eval_spec(config):
    """Returns the evaluation block of `config`, filled with defaults.

    Args:
        config: a zoo config (`ml_collections.ConfigDict`).

    Returns:
        A plain dict with at least `metric` (one of `EVAL_METRICS`).

    Raises:
        ValueError: an unknown `config.eval.metric`, or a dataset without a
            default benchmark.
    """
    block = config.get("eval")
    spec = dict(block.to_dict() if isinstance(block, ml_collections.ConfigDict) else {})
    dataset = config.data.name
    if "metric" not in spec:
        if dataset in data_lib.list_mixtures():
            spec.update(metric="evaluate", metrics=["modes"])
        elif dataset in IMAGE_DATASETS:
            spec.update(metric="evaluate", metrics=["fid", "kid"])
        else:
            raise ValueError(
                f"Received: `data.name={dataset!r}` without a `config.eval` "
                "block; expected a dataset with a default benchmark "
                f"({[*data_lib.list_mixtures(), *IMAGE_DATASETS]}) or "
                f"`config.eval.metric` set to one of {list(EVAL_METRICS)}."
            )
    if spec["metric"] not in EVAL_METRICS:
        raise ValueError(
            f"Received: `eval.metric={spec['metric']!r}`; expected one of "
            f"{list(EVAL_METRICS)}."
        )
    return spec


def required_datasets(config):
    """The on-disk datasets a run of `config` needs (e.g. `["mnist"]`)."""
    spec = eval_spec(config)
    needed = {config.data.name} & set(IMAGE_DATASETS)
    if config.data.get("loader") == "translation":
        needed.add("mnist")  # The synthetic pair is made of MNIST digits.
    if spec["metric"] in (
        "conditional_accuracy",
        "classifier_test_error",
        "translation",
    ):
        needed.add(spec.get("classifier", "mnist"))  # A domain classifier's data.
    return sorted(needed)


def metric_names(config):
    """The metric keys `evaluate_config` returns for `config` (for skip rows)."""
    spec = eval_spec(config)
    if spec["metric"] != "evaluate":
        names = {
            "translation": ["mae", "copy_mae", "accuracy_cycle", "accuracy_b2a"],
            "attribute_accuracy": list(_ATTRIBUTE_KEYS.values()),
        }
        return names.get(spec["metric"], [spec["metric"]])
    keys = {
        "modes": list(MIXTURE_METRICS),
        "parzen": ["parzen_log_likelihood", "parzen_sigma"],
        "precision_recall": ["precision", "recall"],
    }
    return [
        key
        for name in spec.get("metrics", ["fid"])
        for key in keys.get(name, [_DOMAIN_NAMES.get(name, name)])
    ]


def _evaluate(gan, config, spec, seed):
    names = list(spec.get("metrics", ["fid"]))
    scores = metrics_lib.evaluate(
        gan, config.data.name, names, num_samples=spec.get("num_samples"), seed=seed
    )
    if config.data.name in data_lib.list_mixtures():
        keep = {k: scores[k] for k in MIXTURE_METRICS if k in scores}
        keep.update({k: v for k, v in scores.items() if k.startswith("parzen")})
        return keep
    # Seeds give the spread; KID's subset std is not reported separately.
    for key in ("num_samples", "kid_std", "inception_score_std", "parzen_stderr"):
        scores.pop(key, None)
    return {_DOMAIN_NAMES.get(k, k): v for k, v in scores.items()}


def evaluate_config(gan, config, seed=0):
    """Scores a trained GAN with the benchmark of its config.

    Args:
        gan: the trained model (`TrainResult.gan`).
        config: the config it was trained with.
        seed: seed for the generated samples.

    Returns:
        A dict metric name -> float.

    Example:

    ```python
    result = ganzoo.training.train(config, workdir)
    evaluate_config(result.gan, config)
    # {'modes_captured': 8.0, 'high_quality_fraction': 0.97, 'modes_kl': 0.01}
    ```
    """
    spec = eval_spec(config)
    metric = spec["metric"]
    if metric == "evaluate":
        return _evaluate(gan, config, spec, seed)
    if metric == "attribute_accuracy":
        from ganzoo.models.stackgan import evaluation as stackgan_eval

        classifier, _ = stackgan_eval.train_attribute_classifier(gan.image_shape[0])
        num = spec.get("num_captions", 500)
        scores = stackgan_eval.attribute_accuracy(gan, classifier, num, seed=seed)
        return {_ATTRIBUTE_KEYS[k]: v["mean"] for k, v in scores.items()}
    classifier = metrics_lib.load_domain_classifier(spec.get("classifier", "mnist"))
    if metric == "conditional_accuracy":
        from ganzoo.models.conditional import conditional_accuracy

        per_class = spec.get("samples_per_class", 1000)
        result = conditional_accuracy(gan, classifier, per_class, seed=seed)
        return {"conditional_accuracy": result["accuracy"]}
    if metric == "classifier_test_error":
        from ganzoo.data.semisupervised import load_arrays
        from ganzoo.models.sgan.model import classifier_error

        images, labels = load_arrays(config.data.name, spec.get("split", "test"))
        return {
            "classifier_test_error": classifier_error(gan.classifier, images, labels)[
                "error"
            ]
        }
    # "translation": the synthetic pair, whose true B image is known.
    kwargs = dict(config.data.get("kwargs") or {})
    pair = data_lib.load_translation_pair(
        size=kwargs.get("size", 32), take=kwargs.get("take"), seed=kwargs.get("seed", 0)
    )
    scores = data_lib.evaluate_translation(
        gan, pair, classifier, spec.get("num_examples")
    )
    keys = ("mae", "copy_mae", "accuracy_cycle", "accuracy_b2a")
    return {k: float(scores[k]) for k in keys if k in scores}
