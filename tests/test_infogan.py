"""InfoGAN: the information loss, Q's data, the code's evaluator, a smoke run."""

import math
import os
import sys
import types

import numpy as np
import pytest
import tensorflow as tf

import ganzoo
from ganzoo.models.infogan import evaluation
from ganzoo.objectives import infogan as losses

SMOKE = ganzoo.get_entry("infogan").smoke_kwargs


def _log_softmax(logits):
    logits = np.asarray(logits, np.float64)
    return logits - np.log(np.exp(logits).sum(-1, keepdims=True))


def test_information_loss_matches_a_hand_computation():
    codes = np.array([0, 2])
    logits = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 2.0]])
    continuous = np.array([[0.5, -0.5], [1.0, 0.0]])
    means = np.array([[0.0, 0.0], [0.5, 0.5]])
    cross_entropy = -np.mean(_log_softmax(logits)[[0, 1], codes])
    # log N(c; mu, 1) summed over the 2 dimensions, averaged over the batch.
    nll = np.mean(0.5 * ((continuous - means) ** 2).sum(1) + math.log(2 * math.pi))
    loss = losses.infogan_mutual_information_loss(
        codes, logits, continuous, means, categorical_weight=1.0, continuous_weight=0.5
    )
    np.testing.assert_allclose(float(loss), cross_entropy + 0.5 * nll, rtol=1e-6)
    only_categorical = losses.infogan_mutual_information_loss(codes, logits)
    np.testing.assert_allclose(float(only_categorical), cross_entropy, rtol=1e-6)
    bound = losses.categorical_information(codes, logits, 3)
    np.testing.assert_allclose(float(bound), math.log(3) - cross_entropy, rtol=1e-6)
    # A learned std: -log N(c; mu, sigma) = 0.5 ((c - mu) / sigma)^2 + log sigma + ...
    log_stds = np.full_like(means, math.log(2.0))
    expected = np.mean(
        (0.125 * (continuous - means) ** 2 + math.log(2.0)).sum(1)
        + math.log(2 * math.pi)
    )
    got = losses.gaussian_code_nll(continuous, means, log_stds)
    np.testing.assert_allclose(float(got), expected, rtol=1e-6)
    with pytest.raises(ValueError, match="only one of `continuous_codes`"):
        losses.infogan_mutual_information_loss(codes, logits, continuous)


def _q_variables(gan):
    return [v for v in gan.discriminator.trainable_variables if "q_" in v.path]


def test_q_sees_only_generated_samples():
    gan = ganzoo.build("infogan", seed=3, **SMOKE)
    real = tf.constant(gan.synthetic_batch(6))
    q_vars = _q_variables(gan)
    assert len(q_vars) == 8  # q_dense, q_bn (gamma, beta), two heads.
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(real)
        loss, logs = gan.discriminator_objective({"real": real})
    # The information term never reads the real batch...
    assert tape.gradient(logs["info_loss"], real) is None
    # ...and the part that does (D's loss) never reaches Q's own layers.
    assert all(g is None for g in tape.gradient(logs["d_loss"], q_vars))
    assert np.any(tape.gradient(logs["d_loss"], real).numpy() != 0)
    q_grads = tape.gradient(loss, q_vars)
    assert all(g is not None and np.any(g.numpy() != 0) for g in q_grads)


