"""Published (or project-goal) reference values for the results table.

Not a binary: `benchmarks/results.py` reads `REFERENCES` when it writes
`benchmarks/RESULTS.md`. Each entry names its source. An entry with a
`config` is a headline: one scoreboard row, made from that config's
full-length runs, with a verdict against `target` ("not yet run", with the
`not_run` reason, until such a run exists). Entries without a `config` are
published numbers ganzoo has no config for yet (listed below the scoreboard).
`PROTOCOLS` says how each metric is measured, written once per benchmark.

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
- Goals of ganzoo issues #4, #5 and #15 where no paper number applies (the
  MNIST domain classifier is ganzoo's own).
- Mixture entries with no number of their own on PacGAN's protocol (wgan,
  wgan_gp, dragan, sngan, unrolled, alpha_gan) are held to the best known
  rows of PacGAN's Table 1 (8 of 8 modes and >= 95.6% high quality on the
  ring; PacGAN4's 24.8 modes and 93.6% on the grid).
"""

import dataclasses

from benchmarks import mode_collapse_table

# The protocols live beside the references; imported here for old callers.
from benchmarks.protocols import DATASET_PROTOCOLS, PROTOCOLS, protocol  # noqa: F401

GPU_LONG = "needs a full-length run (GPU or many CPU hours); not in `quick`"

# Metrics where lower is better (the rest: higher is better).
_LOWER_IS_BETTER = (
    "modes_kl",
    "mae",
    "copy_mae",
    "classifier_test_error",
    "bits_per_dim",
    "categorical_code_error",
)


def lower_is_better(metric):
    """Whether a smaller `metric` is better (`fid_*`, `*_fid_*`, `kid_*`, ...)."""
    return (
        metric in _LOWER_IS_BETTER
        or metric.startswith(("fid_", "kid_"))
        or "_fid_" in metric
    )


@dataclasses.dataclass(frozen=True)
class Reference:
    """One reference value; with a `config`, a headline of the scoreboard.

    A headline is data: the scoreboard of `benchmarks/RESULTS.md` shows one
    row per Reference with a `config`, made from that config's full-length
    runs (`benchmarks.scoreboard`), whatever else the results file holds.

    Args:
        model: zoo entry name.
        dataset: dataset name as in the configs (or the paper's).
        metric: the metric key of the results rows.
        value: the published value, as text (ranges and +- allowed).
        source: short citation (see the module docstring).
        higher_is_better: direction of the metric, for the reader.
        not_run: why ganzoo has no number yet; shown while no row exists.
        config: the `zoo_configs/<config>.py` whose full-length runs make the
            headline; None: a published number with no ganzoo config yet.
        target: the number the verdict compares with (the paper's mean, or
            a goal's bound); None with `config` is an error.
        target_sem: the paper's standard error of `target` (0: none given).
        also: `(metric, bound)` pairs the same runs must also meet (e.g.
            precision and recall beside a FID goal).
        steps: the length that counts as full; default the config's
            `train.steps`.
    """

    model: str
    dataset: str
    metric: str
    value: str
    source: str
    higher_is_better: bool = True
    not_run: str = GPU_LONG
    config: str | None = None
    target: float | None = None
    target_sem: float = 0.0
    also: tuple = ()
    steps: int | None = None


_MODES = "PacGAN (Lin et al. 2018), via issue #3"
_TABLE1 = "Lin et al. 2018 (PacGAN), Table 1"


def _mean_sem(text, scale=1.0):
    """`"7.9 ± 0.1"` -> (7.9, 0.1); `"0.45"` -> (0.45, 0.0); times `scale`."""
    mean, _, sem = text.partition("±")
    return round(float(mean) * scale, 6), round(float(sem or 0.0) * scale, 6)


def _mixture_refs(model, not_run, config=None):
    """The best known 2D numbers (PacGAN's best rows) as goals for `model`."""
    config = config or model
    best = [
        ("ring8", "modes_captured", "8 (of 8)", 8.0, 0.0),
        ("ring8", "high_quality_fraction", "PacGAN/GAN best: 0.956-0.99", 0.956, 0.02),
        ("grid25", "modes_captured", "24.8 (of 25), PacGAN4", 24.8, 0.2),
        ("grid25", "high_quality_fraction", "0.936, PacGAN4", 0.936, 0.006),
    ]
    return [
        Reference(
            model,
            dataset,
            metric,
            value,
            _MODES,
            not_run=not_run,
            config=f"{config}_{dataset}",
            target=target,
            target_sem=sem,
        )
        for dataset, metric, value, target, sem in best
    ]


