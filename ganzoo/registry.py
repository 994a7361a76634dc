"""Name -> model builder registry, with each entry's paper defaults as data.

A zoo entry registers itself with `@register("name", ...)`, declaring what
its paper used (optimizers, discriminator steps, loss, penalty, clipping),
its smoke sizes, paper, evaluator and dataset once, as data (as timm's
`default_cfgs`). There is no central table to edit. Duplicate names raise
at import time and unknown names list what is available.

Print the zoo with its defaults:

```
ganzoo-zoo                 # or: python -m ganzoo.registry [NAME ...]
```
"""

import copy
import dataclasses
import functools
import sys
from collections.abc import Callable
from typing import Any

from ganzoo import argument_checks, scoreboard

_REGISTRY: dict[str, "ModelEntry"] = {}

# DCGAN's Adam(2e-4, beta_1=0.5) (Radford et al. 2015): the engine's default.
DEFAULT_OPTIMIZER = {
    "class_name": "Adam",
    "config": {"learning_rate": 2e-4, "beta_1": 0.5},
}
# Arguments of the game that `build` passes to the builder unless given.
GAME_ARGUMENTS = ("loss", "d_steps", "penalty", "penalty_weight", "clip_value")


def optimizer(class_name, **config):
    """A Keras optimizer identifier as data: `{"class_name", "config"}`.

    Example:

    >>> optimizer("Adam", learning_rate=1e-4, beta_1=0.0, beta_2=0.9)
    {'class_name': 'Adam', 'config': {'learning_rate': 0.0001, ...}}
    """
    return {"class_name": class_name, "config": dict(config)}


def make_optimizer(identifier):
    """A fresh Keras optimizer from an identifier (which stays unchanged)."""
    import keras  # Here: reading the registry needs no TensorFlow.

    return keras.optimizers.get(copy.deepcopy(identifier))


@dataclasses.dataclass(frozen=True)
class ModelEntry:
    """A registered zoo entry and its paper defaults.

    Args:
        name: registry name, e.g. `"dcgan"`.
        builder: the function that builds the model from keyword arguments
            (the registered one, without the defaults below applied).
        smoke_kwargs: keyword arguments for a tiny build (seconds on a CPU),
            used by the registry-driven test sweep and `:smoke` configs.
        paper: the reference the entry reproduces.
        d_optimizer: Keras optimizer identifier (`optimizer(...)`) the
            discriminator gets from `compile()` without arguments.
        g_optimizer: the same for the generator.
        game: the game arguments the paper used (`loss`, `d_steps`,
            `penalty`, `penalty_weight`, `clip_value`); `build` passes them
            to the builder unless the caller gives them.
        evaluator: name of the entry's benchmark metric (an evaluator
            registered in `ganzoo.metrics`), e.g. `"mode_coverage"`.
        dataset: the entry's default benchmark dataset, e.g. `"mnist"`.
        bfloat16: the sample kinds (`"images"`, `"points"`) for which
            `mixed_bfloat16` was shown to keep the entry's results
            (`benchmarks/PRECISION.md`); `train.mixed_precision="auto"` then
            uses it where bfloat16 is fast. Empty: none.
    """

    name: str
    builder: Callable[..., Any]
    smoke_kwargs: dict
    paper: str
    d_optimizer: dict = dataclasses.field(default_factory=lambda: DEFAULT_OPTIMIZER)
    g_optimizer: dict = dataclasses.field(default_factory=lambda: DEFAULT_OPTIMIZER)
    game: dict = dataclasses.field(default_factory=dict)
    evaluator: str | None = None
    dataset: str | None = None
    bfloat16: tuple = ()

    def build(self, **kwargs):
        """Builds the entry with its game defaults under `kwargs`."""
        # A config's nested values come as ConfigDicts (e.g. a penalty's
        # identifier): the builders and the models' configs take plain data.
        kwargs = {
            k: v.to_dict() if hasattr(v, "to_dict") else v for k, v in kwargs.items()
        }
        kwargs = {**self.game, **kwargs}
        argument_checks.check_size_arguments(self.name, self.builder, kwargs)
        model = self.builder(**kwargs)
        if getattr(model, "entry", "missing") is None:
            model.entry = self.name  # `compile()` then uses this entry's optimizers.
        return model

    def make_optimizers(self):
        """Fresh `(d_optimizer, g_optimizer)` Keras objects of the paper."""
        return tuple(
            make_optimizer(identifier)
            for identifier in (self.d_optimizer, self.g_optimizer)
        )

    def defaults(self):
        """The entry's defaults as a plain dict (a copy: Keras edits identifiers)."""
        return copy.deepcopy(
            dict(
                name=self.name,
                paper=self.paper,
                d_optimizer=self.d_optimizer,
                g_optimizer=self.g_optimizer,
                **{k: self.game.get(k) for k in GAME_ARGUMENTS},
                evaluator=self.evaluator,
                dataset=self.dataset,
                bfloat16=self.bfloat16,
                smoke_kwargs=self.smoke_kwargs,
            )
        )


