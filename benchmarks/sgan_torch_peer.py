"""SGAN's train step in plain PyTorch eager, for `benchmarks/sgan_speed_compare.py`.

`TorchSGAN` writes `zoo_configs/sgan_mnist.py`'s networks, losses and
updates with torch alone (the optional `[compare]` extra): Salimans et al.'s
weight-normalised MLP D with its Gaussian noise, the softplus/batch-norm G,
cross-entropy plus the real/fake loss for D, feature matching for G,
improved-gan's Adam (epsilon inside the root) and D's parameter average.
Importing this module imports no torch; building the model does.
"""

import contextlib
import time

BATCH = 100  # zoo_configs/sgan_mnist.py: 100 labeled, unlabeled and G's images.


class TorchSGAN:
    """The recipe's networks, losses and updates in PyTorch eager.

    Args:
        hidden_units: D's hidden widths.
        generator_units: G's hidden widths.
        latent_dim: size of G's U(-1, 1) noise.
        num_classes: K.
        batch_size: images per labeled, unlabeled and G batch.
    """

    def __init__(
        self,
        hidden_units=(1000, 500, 250, 250, 250),
        generator_units=(500, 500),
        latent_dim=100,
        num_classes=10,
        batch_size=BATCH,
    ):
        import torch

        self.torch = torch
        image_size = 28 * 28  # MNIST, as `zoo_configs/sgan_mnist.py`.
        self.latent_dim, self.batch_size = latent_dim, batch_size
        widths = [image_size, *hidden_units]
        # D: weight-normalised layers `(v, g, b)`, g fixed but in the logits.
        self.d_layers = [
            self._wn(i, o) for i, o in zip(widths, widths[1:], strict=False)
        ]
        self.d_layers.append(self._wn(widths[-1], num_classes))
        self.d_params = [p for v, g, b in self.d_layers for p in (v, b)]
        self.d_layers[-1][1].requires_grad_(True)
        self.d_params.append(self.d_layers[-1][1])
        # G: bias-free dense, batch norm (centre only), softplus; WN sigmoid.
        widths = [latent_dim, *generator_units]
        self.g_dense = [
            torch.nn.Linear(i, o, bias=False)
            for i, o in zip(widths, widths[1:], strict=False)
        ]
        self.g_norms = [
            torch.nn.BatchNorm1d(o, eps=1e-6, momentum=0.1, affine=False)
            for o in generator_units
        ]
        self.g_shift = [torch.zeros(o, requires_grad=True) for o in generator_units]
        v, g, b = self._wn(widths[-1], image_size, std=None)
        g.requires_grad_(True)
        self.g_out = (v, g, b)
        self.g_params = [p for d in self.g_dense for p in d.parameters()]
        self.g_params += [*self.g_shift, v, g, b]
        self.d_adam = self._adam_state(self.d_params)
        self.g_adam = self._adam_state(self.g_params)
        self.d_average = [p.detach().clone() for p in self.d_params]

    def _wn(self, fan_in, units, std=0.1):
        torch = self.torch
        if std is None:  # Glorot uniform, as G's output layer in Keras.
            limit = (6.0 / (fan_in + units)) ** 0.5
            v = torch.empty(fan_in, units).uniform_(-limit, limit)
        else:
            v = torch.randn(fan_in, units) * std
        return (
            v.requires_grad_(True),
            torch.ones(units),
            torch.zeros(units, requires_grad=True),
        )

    def _dense(self, x, layer):
        v, g, b = layer  # improved-gan's DenseLayer: scale x @ v per unit.
        return x @ v * (g / (v.square().sum(0) + 1e-6).sqrt()) + b

    def discriminator(self, images):
        torch = self.torch
        x = images.reshape(len(images), -1) * 0.5 + 0.5
        x = x + 0.3 * torch.randn_like(x)
        for layer in self.d_layers[:-1]:
            features = torch.relu(self._dense(x, layer))
            x = features + 0.5 * torch.randn_like(features)
        return self._dense(x, self.d_layers[-1]), features

    def generator(self, n):
        torch = self.torch
        x = torch.rand(n, self.latent_dim) * 2 - 1
        for dense, norm, shift in zip(
            self.g_dense, self.g_norms, self.g_shift, strict=True
        ):
            x = torch.nn.functional.softplus(norm(dense(x)) + shift)
        images = torch.sigmoid(self._dense(x, self.g_out)) * 2 - 1
        return images.reshape(n, 28, 28, 1)

    def _adam_state(self, params):
        zeros = [self.torch.zeros_like(p) for p in params]
        return dict(m=zeros, v=[z.clone() for z in zeros], t=0)

    def _adam(self, state, params, grads, lr=3e-3, beta_1=0.5, beta_2=0.999):
        # improved-gan's nn.adam_updates: p -= lr m_hat / sqrt(v_hat + 1e-8).
        torch = self.torch
        state["t"] += 1
        t = state["t"]
        with torch.no_grad():
            torch._foreach_lerp_(state["m"], grads, 1 - beta_1)
            torch._foreach_mul_(state["v"], beta_2)
            torch._foreach_addcmul_(state["v"], grads, grads, value=1 - beta_2)
            denominator = torch._foreach_div(state["v"], 1 - beta_2**t)
            torch._foreach_add_(denominator, 1e-8)
            torch._foreach_sqrt_(denominator)
            step = -lr / (1 - beta_1**t)
            torch._foreach_addcdiv_(params, state["m"], denominator, value=step)

    def step(self, labeled, labels, unlabeled, generator_unlabeled):
        """One D update then one G update; returns `(d_loss, g_loss)`."""
        torch = self.torch
        functional = torch.nn.functional
        n = self.batch_size
        with torch.no_grad():
            fake = self.generator(n)
        logits, _ = self.discriminator(torch.cat([labeled, unlabeled, fake]))
        labeled_logits, unlabeled_logits, fake_logits = logits.split(
            [len(labeled), len(unlabeled), n]
        )
        real = torch.logsumexp(unlabeled_logits, 1)
        fake_lse = torch.logsumexp(fake_logits, 1)
        unsupervised = 0.5 * (
            functional.softplus(-real).mean() + functional.softplus(fake_lse).mean()
        )
        d_loss = functional.cross_entropy(labeled_logits, labels) + unsupervised
        grads = torch.autograd.grad(d_loss, self.d_params)
        self._adam(self.d_adam, self.d_params, grads)
        with torch.no_grad():
            torch._foreach_lerp_(self.d_average, self.d_params, 1 - 0.9999)
            _, real_features = self.discriminator(generator_unlabeled)
        _, fake_features = self.discriminator(self.generator(n))
        g_loss = (real_features.mean(0) - fake_features.mean(0)).square().mean()
        grads = torch.autograd.grad(g_loss, self.g_params)
        self._adam(self.g_adam, self.g_params, grads)
        return float(d_loss.detach()), float(g_loss.detach())


def torch_side(batch_size=BATCH, warmup=3, threads=0):
    """`(model, run)`: `TorchSGAN` on a fixed batch; `run(steps)` -> seconds."""
    import torch

    if threads:
        torch.set_num_threads(threads)
        with contextlib.suppress(RuntimeError):  # Only before any parallel work.
            torch.set_num_interop_threads(threads)
    torch.manual_seed(0)
    model = TorchSGAN(batch_size=batch_size)
    images = [torch.rand(batch_size, 28, 28, 1) * 2 - 1 for _ in range(3)]
    labels = torch.randint(10, (batch_size,))
    batch = (images[0], labels, images[1], images[2])

    def run(steps):
        start = time.perf_counter()
        for _ in range(steps):
            model.step(*batch)
        return time.perf_counter() - start

    run(warmup)
    return model, run