def _table1_refs(model, row, config, not_run):
    """PacGAN's Table 1 row `row` (e.g. "GAN") as the paper's numbers."""
    cells = mode_collapse_table.PACGAN_TABLE1[row]
    refs = []
    for dataset, (modes, hq) in zip(
        ("ring8", "grid25"), ((cells[0], cells[1]), (cells[3], cells[4])), strict=True
    ):
        for metric, text, scale in (
            ("modes_captured", modes, 1.0),
            ("high_quality_fraction", hq, 0.01),
        ):
            target, sem = _mean_sem(text, scale)
            shown = text if scale == 1.0 else f"{text} %"
            refs.append(
                Reference(
                    model,
                    dataset,
                    metric,
                    f"{shown} ({row})",
                    _TABLE1,
                    not_run=not_run,
                    config=f"{config}_{dataset}",
                    target=target,
                    target_sem=sem,
                )
            )
    return refs


# Measured here: 5 critic steps at 512 units and batch 256 run ~5 steps/s.
_CRITIC_STEPS = (
    "20k steps x 5 critic steps: over an hour per seed on 2 CPU cores; in `paper`"
)
_PAPER_GPU = "a GPU, the CIFAR-10 files and the 2015 Inception graph (`paper_gpu`)"
_FULL_2D = "full 20k-step, 5-seed run is in `paper`, not `quick`"
_STACKED = "PacGAN (Lin et al. 2018), Table 2, VEEGAN setting"
_STACKED_RUN = "12,000 steps: 17-25 minutes per seed on one thread here"
_FID_GOAL = dict(
    value="<= 5 with precision and recall >= 0.8 (goal)",
    source="ganzoo issue #15 goal",
    higher_is_better=False,
    not_run="10k steps: ~10-20 CPU minutes per seed; in `paper`",
    target=5.0,
    also=(("precision", 0.8), ("recall", 0.8)),
)


