"""The density-ratio table: each loss family's discriminator as an estimator of p/q.

    python -m benchmarks.ratio_table --datasets=ring8,grid25 --seeds=0,1,2 --steps=2000

For each 2D mixture p and each loss family (`ganzoo.metrics.density_ratio.
FAMILIES`: the GAN's Bernoulli loss, the Brier and spherical scoring rules,
f-GAN KL and Pearson chi^2, LSIF and KLIEP), an MLP is trained on p against
a fixed Gaussian q and scored against the exact ratio; the uLSIF closed form
is the baseline. Prints a Markdown table: normalised squared error
`E_q[(r_hat - r*)^2] / E_q[r*^2]` and the KL estimate `E_p[log r_hat]`
(mean +- std over seeds) beside the exact KL.
"""

import numpy as np
from absl import app, flags

from ganzoo.metrics import density_ratio

FLAGS = flags.FLAGS


def define_flags():
    """The binary's flags (defined on start, so importing defines none)."""
    flags.DEFINE_list("datasets", ["ring8", "grid25"], "2D mixtures.")
    flags.DEFINE_list("seeds", ["0"], "Seeds (discriminator init and data).")
    flags.DEFINE_integer("steps", 2_000, "Discriminator steps per family.")
    flags.DEFINE_list(
        "families", list(density_ratio.FAMILIES), "Loss names of ganzoo.losses."
    )
    flags.DEFINE_string("out", None, "Also write the table to this Markdown file.")


def _cell(values):
    values = np.asarray(values)
    if len(values) == 1:
        return f"{values[0]:.3f}"
    return f"{values.mean():.3f} +- {values.std(ddof=1):.3f}"


def table(datasets, seeds, steps, families):
    """Markdown lines of the table (one row per dataset and family)."""
    lines = [
        "| dataset | estimator | nmse (lower is better) | KL estimate | exact KL |",
        "|---|---|---|---|---|",
    ]
    for dataset in datasets:
        runs = [
            density_ratio.density_ratio_table(dataset, families, steps, seed=s)
            for s in seeds
        ]
        kl_true = runs[0]["kl_true"]
        for name in ("ulsif", *families):
            nmse = [run[name]["nmse"] for run in runs]
            kl = [run[name]["kl"] for run in runs]
            lines.append(
                f"| {dataset} | {name} | {_cell(nmse)} | {_cell(kl)} | {kl_true:.3f} |"
            )
    return lines


def main(argv):
    if len(argv) > 1:
        raise app.UsageError(f"Received: unexpected arguments {argv[1:]}.")
    import time

    from benchmarks import runner

    seeds = [int(s) for s in FLAGS.seeds]
    start = time.time()
    lines = table(FLAGS.datasets, seeds, FLAGS.steps, FLAGS.families)
    header = [
        f"steps={FLAGS.steps}, seeds={seeds}; measured on {runner.machine()} at "
        f"commit {runner.git_commit()} in {time.time() - start:,.0f} s, "
        f"{time.strftime('%Y-%m-%d', time.gmtime())}.",
        "",
    ]
    print("\n".join(header + lines))
    if FLAGS.out:
        command = (
            f"python -m benchmarks.ratio_table --datasets={','.join(FLAGS.datasets)} "
            f"--seeds={','.join(FLAGS.seeds)} --steps={FLAGS.steps}"
        )
        with open(FLAGS.out, "w", encoding="utf-8") as f:
            f.write(
                "# Each loss family's discriminator as a density-ratio estimator\n\n"
                f"Written by `{command} --out={FLAGS.out}`; do not edit by hand.\n"
                "Normalised squared error `E_q[(r_hat - r*)^2] / E_q[r*^2]` and the "
                "KL estimate `E_p[log r_hat]` (mean +- std over seeds) against the "
                "exact KL (`ganzoo.metrics.density_ratio`).\n\n"
            )
            f.write("\n".join(header + lines) + "\n")
        print("Wrote", FLAGS.out)


if __name__ == "__main__":
    define_flags()
    app.run(main)
