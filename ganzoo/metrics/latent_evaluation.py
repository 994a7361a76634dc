"""Interpolation and latent arithmetic, measured with a domain classifier.

DCGAN showed interpolations (smooth transitions as evidence against
memorisation) and vector arithmetic on codes; White (2016) argued for slerp
and for attribute vectors checked by a ROC curve. These functions turn the
pictures into numbers with ganzoo's MNIST / Fashion-MNIST domain classifier
(`ganzoo.metrics.classifier`). They are ganzoo's own measures: the path
length is in that classifier's 128-d features, not the LPIPS-based
perceptual path length of StyleGAN, and no published number compares.

- `interpolation_scores`: along paths between prior codes whose samples
  are classified differently, the number of class changes (ideal 1: one
  digit turns into the other once); the path length in classifier features
  and its ratio to the straight chord between the endpoints' features;
  realism of the t = 0.5 samples (FID and precision against the test set,
  beside the endpoints themselves at the same sample count), lerp against
  slerp, and the midpoints' mean code norm.
- `arithmetic_scores`: attribute vectors v(a -> b) = mean(z of class b) -
  mean(z of class a) fitted on one half of the samples; on the other half,
  the share of z (class a) + v(a -> b) classified b, the same for a random
  direction of the same norm (chance), for vectors from three exemplars per
  class (DCGAN's recipe), and the ROC AUC of the projections z . v
  separating class b from class a.

Reference: Radford et al., ICLR 2016; White, "Sampling Generative
Networks", 2016.
"""

import numpy as np
from scipy import stats

from ganzoo import latent
from ganzoo.metrics import classifier as classifier_lib
from ganzoo.metrics import distances, scores
from ganzoo.metrics.evaluate import reference_samples


def _classifier(classifier):
    if isinstance(classifier, str):
        return classifier_lib.load_domain_classifier(classifier)
    return classifier


def _flips(labels):
    return np.sum(labels[:, 1:] != labels[:, :-1], axis=1)


def interpolation_scores(
    gan,
    classifier="mnist",
    dataset="mnist",
    pairs=500,
    steps=9,
    num_midpoints=5_000,
    seed=0,
    reference=None,
):
    """Class flips, feature path length and midpoint realism, lerp and slerp.

    Args:
        gan: a built `GAN` or a loaded unconditional export / preset.
        classifier: a `DomainClassifier` or its dataset name.
        dataset: the test set the midpoints are compared with.
        pairs: paths for the flips and path lengths.
        steps: points per path, endpoints included.
        num_midpoints: pairs whose t = 0.5 samples are scored.
        seed: seed of the codes (`latent.prior_latents`).
        reference: real images to compare with; default the 10,000 test
            images of `dataset`.

    Returns:
        A dict of floats: `flips_per_path_{m}`, `path_length_{m}`,
        `path_length_ratio_{m}`, `midpoint_fid_{m}`, `midpoint_precision_{m}`,
        `midpoint_norm_{m}` for m in lerp, slerp; `midpoint_fid_endpoints`,
        `midpoint_precision_endpoints`, `endpoint_norm`; `paths_compared`.
    """
    clf = _classifier(classifier)
    z = latent.prior_latents(gan, 2 * pairs, seed=seed)
    out = {}
    for method in latent.METHODS:
        paths = latent.interpolate(z[:pairs], z[pairs:], steps, method)
        images = gan.generate(latents=paths.reshape(-1, paths.shape[-1]))
        labels = clf.predict_labels(images).reshape(pairs, steps)
        feats = clf.features(images).reshape(pairs, steps, -1)
        differ = labels[:, 0] != labels[:, -1]
        length = np.linalg.norm(np.diff(feats, axis=1), axis=-1).sum(axis=1)
        chord = np.linalg.norm(feats[:, -1] - feats[:, 0], axis=-1)
        out[f"flips_per_path_{method}"] = float(_flips(labels)[differ].mean())
        out[f"path_length_{method}"] = float(length.mean())
        out[f"path_length_ratio_{method}"] = float(
            np.mean(length[differ] / chord[differ])
        )
        out["paths_compared"] = float(differ.sum())
    reference = reference_samples(dataset) if reference is None else reference
    real = clf.features(reference)
    zm = latent.prior_latents(gan, 2 * num_midpoints, seed=seed + 1)
    ends = zm[:num_midpoints]
    candidates = {"endpoints": ends}
    for method in latent.METHODS:
        candidates[method] = (latent.slerp if method == "slerp" else latent.lerp)(
            ends, zm[num_midpoints:], 0.5
        )
    for name, codes in candidates.items():
        fake = clf.features(gan.generate(latents=codes))
        out[f"midpoint_fid_{name}"] = float(distances.frechet_distance(real, fake))
        out[f"midpoint_precision_{name}"] = float(
            scores.precision_recall(real, fake)[0]
        )
        key = "endpoint_norm" if name == "endpoints" else f"midpoint_norm_{name}"
        out[key] = float(np.linalg.norm(codes, axis=1).mean())
    return out


