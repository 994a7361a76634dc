"""The layer directions of `ganzoo/`, checked from the source with `ast`.

`objectives`, `nets`, `data` and `metrics` import nothing from `models`,
`training` or `serving`; `models` and `gan.py` import nothing from
`training` or `serving`. Imports inside functions count too.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ganzoo"
FORBIDDEN = {
    "objectives": ("models", "training", "serving"),
    "nets": ("models", "training", "serving"),
    "data": ("models", "training", "serving"),
    "metrics": ("models", "training", "serving"),
    "models": ("training", "serving"),
    "gan": ("training", "serving"),
    "engine": ("models", "training", "serving"),
}


def imported_modules(source, module):
    """Absolute names of the ganzoo modules that `source` imports.

    Args:
        source: Python source text.
        module: the dotted name of the module it belongs to (for relative
            imports), e.g. `"ganzoo.models.dcgan"`.
    """
    package = module.split(".")
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # `from .x import y` inside package `package[:-1]`.
                base = ".".join(package[: -node.level] + ([base] if base else []))
            # `from ganzoo import training` imports the layer `training`.
            names += [f"{base}.{alias.name}" for alias in node.names] + [base]
    return [n for n in names if n == "ganzoo" or n.startswith("ganzoo.")]


def violations(path, package=PACKAGE):
    """`(layer, imported)` pairs of `path` that break the directions.

    Args:
        path: a module file under `package`.
        package: the `ganzoo/` folder the module belongs to.
    """
    relative = path.relative_to(package.parent).with_suffix("")
    module = ".".join(relative.parts)
    layer = relative.parts[1] if len(relative.parts) > 1 else None
    forbidden = FORBIDDEN.get(layer, ())
    found = []
    for name in imported_modules(path.read_text(encoding="utf-8"), module):
        parts = name.split(".")
        if len(parts) > 1 and parts[1] in forbidden:
            found.append((layer, name))
    return found


def modules():
    return sorted(PACKAGE.rglob("*.py"))


def test_every_layer_is_checked():
    layers = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in modules()}
    assert set(FORBIDDEN) <= layers


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_lower_layers_import_no_higher_ones(path):
    assert violations(path) == []


@pytest.mark.parametrize(
    "source, module, expected",
    [
        ("from ganzoo.serving import export", "ganzoo.models.x", "ganzoo.serving"),
        ("import ganzoo.training.loop", "ganzoo.nets.x", "ganzoo.training.loop"),
        ("from ganzoo import training", "ganzoo.gan", "ganzoo.training"),
        ("from ..serving import export", "ganzoo.models.x", "ganzoo.serving"),
        (
            "def f():\n    from ganzoo.models import dcgan",
            "ganzoo.data.x",
            "ganzoo.models",
        ),
        ("from ganzoo.models import dcgan", "ganzoo.metrics.sub.x", "ganzoo.models"),
    ],
)
def test_a_violation_is_found(tmp_path, source, module, expected):
    path = tmp_path.joinpath(*module.split(".")).with_suffix(".py")
    path.parent.mkdir(parents=True)
    path.write_text(source)
    found = violations(path, package=tmp_path / "ganzoo")
    assert [name for _, name in found if name.startswith(expected)], found


def test_allowed_imports_pass(tmp_path):
    path = tmp_path / "ganzoo" / "models" / "x.py"
    path.parent.mkdir(parents=True)
    path.write_text("from ganzoo.objectives import losses\nfrom ganzoo import gan\n")
    assert violations(path, package=tmp_path / "ganzoo") == []
