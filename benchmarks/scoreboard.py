"""The scoreboard at the top of `benchmarks/RESULTS.md`, and its protocols.

Not a binary: `benchmarks.table.render_markdown` puts `render(...)` first.
A headline benchmark is data: a `benchmarks.references.Reference` with a
`config`. Its one row is made from the results rows by these rules, so a
regeneration never picks a run by hand:

- Full length: a group of rows (one config, one length, one setting) counts
  when its steps reach the reference's `steps`, else the config's
  `train.steps`, and no override changes the recipe (inputs such as a
  Stage-I checkpoint's path are allowed). Shorter runs never appear here.
- Among full-length groups: the most seeds, then the most steps, then the
  latest in the results file.
- Verdict: "met" when ganzoo's mean is at least as good as the target;
  "short by" the gap, "within 2 s.e.", when it falls short by at most twice
  the combined standard error sqrt(s.e.(ganzoo)^2 + s.e.(paper)^2) (the
  runs cannot tell it from the target); otherwise "missed by" the gap (and
  the gap relative to the target). A reference's `also` bounds (e.g.
  precision and recall beside a FID goal) must hold for the same runs. No
  full-length group: "not yet run", with the reference's reason.

The real-data floor of a metric (`python -m benchmarks.real_floor`: real
images scored as if generated) sits in its own column beside the metric.
"""

import functools
import json
import math
import os

from benchmarks import protocols
from benchmarks import references as references_lib

BENCHMARKS_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCHMARKS_DIR)
CONFIGS_DIR = os.path.join(REPO, "zoo_configs")
# Overrides that are inputs of a run, not changes to its recipe.
INPUT_FIELDS = ("model.kwargs.stage1_checkpoint",)
FLOOR_MODEL = "real_data"
# The rows `ganzoo-zoo` and `ganzoo.describe` read (shipped with the package).
JSON_PATH = os.path.join(REPO, "ganzoo", "scoreboard.json")


def config_file(config):
    """`zoo_configs/<name>.py` of a row's config (`sgan_mnist:supervised`, ...)."""
    name = config.split(" (")[0].split(":")[0]  # "x (raw generator)", "x:arg".
    return os.path.join(CONFIGS_DIR, f"{name}.py")


@functools.cache
def config_steps(config):
    """The `train.steps` of a row's config (None when it cannot be loaded)."""
    from ganzoo.training import config as config_lib  # TensorFlow: late.

    path = config_file(config)
    arg = config.split(" (")[0].partition(":")[2]
    try:
        return int(config_lib.load_config(f"{path}:{arg}" if arg else path).train.steps)
    except Exception:  # noqa: BLE001 - an old or removed config: unknown length.
        return None


def recipe_overrides(overrides, budget_fields):
    """The overrides that change a run's recipe (not its budget or inputs)."""
    return {
        k: v
        for k, v in (overrides or {}).items()
        if k not in budget_fields and k not in INPUT_FIELDS
    }


def full_steps(reference):
    return reference.steps or config_steps(reference.config)


def pick(reference, summaries, budget_fields):
    """The summary that makes `reference`'s row (None: no full-length run)."""
    full = full_steps(reference)
    candidates = [
        (len(s["values"]), s["steps"], i, s)
        for i, s in enumerate(summaries)
        if s["status"] == "ok"
        and (s["model"], s["dataset"], s["metric"], s["config"])
        == (reference.model, reference.dataset, reference.metric, reference.config)
        and full is not None
        and s["steps"] >= full
        and not recipe_overrides(s["overrides"], budget_fields)
    ]
    return max(candidates, key=lambda c: c[:3])[3] if candidates else None


def companion(summary, metric, summaries):
    """The same runs' summary of another metric (None when not measured)."""
    for s in summaries:
        if (
            s["metric"] == metric
            and s["status"] == "ok"
            and all(s[k] == summary[k] for k in ("model", "dataset", "config", "steps"))
        ) and s["overrides"] == summary["overrides"]:
            return s
    return None


def _digits(x):
    return 1 if abs(x) >= 10 else (3 if abs(x) >= 0.01 else 4)


def shortfall(metric, mean, target):
    """How far `mean` is from `target`, in the metric's bad direction (<= 0: met)."""
    lower = references_lib.lower_is_better(metric)
    return mean - target if lower else target - mean


STATUSES = ("met", "within 2 s.e.", "missed", "not yet run")


