r"""Likelihood against the critic: Real NVP by MLE, WGAN-GP and both (issue 36).

The full experiment (3 arms x 2 seeds, each ~2 h on one core; see
`zoo_configs/realnvp_mnist.py`), then every evaluator on each run:

    python -m benchmarks.flow_experiment --mode=train --arms=mle,wgan_gp,hybrid \
        --seeds=0,1 --workdir=/tmp/flows --results=/tmp/flows/flows.jsonl

The independent critic on the shipped image presets and the real floor:

    python -m benchmarks.flow_experiment --mode=presets \
        --presets=dcgan_mnist,acgan_mnist,cgan_mnist --results=/tmp/critic.jsonl

Each run's rows: `bits_per_dim` (exact, test set), `domain_fid` (FID, KID,
precision, recall), `independent_critic` (W validation / training with
their standard errors over 3 critic seeds) and `latent_gaussianity`. The
critic's floor (validation vs training images) does not depend on the
generator: it is estimated once per command (`--critic_floor`). Rows are
JSON lines: `{"model", "arm", "seed", "metric", "value", "protocol"}`.
A short plumbing check only (2026-12-07, `--presets=dcgan_mnist
--critic_steps=300 --critic_seeds=1`, one thread, ~3 min wall): W
validation 0.036, training 0.031, floor 0.033: at 300 steps the critic
does not yet tell the preset from real data. At the default 2,000 steps
(2026-12-08, `--critic_seeds=1`, one thread, 190 s per estimate): W
validation 0.541, training 0.254, and the floor (MNIST test against
train[:10000], no generator) 0.319: the preset's W against the training
images is below the real-vs-real floor, so one 2,000-step critic does not
order these three yet (its offsets are as large as the differences); more
critic seeds (the default 3) and the critic's own train/validation gap are
what to read before using the column.
Resuming: `--mode=train` trains through `ganzoo.training.train`, which
resumes each workdir from its last checkpoint.
"""  # noqa: E501

import json
import math
import os
import time

from absl import app, flags

from ganzoo import models  # noqa: F401  (registers the entries)
from ganzoo.metrics import critic, evaluators, likelihood

FLAGS = flags.FLAGS


def define_flags():
    """The binary's flags (defined on start, so importing defines none)."""
    flags.DEFINE_enum("mode", "train", ["train", "presets"], "What to run.")
    flags.DEFINE_list("arms", ["mle", "wgan_gp", "hybrid"], "Objectives.")
    flags.DEFINE_list("seeds", ["0", "1"], "Training seeds.")
    flags.DEFINE_integer("steps", None, "Override the config's steps.")
    flags.DEFINE_list(
        "presets", ["dcgan_mnist", "acgan_mnist", "cgan_mnist"], "Presets to score."
    )
    flags.DEFINE_string("workdir", "/tmp/flows", "Runs' folders.")
    flags.DEFINE_string("results", None, "JSON-lines file to append to.")
    flags.DEFINE_integer("critic_steps", 2_000, "Critic updates.")
    flags.DEFINE_integer("critic_seeds", 3, "Critic seeds.")
    flags.DEFINE_bool("critic_floor", True, "Estimate the floor once.")
    flags.DEFINE_list("skip", [], "Evaluators to leave out.")


def _critic_options():
    return dict(steps=FLAGS.critic_steps, num_seeds=FLAGS.critic_seeds)


def _protocols():
    critic_note = critic.PROTOCOL.format(
        base_filters=32,
        steps=FLAGS.critic_steps,
        num_samples=5_000,
        num_seeds=FLAGS.critic_seeds,
    )
    return {
        "bits_per_dim": likelihood.PROTOCOL.format(draws=2),
        "independent_critic": critic_note,
        "latent_gaussianity": "z = f^-1(x) of the 10,000 dequantised test images",
        "domain_fid": "10,000 samples vs the test set, ganzoo's MNIST classifier",
    }


def score(model, names, seed=0):
    """`{evaluator: (scores, seconds)}` of the named evaluators on MNIST."""
    results = {}
    for name in names:
        if name in FLAGS.skip:
            continue
        options = _critic_options() if name == "independent_critic" else {}
        if name == "independent_critic":
            options["floor"] = False
        start = time.perf_counter()
        scores = evaluators.get_evaluator(name)(
            model, {"name": "mnist"}, seed, **options
        )
        results[name] = (scores, round(time.perf_counter() - start, 1))
    return results


def _write(rows):
    for row in rows:
        print(json.dumps(row))
    if FLAGS.results:
        os.makedirs(os.path.dirname(os.path.abspath(FLAGS.results)), exist_ok=True)
        with open(FLAGS.results, "a", encoding="utf-8") as f:
            f.writelines(json.dumps(row) + "\n" for row in rows)


def _rows(results, **fields):
    protocols = _protocols()
    return [
        dict(
            fields,
            evaluator=name,
            metric=key,
            value=value,
            seconds=seconds,
            protocol=protocols.get(name, "-"),
        )
        for name, (scores, seconds) in results.items()
        for key, value in scores.items()
        if not math.isnan(value)  # The floor's keys when not estimated.
    ]


def _floor_rows():
    """The critic's real-vs-real floor (validation vs training images)."""
    from ganzoo.data import stacked_mnist

    def scaled(split):
        images, _ = stacked_mnist.load_image_arrays("mnist", split)
        return images[:10_000].astype("float32") / 127.5 - 1.0

    start = time.perf_counter()
    scores = critic.independent_critic_rows(
        None,
        scaled("train"),
        scaled("test"),
        steps=FLAGS.critic_steps,
        num_seeds=FLAGS.critic_seeds,
    )
    seconds = round(time.perf_counter() - start, 1)
    return _rows({"independent_critic": (scores, seconds)}, model="real_data")


def run_training():
    from ganzoo.training import train
    from zoo_configs import realnvp_mnist

    for arm in FLAGS.arms:
        for seed in map(int, FLAGS.seeds):
            config = realnvp_mnist.get_config(arm)
            config.train.seed = config.data.seed = seed
            if FLAGS.steps:
                config.train.steps = FLAGS.steps
            workdir = os.path.join(
                FLAGS.workdir, f"realnvp_mnist_{arm}", f"seed_{seed}"
            )
            start = time.perf_counter()
            result = train(config, workdir)
            seconds = round(time.perf_counter() - start, 1)
            names = (
                "bits_per_dim",
                "latent_gaussianity",
                "domain_fid",
                "independent_critic",
            )
            _write(
                _rows(
                    score(result.gan, names),
                    model="realnvp",
                    arm=arm,
                    seed=seed,
                    steps=result.step,
                    train_seconds=seconds,
                    workdir=workdir,
                )
            )


def run_presets():
    import ganzoo

    for name in FLAGS.presets:
        results = score(ganzoo.load(name), ("independent_critic",))
        _write(_rows(results, model=name, arm="preset", seed=0))


def main(argv):
    del argv
    if FLAGS.mode == "train":
        run_training()
    else:
        run_presets()
    if FLAGS.critic_floor and "independent_critic" not in FLAGS.skip:
        _write(_floor_rows())


if __name__ == "__main__":
    define_flags()
    app.run(main)
