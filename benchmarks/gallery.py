r"""Draws the README's gallery: each shipped preset's samples, and mode collapse.

    GANZOO_DATA_DIR=../shared/data python -m benchmarks.gallery

writes `benchmarks/plots/gallery/<preset>.png` for every preset of
`ganzoo/presets/index.json` (seed 0: an 8x8 grid; conditional presets one
row per class; the 2D preset its 2,500 scored samples over the true modes;
CycleGAN ten MNIST test digits, their translation and its way back), then
`mode_collapse.png`: the 2D mode-collapse benchmark, PacGAN's GAN setting
(`pacgan1`) beside PacGAN2 on the ring and the grid, seed 0 of the
20,000-step runs whose plots `benchmarks.run` copied into `benchmarks/plots/`.
It rewrites the README's block between `<!-- gallery:start -->` and
`<!-- gallery:end -->`. CycleGAN's picture needs MNIST's raw test files in
`$GANZOO_DATA_DIR/mnist/`; without them it is left as it is.
"""

import gzip
import os

import numpy as np
from absl import app, flags

from benchmarks import mode_collapse_table

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLOTS = os.path.join(REPO, "benchmarks", "plots")
START, END = "<!-- gallery:start -->", "<!-- gallery:end -->"
# (config stem, label) of the mode-collapse picture's columns.
MODE_COLUMNS = (("pacgan1", "GAN (PacGAN's GAN setting)"), ("pacgan2", "PacGAN2"))
MODE_STEPS = 20_000


def _define_flags():
    # Defined only when run: `--out` is also ganzoo-sample's flag, and absl
    # refuses a flag defined twice in one process (the tests import both).
    out = flags.DEFINE_string(
        "out", os.path.join(PLOTS, "gallery"), "Folder of the gallery's PNGs."
    )
    readme = flags.DEFINE_string(
        "readme",
        os.path.join(REPO, "README.md"),
        "README whose gallery block to update.",
    )
    return out, readme


def mnist_test_digits(data_dir=None):
    """The first test digit of each class 0-9, uint8 `(10, 28, 28)` (None: no files)."""
    folder = os.path.join(data_dir or os.environ.get("GANZOO_DATA_DIR", ""), "mnist")
    paths = [
        os.path.join(folder, f"t10k-{kind}-idx{dims}-ubyte.gz")
        for kind, dims in (("images", 3), ("labels", 1))
    ]
    if not all(os.path.isfile(p) for p in paths):
        return None
    with gzip.open(paths[0]) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(paths[1]) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    return images[[int(np.argmax(labels == k)) for k in range(10)]]


def draw_preset(name, out_dir, digits=None):
    """Writes `<out_dir>/<name>.png` for one preset; returns its path or None."""
    import ganzoo
    from benchmarks import plots
    from ganzoo.data import translation
    from ganzoo.serving import images

    gan = ganzoo.load(name)
    path = os.path.join(out_dir, f"{name}.png")
    if gan.kind == "translation":
        if digits is None:
            return None
        a = translation.to_float(translation.pad_images(digits))
        b = gan.translate(a, "a2b")
        back = gan.translate(b, "b2a")
        rows = [
            np.repeat(x, 3, axis=-1) if x.shape[-1] == 1 else x for x in (a, b, back)
        ]
        images.save_image_grid(np.concatenate(rows), path, rows=3, scale=2)
    elif gan.kind == "conditional":
        labels = np.repeat(np.arange(gan.metadata["num_classes"]), 10)
        samples = gan.generate(len(labels), seed=0, labels=labels)
        images.save_image_grid(samples, path, rows=gan.metadata["num_classes"])
    elif gan.kind == "unconditional":
        samples = gan.generate(2_500 if _is_2d(gan) else 64, seed=0)
        if samples.ndim == 2:  # A 2D mixture: the scored samples over its modes.
            plots.plot_modes(samples, gan.card["dataset"], path, f"{name}, seed 0")
        else:
            images.save_image_grid(samples, path, rows=8)
    else:  # Text presets need captions of their own: none is shipped yet.
        return None
    return path


def _is_2d(gan):
    shape = gan.metadata["signatures"]["serve"]["outputs"]["images"]["shape"]
    return len(shape) == 2


