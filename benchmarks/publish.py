r"""Publishes a benchmark run as a preset: export, weights, re-measured card, hashes.

    python -m benchmarks.publish --run=/tmp/bench/runs/dcgan_mnist/seed_0 \
        --results=/tmp/bench/dcgan_results.jsonl --name=dcgan_mnist --float16

`--run` is the `<workdir>/<config>/seed_<k>/` folder `python -m
benchmarks.run` left (its `train/` checkpoints and config, its `export/`), and
`--results` the JSON-lines file its rows went to. The trained GAN is restored
from the run's last checkpoint and written to `ganzoo/presets/<name>/`: the
generator as a SavedModel (checked against the run's own export), every
weight of both networks in `weights.npz` (for `ganzoo.build(entry,
preset=name)`), `card.json` and `README.md`. With `--float16` the weights are
stored as float16 (half the bytes) and computed in float32; either way the
benchmark's metrics are measured again on the files as shipped, and the card
gives both numbers. A quick check (the headline metric on `--quick_samples`
samples for each `--quick_seeds`) gives `tests/test_presets.py` a mean and
spread to compare with. The sha256 of every file goes to `index.json`.
"""  # noqa: E501

import json
import os
import shutil
import types

from absl import app, flags

_RUN = flags.DEFINE_string("run", None, "A run folder, <workdir>/<config>/seed_<k>.")
_NAME = flags.DEFINE_string("name", None, "The preset's name, e.g. dcgan_mnist.")
_RESULTS = flags.DEFINE_string(
    "results", "benchmarks/results.jsonl", "The results file holding the run's rows."
)
_FLOAT16 = flags.DEFINE_bool("float16", False, "Store the weights as float16.")
_PRESETS_DIR = flags.DEFINE_string("presets_dir", None, "Default: ganzoo/presets.")
_QUICK_SAMPLES = flags.DEFINE_integer("quick_samples", 2000, "Quick-check samples.")
_QUICK_SEEDS = flags.DEFINE_list("quick_seeds", ["1", "2", "3", "4", "5"], "Seeds.")

# CycleGAN ships two ResNet generators and two critics: cyclegan_mnist_pair
# is 16.8 MB at float16 (SavedModel and weights.npz), the largest preset;
# the zoo as a whole stays under 40 MB.
MAX_PRESET_BYTES = 20 * 2**20
MAX_TOTAL_BYTES = 40 * 2**20
# float16 rounding moves pixels by ~1e-4; a metric that moves more than this
# (relative) is not "the same model" and float16 is refused. The same bound
# holds a run trained under a mixed policy, whose preset computes in float32.
HEADLINE_TOLERANCE = 0.01
# bfloat16 keeps 8 bits of mantissa: dcgan_fashion_mnist's samples moved by
# up to 0.053 (of [-1, 1]) between its mixed_bfloat16 export and float32.
MIXED_DRIFT = 0.1


# Builder arguments that only say where a network's starting weights come
# from (a Stage-I run to restore, text-encoder pretraining, pixel means of a
# data set): the shipped weights replace them, so the card gives the values
# that build without them, and a preset loads offline.
WEIGHT_SOURCE_KWARGS = {
    "stage1_checkpoint": "",
    "text_encoder_steps": 0,
    "g_output_bias_from": None,
}


def shipped_config(config):
    """`config` with the `WEIGHT_SOURCE_KWARGS` its model has set to their
    offline values (a copy)."""
    shipped = config.copy_and_resolve_references()
    kwargs = shipped.model.kwargs
    with kwargs.unlocked():
        for key, value in WEIGHT_SOURCE_KWARGS.items():
            if key in kwargs:
                kwargs[key] = value
    return shipped


def max_difference(a, b, n=64):
    """Largest output difference of loaded export `a` and model `b`, or None.

    Generators compare `generate(n, seed=0)`; translation models compare
    `translate` of the same `n` fixed inputs in every direction (uniform in
    [-1, 1]: any inputs test that two networks compute the same function).
    Other kinds (text) give None.
    """
    import numpy as np

    kind = getattr(a, "kind", "unconditional")
    if kind in ("unconditional", "conditional"):
        return float(
            np.abs(a.generate(n, seed=0) - np.asarray(b.generate(n, seed=0))).max()
        )
    if kind != "translation":
        return None
    rng = np.random.default_rng(0)
    differences = []
    for direction, shape in a.metadata["image_shapes"].items():
        images = rng.uniform(-1.0, 1.0, (n, *shape)).astype("float32")
        translated = np.asarray(b.translate(images, direction=direction))
        differences.append(np.abs(a.translate(images, direction) - translated).max())
    return float(max(differences))


