"""Published (or project-goal) reference values for the results table.

Not a binary: `benchmarks/results.py` reads `REFERENCES` when it writes
`benchmarks/RESULTS.md`. Each entry names its source. Entries with a
`not_run` reason stay in the table as "not yet run" until a results row
for the same (model, dataset, metric) exists.

Sources (short keys used in the table):

- PacGAN: Lin, Khetan, Fanti & Oh 2018, "PacGAN: The power of two samples
  in generative adversarial networks", 2D ring/grid tables (2,500 samples,
  high quality = within 3 std of the nearest mode); as quoted in ganzoo
  issue #3.
  Stacked MNIST (Table 2, VEEGAN setting): 26,000 samples, modes read by
  an MNIST classifier on each channel, KL to uniform over the 1,000 modes;
  as quoted in ganzoo issue #14.
- Goodfellow 2014: Goodfellow et al. 2014, "Generative Adversarial Nets",
  Table 1 (Parzen window log-likelihood on MNIST; also in
  /work/shared/references/000_*.txt).
- Salimans 2016: Salimans et al. 2016, "Improved Techniques for Training
  GANs", Table 1 (MNIST, 100 labels, feature matching: 93 +- 6.5 errors).
- Zhang 2017: Zhang et al. 2017, "StackGAN", Table 1 (Inception scores).
- Gulrajani 2017: "Improved Training of Wasserstein GANs", Table 3
  (unsupervised CIFAR-10 Inception scores; DCGAN's as reported there).
- Miyato 2018: "Spectral Normalization for GANs", Table 2 (CIFAR-10,
  ResNet, hinge loss).
- Park 2020: "Contrastive Learning for Unpaired Image-to-Image
  Translation" (CUT), Table 1: CycleGAN's FID on horse -> zebra.
- Goals of ganzoo issues #4 and #5 where no paper number applies (the MNIST
  domain classifier is ganzoo's own).
"""

import dataclasses

from ganzoo.metrics import parzen

GPU_LONG = "needs a full-length run (GPU or many CPU hours); not in `quick`"


@dataclasses.dataclass(frozen=True)
class Reference:
    """One reference value of the results table.

    Args:
        model: zoo entry name.
        dataset: dataset name as in the configs (or the paper's).
        metric: the metric key of the results rows.
        value: the published value, as text (ranges and +- allowed).
        source: short citation (see the module docstring).
        higher_is_better: direction of the metric, for the reader.
        not_run: why ganzoo has no number yet; shown while no row exists.
    """

    model: str
    dataset: str
    metric: str
    value: str
    source: str
    higher_is_better: bool = True
    not_run: str = GPU_LONG


_MODES = "PacGAN (Lin et al. 2018), via issue #3"
_RING_HQ = "PacGAN/GAN best: 0.956-0.99"


def _mixture_refs(model, not_run):
    return [
        Reference(
            model, "ring8", "modes_captured", "8 (of 8)", _MODES, not_run=not_run
        ),
        Reference(
            model, "ring8", "high_quality_fraction", _RING_HQ, _MODES, not_run=not_run
        ),
        Reference(
            model,
            "grid25",
            "modes_captured",
            "24.8 (of 25), PacGAN4",
            _MODES,
            not_run=not_run,
        ),
        Reference(
            model,
            "grid25",
            "high_quality_fraction",
            "0.936, PacGAN4",
            _MODES,
            not_run=not_run,
        ),
    ]


# Measured here: 5 critic steps at 512 units and batch 256 run ~5 steps/s.
_CRITIC_STEPS = (
    "20k steps x 5 critic steps: over an hour per seed on 2 CPU cores; in `paper`"
)
_FULL_2D = "full 20k-step, 5-seed run is in `paper`, not `quick`"
_STACKED = "PacGAN (Lin et al. 2018), Table 2, VEEGAN setting"
_STACKED_RUN = "12,000 steps: 17-25 minutes per seed on one thread here"