def verdict(reference, summary, summaries):
    """(one of `STATUSES`, the verdict's text) of a headline's row."""
    if summary is None:
        return "not yet run", f"not yet run: {reference.not_run}"
    mean, sem = summary["mean"], summary.get("sem") or 0.0
    gap = shortfall(reference.metric, mean, reference.target)
    noise = 2 * math.hypot(sem, reference.target_sem)
    failed = [
        (metric, None if s is None else s["mean"], bound)
        for metric, bound in reference.also
        if (s := companion(summary, metric, summaries)) is None
        or shortfall(metric, s["mean"], bound) > 0
    ]
    if not math.isfinite(gap):
        status, text = "missed", f"missed ({mean})"
    elif gap <= 0:
        status, text = "met", "**met**"
    else:
        relative = f" ({gap / abs(reference.target):.0%})" if reference.target else ""
        status = "within 2 s.e." if gap <= noise else "missed"
        text = f"{'short' if gap <= noise else 'missed'} by {gap:.{_digits(gap)}f}"
        text += relative + (", within 2 s.e." if gap <= noise else "")
    if failed:  # The goal's other bounds: the row is missed while any fails.
        status = "missed"
        text = "missed" if text == "**met**" else text
    for metric, value, bound in failed:
        shown = "not measured" if value is None else f"{value:.3f}"
        text += f"; {metric} {shown} vs {bound}"
    return status, text


def floor(dataset, metric, summaries):
    """The real-data floor's value of `metric` on `dataset`, as text ("-": none)."""
    for s in summaries:
        key = (s["model"], s["dataset"], s["metric"], s["status"])
        if key == (FLOOR_MODEL, dataset, metric, "ok"):
            return f"{s['mean']:.{_digits(s['mean'])}f}"
    return "-"


def protocol_anchor(dataset):
    """The `RESULTS.md` anchor of a benchmark's protocol (GitHub's slug)."""
    return f"protocol-{dataset.lower()}"


def samples_link(summary, folder=BENCHMARKS_DIR):
    """`[samples](plots/...)` of the group's first seed, relative to `folder`."""
    artifacts = summary.get("artifacts") or {}
    for kind in ("modes", "samples"):
        path = artifacts.get(kind)
        if path and os.path.exists(os.path.join(REPO, path)):
            link = os.path.relpath(os.path.join(REPO, path), folder)
            return f"[{kind}]({link})"
    return "-"


def preset_link(reference, shipped):
    """Links to the shipped presets made by the reference's config."""
    links = []
    for name, entry in sorted(shipped.items()):
        if entry.get("config") == f"zoo_configs/{reference.config}.py" and (
            entry.get("dataset") == reference.dataset
        ):
            value = entry.get("value")
            note = ""
            if entry.get("metric") == reference.metric and value is not None:
                note = f": {value:.{_digits(value)}f} at {entry['steps']:,} steps"
            links.append(f"[{name}](../ganzoo/presets/{name}/README.md){note}")
    return ", ".join(links) or "-"


def rows(references, summaries, budget_fields):
    """[(reference, summary or None, status, verdict text)] of the headlines."""
    headlines = [r for r in references if r.config]
    headlines.sort(key=lambda r: r.model)  # Stable: declaration order within.
    out = []
    for reference in headlines:
        summary = pick(reference, summaries, budget_fields)
        status, text = verdict(reference, summary, summaries)
        out.append((reference, summary, status, text))
    return out


