"""Types of the size arguments every zoo entry shares, checked before a build.

`ganzoo.build("dcgan", latent_dim="100")` used to fail deep inside Keras
("Cannot convert '('100',)' to a shape"), and `num_classes="10"` reported a
value the user never gave. `ganzoo.registry.ModelEntry.build` calls
`check_size_arguments` first, for every entry: a size argument of the wrong
type is one `ValueError` naming the argument and what it takes. The values
themselves (positive, even, ...) are each entry's to check.
"""

import inspect
import numbers

# Counts and sizes: one int each.
INT_ARGUMENTS = (
    "latent_dim",
    "noise_dim",
    "num_classes",
    "base_filters",
    "g_filters",
    "d_filters",
    "kernel_size",
    "pieces",
    "pack",
    "d_steps",
    "code_dim",
    "condition_dim",
    "embedding_dim",
    "text_width",
    "compress_dim",
    "num_residual",
    "num_res_blocks",
    "discriminator_layers",
    "b_channels",
    "pool_size",
    "hidden_channels",
    "num_scales",
    "couplings_per_scale",
    "final_couplings",
    "sequence_length",
    "g_stride_one_layers",
    "ae_steps",
)
# Shapes and layer widths: a tuple (or list) of ints.
TUPLE_ARGUMENTS = (
    "image_shape",
    "hidden_units",
    "g_hidden_units",
    "d_hidden_units",
    "code_hidden_units",
    "ae_hidden_units",
    "generator_units",
)


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _accepts_none(builder, name):
    try:
        parameter = inspect.signature(builder).parameters.get(name)
    except (TypeError, ValueError):
        return False
    return parameter is not None and parameter.default is None


def check_size_arguments(entry, builder, kwargs):
    """Raises `ValueError` for a size argument of the wrong type.

    Args:
        entry: the zoo entry's name, for the message.
        builder: its builder (None is accepted where the builder's default
            is None).
        kwargs: the keyword arguments the builder is about to get.

    Example:

    ```python
    check_size_arguments("dcgan", build_dcgan, {"latent_dim": "100"})
    # ValueError: Received: `latent_dim='100'` (a str) for 'dcgan'; expected an int.
    ```
    """
    for name, value in kwargs.items():
        if value is None and _accepts_none(builder, name):
            continue
        if name in INT_ARGUMENTS and not _is_int(value):
            expected = "an int" + (" or None" if _accepts_none(builder, name) else "")
        elif name in TUPLE_ARGUMENTS and not (
            isinstance(value, (tuple, list)) and all(_is_int(v) for v in value)
        ):
            example = "(28, 28, 1)" if name == "image_shape" else "(512, 512)"
            expected = f"a tuple of ints, e.g. {example}"
        else:
            continue
        raise ValueError(
            f"Received: `{name}={value!r}` (a {type(value).__name__}) for "
            f"{entry!r}; expected {expected}."
        )
