"""The four families of objectives on the 8-Gaussian ring, one generator for all.

    python -m benchmarks.run --config=zoo_configs/families_ring8.py:ratio_lsif --seeds=0,1,2 --workdir=/tmp/families

The whole table (8 objectives x ring8 and grid25 x seeds 0-2) and its print:

    python -m benchmarks.run --suite=families --workdir=/tmp/families --results=/tmp/families.jsonl
    python -m benchmarks.families_table --results=/tmp/families.jsonl

The config argument names the objective (`OBJECTIVES`), one per family of
the "Learning in implicit generative models" talk
(`../shared/references/003_a3e6a4e98a04a520.txt`): class-probability
estimation (`non_saturating`, the scoring rules `brier` and `spherical`),
divergence minimisation (`fgan_kl`, `fgan_pearson_chi2`), density-ratio
matching (`ratio_lsif`, `ratio_kliep`, generator loss non-saturating) and
moment matching (`gmmn`: the MMD between the batch and as many samples, Li
et al. 2015's square root of the biased MMD^2, no discriminator). Add
`,smoke` for a seconds-long run (`:gmmn,smoke`); `:smoke` alone is the
non-saturating one.

Every row has the same generator (2-d U[-1, 1] noise, 4 x 400 ReLU, linear
output: `vanilla`'s `g_hidden_units` and `gmmn`'s `hidden_units` build the
same network), the same discriminator where there is one (3 x 200 maxout,
5 pieces, linear logit: the loss reads it), Adam(1e-4, beta_1=0.5) for each
player, batch 100 and `STEPS` steps: `vanilla_ring8.py`'s settings, so the
`non_saturating` row is that config's run at this length.

The GMMN's kernel bandwidths come from the data's scale, computed once when
the config is built (`ganzoo.data.mixtures.median_kernel_scales`): `m` = the median pairwise distance
of 1,000 points drawn from the mixture (seed 0; the median heuristic of
Gretton et al. 2012), bandwidths `sigma = m * MULTIPLIERS` =
`m * {1/64, 1/16, 1/4, 1, 4}`, and the kernel variances `s = sigma^2` of
`exp(-||x - y||^2 / (2 s))`, summed. The median alone sets the scale of the
whole set (ring8: m = 1.41; grid25: 4.57); the structure of a mixture lies
down to its modes' widths (std 0.01 and 0.05, i.e. m/141 and m/91), so the
multipliers go two decades below the median and one step above it.

Steps: `STEPS` = 4,000 for every row, sized so that the suite (8 objectives
x 2 mixtures x 3 seeds = 48 runs) fits in about 2 hours of one core. Step
rates measured here (`STEP_RATES`: `TF_NUM_INTRAOP_THREADS=1
TF_NUM_INTEROP_THREADS=1 nice -n 5`, XLA as the
entry's default picks it, 100 steps per call, 300 timed steps after 100 of
warm-up, on ring8, while two other training runs held the 2 cores at a load
average of 5-8): the seven objectives with a discriminator cost the same
step (the loss is a few ops on the logits) and ran at 14.6-44.9 steps/s,
median 27 (the spread is the machine's load: `ratio_lsif` measured 14.6,
42.3 and 23.2 in three tries); the GMMN (no discriminator, graph mode)
168 steps/s. A smoke run of the suite (`--suite=families_smoke`, 16 runs)
took 150 s, about 9 s per run of building, scoring, export and plots; the
full networks take longer, so count 15 s. At the median rate: 42 x (4,000 /
27 + 15) + 6 x (4,000 / 168 + 10) = about 7,050 s, 1.96 hours (1.2 hours at
45 steps/s on a quieter core). Checked with whole runs under the same
conditions (`python -m benchmarks.run --config=zoo_configs/families_ring8.py:
non_saturating --seeds=0`, and `:gmmn` on both mixtures): training took
156 s (non_saturating, ring8), 44 s and 25 s (gmmn, ring8 and grid25), i.e.
42 x 156 + 6 x 35 s plus about 10 s per run of scoring and export: 7,240 s,
2.0 hours. Those seed-0 runs scored 8 modes, 89% high quality, mode KL 0.01
(non_saturating, ring8); 8 modes, 40%, 0.12 (gmmn, ring8); 21 of 25 modes,
4.3%, 0.88 (gmmn, grid25). PacGAN trained 400,000 steps and the
project's mode-collapse table 20,000 (`--config.train.steps=20000`, about 5x
longer); 4,000 steps compares the families early in training, equally.

Measured: the whole suite (`python -m benchmarks.run --suite=families`, one
thread beside another run, 2026-12-08, commit 29b8217+; 48 runs, 3,882 s of
training, 65 minutes of wall time with scoring) is the families table of
`benchmarks/RESULTS.md`. At 4,000 steps the class-probability estimators
(non-saturating, Brier, spherical) find 6-7.7 of the ring's 8 modes with
84-87% high quality, the GMMN all 8 in every seed (55% high quality: its
samples spread between the modes); both f-GAN divergences and both
ratio-matching losses lose most modes on both mixtures (0.3-3.3 of 8,
0.3-8 of 25), with seed-to-seed spreads as large as their means.
On the grid every objective is still at 2-9% high quality: 4,000 steps is
early there (the 20,000-step PacGAN runs reach 28-59%).
"""  # noqa: E501