def run_rows(results_path, run_dir, config):
    """The newest `ok` rows of `run_dir`'s (config, seed, steps), by metric."""
    config_dir = os.path.basename(os.path.dirname(os.path.abspath(run_dir)))
    rows = {}
    with open(results_path, encoding="utf-8") as f:
        for row in map(json.loads, filter(str.strip, f)):
            if (
                row["config"].replace(":", "_") == config_dir
                and row["seed"] == config.train.seed
                and row["steps"] == config.train.steps
                and row["status"] == "ok"
                and row["time"] >= rows.get(row["metric"], {}).get("time", "")
            ):
                rows[row["metric"]] = row
    if not rows:
        raise app.UsageError(
            f"Received: `--results={results_path}` with no ok row of config "
            f"{config_dir!r}, seed {config.train.seed}, {config.train.steps} steps; "
            "expected the file `benchmarks.run --results=` wrote for `--run`."
        )
    return rows


class Float16Generator:
    """Calls a Keras generator with float16 copies of its weights, cast to float32.

    The SavedModel then holds the float16 variables only (half the bytes);
    the computation stays float32.
    """

    def __init__(self, generator):
        import tensorflow as tf

        self.model = generator
        self.trainable = [
            tf.Variable(tf.cast(v, tf.float16), trainable=False)
            for v in generator.trainable_variables
        ]
        self.non_trainable = [
            tf.Variable(tf.cast(v, tf.float16), trainable=False)
            for v in generator.non_trainable_variables
        ]

    def __getattr__(self, name):
        # Anything else (`inputs`, a flow's `inverse`) is the float32 model's:
        # an export that reads it keeps float32 variables, which
        # `check_float16` then refuses in one line.
        return getattr(self.model, name)

    def __call__(self, inputs, training=False):
        import tensorflow as tf

        def cast(variables):
            return [tf.cast(v, tf.float32) for v in variables]

        outputs, _ = self.model.stateless_call(
            cast(self.trainable), cast(self.non_trainable), inputs, training=False
        )
        return outputs


class Float16View:
    """`gan` as `ganzoo.export` sees it, with float16 generator(s).

    With a generator average, the float16 copies are of the average.

    Its `export_spec` is the model's own, run with this view as `self`, so
    every signature reads the float16 copies.
    """

    def __init__(self, gan):
        self._gan = gan
        # The copies are taken once, here: of the weight average where the
        # run keeps one (`g_ema_decay`), which is what its export and scores
        # are of, not of the trained weights that `export` would swap out.
        with gan.averaged_generator():
            self.generator = Float16Generator(gan.generator)
            if isinstance(getattr(gan, "generators", None), dict):
                self.generators = {
                    k: Float16Generator(g) for k, g in gan.generators.items()
                }

    def __getattr__(self, name):
        if name == "export_spec":  # AttributeError when the model has none.
            return types.MethodType(getattr(type(self._gan), name), self)
        return getattr(self._gan, name)


def check_float16(folder):
    """Refuses an export whose floating variables are not all float16."""
    import tensorflow as tf

    module = tf.saved_model.load(folder)
    kept = sorted(
        {v.dtype.name for v in module.ganzoo_variables if v.dtype.is_floating}
        - {"float16"}
    )
    if kept:
        raise app.UsageError(
            f"Received: `--float16`, but this entry's export still stores {kept} "
            "variables (its signatures read networks other than `generator(s)`); "
            "publish it without --float16."
        )


def publish(run_dir, name, results_path, float16, presets_dir, quick_seeds, quick_n):
    """Writes preset `name` from `run_dir`; returns its index entry.

    A refusal or crash leaves no `<name>.publishing` folder behind.
    """
    staging = os.path.join(presets_dir, name) + ".publishing"
    try:
        return _publish(
            run_dir, name, results_path, float16, presets_dir, quick_seeds, quick_n
        )
    finally:  # After an install, `staging` has become the preset's folder.
        shutil.rmtree(staging, ignore_errors=True)