SAMPLE_KINDS = ("images", "points")


def _sample_kinds(bfloat16):
    kinds = SAMPLE_KINDS if bfloat16 is True else tuple(bfloat16 or ())
    unknown = sorted(set(kinds) - set(SAMPLE_KINDS))
    if unknown:
        raise ValueError(
            f"Received: `bfloat16={bfloat16!r}`; expected True, False or sample "
            f"kinds among {list(SAMPLE_KINDS)}."
        )
    return kinds


def register(
    name,
    *,
    smoke_kwargs=None,
    paper="",
    optimizer=None,
    d_optimizer=None,
    g_optimizer=None,
    evaluator=None,
    dataset=None,
    bfloat16=False,
    **game,
):
    """Registers a model builder under `name`, with its paper defaults.

    Args:
        name: the registry name. Must be unique.
        smoke_kwargs: keyword arguments that build a tiny version of the model.
        paper: citation of the paper the entry follows.
        optimizer: Keras optimizer identifier (see `optimizer(...)`) for both
            players; default DCGAN's Adam(2e-4, beta_1=0.5).
        d_optimizer: the discriminator's, when it differs from `optimizer`.
        g_optimizer: the generator's, when it differs from `optimizer`.
        evaluator: name of the entry's benchmark metric.
        dataset: the entry's default benchmark dataset.
        bfloat16: the sample kinds (`"images"`, `"points"`; True: both) for
            which `mixed_bfloat16` was shown to keep the entry's results;
            `train.mixed_precision="auto"` then uses it for them.
        **game: the paper's game arguments, among `loss`, `d_steps`,
            `penalty`, `penalty_weight`, `clip_value`; `build` passes them
            to the builder unless given.

    Returns:
        A decorator that registers the builder and returns it with the game
        defaults applied, so that calling it equals `ganzoo.build(name)`.

    Example:

    ```python
    @ganzoo.register(
        "my_gan",
        smoke_kwargs={"latent_dim": 4},
        optimizer=ganzoo.registry.optimizer("RMSprop", learning_rate=5e-5),
        d_steps=5,
    )
    def build_my_gan(image_shape=(28, 28, 1), latent_dim=100, **kwargs):
        ...
    ```
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"Received: `name={name!r}`; expected a non-empty string.")
    unknown = sorted(set(game) - set(GAME_ARGUMENTS))
    if unknown:
        raise ValueError(
            f"Received: `{unknown[0]}=` for entry {name!r}; expected only "
            f"{list(GAME_ARGUMENTS)} besides the named arguments of `register`."
        )
    both = optimizer or DEFAULT_OPTIMIZER

    def decorator(builder):
        if name in _REGISTRY:
            existing = _REGISTRY[name].builder
            raise ValueError(
                f"Received: `name={name!r}` for {builder.__module__}."
                f"{builder.__qualname__}; expected a new name, but it is "
                f"already registered by {existing.__module__}."
                f"{existing.__qualname__}."
            )
        _REGISTRY[name] = ModelEntry(
            name,
            builder,
            dict(smoke_kwargs or {}),
            paper,
            d_optimizer=d_optimizer or both,
            g_optimizer=g_optimizer or both,
            game=dict(game),
            evaluator=evaluator,
            dataset=dataset,
            bfloat16=_sample_kinds(bfloat16),
        )

        @functools.wraps(builder)
        def build_with_defaults(**kwargs):
            return _REGISTRY[name].build(**kwargs)

        return build_with_defaults

    return decorator


def list_models():
    """Returns the sorted names of all registered zoo entries.

    Example:

    >>> ganzoo.list_models()[:3]
    ['acgan', 'cgan', 'cyclegan']
    """
    return sorted(_REGISTRY)


def get_entry(name):
    """Returns the `ModelEntry` registered under `name`; raises if unknown."""
    if name not in _REGISTRY:
        raise ValueError(
            f"Unknown model: Received: `name={name!r}`; expected one of "
            f"{list_models()}."
        )
    return _REGISTRY[name]


def describe(name):
    """Returns the paper defaults of the entry `name`, without building it.

    Args:
        name: a registered name, see `list_models()`.

    Returns:
        A dict: `paper`, `d_optimizer`, `g_optimizer` (Keras optimizer
        identifiers), `loss`, `d_steps`, `penalty`, `penalty_weight`,
        `clip_value` (`None` where the builder's own default applies),
        `evaluator`, `dataset`, `smoke_kwargs`; `scoreboard`, the entry's
        headline results in `benchmarks/RESULTS.md`'s scoreboard, best
        first (dicts: `dataset`, `metric`, `result`, `n`, `steps`, `paper`,
        `verdict`, `config`, ...; see `ganzoo.scoreboard.entry_results`);
        and `presets`, the names of its shipped presets
        (`ganzoo.list_presets()`).

    Example:

    >>> ganzoo.describe("wgan_gp")["d_optimizer"]
    {'class_name': 'Adam', 'config': {'learning_rate': 0.0001, 'beta_1': 0.0, ...}}
    >>> ganzoo.describe("pacgan")["presets"]
    ['pacgan2_ring8']
    """
    from ganzoo.serving import presets  # Late: serving imports the zoo.

    info = get_entry(name).defaults()
    info["scoreboard"] = scoreboard.entry_results(name)
    info["presets"] = sorted(
        preset for preset, p in presets.list_presets().items() if p.entry == name
    )
    return info


def _format_optimizer(identifier):
    args = ", ".join(f"{k}={v}" for k, v in identifier["config"].items())
    return f"{identifier['class_name']}({args})"


def format_entry(name):
    """A few readable lines of the entry's defaults (what `ganzoo-zoo` prints)."""
    info = describe(name)
    d_opt, g_opt = (_format_optimizer(info[k]) for k in ("d_optimizer", "g_optimizer"))
    game = {k: info[k] for k in GAME_ARGUMENTS if info[k] is not None}
    lines = [
        f"{name}: {info['paper']}",
        "  optimizers: "
        + (f"{d_opt} (D and G)" if d_opt == g_opt else f"D {d_opt}, G {g_opt}"),
        "  game: " + (", ".join(f"{k}={v!r}" for k, v in game.items()) or "-"),
        f"  evaluator: {info['evaluator']}, dataset: {info['dataset']}",
    ]
    board = info["scoreboard"]
    best = scoreboard.format_result(board[0]) if board else "- (no headline yet)"
    if len(board) > 1:
        best += f"; {len(board) - 1} more in benchmarks/RESULTS.md"
    lines.append(f"  best result: {best}")
    lines.append("  presets: " + (", ".join(info["presets"]) or "-"))
    return "\n".join(lines)


def build(name, preset=None, **kwargs):
    """Builds the zoo entry `name`.

    Args:
        name: a registered name, see `list_models()`.
        preset: a pretrained preset of this entry (`ganzoo.list_presets()`):
            its networks' weights are loaded, to fine-tune.
        **kwargs: forwarded to the entry's builder (e.g. `image_shape`,
            `latent_dim`, `loss`); the entry's paper game arguments
            (`describe(name)`) fill in what is not given.

    Returns:
        A `ganzoo.GAN` (or a sibling model such as CycleGAN).

    Example:

    ```python
    gan = ganzoo.build("dcgan", image_shape=(32, 32, 3))
    gan.compile()
    ```
    """
    if preset is not None:  # Late import: the presets live in `serving`.
        from ganzoo.serving import presets

        return presets.build_from_preset(preset, name, **kwargs)
    return get_entry(name).build(**kwargs)


class _EntryAlias:
    # What Keras finds under a removed class's registered name: `from_config`
    # builds a `ganzoo.GAN` of that entry from the old file's config.
    def __init__(self, entry):
        self.entry = entry

    def from_config(self, config):
        from ganzoo.gan import GAN  # The engine imports this module.

        return GAN.from_config(dict(config, entry=self.entry))


def register_legacy_name(class_name, entry):
    """Makes `.keras` files naming `ganzoo>class_name` load as `GAN`s of `entry`.

    For the subclasses whose only body was their paper optimizers (now data
    on the registration): their files load, and `compile()` uses the entry's
    optimizers.

    Args:
        class_name: the removed class, e.g. `"WGANGP"`.
        entry: its registry name, e.g. `"wgan_gp"`.
    """
    import keras

    keras.saving.get_custom_objects()[f"ganzoo>{class_name}"] = _EntryAlias(entry)


def main(argv=None):
    """Prints the zoo (or the named entries) with their defaults."""
    import ganzoo.models  # noqa: F401  (the entries register on import)

    names = list(sys.argv[1:] if argv is None else argv) or list_models()
    print("\n\n".join(format_entry(name) for name in names))
    return 0


if __name__ == "__main__":
    # Run as a script this file is `__main__`; the entries register into the
    # package's `ganzoo.registry`, so print from that one.
    from ganzoo import registry

    sys.exit(registry.main())