from ganzoo.data import mixtures
from ganzoo.metrics import density_ratio
from ganzoo.training.config import mixture_config

STEPS = 4_000
# The discriminator's loss families of the density-ratio table, and the MMD.
OBJECTIVES = (*density_ratio.FAMILIES, "gmmn")
MULTIPLIERS = (1 / 64, 1 / 16, 1 / 4, 1.0, 4.0)
ADAM = {"class_name": "adam", "config": {"learning_rate": 1e-4, "beta_1": 0.5}}
G_HIDDEN_UNITS = (400, 400, 400, 400)
# Steps/s on ring8 as measured for `STEPS` (see the docstring); one value
# per try.
STEP_RATES = {
    "non_saturating": (44.9, 29.2),
    "brier": (26.4,),
    "spherical": (28.0,),
    "fgan_kl": (23.8,),
    "fgan_pearson_chi2": (29.2,),
    "ratio_lsif": (14.6, 42.3, 23.2),
    "ratio_kliep": (22.7,),
    "gmmn": (167.6,),
}


def get_config(arg=None, dataset="ring8"):
    parts = [p for p in (arg or "").split(",") if p]
    smoke = "smoke" in parts
    names = [p for p in parts if p != "smoke"]
    if len(names) > 1 or any(n not in OBJECTIVES for n in names):
        raise ValueError(
            f"Received: config argument `{arg!r}`; expected one of "
            f"{list(OBJECTIVES)}, optionally with `,smoke` (e.g. `:gmmn,smoke`)."
        )
    objective = names[0] if names else OBJECTIVES[0]
    if objective == "gmmn":
        model, optimizers = "gmmn", {}  # No discriminator, no d_optimizer.
        model_kwargs = dict(
            latent_dim=2,
            hidden_units=G_HIDDEN_UNITS,
            scales=mixtures.median_kernel_scales(dataset, MULTIPLIERS),
        )
        smoke_kwargs = dict(hidden_units=(16,))
    else:
        model, optimizers = "vanilla", dict(d_optimizer=ADAM)
        model_kwargs = dict(
            latent_dim=2,
            g_hidden_units=G_HIDDEN_UNITS,
            d_hidden_units=(200, 200, 200),
            pieces=5,
            loss=objective,
        )
        smoke_kwargs = dict(g_hidden_units=(16,), d_hidden_units=(8,), pieces=2)
    return mixture_config(
        model,
        dataset,
        "smoke" if smoke else None,
        model_kwargs=model_kwargs,
        smoke_model_kwargs=smoke_kwargs,
        g_optimizer=ADAM,
        steps=STEPS,
        batch_size=100,
        checkpoint_every=1_000,
        sample_every=STEPS,
        **optimizers,
    )
