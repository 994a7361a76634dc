"""SavedModel export of every zoo entry: round trips, plain TF, URLs, errors."""

import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile

import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

import ganzoo
from ganzoo.serving import images as images_lib

# From the module: `ganzoo.export` itself is the function.
from ganzoo.serving.export import export, load, make_archive

MODELS = ganzoo.list_models()
N, SEED = 5, 3
# Graph-mode kernels (fused by grappler) may round differently from eager.
ATOL = 1e-5

# Runs in a fresh interpreter that never imports ganzoo: only TensorFlow and
# the exported files, as a user without ganzoo would.
PLAIN_TF = textwrap.dedent(
    """
    import json, sys
    import numpy as np
    import tensorflow as tf

    for folder in sys.argv[1:]:
        m = tf.saved_model.load(folder)
        meta = json.loads(m.metadata().numpy())
        inputs = dict(np.load(folder + ".inputs.npz"))
        out = {}
        if meta["kind"] == "translation":
            for d in meta["directions"]:
                out[d] = getattr(m, d)(images=inputs[d])["images"]
            out["serving_default"] = m.signatures["serving_default"](
                images=inputs[meta["directions"][0]])["images"]
        else:
            serve = {k: v for k, v in inputs.items() if k in ("latents", "labels")}
            out["serve"] = m.serve(**serve)["images"]
            out["serving_default"] = m.signatures["serving_default"](
                **serve)["images"]
            sample = {"seed": tf.constant(int(inputs["seed"]))}
            if "labels" in inputs:
                sample["labels"] = inputs["labels"]
            else:
                sample["num"] = tf.constant(len(inputs["latents"]))
            out["sample"] = m.sample(**sample)["images"]
        np.savez(folder + ".outputs.npz", **{k: v.numpy() for k, v in out.items()})
    assert "ganzoo" not in sys.modules, "ganzoo was imported"
    """
)


def _reference(gan, kind):
    """Inputs for the plain-TF script and what `gan` itself returns on them."""
    rng = np.random.default_rng(0)
    if kind == "translation":
        inputs, expected = {}, {}
        for direction, net in gan.generators.items():
            shape = (N, *net.inputs[0].shape[1:])
            inputs[direction] = rng.uniform(-1, 1, shape).astype(np.float32)
            expected[direction] = gan.translate(inputs[direction], direction)
        expected["serving_default"] = expected["a2b"]
        return inputs, expected
    latents = np.asarray(gan.sample_latent(N, seed=SEED))
    inputs = {"latents": latents, "seed": np.int32(SEED)}
    if kind == "conditional":
        inputs["labels"] = rng.integers(gan.num_classes, size=N).astype(np.int32)
        served = gan.generator([latents, inputs["labels"]], training=False)
        sampled = gan.generate(N, seed=SEED, labels=inputs["labels"])
    else:
        served = gan.generator(latents, training=False)
        sampled = gan.generate(N, seed=SEED)
    served = np.asarray(served)
    return inputs, {"serve": served, "serving_default": served, "sample": sampled}


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """name -> (gan, export folder or None, expected outputs or skip reason).

    All entries are exported first so that one plain-TF subprocess (one
    TensorFlow start-up) checks them all.
    """
    root = tmp_path_factory.mktemp("exports")
    results = {}
    for name in MODELS:
        gan = ganzoo.build(name, seed=1, **ganzoo.get_entry(name).smoke_kwargs)
        path = root / name
        try:
            metadata = export(gan, path)
        except NotImplementedError as error:
            results[name] = (gan, None, f"{name}: export protocol: {error}")
            continue
        inputs, expected = _reference(gan, metadata["kind"])
        np.savez(f"{path}.inputs.npz", **inputs)
        results[name] = (gan, path, expected)
    folders = [str(p) for _, p, _ in results.values() if p is not None]
    subprocess.run(
        [sys.executable, "-c", PLAIN_TF, *folders],
        check=True,
        cwd=root,  # Not the repository: `ganzoo` must not be importable by path.
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
        timeout=300,
    )
    return results


def _exported(exports, name):
    gan, path, expected = exports[name]
    if path is None:
        pytest.skip(expected)
    return gan, path, expected


def test_public_api():
    assert ganzoo.export is export
    assert ganzoo.load is load


@pytest.mark.parametrize("name", MODELS)
def test_plain_tensorflow_matches_the_model(exports, name):
    _, path, expected = _exported(exports, name)
    outputs = np.load(f"{path}.outputs.npz")
    assert set(outputs) == set(expected)
    for key, value in expected.items():
        np.testing.assert_allclose(outputs[key], value, atol=ATOL, err_msg=key)