def test_codes_are_drawn_uniformly_and_fix_what_they_say():
    gan = ganzoo.build("infogan", seed=0, **SMOKE)
    latents, codes = gan.sample_codes(5000)
    counts = np.bincount(codes.numpy(), minlength=gan.num_classes)
    assert counts.min() > 400 and counts.max() < 600  # 500 expected each.
    assert latents.shape == (5000, gan.noise_dim + gan.num_continuous)
    assert np.all(np.abs(latents.numpy()) <= 1.0)  # U(-1, 1), as the code.
    fixed = gan.generate(4, seed=1, labels=2, continuous=[0.25, -0.5])
    z = np.array(gan.sample_latent(4, seed=1))
    z[:, gan.noise_dim :] = [0.25, -0.5]
    by_hand = gan.generator([z, np.full(4, 2, np.int32)], training=False)
    np.testing.assert_allclose(fixed, by_hand, atol=1e-6)
    with pytest.raises(ValueError, match=r"`continuous` of shape \(3,\)"):
        gan.generate(4, seed=1, continuous=[0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="not conditional; expected images only"):
        gan.unpack_batch((gan.synthetic_batch(2), np.zeros(2, np.int32)))


def _samples(confusion):
    codes, classes = np.nonzero(confusion)
    counts = confusion[codes, classes]
    return np.repeat(codes, counts), np.repeat(classes, counts)


def test_hungarian_mapping_on_a_constructed_confusion():
    # Codes 0 and 1 both lean to class 0: the one-to-one assignment gives
    # code 1 class 0 (6) and code 0 class 1 (4): 13 of 18 right, where the
    # argmax of each row would map both to class 0.
    confusion = np.array([[5, 4, 0], [6, 0, 0], [0, 0, 3]])
    codes, classes = _samples(confusion)
    result = evaluation.hungarian_error(codes, classes, 3, 3)
    np.testing.assert_array_equal(result["confusion"], confusion)
    np.testing.assert_array_equal(result["mapping"], [1, 0, 2])
    assert result["error"] == pytest.approx(5 / 18)
    # More code values than classes: one value is left unmatched (-1).
    codes, classes = _samples(np.array([[4, 0], [0, 3], [2, 1]]))
    result = evaluation.hungarian_error(codes, classes, 3, 2)
    np.testing.assert_array_equal(result["mapping"], [0, 1, -1])
    assert result["error"] == pytest.approx(3 / 10)


def test_the_evaluator_maps_a_permuted_code_to_zero_error(monkeypatch):
    # A generator whose code k draws digit (k + 3) % 10, read by a classifier
    # stub: a relabelled code is a perfect one. Noise flips 10% of code 0.
    class Generator:
        num_classes = 10

        def generate(self, n, seed, labels):
            images = np.zeros((n, 28, 28, 1), np.float32)
            images[:, 0, 0, 0] = (np.asarray(labels) + 3) % 10
            images[np.flatnonzero(np.asarray(labels) == 0)[::10], 0, 0, 0] = 9
            return images

    classifier = types.SimpleNamespace(
        predict_labels=lambda images: images[:, 0, 0, 0].astype(np.int64),
        model=types.SimpleNamespace(output_shape=(None, 10)),
    )
    monkeypatch.setattr(
        evaluation.metrics, "load_domain_classifier", lambda _: classifier
    )
    domain = dict(fid_domain=1.0, kid_domain=0.1, precision=0.9, recall=0.8)
    monkeypatch.setattr(evaluation.evaluators, "domain_fid", lambda *a, **k: domain)
    evaluator = ganzoo.metrics.get_evaluator("categorical_code_error")
    scores = evaluator(Generator(), {"name": "mnist"}, samples_per_code=20)
    assert set(scores) == set(evaluation.KEYS)
    assert scores["categorical_code_error"] == pytest.approx(2 / 200)
    assert np.isnan(scores["q_test_error"])  # No Q: e.g. a loaded export.
    assert {k: scores[k] for k in domain} == domain


def test_the_smoke_config_trains_and_reports_the_information(tmp_path, data_dir):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from ganzoo.training import train
    from zoo_configs import infogan_mnist

    config = infogan_mnist.get_config("smoke")
    config.train.update(verbose=0, jit_compile=False)
    result = train(config, str(tmp_path))
    assert result.step == 20
    assert np.isfinite(result.d_loss) and np.isfinite(result.g_loss)
    logged = {m.name: float(m.result()) for m in result.gan.metrics}
    assert {"info_loss", "mi_categorical"} <= set(logged)
    assert all(np.isfinite(v) for v in logged.values())
    images = result.gan.generate(10, seed=0, labels=np.arange(10))
    assert images.shape == (10, 28, 28, 1) and np.all(np.abs(images) <= 1)
