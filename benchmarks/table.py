"""The results pages: JSON-lines rows -> aggregated rows -> Markdown.

Not a binary: `benchmarks/results.py` writes `benchmarks/RESULTS.md`
(`render_markdown`: the scoreboard of `benchmarks/scoreboard.py`, each
benchmark's protocol once, the mode-collapse tables) and
`benchmarks/RESULTS_LOG.md` (`benchmarks.results_log.render`: every run,
grouped by benchmark);
`benchmarks/run.py` prints `format_summary` at the end of a run. Rows are
grouped by (model, dataset, metric, config, steps, setting); within a group
the latest row of each seed counts, so re-running a seed replaces its value
instead of double-counting it.
"""

import collections
import datetime
import json
import os

import numpy as np
import scipy.stats

from benchmarks import mode_collapse_table, results_log, scoreboard
from benchmarks import references as references_lib
from ganzoo.serving import presets

LOG_NAME = "RESULTS_LOG.md"


def load_rows(path):
    """Reads a JSON-lines results file (missing file: no rows)."""
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


# Overrides that say how long or how fast a run went, not what it computed.
BUDGET_FIELDS = (
    "train.steps",
    "train.log_every",
    "train.verbose",
    "train.jit_compile",
    "train.checkpoint_every",
    "train.sample_every",
    "train.num_samples_in_grid",
    "train.steps_per_execution",
)


def setting(overrides):
    """The overrides that change a result, as `key=value` text ("" if none)."""
    return ", ".join(
        f"{k}={v}" for k, v in sorted(overrides.items()) if k not in BUDGET_FIELDS
    )


def aggregate(rows):
    """Groups rows into one summary dict per (model, dataset, metric, config, steps).

    Returns:
        A list of dicts with `model`, `dataset`, `metric`, `config`, `steps`,
        `status` ("ok", "skipped" or "failed"), `values` (one per seed
        that ran), `failed_seeds` (the seeds whose run failed),
        `mean`, `std`, `sem` (standard error of the mean: sample std
        (ddof=1) / sqrt(n); None for one seed), `seeds`, `seconds` (mean
        train + eval per seed), `machine`, `commit`, `overrides`, `reason`,
        `suite`, `artifacts` (the plots of the lowest seed that has them).
    """
    groups = collections.OrderedDict()
    for row in rows:
        # Overrides that change the result (e.g. `train.mixed_precision`) make
        # rows of their own: seeds of different settings never average.
        key = (row["model"], row["dataset"], row["metric"], row["config"], row["steps"])
        key += (setting(row.get("overrides") or {}),)
        groups.setdefault(key, {})[row["seed"]] = row  # The latest row per seed.
    summaries = []
    for (model, dataset, metric, config, steps, _), by_seed in groups.items():
        latest = list(by_seed.values())
        ok = [r for r in latest if r["status"] == "ok"]
        values = [float(r["value"]) for r in ok]
        seconds = [r.get("train_seconds", 0) + r.get("eval_seconds", 0) for r in ok]
        status = "ok" if ok else latest[-1]["status"]
        summaries.append(
            dict(
                model=model,
                dataset=dataset,
                metric=metric,
                config=config,
                steps=steps,
                status=status,
                values=values,
                seeds=sorted(r["seed"] for r in ok),
                # Seeds whose run failed beside ones that did not: the table
                # says so rather than averaging the survivors alone.
                failed_seeds=sorted(
                    r["seed"] for r in latest if r["status"] == "failed"
                ),
                mean=float(np.mean(values)) if values else None,
                # No spread for infinite values (e.g. `modes_kl` with no mode).
                std=(
                    float(np.std(values))
                    if values and np.all(np.isfinite(values))
                    else None
                ),
                sem=(
                    float(scipy.stats.sem(values, ddof=1))
                    if len(values) > 1 and np.all(np.isfinite(values))
                    else None
                ),
                seconds=float(np.mean(seconds)) if seconds else None,
                machine=latest[-1]["machine"],
                # Rows written before the runner recorded it have none.
                dtype_policies=sorted(
                    {r["dtype_policy"] for r in ok if "dtype_policy" in r}
                ),
                commit=latest[-1]["commit"],
                overrides=latest[-1].get("overrides") or {},
                reason=None if ok else latest[-1].get("reason"),
                suite=latest[-1].get("suite"),
                artifacts=next(
                    (
                        r["artifacts"]
                        for r in sorted(ok, key=lambda r: r["seed"])
                        if r.get("artifacts")
                    ),
                    {},
                ),
            )
        )
    return summaries


def format_value(summary):
    """`mean ± standard error (n=k)`, or the status with its reason."""
    if summary["status"] != "ok":
        return f"{summary['status']}: {summary['reason']}"
    mean, sem, n = summary["mean"], summary.get("sem"), len(summary["values"])
    digits = 1 if abs(mean) >= 10 else 3
    spread = f" ± {sem:.{digits}f}" if n > 1 and sem is not None else ""
    failed = summary.get("failed_seeds")
    if failed:
        seeds = ", ".join(str(seed) for seed in failed)
        return f"{mean:.{digits}f}{spread} (n={n}; failed: seed {seeds})"
    return f"{mean:.{digits}f}{spread} (n={n})"


