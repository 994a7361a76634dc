"""Benchmarks by name: `register_evaluator(name)`, `get_evaluator(name)`.

An evaluator scores a trained model the way a zoo config's benchmark asks
(`config.eval`): `evaluator(gan, data, seed=0, **options)` returns
`{metric key: float}`, where `data` is the config's data block
(`{"name": "mnist", "kwargs": {...}, ...}`) and the options are the
evaluator's keyword-only arguments, whose defaults are its signature's.
The generic ones are registered here: `"evaluate"` (`ganzoo.metrics.evaluate`
with a list of metrics), `"mode_coverage"`, `"domain_fid"` and `"parzen"`. An
entry's own evaluator lives in the entry's folder (e.g.
`ganzoo/models/sgan/evaluation.py`) and is registered when `ganzoo.models` is
imported.

Example:

```python
evaluator = ganzoo.metrics.get_evaluator("mode_coverage")
evaluator(gan, {"name": "ring8"}, seed=0)
# {'modes_captured': 8.0, 'high_quality_fraction': 0.97, 'modes_kl': 0.01}
```
"""

import dataclasses
import inspect
from collections.abc import Callable

import numpy as np

from ganzoo.data import catalog, stacked_mnist
from ganzoo.metrics import density_ratio
from ganzoo.metrics import parzen as parzen_lib
from ganzoo.metrics.evaluate import evaluate as _evaluate

_EVALUATORS: dict[str, "Evaluator"] = {}
MIXTURE_METRICS = ("modes_captured", "high_quality_fraction", "modes_kl")
# Keys of `ganzoo.metrics.evaluate` renamed so the table says which features.
_DOMAIN_NAMES = {"fid": "fid_domain", "kid": "kid_domain"}
# What the domain-classifier evaluators report: distance and quality/coverage
# side by side, so that a generator drawing one good image per class (high
# precision, accuracy) still shows its missing variety (recall, FID).
DOMAIN_METRICS = ("fid", "kid", "precision_recall")
DOMAIN_KEYS = ("fid_domain", "kid_domain", "precision", "recall")
PARZEN_KEYS = ("parzen_log_likelihood", "parzen_stderr", "parzen_sigma")


@dataclasses.dataclass(frozen=True)
class Evaluator:
    """A registered benchmark.

    Args:
        name: registry name, e.g. `"mode_coverage"`.
        fn: `fn(gan, data, seed=0, *, **options) -> dict` of floats.
        keys: the metric keys `fn` returns, a tuple or a callable
            `(dataset_name, options) -> list` (rows of skipped runs use them).
        needs: names of options whose values are on-disk datasets the
            evaluator reads (e.g. `"classifier"`: a domain classifier's data).
        options: option -> default, from `fn`'s keyword-only arguments.
    """

    name: str
    fn: Callable
    keys: tuple | Callable
    needs: tuple
    options: dict

    def with_defaults(self, **options):
        """`options` over the defaults; unknown names raise with the list."""
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            raise ValueError(
                f"Received: `eval.{unknown[0]}={options[unknown[0]]!r}` for "
                f"evaluator {self.name!r}; expected options from "
                f"{sorted(self.options)}."
            )
        return {**self.options, **options}

    def metric_keys(self, dataset, **options):
        """The keys a run on `dataset` with `options` returns."""
        if callable(self.keys):
            return list(self.keys(dataset, self.with_defaults(**options)))
        return list(self.keys)

    def datasets(self, **options):
        """The on-disk datasets the evaluator itself reads, sorted."""
        options = self.with_defaults(**options)
        names = {options[n] for n in self.needs}
        return sorted(f for n in names for f in catalog.get_dataset(n).files_needed)

    def __call__(self, gan, data, seed=0, **options):
        return self.fn(gan, dict(data), seed, **self.with_defaults(**options))


