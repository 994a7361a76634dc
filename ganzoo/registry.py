"""Name -> model builder registry.

A zoo entry registers itself with `@register("name")`; there is no central
table to edit. Duplicate names raise at import time and unknown names list
what is available, so typos fail loudly.
"""

import dataclasses
from collections.abc import Callable
from typing import Any

_REGISTRY: dict[str, "ModelEntry"] = {}


@dataclasses.dataclass(frozen=True)
class ModelEntry:
    """A registered zoo entry.

    Args:
        name: registry name, e.g. `"dcgan"`.
        builder: callable returning a `ganzoo.GAN` from keyword arguments.
        smoke_kwargs: keyword arguments for a tiny build (seconds on a CPU),
            used by the registry-driven test sweep and `:smoke` configs.
        paper: the reference the entry reproduces.
    """

    name: str
    builder: Callable[..., Any]
    smoke_kwargs: dict
    paper: str


def register(name, *, smoke_kwargs=None, paper=""):
    """Registers a model builder under `name`.

    Args:
        name: the registry name. Must be unique.
        smoke_kwargs: keyword arguments that build a tiny version of the model.
        paper: citation of the paper the entry follows.

    Returns:
        A decorator that registers the builder and returns it unchanged.

    Example:

    ```python
    @ganzoo.register("my_gan", smoke_kwargs={"latent_dim": 4})
    def build_my_gan(image_shape=(28, 28, 1), latent_dim=100):
        ...
    ```
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"Received: `name={name!r}`; expected a non-empty string.")

    def decorator(builder):
        if name in _REGISTRY:
            existing = _REGISTRY[name].builder
            raise ValueError(
                f"Received: `name={name!r}` for {builder.__module__}."
                f"{builder.__qualname__}; expected a new name, but it is "
                f"already registered by {existing.__module__}."
                f"{existing.__qualname__}."
            )
        _REGISTRY[name] = ModelEntry(name, builder, dict(smoke_kwargs or {}), paper)
        return builder

    return decorator


def list_models():
    """Returns the sorted names of all registered zoo entries.

    Example:

    >>> ganzoo.list_models()[:3]
    ['dcgan', 'lsgan', 'vanilla']
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


def build(name, **kwargs):
    """Builds the zoo entry `name`.

    Args:
        name: a registered name, see `list_models()`.
        **kwargs: forwarded to the entry's builder (e.g. `image_shape`,
            `latent_dim`, `loss`).

    Returns:
        A `ganzoo.GAN` (a `keras.Model` with its own `train_step`).

    Example:

    ```python
    gan = ganzoo.build("dcgan", image_shape=(32, 32, 3))
    gan.compile()
    ```
    """
    return get_entry(name).builder(**kwargs)
