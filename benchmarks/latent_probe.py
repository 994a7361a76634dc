r"""DCGAN's latent-space and discriminator-feature claims, on a shipped preset.

    nice -n 5 env TF_NUM_INTEROP_THREADS=1 TF_NUM_INTRAOP_THREADS=1 \
        OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
        python -m benchmarks.latent_probe --preset=dcgan_mnist --draws=3 \
        --results=benchmarks/results.jsonl --plots=benchmarks/plots

Needs no training: `ganzoo.build("dcgan", preset=...)` gives both trained
networks. Parts (`--parts`):

- `probe`: the discriminator probe (`ganzoo.metrics.probe`), DCGAN's
  protocol on MNIST: D's conv activations max-pooled to 4x4, batch-norm
  statistics recomputed over 10,000 training images, an L2-SVM with C
  chosen on train[50000:60000], `--labels_per_class` labels per class drawn
  from train[:50000] by ganzoo's seeded split, test error on the 10,000
  test images, mean +- s.e. over `--draws`. Baselines on the same draws:
  raw pixels, D's architecture randomly initialised, and that architecture
  trained supervised on the labels (`probe_baselines.supervised_error`).
  Rows: `probe_error`, `probe_error_pixels`, `probe_error_random_d`,
  `probe_error_supervised` (errors, not accuracies).
- `latent`: `ganzoo.metrics.latent_evaluation` (ganzoo's own measures in
  its MNIST classifier's features, not LPIPS path length): class flips per
  path, classifier-feature path length, midpoint FID / precision of lerp
  and slerp, arithmetic success and ROC AUC.
- `grids`: lerp and slerp interpolation grids (`--pairs` x `--steps`, the
  same endpoints) as PNGs in `--plots`.
"""

import json
import os
import time

from absl import app, flags

FLAGS = flags.FLAGS


def define_flags():
    """The binary's flags (defined on start, so importing defines none)."""
    flags.DEFINE_string("preset", "dcgan_mnist", "A shipped preset.")
    flags.DEFINE_list("parts", ["probe", "latent", "grids"], "What to run.")
    flags.DEFINE_integer("labels_per_class", 100, "Labels per class.")
    flags.DEFINE_integer("draws", 3, "Label draws.", lower_bound=1)
    flags.DEFINE_integer("pairs", 8, "Rows of the grids.")
    flags.DEFINE_integer("steps", 9, "Columns of the grids.")
    flags.DEFINE_integer("paths", 300, "Paths scored for flips.")
    flags.DEFINE_integer("midpoints", 3000, "Midpoints scored.")
    flags.DEFINE_integer("arithmetic_samples", 10_000, "Codes classified.")
    flags.DEFINE_integer("per_pair", 30, "Codes moved per class pair.")
    flags.DEFINE_integer("seed", 0, "Seed of codes and label draws.")
    flags.DEFINE_string("results", None, "JSON-lines file to append to.")
    flags.DEFINE_string("plots", None, "Folder for the grids' PNGs.")


def probe_results(gan, dataset, labels_per_class, draws, seed):
    """`{metric: result dict}` of the probe and its three baselines."""
    from ganzoo.metrics import probe, probe_baselines

    splits = probe.probe_splits(dataset)
    kwargs = dict(labels_per_class=labels_per_class, draws=draws, seed=seed)
    out = {}
    for metric, run in (
        ("probe_error", lambda: probe.linear_probe(gan, splits=splits, **kwargs)),
        (
            "probe_error_pixels",
            lambda: probe.probe_error(probe.pixels, splits, **kwargs),
        ),
        (
            "probe_error_random_d",
            lambda: probe.linear_probe(
                probe_baselines.random_discriminator(gan, seed), splits=splits, **kwargs
            ),
        ),
        (
            "probe_error_supervised",
            lambda: probe_baselines.supervised_error(gan, splits, **kwargs),
        ),
    ):
        start = time.perf_counter()
        out[metric] = {**run(), "seconds": round(time.perf_counter() - start, 1)}
        print(metric, json.dumps(out[metric]), flush=True)
    return out


PROBE_PROTOCOL = (
    "D conv activations (after batch norm and LeakyReLU) max-pooled to 4x4, batch-norm "
    "statistics recomputed on train[:10000]; features standardised on the labeled set; "
    "one-vs-rest L2-SVM (squared hinge), C from {{1,3}}e-5..1 on train[50000:60000]; "
    "{n} labels per class from train[:50000] (semi_supervised_split, seeds {s}..); "
    "test error on the 10,000 test images, mean and s.e. over {d} draws. Supervised: "
    "D's architecture with a 10-way head, Adam 1e-3, batch 100, <= 60 epochs, weights "
    "of least loss on 2,000 validation images."
)
LATENT_PROTOCOL = (
    "ganzoo's {name} domain classifier (not LPIPS): {p} prior pairs, {k} steps, flips "
    "counted on pairs whose endpoints are classified differently; midpoints t=0.5 of "
    "{m} pairs against the 10,000 test images (FID at {m} samples, precision k=3); "
    "arithmetic on {a} samples (top-class probability >= 0.9), class vectors from "
    "the first half, {q} held-out codes per ordered pair."
)


