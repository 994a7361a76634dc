"""The model card of a preset: what was trained, how, and what it measures.

    python -m benchmarks.publish --run=<workdir>/<config>/seed_0 --name=<preset>

Not a binary: `benchmarks/publish.py` builds the card (`build_card`,
`add_quick_check`) and renders it (`render_card`); `tests/test_presets.py`
measures the quick check again (`quick_measure`). Cards are generated, never
edited by hand.
"""

import datetime
import json
import sys

from benchmarks import evaluation


def build_card(name, kind, config, rows, measured, float16, drift, mismatch):
    """The card dict of preset `name` (`card.json`), without `quick_check`.

    Args:
        name: the preset's name.
        kind: the export's kind (`unconditional`, `conditional`, `translation`,
            `text`): what the card's usage example calls.
        config: the run's config.
        rows: the run's result rows by metric (`publish.run_rows`).
        measured: the metrics measured again on the shipped files.
        float16: whether the weights are stored as float16.
        drift: largest pixel change against the run's own export.
        mismatch: largest difference between `weights.npz` and the SavedModel.
    """
    import ganzoo
    from benchmarks import runner
    from ganzoo.serving import presets

    headline = evaluation.metric_names(config)[0]
    metrics = {
        m: {"value": measured[m], "run_value": r["value"]} for m, r in rows.items()
    }
    seed = config.train.seed
    dtype = "float16" if float16 else "float32"
    row = rows[headline]
    config_name, _, arg = row["config"].partition(":")
    return {
        "name": name,
        "entry": config.model.name,
        "kind": kind,
        "paper": ganzoo.get_entry(config.model.name).paper,
        "dataset": config.data.name,
        "config": {
            "file": f"zoo_configs/{config_name}.py" + (f":{arg}" if arg else ""),
            "overrides": row["overrides"],
            "values": config.to_dict(),
        },
        "training": {
            "steps": config.train.steps,
            "batch_size": config.data.batch_size,
            "seed": seed,
            "commit": row["commit"],
            "train_seconds": row["train_seconds"],
            "machine": row["machine"],
            # The precision it trained in (rows record it since 2026-12-07).
            **({"dtype_policy": row["dtype_policy"]} if "dtype_policy" in row else {}),
            "finished": row["time"],
            # A resumed run's seconds and commit are those of its last part.
            **(
                {"resumed_at_step": row["initial_step"]}
                if row.get("initial_step")
                else {}
            ),
        },
        "weights": {
            "dtype": dtype,
            "note": "stored as float16, computed in float32; the metrics below were "
            "measured again on these files"
            if float16
            else "float32, computed in float32; the metrics below were measured "
            "again on these files",
            "max_abs_pixel_change_vs_run_export": drift,
            "max_abs_difference_weights_file_vs_saved_model": mismatch,
            "fine_tuning": f"{presets.WEIGHTS_FILE}: generator and discriminator, "
            "no optimizer state",
        },
        "metrics": metrics,
        "headline": headline,
        "protocol": protocol(config),
        "published": {
            "commit": runner.git_commit(),
            "time": datetime.datetime.now(datetime.timezone.utc).isoformat(
                timespec="seconds"
            ),
            "command": "python -m benchmarks.publish " + " ".join(sys.argv[1:]),
        },
    }


def add_quick_check(card, model, seeds, num_samples):
    """Adds `quick_check`: the headline on `num_samples` samples per seed.

    A per-class benchmark (`samples_per_class`, e.g. `conditional_accuracy`)
    gets `num_samples` split over the classes, a benchmark of held-out
    examples (`num_examples`, e.g. CycleGAN's `translation`) the first
    `num_samples` of them; an entry's own benchmark without a sample count
    runs whole (`num_samples` None).
    """
    import numpy as np

    if _size_option(card["protocol"]["options"]) is None:
        num_samples = None
    card["quick_check"] = {"metric": card["headline"], "num_samples": num_samples}
    values = [quick_measure(model, card, s) for s in seeds]
    card["quick_check"].update(
        seeds=list(seeds),
        values=values,
        mean=float(np.mean(values)),
        std=float(np.std(values, ddof=1)) if len(values) > 1 else 0.0,
    )
    return card


def _size_option(options):
    """The benchmark option that sets how many samples it scores, or None."""
    for key in ("num_samples", "samples_per_class", "num_examples"):
        if key in options:
            return key
    return None


def benchmark(config):
    """(evaluator name, its options with defaults) of `config`'s benchmark."""
    spec = evaluation.eval_spec(config)
    if isinstance(spec, tuple):  # (ganzoo.metrics.Evaluator, options)
        return spec[0].name, dict(spec[1])
    return spec["metric"], dict(spec)  # The `eval.metric` dict of older mains.