def _publish(run_dir, name, results_path, float16, presets_dir, quick_seeds, quick_n):
    import ganzoo
    from benchmarks import evaluation, model_card, restore
    from ganzoo.serving import loading, presets

    # Presets compute in float32 on every machine; a run trained under a
    # mixed policy (its variables are float32) is scored again that way.
    config, gan = restore.restore(run_dir, policy="float32")
    rows = run_rows(results_path, run_dir, config)
    mixed = any(r.get("dtype_policy", "float32") != "float32" for r in rows.values())
    config = shipped_config(config)
    run_export = loading.load(os.path.join(run_dir, "export"))
    scores = run_export.metadata.get("scores", {})
    values = {m: r["value"] for m, r in rows.items()}
    if any(m not in scores or abs(scores[m] - v) > 1e-9 for m, v in values.items()):
        raise app.UsageError(
            f"Received: rows in {results_path} ({values}) "
            f"that differ from the scores of {run_dir}/export ({scores}); expected "
            "the results file of this very run."
        )
    folder = os.path.join(presets_dir, name)
    staging = folder + ".publishing"
    shutil.rmtree(staging, ignore_errors=True)
    dtype = "float16" if float16 else "float32"
    ganzoo.export(Float16View(gan) if float16 else gan, staging, metadata={
        "preset": name, "config": rows[next(iter(rows))]["config"],
        "steps": config.train.steps, "weights_dtype": dtype,
    })  # fmt: skip
    if float16:
        check_float16(staging)
    presets.save_weights(gan, os.path.join(staging, presets.WEIGHTS_FILE), dtype)
    shipped = loading.load(staging)
    # float16 weights move 784-pixel digits by a few 1e-3 at most (measured:
    # 0.0032 for dcgan_mnist, under half a gray level); the metrics decide.
    drift = max_difference(shipped, run_export)
    if drift is not None and drift > (
        MIXED_DRIFT if mixed else 0.02 if float16 else 1e-5
    ):
        raise RuntimeError(f"The new export differs from the run's by {drift}.")
    seed = config.train.seed
    # Scored as shipped: the networks rebuilt from weights.npz, whose
    # generator must compute what the SavedModel does.
    model = presets.build_with_weights(
        config.model.name,
        config.model.kwargs.to_dict(),
        os.path.join(staging, presets.WEIGHTS_FILE),
    )
    mismatch = max_difference(shipped, model)
    if mismatch is not None and mismatch > 1e-5:
        raise RuntimeError(f"weights.npz and the SavedModel differ by {mismatch}.")
    measured = evaluation.evaluate_config(model, config, seed=seed)
    headline = evaluation.metric_names(config)[0]
    change = abs(measured[headline] - rows[headline]["value"])
    if (float16 or mixed) and change > HEADLINE_TOLERANCE * abs(
        rows[headline]["value"]
    ):
        raise app.UsageError(
            f"{'float16' if float16 else 'float32 compute'} moved {headline} from "
            f"{rows[headline]['value']:.4g} (the run's) to {measured[headline]:.4g}"
            + ("; publish without --float16." if float16 else ".")
        )
    card = model_card.build_card(
        name, shipped.kind, config, rows, measured, float16, drift, mismatch
    )
    model_card.add_quick_check(card, model, quick_seeds, quick_n)
    card["files"] = {
        f: presets.sha256_file(os.path.join(staging, f))
        for f in presets.folder_files(staging)
    }
    with open(os.path.join(staging, presets.CARD_FILE), "w", encoding="utf-8") as f:
        json.dump(card, f, indent=2, sort_keys=True)
    with open(os.path.join(staging, presets.CARD_MARKDOWN), "w", encoding="utf-8") as f:
        f.write(model_card.render_card(card))
    return _install(staging, folder, name, card, presets_dir)


def _install(staging, folder, name, card, presets_dir):
    from ganzoo.serving import presets

    files = {
        f: presets.sha256_file(os.path.join(staging, f))
        for f in presets.folder_files(staging)
    }
    size = sum(os.path.getsize(os.path.join(staging, f)) for f in files)
    index = presets.read_index(presets_dir)
    others = sum(e["bytes"] for n, e in index.items() if n != name)
    if size > MAX_PRESET_BYTES or size + others > MAX_TOTAL_BYTES:
        raise app.UsageError(
            f"Preset {name!r} is {size / 2**20:.1f} MB (all presets "
            f"{(size + others) / 2**20:.1f} MB); expected at most "
            f"{MAX_PRESET_BYTES / 2**20:.0f} MB each and "
            f"{MAX_TOTAL_BYTES / 2**20:.0f} MB in all. Try --float16."
        )
    headline = card["headline"]
    index[name] = {
        "entry": card["entry"],
        "dataset": card["dataset"],
        "metric": headline,
        "value": card["metrics"][headline]["value"],
        "dtype": card["weights"]["dtype"],
        "config": card["config"]["file"],
        "steps": card["training"]["steps"],
        "bytes": size,
        "files": files,
    }
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(staging, folder)
    path = os.path.join(presets_dir, presets.INDEX_FILE)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"presets": dict(sorted(index.items()))}, f, indent=2, sort_keys=True)
        f.write("\n")
    return index[name]


def main(argv):
    if len(argv) > 1:
        raise app.UsageError(f"Received: unexpected arguments {argv[1:]}.")
    from ganzoo.serving import presets

    if not presets._NAME.fullmatch(_NAME.value):
        raise app.UsageError(
            f"Received: `--name={_NAME.value}`; expected lower-case letters, "
            "digits and underscores, starting with a letter (e.g. dcgan_mnist)."
        )
    entry = publish(
        _RUN.value,
        _NAME.value,
        _RESULTS.value,
        _FLOAT16.value,
        _PRESETS_DIR.value or presets.PRESETS_DIR,
        [int(s) for s in _QUICK_SEEDS.value],
        _QUICK_SAMPLES.value,
    )
    print(json.dumps({_NAME.value: {k: v for k, v in entry.items() if k != "files"}}))


if __name__ == "__main__":
    # Required only when run: a validator set at import would make every
    # other binary parsed in the same process (tests) demand --run and --name.
    flags.mark_flags_as_required(["run", "name"])
    app.run(main)