def arithmetic_scores(
    gan,
    classifier="mnist",
    num_samples=20_000,
    per_pair=50,
    confidence=0.9,
    exemplars=3,
    seed=0,
):
    """How well class vectors v(a -> b) move a code from class a to class b.

    Samples from the prior are classified; those classified with at least
    `confidence` are kept. Class means of the first half's codes give
    v(a -> b); the second half gives the codes moved and the ROC check.

    Args:
        gan: a built `GAN` or a loaded unconditional export / preset.
        classifier: a `DomainClassifier` or its dataset name.
        num_samples: prior samples drawn and classified.
        per_pair: held-out codes of class a moved per ordered pair (a, b).
        confidence: least top-class probability for a sample to count.
        exemplars: codes per class averaged for DCGAN-style vectors.
        seed: seed of the codes and of the random directions.

    Returns:
        A dict of floats: `arithmetic_success` (mean over ordered pairs),
        `arithmetic_success_random`, `arithmetic_success_exemplars`,
        `arithmetic_auc`, `arithmetic_pairs`.
    """
    clf = _classifier(classifier)
    z = latent.prior_latents(gan, num_samples, seed=seed)
    probs = clf.predict_proba(gan.generate(latents=z))
    labels = np.where(probs.max(axis=1) >= confidence, probs.argmax(axis=1), -1)
    half = num_samples // 2
    fit, held = (z[:half], labels[:half]), (z[half:], labels[half:])
    classes = [
        k
        for k in range(probs.shape[1])
        if (fit[1] == k).sum() >= exemplars and (held[1] == k).sum() >= 2
    ]
    few = {
        k: latent.average_exemplars(fit[0][fit[1] == k][:exemplars], 0) for k in classes
    }
    rng = np.random.default_rng(seed)
    moved, targets, aucs = {"class": [], "random": [], "exemplars": []}, [], []
    for a in classes:
        za = held[0][held[1] == a]
        for b in classes:
            if a == b:
                continue
            v = latent.attribute_vector(fit[0][fit[1] == b], fit[0][fit[1] == a])
            src = za[:per_pair]
            direction = rng.normal(size=v.shape)
            direction *= np.linalg.norm(v) / np.linalg.norm(direction)
            moved["class"].append(src + v)
            moved["random"].append(src + direction.astype(np.float32))
            moved["exemplars"].append(src + (few[b] - few[a]))
            targets.append(np.full(len(src), b))
            zb = held[0][held[1] == b]
            u = stats.mannwhitneyu(zb @ v, za @ v).statistic
            aucs.append(u / (len(zb) * len(za)))
    targets = np.concatenate(targets)
    out = {"arithmetic_auc": float(np.mean(aucs)), "arithmetic_pairs": float(len(aucs))}
    for name, codes in moved.items():
        pred = clf.predict_labels(gan.generate(latents=np.concatenate(codes)))
        key = "arithmetic_success" + ("" if name == "class" else f"_{name}")
        out[key] = float(np.mean(pred == targets))
    return out