def register_evaluator(name, *, keys, needs=()):
    """Registers an evaluator function under `name`.

    Args:
        name: the registry name (what `config.eval.evaluator` gives). Unique.
        keys: the metric keys it returns (see `Evaluator`).
        needs: options naming on-disk datasets it reads.

    Returns:
        A decorator that registers the function and returns it unchanged.

    Example:

    ```python
    @register_evaluator("my_error", keys=("my_error",))
    def my_error(gan, data, seed=0, *, num_samples=1000):
        return {"my_error": ...}
    ```
    """

    def decorator(fn):
        if name in _EVALUATORS:
            raise ValueError(
                f"Received: evaluator `name={name!r}` from {fn.__module__}; "
                "expected a new name, but it is already registered by "
                f"{_EVALUATORS[name].fn.__module__}."
            )
        parameters = inspect.signature(fn).parameters.values()
        options = {p.name: p.default for p in parameters if p.kind is p.KEYWORD_ONLY}
        missing = [n for n in needs if n not in options]
        if missing:
            raise ValueError(
                f"Received: `needs={needs!r}` for evaluator {name!r}; expected "
                f"names of its keyword-only options {sorted(options)}."
            )
        _EVALUATORS[name] = Evaluator(name, fn, keys, tuple(needs), options)
        return fn

    return decorator


def list_evaluators():
    """Returns the sorted names of the registered evaluators.

    Entries' own evaluators register when `ganzoo.models` is imported
    (`import ganzoo` does that).
    """
    return sorted(_EVALUATORS)


def get_evaluator(name):
    """Returns the `Evaluator` registered as `name`; unknown names list all."""
    if name not in _EVALUATORS:
        raise ValueError(
            f"Unknown evaluator: Received: `evaluator={name!r}`; expected one of "
            f"{list_evaluators()}."
        )
    return _EVALUATORS[name]


def _evaluate_keys(dataset, options):
    is_mixture = dataset in catalog.list_datasets("mixture")
    keys = {
        "modes": MIXTURE_METRICS if is_mixture else ("modes_captured", "modes_kl"),
        "parzen": ("parzen_log_likelihood", "parzen_sigma"),
        "precision_recall": ("precision", "recall"),
    }
    return [
        key
        for name in options["metrics"]
        for key in keys.get(name, [_DOMAIN_NAMES.get(name, name)])
    ]


@register_evaluator("evaluate", keys=_evaluate_keys)
def evaluate_metrics(gan, data, seed=0, *, metrics=("fid",), num_samples=None):
    """`ganzoo.metrics.evaluate` on the config's dataset, table-ready keys.

    FID and KID (in the dataset's domain-classifier features) become
    `fid_domain` and `kid_domain`; spreads (`kid_std`, ...) are left out,
    seeds give the spread. On a mixture only the mode-coverage and Parzen
    keys are kept.
    """
    dataset = data["name"]
    scores = _evaluate(gan, dataset, list(metrics), num_samples=num_samples, seed=seed)
    if dataset in catalog.list_datasets("mixture"):
        keep = {k: scores[k] for k in MIXTURE_METRICS if k in scores}
        keep.update({k: v for k, v in scores.items() if k.startswith("parzen")})
        return keep
    for key in ("num_samples", "kid_std", "inception_score_std", "parzen_stderr"):
        scores.pop(key, None)
    return {_DOMAIN_NAMES.get(k, k): v for k, v in scores.items()}


@register_evaluator(
    "mode_coverage", keys=lambda d, o: _evaluate_keys(d, {"metrics": ["modes"]})
)
def mode_coverage(gan, data, seed=0, *, num_samples=None):
    """Modes captured, high-quality share and KL to uniform modes.

    The PacGAN protocol (Lin et al. 2018): 2,500 samples on a 2D mixture,
    a sample of high quality within 3 std of its nearest mode; 26,000 on
    Stacked MNIST.
    """
    return evaluate_metrics(gan, data, seed, metrics=["modes"], num_samples=num_samples)


@register_evaluator("parzen", keys=PARZEN_KEYS)
def parzen(gan, data, seed=0, *, num_samples=10_000, protocol="goodfellow2014"):
    """Parzen-window log-likelihood of the test set under the samples.

    `protocol="goodfellow2014"`: Goodfellow et al. (2014, Table 1)'s
    (`ganzoo.metrics.parzen.PROTOCOL`): 10,000 samples, sigma from
    `logspace(-1, 0, 10)` picked on train[50000:60000], the mean
    log-likelihood of the 10,000 test images with its standard error, all on
    [0, 1] pixels as in the paper. `protocol="gmmn"`: Li et al. (2015)'s
    (`parzen.GMMN_PROTOCOL`): sigma from `arange(0.1, 0.3, 0.01)` picked on
    5,000 random training images (seed 0), the rest alike.
    """
    if protocol not in parzen_lib.PROTOCOLS:
        raise ValueError(
            f"Received: `eval.protocol={protocol!r}`; expected one of "
            f"{sorted(parzen_lib.PROTOCOLS)}."
        )
    if protocol == "gmmn":
        train, _ = stacked_mnist.load_image_arrays(data["name"], "train")
        test, _ = stacked_mnist.load_image_arrays(data["name"], "test")
        valid = train[parzen_lib.gmmn_validation_index(len(train))]
        fake = parzen_lib.to_unit_pixels(gan.generate(num_samples, seed=seed))
        result = parzen_lib.parzen_log_likelihood(
            fake, test / 255.0, valid / 255.0, sigmas=parzen_lib.GMMN_SIGMAS
        )
        return dict(zip(PARZEN_KEYS, result[:3], strict=True))
    scores = _evaluate(gan, data["name"], ["parzen"], num_samples, seed=seed)
    return {key: scores[key] for key in PARZEN_KEYS}