REFERENCES = [
    # The MLP GAN with PacGAN-sized networks, against PacGAN's GAN row.
    *_table1_refs("vanilla", "GAN", "vanilla", _FULL_2D),
    # PacGAN's own networks and protocol; m = 2 is the shipped preset.
    *_table1_refs("pacgan", "PacGAN2", "pacgan2", _FULL_2D),
    *_mixture_refs("wgan", _CRITIC_STEPS),
    *_mixture_refs("wgan_gp", _CRITIC_STEPS),
    *_mixture_refs("dragan", _FULL_2D),
    *_mixture_refs("sngan", _FULL_2D),
    *_mixture_refs("unrolled", _FULL_2D),
    *_mixture_refs("alpha_gan", _FULL_2D),
    # dcgan_stacked_mnist.py and pacdcgan2_stacked_mnist.py are both `dcgan`.
    Reference(
        "dcgan",
        "stacked_mnist",
        "modes_captured",
        "DCGAN 78.9 +- 6.5; PacDCGAN2 1000.0 +- 0.0 (of 1000)",
        _STACKED,
        not_run=_STACKED_RUN,
        config="dcgan_stacked_mnist",
        target=78.9,
        target_sem=6.5,
    ),
    Reference(
        "dcgan",
        "stacked_mnist",
        "modes_kl",
        "DCGAN 4.50; PacDCGAN2 0.06 +- 0.003",
        _STACKED,
        higher_is_better=False,
        not_run=_STACKED_RUN,
        config="dcgan_stacked_mnist",
        target=4.50,
    ),
    Reference(
        "vanilla",
        "mnist",
        "parzen_log_likelihood",
        "225 +- 2",
        "Goodfellow et al. 2014, Table 1",
        not_run="50k steps (vanilla_mnist.py): ~1.6 CPU hours per seed; in `paper`",
        # The 2014 code's recipe (SGD, simultaneous update, [0, 1] pixels).
        config="vanilla_mnist_2014_code",
        target=225.0,
        target_sem=2.0,
    ),
    # dcgan on MNIST: the weight-averaged config the `dcgan_mnist` preset ships.
    Reference("dcgan", "mnist", "fid_domain", config="dcgan_mnist_ema", **_FID_GOAL),
    Reference("lsgan", "mnist", "fid_domain", config="lsgan_mnist", **_FID_GOAL),
    *[
        Reference(
            model,
            "fashion_mnist",
            "fid_domain",
            config=f"{model}_fashion_mnist",
            **_FID_GOAL,
        )
        for model in ("dcgan", "lsgan")
    ],
    Reference(
        "sgan",
        "mnist",
        "classifier_test_error",
        "0.0093 +- 0.00065 (100 labels)",
        "Salimans et al. 2016, Table 1",
        higher_is_better=False,
        not_run="180k steps (300 epochs); GPU",
        config="sgan_mnist",
        target=0.0093,
        target_sem=0.00065,
    ),
    Reference(
        "acgan",
        "mnist",
        "conditional_accuracy",
        ">= 0.98 (goal)",
        "ganzoo issue #4 goal",
        not_run="10k steps: ~46 minutes per seed on one thread here; in `paper`",
        config="acgan_mnist",
        target=0.98,
    ),
    Reference(
        "cgan",
        "mnist",
        "conditional_accuracy",
        ">= 0.98 (goal)",
        "ganzoo issue #4 goal",
        not_run="10k steps of DCGAN nets: ~50 minutes per seed on one thread here",
        config="cgan_mnist",
        target=0.98,
    ),
    Reference(
        "cyclegan",
        "mnist_pair",
        "accuracy_cycle",
        ">= 0.97 (goal)",
        "ganzoo issue #5 goal",
        not_run="2.5k steps of ResNet generators at 32x32: ~55 min a seed, 1 thread",
        config="cyclegan_mnist_pair",
        target=0.97,
    ),
    Reference(
        "stackgan",
        "shapes",
        "attribute_accuracy",
        ">= 0.90 (goal, mean over attributes)",
        "zoo_configs/stackgan_shapes.py target",
        not_run="Stage-I then Stage-II: ~30 CPU minutes a seed; not in `quick`",
        # The paper's schedule: Stage-II on a frozen Stage-I run.
        config="stackgan_shapes_stage2",
        target=0.90,
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
        not_run=_PAPER_GPU,
        config="dcgan_cifar10",
        target=6.16,
        target_sem=0.07,
    ),
    Reference(
        "wgan_gp",
        "cifar10",
        "inception_score",
        "7.86 +- 0.07",
        "Gulrajani et al. 2017, Table 3",
        not_run=_PAPER_GPU,
        config="wgan_gp_cifar10",
        target=7.86,
        target_sem=0.07,
    ),
    Reference(
        "sngan",
        "cifar10",
        "inception_score",
        "8.22 +- 0.05",
        "Miyato et al. 2018, Table 2",
        not_run=_PAPER_GPU,
        config="sngan_cifar10_resnet",
        target=8.22,
        target_sem=0.05,
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
    # The lectures' other families and likelihood (issues 35, 36, 40).
    Reference(
        "gmmn",
        "mnist",
        "parzen_log_likelihood",
        "147 +- 2 (GMMN's Parzen protocol)",
        "Li, Swersky & Zemel 2015, Table 1 (not read from the paper here)",
        not_run="40,000 steps at batch 1000: about 9 h on one core here",
        config="gmmn_mnist",
        target=147.0,
        target_sem=2.0,
    ),
    Reference(
        "gmmn_ae",
        "mnist",
        "parzen_log_likelihood",
        "282 +- 2 (GMMN's Parzen protocol)",
        "Li, Swersky & Zemel 2015, Table 1",
        not_run="3,000 + 40,000 steps: about 2.3 h per seed on one core here",
        config="gmmn_ae_mnist",
        target=282.0,
        target_sem=2.0,
    ),
    Reference(
        "realnvp",
        "mnist",
        "bits_per_dim",
        "1.93 (Real NVP, 5 MLP couplings; -1323.2 nats in logit space)",
        "Papamakarios et al. 2017 (MAF), Table 2",
        higher_is_better=False,
        not_run="50,000 steps: about 2 h on one core here",
        config="realnvp_mnist",
        target=1.93,
    ),
    Reference(
        "infogan",
        "mnist",
        "categorical_code_error",
        "about 5% (digit classes found by the 10-way code)",
        "Chen et al. 2016, Section 7.1",
        higher_is_better=False,
        not_run="5,000 steps: about 45 min on a free core here",
        config="infogan_mnist",
        target=0.05,
    ),
]
