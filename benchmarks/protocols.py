"""How each benchmark's numbers are measured: the protocol of each metric.

Not a binary: `benchmarks/table.py` writes each benchmark's protocol once
under the scoreboard of `benchmarks/RESULTS.md` (sample count, reference set,
feature extractor and its weights, Parzen's sigma grid), and every row of the
results refers to it by the benchmark's name.
"""

from benchmarks import latent_probe
from ganzoo.metrics import critic, inception, likelihood, parzen

# How each metric is made, for the table's protocol column: sample count,
# reference set, feature extractor (and its weights), Parzen's sigma grid.
_DOMAIN = (
    "10,000 samples vs the 10,000 {dataset} test images; features: ganzoo's "
    "{dataset} domain classifier (ganzoo.metrics.load_domain_classifier, "
    "classifiers/{file}_v1.keras, trained on the {dataset} training split)"
)
PROTOCOLS = {
    "fid_domain": _DOMAIN,
    "kid_domain": _DOMAIN,
    "precision": _DOMAIN + "; k=3 (Kynkaanniemi et al. 2019)",
    "recall": _DOMAIN + "; k=3 (Kynkaanniemi et al. 2019)",
    "parzen_log_likelihood": parzen.protocol_note(),
    "parzen_stderr": parzen.protocol_note(),
    "parzen_sigma": parzen.protocol_note(),
    "conditional_accuracy": (
        "1,000 samples per class; the label read by ganzoo's held-out "
        "{dataset} domain classifier (classifiers/{file}_v1.keras)"
    ),
    "modes_captured": "2,500 samples; a mode is captured by a sample within 3 std",
    "high_quality_fraction": "2,500 samples; high quality: within 3 std of a mode",
    "modes_kl": "2,500 samples; KL of the modes' histogram to uniform",
    "classifier_test_error": "the 10,000 test images; D's K-class head",
}
# Metrics of the newer evaluators, by the start of their names: their own
# modules hold the text (placeholders filled with the defaults the rows use).
_PREFIX_PROTOCOLS = (
    ("probe_error", lambda: _plain_text(latent_probe.PROBE_PROTOCOL, n=100, s=0, d=3)),
    (
        (
            "flips_per_path",
            "path_length",
            "midpoint_",
            "endpoint_",
            "arithmetic_",
            "paths_compared",
        ),
        lambda: _plain_text(
            latent_probe.LATENT_PROTOCOL, p=300, k=9, m=3000, a=10000, q=30
        ),
    ),
    ("bits_per_dim", lambda: _plain_text(likelihood.PROTOCOL, draws=2)),
    ("latent_", lambda: "z = f^-1(x) of the 10,000 test images, against N(0, I)"),
    (
        "critic_w_",
        lambda: _plain_text(
            critic.PROTOCOL, base_filters=32, steps=2000, num_samples=5000, num_seeds=3
        ),
    ),
    (
        "inception_score",
        lambda: "50,000 samples; " + inception.PROTOCOLS["inception_2015"],
    ),
    (
        "fid_inception",
        lambda: (
            "50,000 samples vs 50,000 training images; "
            + inception.PROTOCOLS["inception_2015"]
        ),
    ),
)


def _plain_text(template, **values):
    # Filled now, and braces escaped, so `protocol()`'s own format keeps it;
    # a `{name}` in the template becomes `protocol()`'s `{dataset}`.
    text = template.format(**values, name="\0")
    return text.replace("{", "{{").replace("}", "}}").replace("\0", "{dataset}")


def _prefix_protocol(metric):
    if metric.endswith("_keras"):
        return inception.PROTOCOLS["keras_imagenet"]
    for prefix, text in _PREFIX_PROTOCOLS:
        if metric.startswith(prefix):
            return text()
    return None


_PAIR = (
    "the 10,000 MNIST test digits of the synthetic pair (A: padded to 32x32; "
    "B: thickened, inverted, coloured; ganzoo.data.translation)"
)
_PAIR_CLASSIFIER = (
    _PAIR + "; label read by ganzoo's MNIST domain classifier "
    "(classifiers/mnist_v1.keras) on the 28x28 crop"
)
_PAIR_FID = (
    _PAIR + "; Frechet distance in the features of ganzoo's MNIST domain "
    "classifier (classifiers/mnist_v1.keras) on the 28x28 crop, B images "
    "mapped back to strokes (b_to_strokes); reference: the true B images of "
    "the same digits"
)
_CAPTIONS_READ = (
    "500 held-out test captions (new renders; a phrasing never seen in "
    "training), one image each; a fixed attribute classifier trained on real "
    "64x64 renders reads shape, colour, size and position"
)
_CAPTIONS = _CAPTIONS_READ + "; mean over the 4"
_STACKED_MODES = (
    "26,000 samples; each channel's digit read by ganzoo's MNIST domain "
    "classifier (classifiers/mnist_v1.keras); a mode is a triple of digits (1,000)"
)
# Metrics whose protocol depends on the dataset: (metric, dataset) first.
DATASET_PROTOCOLS = {
    ("modes_captured", "stacked_mnist"): _STACKED_MODES + "; modes with a sample",
    ("modes_kl", "stacked_mnist"): _STACKED_MODES
    + "; KL of the modes' histogram to uniform over 1,000",
    ("mae", "mnist_pair"): _PAIR + "; |G(a) - true B| in [0, 1] pixels",
    ("copy_mae", "mnist_pair"): _PAIR + "; |a - true B|, a repeated over B's channels",
    ("accuracy_cycle", "mnist_pair"): _PAIR_CLASSIFIER + ", on F(G(a))",
    ("accuracy_b2a", "mnist_pair"): _PAIR_CLASSIFIER + ", on F(b)",
    ("fid_domain", "mnist_pair"): _PAIR_FID + "; candidate G(a)",
    ("copy_fid_domain", "mnist_pair"): _PAIR_FID + "; candidate a (copy)",
    ("real_fid_domain", "mnist_pair"): _PAIR_FID
    + "; candidate: real B images of 10,000 training digits (the floor)",
    ("attribute_accuracy", "shapes"): _CAPTIONS
    + "; samples of the run's last stage (a Stage-I run's upscaled)",
    ("attribute_accuracy_stage1", "shapes"): _CAPTIONS + "; Stage-I samples, upscaled",
    ("attribute_accuracy_shuffled", "shapes"): _CAPTIONS
    + "; Stage-II samples of shuffled captions, scored on the originals",
    **{
        (f"attribute_accuracy_{attribute}", "shapes"): _CAPTIONS_READ
        + f"; {attribute} alone, on samples of the run's last stage"
        for attribute in ("shape", "colour", "size", "position")
    },
    ("sample_spread", "shapes"): (
        "20 held-out captions x 16 noise draws: per-pixel std in [0, 1] "
        "pixels, averaged (0 = one image per caption)"
    ),
}


def protocol(metric, dataset):
    """The protocol note of `metric` on `dataset` ("-" when none is known)."""
    text = DATASET_PROTOCOLS.get((metric, dataset), PROTOCOLS.get(metric))
    if text is None:
        text = _prefix_protocol(metric)
    if text is None:
        return "-"
    names = {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST"}
    return text.format(dataset=names.get(dataset, dataset), file=dataset)