@pytest.mark.parametrize("name", MODELS)
def test_load_round_trip(exports, name):
    gan, path, _ = _exported(exports, name)
    loaded = load(path)
    assert loaded.metadata["model"] == gan.name
    assert loaded.metadata["ganzoo_version"] == ganzoo.__version__
    assert loaded.metadata == json.loads(loaded.module.metadata().numpy())
    if loaded.kind == "translation":
        assert loaded.metadata["directions"] == ["a2b", "b2a"]
        x = np.random.default_rng(1).uniform(-1, 1, (3, *gan.image_shape))
        np.testing.assert_allclose(
            loaded.translate(x, "a2b"), gan.translate(x, "a2b"), atol=ATOL
        )
        with pytest.raises(ValueError, match="translate"):
            loaded.generate(2, seed=0)
        return
    assert loaded.metadata["latent_dim"] == gan.latent_dim
    assert loaded.metadata["latent_distribution"] == gan.latent_distribution
    assert tuple(loaded.metadata["output_shape"]) == gan.image_shape
    assert loaded.metadata["output_range"] == [-1.0, 1.0]
    # Identical noise: the in-graph prior is keras.random's, seed rule included.
    for seed in (0, SEED, -7, 2**33 + 5):
        np.testing.assert_array_equal(
            loaded.module.sample_latent(num=4, seed=seed % (2**31 - 2))["latents"],
            gan.sample_latent(4, seed=seed),
        )
    np.testing.assert_allclose(
        loaded.generate(N, seed=SEED, batch_size=2),
        gan.generate(N, seed=SEED, batch_size=2),
        atol=ATOL,
    )
    assert loaded.generate(0).shape == (0, *gan.image_shape)
    if loaded.kind == "conditional":
        assert loaded.metadata["num_classes"] == gan.num_classes
        assert len(loaded.metadata["class_names"]) == gan.num_classes
        np.testing.assert_allclose(
            loaded.generate(N, seed=SEED, labels=2),
            gan.generate(N, seed=SEED, labels=2),
            atol=ATOL,
        )
        with pytest.raises(ValueError, match="labels"):
            loaded.generate(2, seed=0, labels=gan.num_classes)


@pytest.fixture(scope="module")
def dcgan_export(exports):
    return _exported(exports, "dcgan")[:2]


def test_file_url_with_sha256_downloads_once(dcgan_export, tmp_path):
    gan, path = dcgan_export
    archive = tmp_path / "dcgan.tar.gz"
    sha256 = make_archive(path, archive)
    url, cache = archive.as_uri(), tmp_path / "cache"
    loaded = load(url, sha256=sha256, cache_dir=cache)
    np.testing.assert_allclose(loaded.generate(3, seed=0), gan.generate(3, seed=0))
    archive.unlink()  # A second load must come from the cache.
    again = load(url, sha256=sha256, cache_dir=cache)
    assert again.path == loaded.path


def test_zip_url_with_the_model_at_its_top(dcgan_export, tmp_path):
    _, path = dcgan_export
    archive = tmp_path / "model.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for folder, _, files in os.walk(path):
            for f in files:
                full = os.path.join(folder, f)
                z.write(full, os.path.relpath(full, path))
    loaded = load(archive.as_uri(), cache_dir=tmp_path / "cache")
    assert loaded.metadata["model"] == "dcgan"


def test_wrong_sha256_is_refused(dcgan_export, tmp_path):
    _, path = dcgan_export
    archive = tmp_path / "dcgan.tar.gz"
    make_archive(path, archive)
    with pytest.raises(ValueError, match="Refused .*dcgan.tar.gz.*sha256"):
        load(archive.as_uri(), sha256="0" * 64, cache_dir=tmp_path)


@pytest.mark.parametrize(
    "damage, message",
    [
        ("no_pb", "not a SavedModel: saved_model.pb is missing"),
        ("garbage_pb", "Could not load the SavedModel at"),
        ("no_variables", "Could not load the SavedModel at"),
        ("no_metadata", "not a ganzoo export: assets/ganzoo_metadata.json"),
        ("bad_metadata", "expected the JSON metadata of a ganzoo export"),
    ],
)
def test_damaged_export_gives_a_clear_error(dcgan_export, tmp_path, damage, message):
    path = tmp_path / "damaged"
    shutil.copytree(dcgan_export[1], path)
    if damage == "no_pb":
        (path / "saved_model.pb").unlink()
    elif damage == "garbage_pb":
        (path / "saved_model.pb").write_bytes(b"not a protocol buffer")
    elif damage == "no_variables":
        shutil.rmtree(path / "variables")
    elif damage == "no_metadata":
        (path / "assets" / "ganzoo_metadata.json").unlink()
    else:
        (path / "assets" / "ganzoo_metadata.json").write_text("{}")
    with pytest.raises(ValueError, match=message) as info:
        load(path)
    assert str(path) in str(info.value)


def test_non_ganzoo_saved_model_is_refused(tmp_path):
    module = tf.Module()
    module.serve = tf.function(lambda x: x + 1, [tf.TensorSpec([None], tf.float32)])
    tf.saved_model.save(module, str(tmp_path / "other"))
    with pytest.raises(ValueError, match="SavedModel but not a ganzoo export"):
        load(tmp_path / "other")
    with pytest.raises(FileNotFoundError, match="no such folder"):
        load(tmp_path / "missing")


def test_export_refuses_to_overwrite_by_default(dcgan_export):
    gan, path = dcgan_export
    with pytest.raises(FileExistsError, match="overwrite=True"):
        export(gan, path)


def test_sample_binary_writes_the_grid_and_checks_labels(exports, tmp_path):
    _, path, _ = _exported(exports, "cgan")
    out = tmp_path / "grid.png"
    command = [sys.executable, "-m", "ganzoo.sample", f"--model={path}"]
    args = ["--num=6", f"--out={out}", "--seed=0", "--labels=4", "--scale=2"]
    # Both at once, to overlap the two TensorFlow start-ups.
    good = subprocess.Popen(command + args)
    bad = subprocess.Popen(
        command + ["--num=2", "--labels=99"], stderr=subprocess.PIPE, text=True
    )
    _, stderr = bad.communicate(timeout=120)
    assert good.wait(timeout=120) == 0
    assert bad.returncode == 2 and "expected integers in [0, 10)" in stderr
    samples = load(path).generate(6, seed=0, labels=4)
    grid = images_lib.image_grid(samples).repeat(2, axis=0).repeat(2, axis=1)
    np.testing.assert_array_equal(np.asarray(Image.open(out)), grid[..., 0])