def protocol(config):
    """What the benchmark of `config` measures, in words and numbers."""
    from ganzoo.metrics import classifier
    from ganzoo.metrics.evaluate import (
        DEFAULT_NUM_SAMPLES,
        IMAGE_SETS,
        REFERENCE_SIZE,
    )

    name, options = benchmark(config)
    dataset = config.data.name
    described = {"evaluator": name, "options": options}
    if "num_samples" not in options:  # An entry's own benchmark.
        return dict(described, see="benchmarks/evaluation.py")
    image_set = dataset in IMAGE_SETS
    return dict(
        described,
        num_samples=options["num_samples"] or DEFAULT_NUM_SAMPLES.get(dataset, 10_000),
        reference_set=(
            f"the first {REFERENCE_SIZE:,} images of the {dataset} test split"
            if image_set
            else f"{REFERENCE_SIZE:,} points of {dataset} (seed 1234)"
        ),
        feature_extractor=(
            f"ganzoo.metrics.load_domain_classifier({dataset!r}), version "
            f"{classifier.VERSION}: 128-d penultimate features of a small CNN "
            "trained here from a fixed seed"
            if image_set
            else "the points themselves"
        ),
    )


def quick_config(card, num_samples):
    """The card's config, its benchmark cut to `num_samples` samples (if not None).

    A per-class benchmark gets `num_samples // num_classes` per class.
    """
    import ml_collections

    config = ml_collections.ConfigDict(card["config"]["values"])
    options = card["protocol"]["options"]
    key = _size_option(options)
    if num_samples is not None and key is not None:
        if key == "samples_per_class":
            num_classes = config.model.kwargs.get("num_classes", 10)
            num_samples = max(1, num_samples // num_classes)
        block = dict(options, **{key: num_samples})
        if "metric" not in block:
            block["evaluator"] = card["protocol"]["evaluator"]
        config.eval = ml_collections.ConfigDict(block)
    return config


def quick_measure(gan, card, seed):
    """The card's quick-check metric of `gan` for `seed`.

    `gan` is the trainable model `ganzoo.build(entry, preset=name)` gives
    (every benchmark can score it; its generator computes what the
    SavedModel does).
    """
    quick = card["quick_check"]
    config = quick_config(card, quick["num_samples"])
    return evaluation.evaluate_config(gan, config, seed=seed)[quick["metric"]]


# What a card's example calls, by the export's kind (cards published before
# `kind` was recorded are all generators).
USAGE = {
    "unconditional": "images = gan.generate(64, seed=0)",
    "conditional": "images = gan.generate(10, seed=0, labels=range(10))",
    "translation": 'b_images = gan.translate(a_images)  # direction="b2a": back',
    "text": 'images = gan.generate(4, seed=0, text="a large red circle at the top")',
}


def _resumed(training):
    step = training.get("resumed_at_step")
    if not step:
        return ""
    return (
        f" (resumed at step {step:,}: the seconds and commit are of the "
        f"{training['steps'] - step:,} steps after it)"
    )


def _averaged(card):
    decay = card["config"]["values"]["model"]["kwargs"].get("g_ema_decay")
    if decay is None:
        return []
    return [
        f"- Generator: the moving average of its weights (`g_ema_decay={decay}`), "
        "which the run's export and scores are of too"
    ]


def render_card(card):
    """The card as Markdown (`README.md` of the preset); generated, not edited."""
    training, quick = card["training"], card["quick_check"]
    lines = [
        f"# {card['name']}: {card['entry']} on {card['dataset']}",
        "",
        "Generated by `python -m benchmarks.publish`; do not edit by hand.",
        "",
        "```python",
        f"gan = ganzoo.load({card['name']!r})        # offline, sha256-checked",
        USAGE.get(card.get("kind"), USAGE["unconditional"]),
        f"gan = ganzoo.build({card['entry']!r}, preset={card['name']!r})  # fine-tune",
        "```",
        "",
        f"- Paper: {card['paper'] or 'n/a'}",
        f"- Config: `{card['config']['file']}`, overrides "
        f"`{json.dumps(card['config']['overrides'])}`",
        f"- Training: {training['steps']:,} steps, batch {training['batch_size']}, "
        f"seed {training['seed']}, {training['train_seconds']:,.0f} s on "
        f"{training['machine']}; commit {training['commit']}, finished "
        f"{training['finished']}" + _resumed(training),
        f"- Weights: {card['weights']['dtype']} ({card['weights']['note']})",
        *_averaged(card),
        "",
        "| metric | shipped files | the run "
        f"({card['training'].get('dtype_policy', 'float32')}) |",
        "|---|---|---|",
    ]
    for metric, value in card["metrics"].items():
        lines.append(f"| {metric} | {value['value']:.4g} | {value['run_value']:.4g} |")
    proto = card["protocol"]
    lines += [
        "",
        "Protocol: "
        + "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in proto.items()),
        "",
        f"Quick check (tests/test_presets.py): {quick['metric']} on "
        + (
            f"{quick['num_samples']:,} samples"
            if quick["num_samples"] is not None
            else "the whole benchmark"
        )
        + f", seeds {quick['seeds']}: mean "
        f"{quick['mean']:.4g}, std {quick['std']:.3g}.",
        "",
    ]
    return "\n".join(lines)