def draw_mode_collapse(path, plots_dir=PLOTS):
    """The GAN row beside PacGAN2 on ring8 and grid25, from the runs' plots."""
    from PIL import Image, ImageDraw, ImageFont

    tiles = []
    for dataset in mode_collapse_table.DATASETS:
        for config, _ in MODE_COLUMNS:
            stem = mode_collapse_table.plot_prefix(f"{config}_{dataset}", MODE_STEPS, 0)
            tile = os.path.join(plots_dir, f"{stem}_modes.png")
            if not os.path.isfile(tile):
                return None
            tiles.append(Image.open(tile).convert("RGB"))
    width, height = tiles[0].size
    header = 28
    canvas = Image.new("RGB", (2 * width, header + 2 * height), "white")
    draw = ImageDraw.Draw(canvas)
    for column, (_, label) in enumerate(MODE_COLUMNS):
        font = ImageFont.load_default(size=16)
        draw.text((column * width + 10, 5), label, fill="black", font=font)
    for i, tile in enumerate(tiles):
        canvas.paste(
            tile.resize((width, height)), ((i % 2) * width, header + (i // 2) * height)
        )
    canvas = canvas.convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
    canvas.save(path, optimize=True)
    return path


_SHOWS = {
    "translation": "rows: MNIST test digits (A), G(A) in domain B, F(G(A)) back",
    "conditional": "row k: ten samples of class k",
    "unconditional": "64 samples",
    "2d": "2,500 samples over the true modes (red, 3-std circles)",
}


def readme_block(drawn, mode_path, readme_dir):
    """The Markdown between the README's gallery markers."""

    def rel(path):
        return os.path.relpath(path, readme_dir)

    out = [
        START,
        "",
        "Regenerated by `GANZOO_DATA_DIR=../shared/data python -m benchmarks.gallery` "
        "(seed 0 of each shipped preset; PNGs in `benchmarks/plots/gallery/`).",
        "",
        "| Preset | Samples | What it shows |",
        "|---|---|---|",
    ]
    for name, (path, kind, card) in drawn.items():
        headline = card.get("headline")
        value = card.get("metrics", {}).get(headline, {}).get("value")
        score = "" if value is None else f"; {headline} {value:.4g}"
        steps = card.get("training", {}).get("steps")
        trained = "" if steps is None else f", {steps:,} steps"
        card_path = rel(os.path.join(REPO, "ganzoo", "presets", name, "README.md"))
        out.append(
            f"| [`{name}`]({card_path})"
            f" ({card.get('entry')} on {card.get('dataset')}{trained}{score}) "
            f"| ![{name}]({rel(path)}) | {_SHOWS[kind]} |"
        )
    if mode_path:
        out += [
            "",
            "The 2D mode-collapse benchmark ([scoreboard](benchmarks/RESULTS.md)): "
            "2,500 samples of seed 0 after 20,000 steps, over the 8 modes of the "
            "ring (top) and the 25 of the grid (bottom), on PacGAN's networks and "
            "protocol; left its GAN setting (`zoo_configs/pacgan1_*.py`), right "
            "PacGAN2 (`pacgan2_*.py`; the ring's model is the `pacgan2_ring8` "
            "preset). Each title gives that seed's modes captured and share of "
            "high-quality samples (within 3 std of a mode).",
            "",
            f"![GAN vs PacGAN2 on the 2D mixtures]({rel(mode_path)})",
        ]
    return "\n".join([*out, "", END])


def update_readme(readme, block):
    """Replaces the README's gallery block (markers included) with `block`."""
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    if START not in text or END not in text:
        raise app.UsageError(
            f"Received: `--readme={readme}` without the `{START}` and `{END}` "
            "markers; expected both, around the gallery."
        )
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    with open(readme, "w", encoding="utf-8") as f:
        f.write(head + block + tail)


def main(argv, out_flag, readme_flag):
    if len(argv) > 1:
        raise app.UsageError(f"Received: unexpected arguments {argv[1:]}.")
    import ganzoo
    from ganzoo.serving import presets

    os.makedirs(out_flag.value, exist_ok=True)
    digits = mnist_test_digits()
    drawn = {}
    for name in sorted(presets.read_index()):
        path = draw_preset(name, out_flag.value, digits)
        if path is None:
            print(f"Skipped {name}: no gallery rule for it (or no MNIST test files).")
            previous = os.path.join(out_flag.value, f"{name}.png")
            path = previous if os.path.isfile(previous) else None
        if path:
            gan = ganzoo.load(name)
            kind = "2d" if gan.kind == "unconditional" and _is_2d(gan) else gan.kind
            drawn[name] = (path, kind, gan.card or {})
            print(f"Wrote {path} ({os.path.getsize(path) // 1024} KB)")
    mode_path = draw_mode_collapse(os.path.join(out_flag.value, "mode_collapse.png"))
    if mode_path:
        print(f"Wrote {mode_path} ({os.path.getsize(mode_path) // 1024} KB)")
    readme = os.path.abspath(readme_flag.value)
    update_readme(readme, readme_block(drawn, mode_path, os.path.dirname(readme)))
    print(f"Updated the gallery of {readme}")


if __name__ == "__main__":
    _flags = _define_flags()
    app.run(lambda argv: main(argv, *_flags))