def rows_for(results, preset, card, protocol, evaluator, seconds, seed=0):
    """Result rows in `benchmarks/results.jsonl`'s format."""
    from benchmarks import runner

    values = card["config"]["values"]
    rows = []
    for metric, result in results.items():
        extra = result if isinstance(result, dict) else {"value": result}
        value = extra.get("error", extra.get("value"))
        rows.append(
            {
                "model": card["entry"],
                "dataset": card["dataset"],
                "config": f"{preset} (preset)",
                "suite": "latent_probe",
                "seed": seed,
                "steps": card["training"]["steps"],
                "batch_size": values["data"]["batch_size"],
                "overrides": {},
                "machine": runner.machine(),
                "commit": runner.git_commit(),
                "time": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
                "metric": metric,
                "value": value,
                "status": "ok",
                "train_seconds": 0.0,
                "eval_seconds": extra.get("seconds", seconds),
                "evaluator": evaluator,
                "protocol": protocol,
                **{
                    k: v
                    for k, v in extra.items()
                    if k not in ("error", "value", "seconds")
                },
            }
        )
    return rows


def main(argv):
    if len(argv) > 1:
        raise app.UsageError(f"Received: unexpected arguments {argv[1:]}.")
    import ganzoo
    from benchmarks import runner
    from ganzoo import latent
    from ganzoo.serving import images

    loaded = ganzoo.load(FLAGS.preset)
    card, dataset = loaded.card, loaded.card["dataset"]
    rows = []
    if "grids" in FLAGS.parts and FLAGS.plots:
        for method in latent.METHODS:
            paths, _ = latent.interpolation_paths(
                loaded, FLAGS.pairs, FLAGS.steps, method, seed=FLAGS.seed
            )
            path = os.path.join(FLAGS.plots, f"{FLAGS.preset}_{method}.png")
            images.save_image_grid(
                paths.reshape(-1, *paths.shape[2:]), path, FLAGS.pairs
            )
            print("Wrote", path)
    if "latent" in FLAGS.parts:
        from ganzoo.metrics import latent_evaluation

        start = time.perf_counter()
        scores = latent_evaluation.interpolation_scores(
            loaded,
            dataset,
            dataset,
            FLAGS.paths,
            FLAGS.steps,
            FLAGS.midpoints,
            seed=FLAGS.seed,
        )
        scores.update(
            latent_evaluation.arithmetic_scores(
                loaded,
                dataset,
                FLAGS.arithmetic_samples,
                FLAGS.per_pair,
                seed=FLAGS.seed,
            )
        )
        seconds = round(time.perf_counter() - start, 1)
        print(json.dumps(scores, indent=1))
        protocol = LATENT_PROTOCOL.format(
            name={"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST"}[dataset],
            p=FLAGS.paths,
            k=FLAGS.steps,
            m=FLAGS.midpoints,
            a=FLAGS.arithmetic_samples,
            q=FLAGS.per_pair,
        )
        rows += rows_for(
            scores,
            FLAGS.preset,
            card,
            protocol,
            "latent_evaluation",
            seconds,
            FLAGS.seed,
        )
        if FLAGS.results:  # Each part's rows as soon as they are measured.
            runner.append_rows(FLAGS.results, rows)
            print(f"Appended {len(rows)} rows to {FLAGS.results}")
            rows = []
    if "probe" in FLAGS.parts:
        gan = ganzoo.build(card["entry"], preset=FLAGS.preset)
        results = probe_results(
            gan, dataset, FLAGS.labels_per_class, FLAGS.draws, FLAGS.seed
        )
        protocol = PROBE_PROTOCOL.format(
            n=FLAGS.labels_per_class, s=FLAGS.seed, d=FLAGS.draws
        )
        for r in results.values():
            r.update(draws=FLAGS.draws, labels_per_class=FLAGS.labels_per_class)
        rows += rows_for(
            results, FLAGS.preset, card, protocol, "linear_probe", 0.0, FLAGS.seed
        )
    if FLAGS.results and rows:
        runner.append_rows(FLAGS.results, rows)
        print(f"Appended {len(rows)} rows to {FLAGS.results}")


if __name__ == "__main__":
    define_flags()
    app.run(main)
