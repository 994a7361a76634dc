"""The results pages: JSON-lines rows -> aggregated rows -> Markdown.

Not a binary: `benchmarks/results.py` writes `benchmarks/RESULTS.md`
(`render_markdown`: the scoreboard of `benchmarks/scoreboard.py`, each
benchmark's protocol once, the mode-collapse tables) and
`benchmarks/RESULTS_LOG.md` (`render_log`: every run, grouped by benchmark);
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

from benchmarks import mode_collapse_table, scoreboard
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
_BUDGET_FIELDS = (
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
        f"{k}={v}" for k, v in sorted(overrides.items()) if k not in _BUDGET_FIELDS
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


def _machine(summary, machines):
    """`M2, float32`: the machine's label and the dtype policy the seeds ran."""
    label = f"M{machines.index(summary['machine']) + 1}"
    return ", ".join([label, *summary.get("dtype_policies", [])])


def _steps(summary):
    text = f"{summary['steps']:,}"
    if "train.steps" in summary["overrides"]:
        text += f" ({summary['suite'] or 'command-line'} budget)"
    return text


def _reference(summary, references):
    ref = references.get((summary["model"], summary["dataset"], summary["metric"]))
    if ref is None:
        return "-"
    return ref.value if ref.source == "-" else f"{ref.value} ({ref.source})"


def _minutes(rows):
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


def _header(command, title, intro):
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
    board = scoreboard.rows(references, summaries, _BUDGET_FIELDS)
    out = _header(command, "ganzoo benchmark results", [])
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


def _role(summary, board):
    """What a group is to the scoreboard: its row, a short run, a variant, ..."""
    if summary["model"] == scoreboard.FLOOR_MODEL:
        return "real-data floor"
    chosen = [c for _, c, _, _ in board if c is not None]
    if any(summary is c for c in chosen):
        return "**scoreboard**"
    keys = ("model", "dataset", "config", "steps", "overrides")
    if any(all(summary[k] == c[k] for k in keys) for c in chosen):
        return "scoreboard's runs"
    full = scoreboard.config_steps(summary["config"])
    if full is not None and summary["steps"] < full:
        return "short run"
    if any(r.config == summary["config"] for r, *_ in board):
        return "full length, not picked (fewer seeds or a setting)"
    return "variant / ablation"


def render_log(rows, command, references=None):
    """The `RESULTS_LOG.md` text: every aggregated run, grouped by benchmark."""
    references = references_lib.REFERENCES if references is None else references
    by_key = {(r.model, r.dataset, r.metric): r for r in references}
    summaries = aggregate(rows)
    board = scoreboard.rows(references, summaries, _BUDGET_FIELDS)
    machines = list(dict.fromkeys(s["machine"] for s in summaries))
    out = _header(
        command,
        "ganzoo benchmark log: every run",
        [
            "Every run of `benchmarks/results.jsonl`, grouped by benchmark: full",
            "length, short (quick-budget) runs and ablations. The scoreboard, the",
            "protocols and the verdicts are in [RESULTS.md](RESULTS.md); Role says",
            "what each group is to the scoreboard (`**scoreboard**`: its row).",
            "Values: mean ± standard error over seeds (sample std / sqrt(n)).",
            "Wall s: training + evaluation per seed, in seconds, as measured by the",
            "run that wrote the row (a resumed run counts only its own part).",
            "Machine: its label (list below) and the dtype policy the seeds",
            "trained in (`train.mixed_precision`), where recorded.",
        ],
    )
    # A row a shipped preset was published from links to its model card.
    shipped = {(e["config"], e["steps"]): n for n, e in presets.read_index().items()}
    groups = {}
    for s in summaries:
        groups.setdefault(s["dataset"], []).append(s)
    for dataset in sorted(groups):
        anchor = scoreboard.protocol_anchor(dataset)
        out += [
            "",
            f"## {dataset}",
            "",
            f"Protocol: [{dataset}](RESULTS.md#{anchor}).",
            "",
            "| Model | Metric | ganzoo | Reference (source) | Steps | Role "
            "| Wall s | Machine | Commit |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        ordered = sorted(
            groups[dataset],
            key=lambda s: (
                s["model"],
                s["config"],
                s["steps"],
                setting(s["overrides"]),
            ),
        )
        for s in ordered:
            seconds = "-" if s["seconds"] is None else f"{s['seconds']:.0f}"
            preset = shipped.get((f"zoo_configs/{s['config']}.py", s["steps"]))
            model = s["model"]
            if s["config"] != f"{s['model']}_{s['dataset']}":  # e.g. pacgan2_ring8
                model += f" (`{s['config']}`)"
            if setting(s["overrides"]):
                model += f" [{setting(s['overrides'])}]"
            if preset:
                model += f" ([preset](../ganzoo/presets/{preset}/README.md))"
            out.append(
                f"| {model} | {s['metric']} | {format_value(s)} | "
                f"{_reference(s, by_key)} | {_steps(s)} | {_role(s, board)} | "
                f"{seconds} | {_machine(s, machines)} | {s['commit']} |"
            )
    out += ["", "## Machines", ""]
    out += [f"- M{i + 1}: {m}" for i, m in enumerate(machines)]
    commits = sorted({r["commit"] for r in rows})
    total, elapsed = _minutes(rows)
    out += [
        "",
        f"Sum of the runs' wall times: {total:.1f} min; first start to last row: "
        f"{elapsed:.1f} min (export and plotting included). Commits: "
        f"{', '.join(commits)} (`+dirty`: uncommitted changes in the tree; other",
        "engineers committed while the runs went on, so the tree moved under them).",
    ]
    out += [
        "",
        "## Notes",
        "",
        '- Steps marked "(quick budget)" are overrides of the suite `quick`',
        "  (`benchmarks/suites.py`), far shorter than the configs' full runs: those",
        "  rows show what a short CPU run reaches, not the entry's best.",
        "- `real_data` rows are the floor of each evaluator: 10,000 real training",
        "  images scored as if generated (`python -m benchmarks.real_floor`).",
        "- Higher is better except for `modes_kl`, `fid_*`, `*_fid_*`, `kid_*`,",
        "  `mae`, `copy_mae` and `classifier_test_error`; `sample_spread` is",
        "  diversity (0: one image per caption).",
        "- `fid_domain`/`kid_domain` use ganzoo's own MNIST domain classifier as the",
        "  feature extractor: comparable across ganzoo runs, not with Inception FIDs.",
        "- Wall times were measured on a 2-core machine shared with other jobs",
        "  (other engineers' training and tests ran at the same time), so they are",
        "  inflated and noisy.",
        "  `benchmarks/THROUGHPUT.md` has step rates measured under the same load.",
        "",
    ]
    return "\n".join(out)


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
    for path, content in ((out, text), (log_out, render_log(rows, command))):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
    return text
