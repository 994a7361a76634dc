r"""Times each ganzoo metric on 10,000 MNIST-sized samples.

Run from the repository root:

    GANZOO_DATA_DIR=../shared/data python -m benchmarks.metrics_speed

Flags: --num_samples (default 10000), --inception_samples (InceptionV3 is
timed on fewer images with random weights and scaled to --num_samples),
--cache_dir (domain classifier cache; default $GANZOO_CACHE_DIR or
~/.cache/ganzoo). MNIST training images stand in for generated samples; the
test split is the reference set, as in `ganzoo.metrics.evaluate`. Prints a
table with the machine, library versions and git commit.
"""

# First: in a binary, TensorFlow then starts without its notices
# (ganzoo/_startup.py; GANZOO_VERBOSE=1 shows them).
from ganzoo import _startup  # noqa: F401

# isort: split
import os
import platform
import subprocess
import time

import keras
import numpy as np
import tensorflow as tf
from absl import app, flags

from ganzoo import data
from ganzoo import metrics as M
from ganzoo.data import stacked_mnist

FLAGS = flags.FLAGS
flags.DEFINE_integer("num_samples", 10_000, "Generated samples per metric.")
flags.DEFINE_integer("inception_samples", 100, "Images through InceptionV3.")
flags.DEFINE_string("cache_dir", None, "Domain classifier cache root.")


def _git_commit():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + (" (with uncommitted changes)" if dirty else "")


def _machine():
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, load {load}",
        f"python {platform.python_version()}, numpy {np.__version__}, "
        f"tensorflow {tf.__version__}, keras {keras.__version__}",
        f"git commit: {_git_commit()}",
    ]


def _timed(rows, name, n, fn):
    start = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - start
    rows.append((name, n, seconds, value))
    return value


def _fmt(value):
    # Scores are shown; arrays and objects (features, models) are not.
    if isinstance(value, tuple):
        return " / ".join(_fmt(v) for v in value)
    if isinstance(value, (float, np.floating)):
        return f"{value:.4g}"
    if isinstance(value, (int, str, np.integer)):
        return str(value)
    return ""


def main(argv):
    del argv
    n = FLAGS.num_samples
    rows = []
    train, _ = _timed(
        rows,
        "load MNIST arrays (TFDS)",
        70_000,
        lambda: stacked_mnist.load_image_arrays("mnist", "train"),
    )
    fake = train[:n].astype(np.float32) / 127.5 - 1.0
    real = M.reference_samples("mnist")
    valid = M.reference_samples("mnist", "valid")
    clf = _timed(
        rows,
        "domain classifier (cached or trained)",
        0,
        lambda: M.load_domain_classifier("mnist", FLAGS.cache_dir),
    )
    rows[-1] = rows[-1][:3] + (f"test accuracy {clf.test_accuracy:.4f}",)
    real_f = _timed(
        rows, "classifier features (real)", len(real), lambda: clf.features(real)
    )
    fake_f = _timed(
        rows, "classifier features (generated)", n, lambda: clf.features(fake)
    )
    _timed(rows, "fid (from features)", n, lambda: M.frechet_distance(real_f, fake_f))
    _timed(
        rows,
        "kid (100 subsets x 1000)",
        n,
        lambda: M.kernel_inception_distance(real_f, fake_f),
    )
    _timed(
        rows,
        "inception score (probs + IS)",
        n,
        lambda: M.inception_score(clf.predict_proba(fake)),
    )
    _timed(
        rows, "precision/recall (k=3)", n, lambda: M.precision_recall(real_f, fake_f)
    )
    _timed(
        rows,
        "parzen (10 sigmas, [0,1] pixels)",
        n,
        lambda: M.parzen_log_likelihood(
            (fake + 1) / 2, (real + 1) / 2, (valid + 1) / 2
        )[:3],
    )
    stacked, _ = stacked_mnist.stacked_mnist_arrays("test", n, seed=0)
    stacked = stacked.astype(np.float32) / 127.5 - 1.0
    _timed(
        rows,
        "stacked mnist modes",
        n,
        lambda: tuple(M.stacked_mnist_modes(stacked, clf).values()),
    )
    points, _ = data.sample_mixture("grid25", 2_500, seed=0)
    _timed(
        rows,
        "mixture modes (grid25)",
        2_500,
        lambda: tuple(M.mixture_mode_coverage(points, "grid25").values()),
    )
    _timed(
        rows,
        "evaluate(mnist, fid)",
        n,
        lambda: M.evaluate(
            lambda k: fake[:k], "mnist", ["fid"], n, cache_dir=FLAGS.cache_dir
        )["fid"],
    )
    inception = _timed(
        rows,
        "build InceptionV3 (random weights)",
        0,
        lambda: M.InceptionV3Features(weights=None),
    )
    k = FLAGS.inception_samples
    _timed(
        rows,
        "inception features (299x299)",
        k,
        lambda: inception.features(fake[:k]).shape,
    )
    per_image = rows[-1][2] / k
    rows.append(("  -> inception features, scaled", n, per_image * n, "estimate"))

    print("\n".join(_machine()))
    print(f"\n| {'metric':40s} | {'samples':>7s} | {'seconds':>8s} | value |")
    print(f"|{'-' * 42}|{'-' * 9}|{'-' * 10}|-------|")
    for name, count, seconds, value in rows:
        print(f"| {name:40s} | {count:7d} | {seconds:8.2f} | {_fmt(value)} |")


if __name__ == "__main__":
    app.run(main)