def render(board, summaries, shipped, format_value):
    """The scoreboard's Markdown lines from `rows(...)`."""
    counts = {k: sum(1 for *_, status, _ in board if status == k) for k in STATUSES}
    out = [
        "## Scoreboard",
        "",
        f"{len(board)} headline benchmarks: "
        + ", ".join(f"{counts[k]} {k}" for k in STATUSES)
        + ". "
        "One row per (entry, benchmark, metric), declared with its paper's "
        "number in `benchmarks/references.py`; ganzoo's value is the "
        "config's full-length runs, mean ± standard error over seeds (n). "
        "↑/↓: higher/lower is better. Rules (full length, which runs, "
        "verdicts): `benchmarks/scoreboard.py`. Every run, short ones and "
        "ablations included: [RESULTS_LOG.md](RESULTS_LOG.md); which config "
        "is which: [zoo_configs/INDEX.md](../zoo_configs/INDEX.md).",
        "",
        "| Entry | Benchmark | Metric | Verdict | ganzoo (steps) "
        "| Paper or goal (source) | Real-data floor | Config | Preset | Samples |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for reference, summary, _, text in board:
        arrow = "↓" if references_lib.lower_is_better(reference.metric) else "↑"
        value = "-"
        if summary is not None:
            value = f"{format_value(summary)}; {summary['steps']:,} steps"
        anchor = protocol_anchor(reference.dataset)
        out.append(
            f"| {reference.model} | [{reference.dataset}](#{anchor}) | "
            f"{reference.metric} {arrow} | {text} | {value} | "
            f"{reference.value} ({reference.source}) | "
            f"{floor(reference.dataset, reference.metric, summaries)} | "
            f"[`{reference.config}`](../zoo_configs/{reference.config}.py) | "
            f"{preset_link(reference, shipped)} | "
            f"{samples_link(summary) if summary else '-'} |"
        )
    headline_models = {r.model for r, *_ in board}
    orphans = sorted({s["model"] for s in summaries} - headline_models - {FLOOR_MODEL})
    if orphans:
        out += [
            "",
            "Entries with runs but no headline declared yet (no verdict; their "
            f"runs are in the log): {', '.join(orphans)}.",
        ]
    return out


def preset_names(reference, shipped):
    """The shipped presets made by the reference's config, sorted."""
    return sorted(
        name
        for name, entry in shipped.items()
        if entry.get("config") == f"zoo_configs/{reference.config}.py"
        and entry.get("dataset") == reference.dataset
    )


def _number(x):
    """`x` as a JSON number (None where missing or not finite)."""
    return float(x) if x is not None and math.isfinite(x) else None


def json_rows(board, shipped, format_value):
    """The scoreboard's rows as plain data, in `render`'s order.

    One dict per headline: `entry`, `dataset`, `metric`, `higher_is_better`,
    `verdict` (one of `STATUSES`), `verdict_text` (as in `RESULTS.md`,
    without Markdown), `result` (ganzoo's value as shown there; None: not
    yet run), `mean`, `sem`, `n`, `steps`, `shortfall` (how far the mean is
    from the target in the metric's bad direction; <= 0: met), `paper`,
    `source`, `target`, `config` (its path) and `presets`.
    """
    out = []
    for reference, summary, status, text in board:
        ran = summary is not None
        out.append(
            dict(
                entry=reference.model,
                dataset=reference.dataset,
                metric=reference.metric,
                higher_is_better=not references_lib.lower_is_better(reference.metric),
                verdict=status,
                verdict_text=text.replace("**", ""),
                result=format_value(summary) if ran else None,
                mean=_number(summary["mean"]) if ran else None,
                sem=_number(summary.get("sem")) if ran else None,
                n=len(summary["values"]) if ran else 0,
                steps=summary["steps"] if ran else None,
                shortfall=_number(
                    shortfall(reference.metric, summary["mean"], reference.target)
                    if ran
                    else None
                ),
                paper=reference.value,
                source=reference.source,
                target=reference.target,
                config=f"zoo_configs/{reference.config}.py",
                presets=preset_names(reference, shipped),
            )
        )
    return out


def write_json(path, board, shipped, format_value, command):
    """Writes `json_rows(...)` to `path` (`ganzoo/scoreboard.json`)."""
    data = {
        "generated_by": command,
        "about": "The headline rows of benchmarks/RESULTS.md's scoreboard; "
        "do not edit by hand.",
        "rows": json_rows(board, shipped, format_value),
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False, allow_nan=False)
        f.write("\n")


def render_protocols(pairs):
    """Each benchmark's protocol once: `pairs` are the (dataset, metric) shown."""
    out = [
        "## Protocols",
        "",
        "How each number is measured, once per benchmark; rows here and in "
        "the log refer to these by the benchmark's name.",
    ]
    by_dataset = {}
    for dataset, metric in sorted(set(pairs)):
        by_dataset.setdefault(dataset, []).append(metric)
    for dataset, metrics in by_dataset.items():
        texts = {}
        for metric in metrics:
            text = protocols.protocol(metric, dataset)
            texts.setdefault(text, []).append(f"`{metric}`")
        out += ["", f"### Protocol: {dataset}", ""]
        out += [f"- {', '.join(names)}: {text}" for text, names in texts.items()]
    return out
