"""`benchmarks/RESULTS_LOG.md`: every run of the results, grouped by benchmark.

Not a binary: `benchmarks.table.write_table` writes it beside `RESULTS.md`.
Each group of rows (one config, one length, one setting) gets one line with
its Role: the scoreboard's row, the same runs' other metrics, a short run, a
full-length run not picked, a variant or ablation, or a real-data floor.
"""

from benchmarks import references as references_lib
from benchmarks import scoreboard, table
from ganzoo.serving import presets


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
    if not any(r.model == summary["model"] for r, *_ in board):
        return "no headline declared"
    return "variant / ablation"


def render(rows, command, references=None):
    """The `RESULTS_LOG.md` text: every aggregated run, grouped by benchmark."""
    references = references_lib.REFERENCES if references is None else references
    by_key = {(r.model, r.dataset, r.metric): r for r in references}
    summaries = table.aggregate(rows)
    board = scoreboard.rows(references, summaries, table.BUDGET_FIELDS)
    machines = list(dict.fromkeys(s["machine"] for s in summaries))
    out = table.page_header(
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
                table.setting(s["overrides"]),
            ),
        )
        for s in ordered:
            seconds = "-" if s["seconds"] is None else f"{s['seconds']:.0f}"
            preset = shipped.get((f"zoo_configs/{s['config']}.py", s["steps"]))
            model = s["model"]
            if s["config"] != f"{s['model']}_{s['dataset']}":  # e.g. pacgan2_ring8
                model += f" (`{s['config']}`)"
            if table.setting(s["overrides"]):
                model += f" [{table.setting(s['overrides'])}]"
            if preset:
                model += f" ([preset](../ganzoo/presets/{preset}/README.md))"
            out.append(
                f"| {model} | {s['metric']} | {table.format_value(s)} | "
                f"{table.reference_text(s, by_key)} | {table.steps_text(s)} | "
                f"{_role(s, board)} | "
                f"{seconds} | {table.machine_label(s, machines)} | {s['commit']} |"
            )
    out += ["", "## Machines", ""]
    out += [f"- M{i + 1}: {m}" for i, m in enumerate(machines)]
    commits = sorted({r["commit"] for r in rows})
    total, elapsed = table.run_minutes(rows)
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