@register_evaluator("domain_fid", keys=DOMAIN_KEYS)
def domain_fid(gan, data, seed=0, *, num_samples=None):
    """FID, KID, precision and recall in ganzoo's domain-classifier features.

    10,000 samples against the 10,000 test images (Heusel et al. 2017;
    Binkowski et al. 2018; Kynkaanniemi et al. 2019, k=3).
    """
    metrics = list(DOMAIN_METRICS)
    return evaluate_metrics(gan, data, seed, metrics=metrics, num_samples=num_samples)


def _density_ratio_keys(dataset, options):
    del dataset
    names = ("ulsif", *(options["families"] or density_ratio.FAMILIES))
    return ["kl_true"] + [f"{k}_{n}" for n in names for k in ("ratio_nmse", "ratio_kl")]


@register_evaluator("density_ratio_error", keys=_density_ratio_keys)
def density_ratio_error(gan, data, seed=0, *, families=None, steps=2_000):
    """How well each loss family's discriminator estimates `r = p / q`.

    On a 2D mixture p against a fixed Gaussian q (`ganzoo.metrics.
    density_ratio`): for each loss of `families` (default
    `density_ratio.FAMILIES`) and the uLSIF baseline, `ratio_nmse_<loss>`
    (`E_q[(r_hat - r*)^2] / E_q[r*^2]`) and `ratio_kl_<loss>`
    (`E_p[log r_hat]`), beside `kl_true`. It trains its own discriminators;
    `gan` is not used.
    """
    del gan
    table = density_ratio.density_ratio_table(
        data["name"], families or density_ratio.FAMILIES, steps=steps, seed=seed
    )
    out = {"kl_true": table.pop("kl_true")}
    for name, row in table.items():
        out[f"ratio_nmse_{name}"], out[f"ratio_kl_{name}"] = row["nmse"], row["kl"]
    return out


class TrainingImages:
    """A stand-in generator that returns real training images.

    `generate(n)` gives the first `n` images of the training split (in
    [-1, 1]; `labels` picks images of those classes, in order), so that an
    evaluator run on it gives the real-data floor of its metrics: what a
    perfect generator would score against the same test set.

    Example:

    ```python
    floor = get_evaluator("domain_fid")(TrainingImages("mnist"), {"name": "mnist"})
    ```
    """

    def __init__(self, dataset="mnist"):
        self.dataset = dataset
        self.images, self.labels = stacked_mnist.load_image_arrays(dataset, "train")
        self.num_classes = int(self.labels.max()) + 1

    def generate(self, n, seed=None, labels=None):
        del seed  # Real images: always the same ones.
        if labels is None:
            index = np.arange(n)
        else:
            labels = np.broadcast_to(np.asarray(labels), (n,))
            index = np.empty(n, dtype=np.int64)
            for k in np.unique(labels):
                where = np.flatnonzero(labels == k)
                index[where] = np.flatnonzero(self.labels == k)[: len(where)]
        return self.images[index].astype(np.float32) / 127.5 - 1.0


# Evaluators defined beside their metrics (exact likelihoods of flows, the
# independent Wasserstein critic), registered here with the generic ones.
from ganzoo.metrics import critic as _critic  # noqa: E402
from ganzoo.metrics import likelihood as _likelihood  # noqa: E402

register_evaluator("bits_per_dim", keys=_likelihood.BITS_KEYS)(_likelihood.bits_per_dim)
register_evaluator("latent_gaussianity", keys=_likelihood.LATENT_KEYS)(
    _likelihood.latent_gaussianity
)
register_evaluator("independent_critic", keys=_critic.KEYS)(_critic.independent_critic)
