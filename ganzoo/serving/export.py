"""Export zoo generators as TensorFlow SavedModels with their metadata.

`export(gan, path)` saves a `tf.Module` whose `tf.function`s wrap the
generator(s), so plain TensorFlow uses it without ganzoo:

```python
m = tf.saved_model.load(path)
m.serve(latents)["images"]              # latents: float32 [n, latent_dim]
m.sample(num=16, seed=0)["images"]      # draws the latent prior in the graph
json.loads(m.metadata().numpy())        # also assets/ganzoo_metadata.json
```

`load(path_or_url)` (from `ganzoo.loading`) gives back a `LoadedGAN` whose
`generate(n, seed)` equals the exported model's `generate(n, seed)`.

Protocol: every model says what it exports: `gan.export_spec()` returns an
`ExportSpec(kind, signatures, default, metadata)` (`gan.kind` names the
kind: unconditional, conditional, translation, text). The spec types and the
common specs live beside the models, in `ganzoo.models.signatures`; `export`
writes whatever the spec declares.
"""

import contextlib
import inspect
import json
import os
import shutil
import tempfile

import tensorflow as tf

# Re-exported: the spec types and builders moved beside the models.
from ganzoo.models.signatures import (  # noqa: F401
    OUTPUT_RANGE,
    ExportSpec,
    Signature,
    conditional_spec,
    latent_prior,
    stateless_seed,
    translation_spec,
    unconditional_spec,
)
from ganzoo.serving.loading import (
    FORMAT,
    FORMAT_VERSION,
    METADATA_FILE,
    LoadedGAN,
    has_saved_model,
    load,
    make_archive,
)

__all__ = ["ExportSpec", "LoadedGAN", "Signature", "export", "load", "make_archive"]
# Attributes of the saved module that are not signatures.
_RESERVED = {"metadata", "metadata_file", "ganzoo_variables"}


def get_export_spec(gan):
    """Returns the `ExportSpec` that `gan` declares (`gan.export_spec()`)."""
    export_spec = getattr(gan, "export_spec", None)
    if export_spec is None:
        raise TypeError(
            f"Received: a {type(gan).__name__}; expected a ganzoo model, whose "
            "`export_spec()` says what it exports (see "
            "`ganzoo.models.signatures`)."
        )
    return export_spec()


def _model_config(gan):
    # Hyperparameters only: the networks' own configs are long and the
    # weights they describe are in the SavedModel anyway.
    try:
        config = gan.get_config()
    except NotImplementedError:
        return {}
    return {
        k: v
        for k, v in config.items()
        if not (isinstance(v, dict) and "class_name" in v)
    }


def _tf_function(name, signature):
    params = list(inspect.signature(signature.fn).parameters)
    if params != list(signature.inputs):
        raise ValueError(
            f"Received: signature `{name}` with parameters {params}; expected "
            f"them to be the keys of its inputs, {list(signature.inputs)}."
        )
    specs = [
        tf.TensorSpec(s.shape, s.dtype, name=k) for k, s in signature.inputs.items()
    ]
    return tf.function(signature.fn, input_signature=specs)


def _describe(structure):
    return {
        k: {"shape": t.shape.as_list(), "dtype": t.dtype.name}
        for k, t in structure.items()
    }


def export(gan, path, metadata=None, overwrite=False):
    """Writes the generator(s) of `gan` as a TensorFlow SavedModel.

    Args:
        gan: a `ganzoo.GAN` (or any model following the export protocol in
            this module's docstring).
        path: the SavedModel directory to create.
        metadata: optional dict of extra JSON-serializable facts (dataset,
            training steps, scores...) stored with the export's metadata.
        overwrite: whether to replace an existing SavedModel at `path`.

    Returns:
        The metadata dict written to `assets/ganzoo_metadata.json`.

    Example:

    ```python
    ganzoo.export(gan, "/tmp/dcgan")
    images = tf.saved_model.load("/tmp/dcgan").sample(num=16, seed=0)["images"]
    ```
    """
    path = os.fspath(path)
    if (
        os.path.exists(path)
        and os.listdir(path)
        and not (overwrite and has_saved_model(path))
    ):
        raise FileExistsError(
            f"Received: `path={path!r}`, which is not empty; expected a new "
            "folder" + ("" if overwrite else ", or `overwrite=True`") + "."
        )
    averaged = getattr(gan, "averaged_generator", None)
    # With a weight average (`g_ema_decay`) the export holds the average:
    # the functions read the variables, which hold it while they are saved.
    with averaged() if averaged else contextlib.nullcontext():
        return _export(gan, path, metadata)


def _export(gan, path, metadata):
    """Writes the SavedModel of `export` (the checks done) into `path`."""
    from ganzoo import __version__

    spec = get_export_spec(gan)
    if spec.default not in spec.signatures or _RESERVED & set(spec.signatures):
        raise ValueError(
            f"Received: an `ExportSpec` with `default={spec.default!r}` and "
            f"signatures {list(spec.signatures)}; expected the default among "
            f"them and none named {sorted(_RESERVED)}."
        )
    module = tf.Module()
    for name, trackable in spec.trackables.items():
        setattr(module, f"ganzoo_{name}", trackable)
    variables, described = {}, {}
    for name, signature in spec.signatures.items():
        function = _tf_function(name, signature)
        concrete = function.get_concrete_function()
        setattr(module, name, function)
        # The functions read these; the module must own them to save them.
        variables.update((id(v), v) for v in concrete.variables)
        described[name] = {
            "inputs": _describe(signature.inputs),
            "outputs": _describe(concrete.structured_outputs),
        }
    if "serve" not in spec.signatures:
        module.serve = getattr(module, spec.default)
    module.ganzoo_variables = list(variables.values())
    # Extra facts first: the format's own keys must not be overwritten.
    info = dict(
        metadata or {},
        format=FORMAT,
        format_version=FORMAT_VERSION,
        kind=spec.kind,
        model=gan.name,
        ganzoo_version=__version__,
        default_signature=spec.default,
        signatures=described,
        **spec.metadata,
        config=_model_config(gan),
    )
    text = json.dumps(info, indent=2, sort_keys=True, default=repr)
    signatures = {k: getattr(module, k).get_concrete_function() for k in described}
    signatures["serving_default"] = signatures[spec.default]
    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=parent, prefix=".export-") as tmp:
        asset = os.path.join(tmp, METADATA_FILE)
        with open(asset, "w", encoding="utf-8") as f:
            f.write(text)
        module.metadata_file = tf.saved_model.Asset(asset)
        module.metadata = tf.function(
            lambda: tf.io.read_file(module.metadata_file), input_signature=[]
        )
        # Written beside `path` and moved in, so a crash leaves no half export.
        staged = os.path.join(tmp, "saved_model")
        tf.saved_model.save(module, staged, signatures=signatures)
        if os.path.exists(path):
            shutil.rmtree(path)
        os.replace(staged, path)
    return json.loads(text)