def machine_label(summary, machines):
    """`M2, float32`: the machine's label and the dtype policy the seeds ran."""
    label = f"M{machines.index(summary['machine']) + 1}"
    return ", ".join([label, *summary.get("dtype_policies", [])])


def steps_text(summary):
    """The steps, with the budget that shortened them (not one that extended)."""
    text = f"{summary['steps']:,}"
    full = scoreboard.config_steps(summary["config"])
    shorter = full is None or summary["steps"] < full
    if "train.steps" in summary["overrides"] and shorter:
        text += f" ({summary['suite'] or 'command-line'} budget)"
    return text


def reference_text(summary, references):
    ref = references.get((summary["model"], summary["dataset"], summary["metric"]))
    if ref is None:
        return "-"
    return ref.value if ref.source == "-" else f"{ref.value} ({ref.source})"


def run_minutes(rows):
    """(sum of the runs' wall times, first start to last row) in minutes."""
    runs = {}  # The metrics of one run share its timings.
    for r in rows:
        if r["status"] == "ok" and r.get("time"):
            seconds = r.get("train_seconds", 0) + r.get("eval_seconds", 0)
            key = (r["config"], r["seed"], r["steps"], r.get("initial_step"), seconds)
            end = datetime.datetime.fromisoformat(r["time"]).timestamp()
            runs[key] = (end - seconds, end)
    if not runs:
        return 0.0, 0.0
    starts, ends = zip(*runs.values(), strict=True)
    total = sum(end - start for start, end in runs.values())
    return total / 60, (max(ends) - min(starts)) / 60


def format_summary(summaries):
    """A plain-text table for the end of a run."""
    header = ("model", "dataset", "metric", "value", "steps", "s/seed")
    lines = [header]
    for s in summaries:
        seconds = "-" if s["seconds"] is None else f"{s['seconds']:.0f}"
        lines.append(
            (
                s["model"],
                s["dataset"],
                s["metric"],
                format_value(s)[:60],
                str(s["steps"]),
                seconds,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True))
        for line in lines
    )


def page_header(command, title, intro):
    return [
        f"# {title}",
        "",
        f"Generated by `{command}` from `benchmarks/results.jsonl`; do not edit "
        "by hand.",
        *intro,
    ]


def render_markdown(rows, command, references=None):
    """The `RESULTS.md` text for `rows`: scoreboard, protocols, comparisons.

    Args:
        rows: results rows (see `load_rows`).
        command: the command that regenerates the file (shown at its top).
        references: `benchmarks.references.Reference`s; defaults to
            `references.REFERENCES`.
    """
    references = references_lib.REFERENCES if references is None else references
    summaries = aggregate(rows)
    board = scoreboard.rows(references, summaries, BUDGET_FIELDS)
    out = page_header(command, "ganzoo benchmark results", [])
    out += [""] + scoreboard.render(
        board, summaries, presets.read_index(), format_value
    )
    pairs = [(s["dataset"], s["metric"]) for s in summaries]
    pairs += [(r.dataset, r.metric) for r in references]
    out += [""] + scoreboard.render_protocols(pairs)
    # Rows with result-changing overrides are other experiments: not beside PacGAN.
    out += mode_collapse_table.render(
        [s for s in summaries if not setting(s["overrides"])]
    )
    # The four families of issue 35 (one generator, eight objectives): full
    # runs only; `python -m benchmarks.families_table` prints the smoke ones.
    from benchmarks import families_table  # It imports this module.

    out += families_table.render([s for s in summaries if "smoke" not in s["config"]])
    unrunnable = [r for r in references if not r.config]
    if unrunnable:
        out += [
            "",
            "## Published numbers ganzoo has no config for yet",
            "",
            "| Model | Dataset | Metric | Reference | Source | Why not yet |",
            "|---|---|---|---|---|---|",
        ]
        out += [
            f"| {r.model} | {r.dataset} | {r.metric} | {r.value} | {r.source} "
            f"| {r.not_run} |"
            for r in unrunnable
        ]
    out += ["", _notes_line(), ""]
    return "\n".join(out)


def _notes_line():
    return (
        f"Machines, wall times, commits and every run's row: [{LOG_NAME}]({LOG_NAME})."
    )


def log_path(out):
    """`RESULTS_LOG.md` beside the `RESULTS.md` at `out`."""
    return os.path.join(os.path.dirname(out), LOG_NAME)


def write_table(results, out, log_out=None):
    """Writes `out` (scoreboard) and `log_out` (every run) for `results`.

    Args:
        results: the JSON-lines results file.
        out: the `RESULTS.md` to write.
        log_out: the log to write; default `RESULTS_LOG.md` beside `out`.

    Returns:
        The text written to `out`.
    """
    command = f"python -m benchmarks.results --results={results} --out={out}"
    rows = load_rows(results)
    text = render_markdown(rows, command)
    log_out = log_out or log_path(out)
    for path, content in ((out, text), (log_out, results_log.render(rows, command))):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
    return text
