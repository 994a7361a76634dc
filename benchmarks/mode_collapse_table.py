"""The 2D mode-collapse table of `benchmarks/RESULTS.md`, beside PacGAN's.

Not a binary: `benchmarks.table.render_markdown` appends `render(summaries)`.
One row per entry (the config name without its dataset, e.g. `pacgan2` for
`pacgan2_ring8.py` and `pacgan2_grid25.py`), one column per (dataset,
metric), each cell ganzoo's mean ± standard error over seeds with n. One
table per length in `TABLE_STEPS`, so every row of a table trained equally
long (ganzoo issue #14): 20,000 steps for the entries whose seed fits in about
15 CPU-minutes at that length, 5,000 for those whose steps cost several
times more (wgan_gp, unrolled, dragan, sngan: each config says so). Runs of
other lengths, or with `train.steps` overridden, stay in the main table.

PacGAN's numbers: Lin, Khetan, Fanti & Oh 2018, "PacGAN: The power of two
samples in generative adversarial networks", Table 1 (10 trials, mean ±
s.e.), as quoted in ganzoo issue #14. PacGAN's "reverse KL" and ganzoo's
`modes_kl` are the same quantity: KL(p || uniform) of the histogram of the
high-quality samples over the modes (each sample counted at its nearest mode).
"""

import os

import numpy as np

PLOTS_DIR = os.path.join(os.path.dirname(__file__), "plots")

# zoo_configs/pacgan2_ring8.py's STEPS and zoo_configs/wgan_gp_ring8.py's STEPS.
TABLE_STEPS = (20_000, 5_000)
DATASETS = ("ring8", "grid25")
# (metric key, column title, scale): the fraction is shown in percent.
COLUMNS = (
    ("modes_captured", "modes", 1.0),
    ("high_quality_fraction", "HQ %", 100.0),
    ("modes_kl", "rev-KL", 1.0),
)
# PacGAN Table 1: ring (modes, HQ %, rev-KL), grid (modes, HQ %, rev-KL).
PACGAN_TABLE1 = {
    "GAN": ("6.3 ± 0.5", "98.2 ± 0.2", "0.45", "17.3 ± 0.8", "94.8 ± 0.7", "0.70"),
    "PacGAN2": ("7.9 ± 0.1", "95.6 ± 2.0", "0.07", "23.8 ± 0.7", "91.3 ± 0.8", "0.13"),
    "PacGAN3": ("7.8 ± 0.1", "97.7 ± 0.3", "0.10", "24.6 ± 0.4", "94.2 ± 0.4", "0.06"),
    "PacGAN4": ("7.8 ± 0.1", "95.9 ± 1.4", "0.07", "24.8 ± 0.2", "93.6 ± 0.6", "0.04"),
}
# ganzoo's rows that run PacGAN's own networks and protocol.
PAPER_ROW = {"pacgan1": "GAN", **{f"pacgan{m}": f"PacGAN{m}" for m in (2, 3, 4)}}
PAPER_NOTE = (
    " `pacgan1`-`pacgan4` run PacGAN's networks and optimizer (`pacgan1` is its "
    "GAN row)."
)


def entry_name(config, dataset):
    """The config without its dataset (None when it names another dataset).

    `pacgan2_ring8` -> `pacgan2`; a variant keeps its suffix:
    `dragan_ring8_small_lambda` -> `dragan_small_lambda`.
    """
    head, found, tail = config.partition(f"_{dataset}")
    if not found or (tail and not tail.startswith("_")):
        return None
    return head + tail


def format_cell(summary, scale=1.0):
    """`mean ± s.e. (n=k)` of a `table.aggregate` summary times `scale` ("-": none)."""
    if summary is None:
        return "-"
    mean, sem, n = summary["mean"] * scale, summary["sem"], len(summary["values"])
    if not np.isfinite(mean):
        return f"{mean} (n={n})"
    digits = 1 if abs(mean) >= 10 or scale != 1.0 else 2
    if n == 1 or sem is None:
        return f"{mean:.{digits}f} (n={n})"
    return f"{mean:.{digits}f} ± {sem * scale:.{digits}f} (n={n})"


def plot_prefix(config_name, steps, seed):
    """The file-name stem of one run's copied plots (`benchmarks/runner.py`).

    `<config>_<steps>steps_seed<k>`: the length is in the name, so one
    config's runs at two lengths keep their own plots; `plot_links` links
    `<stem>_modes.png` of seed 0.
    """
    return f"{config_name.replace(':', '_')}_{steps}steps_seed{seed}"


def plot_links(cells, steps):
    """Links to seed 0's samples-over-modes plots of one row's configs."""
    configs = {dataset: s["config"] for (dataset, _), s in cells.items()}
    links = []
    for dataset in DATASETS:
        name = f"{plot_prefix(str(configs.get(dataset)), steps, 0)}_modes.png"
        if dataset in configs and os.path.exists(os.path.join(PLOTS_DIR, name)):
            links.append(f"[{dataset}](plots/{name})")
    return ", ".join(links) or "-"


def collect(summaries, steps):
    """{entry: {(dataset, metric): summary}} of the mixture runs of `steps` steps."""
    table = {}
    for s in summaries:
        entry = entry_name(s["config"], s["dataset"])
        if (
            s["status"] != "ok"
            or s["dataset"] not in DATASETS
            or s["steps"] != steps
            or entry is None
            or "train.steps" in (s.get("overrides") or {})
        ):
            continue
        cells = table.setdefault(entry, {})
        cells[(s["dataset"], s["metric"])] = s
    return table


def render(summaries):
    """The tables' Markdown lines (empty when no mixture run of a table's length)."""
    out = []
    for steps in TABLE_STEPS:
        out += render_table(collect(summaries, steps), steps)
    return out


def render_table(table, steps):
    """One table: ganzoo's rows of `steps`-step runs, then PacGAN's Table 1."""
    if not table:
        return []
    titles = [f"{d} {title}" for d in DATASETS for _, title, _ in COLUMNS]
    out = [
        "",
        f"## Mode collapse beside PacGAN (2D mixtures, {steps:,} steps)",
        "",
        "ganzoo's rows: mean ± standard error over seeds (n = seeds), each seed "
        f"trained {steps:,} steps and scored on 2,500 samples. PacGAN's "
        "rows: Lin et al. 2018, Table 1 (10 trials, 400,000 steps). Modes: "
        "modes with a high-quality sample (within 3 std of the mode); HQ: the "
        "share of high-quality samples; rev-KL: KL(p || uniform) of the "
        "high-quality samples' histogram over the modes (PacGAN's reverse KL; "
        "`modes_kl` in the rows above)."
        + (PAPER_NOTE if set(table) & set(PAPER_ROW) else ""),
        "",
        "| Entry | " + " | ".join(titles) + " | Samples (seed 0) |",
        "|---|" + "---|" * (len(titles) + 1),
    ]
    for entry in sorted(table):
        cells = [
            format_cell(table[entry].get((dataset, metric)), scale)
            for dataset in DATASETS
            for metric, _, scale in COLUMNS
        ]
        label = f"`{entry}`"
        if entry in PAPER_ROW:
            label += f" (PacGAN's {PAPER_ROW[entry]} setting)"
        links = plot_links(table[entry], steps)
        out.append(f"| {label} | " + " | ".join(cells) + f" | {links} |")
    for name, cells in PACGAN_TABLE1.items():
        out.append(f"| *PacGAN paper: {name}* | " + " | ".join(cells) + " | - |")
    return out