REFERENCES = [
    *_mixture_refs("vanilla", _FULL_2D),
    *_mixture_refs("wgan", _CRITIC_STEPS),
    *_mixture_refs("wgan_gp", _CRITIC_STEPS),
    *_mixture_refs("dragan", _FULL_2D),
    *_mixture_refs("sngan", _FULL_2D),
    # dcgan_stacked_mnist.py and pacdcgan2_stacked_mnist.py are both `dcgan`.
    Reference(
        "dcgan",
        "stacked_mnist",
        "modes_captured",
        "DCGAN 78.9 +- 6.5; PacDCGAN2 1000.0 +- 0.0 (of 1000)",
        _STACKED,
        not_run=_STACKED_RUN,
    ),
    Reference(
        "dcgan",
        "stacked_mnist",
        "modes_kl",
        "DCGAN 4.50; PacDCGAN2 0.06 +- 0.003",
        _STACKED,
        higher_is_better=False,
        not_run=_STACKED_RUN,
    ),
    Reference(
        "vanilla",
        "mnist",
        "parzen_log_likelihood",
        "225 +- 2",
        "Goodfellow et al. 2014, Table 1",
        not_run="50k steps (vanilla_mnist.py): ~1.6 CPU hours per seed; in `paper`",
    ),
    *[
        Reference(
            model,
            dataset,
            "fid_domain",
            "<= 5 with precision and recall >= 0.8 (goal; floor: real_data row)",
            "ganzoo issue #15 goal",
            higher_is_better=False,
            not_run="10k steps: ~10-20 CPU minutes per seed; in `paper`",
        )
        for model in ("dcgan", "lsgan")
        for dataset in ("mnist", "fashion_mnist")
    ],
    Reference(
        "sgan",
        "mnist",
        "classifier_test_error",
        "0.0093 +- 0.00065 (100 labels)",
        "Salimans et al. 2016, Table 1",
        higher_is_better=False,
        not_run="180k steps (300 epochs); GPU",
    ),
    Reference(
        "acgan",
        "mnist",
        "conditional_accuracy",
        ">= 0.98 (goal)",
        "ganzoo issue #4 goal",
        not_run="10k steps: ~46 minutes per seed on one thread here; in `paper`",
    ),
    Reference(
        "cgan",
        "mnist",
        "conditional_accuracy",
        ">= 0.98 (goal)",
        "ganzoo issue #4 goal",
        not_run="10k steps of DCGAN nets: ~50 minutes per seed on one thread here",
    ),
    Reference(
        "cyclegan",
        "mnist_pair",
        "accuracy_cycle",
        ">= 0.97 (goal)",
        "ganzoo issue #5 goal",
        not_run="2.5k steps of ResNet generators at 32x32: ~55 min a seed, 1 thread",
    ),
    Reference(
        "stackgan",
        "shapes",
        "attribute_accuracy",
        ">= 0.90 (goal, mean over attributes)",
        "zoo_configs/stackgan_shapes.py target",
        not_run="Stage-I then Stage-II: ~30 CPU minutes a seed; not in `quick`",
    ),
    Reference(
        "cyclegan",
        "horse2zebra",
        "fid_inception",
        "77.2",
        "Park et al. 2020 (CUT), Table 1",
        higher_is_better=False,
        not_run="horse2zebra images and InceptionV3 weights not on this machine",
    ),
    Reference(
        "stackgan",
        "cub",
        "inception_score",
        "3.70 +- 0.04",
        "Zhang et al. 2017, Table 1",
        not_run="CUB-200 images/captions not on this machine; GPU",
    ),
    Reference(
        "stackgan",
        "oxford102",
        "inception_score",
        "3.20 +- 0.01",
        "Zhang et al. 2017, Table 1",
        not_run="Oxford-102 images/captions not on this machine; GPU",
    ),
    Reference(
        "dcgan",
        "cifar10",
        "inception_score",
        "6.16 +- 0.07",
        "Gulrajani et al. 2017, Table 3",
        not_run="CIFAR-10 and InceptionV3 weights not on this machine; GPU",
    ),
    Reference(
        "wgan_gp",
        "cifar10",
        "inception_score",
        "7.86 +- 0.07",
        "Gulrajani et al. 2017, Table 3",
        not_run="CIFAR-10 and InceptionV3 weights not on this machine; GPU",
    ),
    Reference(
        "sngan",
        "cifar10",
        "inception_score",
        "8.22 +- 0.05",
        "Miyato et al. 2018, Table 2",
        not_run="CIFAR-10 and InceptionV3 weights not on this machine; GPU",
    ),
    Reference(
        "dcgan",
        "celeba_lsun",
        "fid_inception",
        "- (Inception FID protocol)",
        "-",
        higher_is_better=False,
        not_run="CelebA/LSUN images and InceptionV3 weights not here; GPU",
    ),
]


# How each metric is made, for the table's protocol column: sample count,
# reference set, feature extractor (and its weights), Parzen's sigma grid.
_DOMAIN = (
    "10,000 samples vs the 10,000 {dataset} test images; features: ganzoo's "
    "{dataset} domain classifier (ganzoo.metrics.load_domain_classifier, "
    "classifiers/{file}_v1.keras, trained on the {dataset} training split)"
)
_INCEPTION = (
    "50,000 samples; InceptionV3 with Keras's ImageNet weights "
    "(ganzoo.metrics.InceptionV3Features)"
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
    "inception_score": _INCEPTION + "; 10 splits",
    "fid_inception": _INCEPTION.replace("50,000", "the test set's count of"),
}


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
        return "-"
    names = {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST"}
    return text.format(dataset=names.get(dataset, dataset), file=dataset)
