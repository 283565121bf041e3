"""PyTorch twin of diffdyn's network benchmark (src/test/java/org/diffdyn/bench/NetsBench.java).

The same architectures as org.diffdyn.nets.MlpUNet (CPU preset) and ConvUNet (CPU preset), the same EDM loss and Adam,
batch 256 on 28x28 (Fashion-MNIST-sized) Gaussian data, 2 threads. Prints one line per measurement:
    torch <name> <images per second>
Run: python3 src/test/python/nets_bench.py [--iterations 3] [--steps 5]
"""
import argparse
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Fourier(nn.Module):
    def __init__(self, half, scale=1.0, positional=False):
        super().__init__()
        if positional:
            w = torch.tensor([(1e-4 ** (i / half)) / (2 * math.pi) for i in range(half)])
        else:
            w = torch.randn(half) * scale
        self.register_buffer("w", w)

    def forward(self, c):
        a = c[:, None] * self.w[None, :] * (2 * math.pi)
        return torch.cat([a.sin(), a.cos()], 1)


class MlpBlock(nn.Module):
    def __init__(self, i, o, e):
        super().__init__()
        self.norm0, self.fc0 = nn.LayerNorm(i), nn.Linear(i, o)
        self.affine, self.norm1, self.fc1 = nn.Linear(e, 2 * o), nn.LayerNorm(o), nn.Linear(o, o)
        self.skip = nn.Linear(i, o) if i != o else None

    def forward(self, x, e):
        h = self.fc0(F.silu(self.norm0(x)))
        scale, shift = self.affine(e).chunk(2, 1)
        h = self.fc1(F.silu(self.norm1(h) * (scale + 1) + shift))
        return h + (self.skip(x) if self.skip is not None else x)


class MlpUNet(nn.Module):
    def __init__(self, d, layers=5, width=256, temb=128):
        super().__init__()
        self.embed = Fourier(temb // 2)
        self.blocks = nn.ModuleList([MlpBlock(d if i == 0 else width, width, temb) for i in range(layers - 1)])
        self.head = nn.Linear(width, d)

    def forward(self, x, c):
        e = self.embed(c)
        for b in self.blocks:
            x = b(x, e)
        return self.head(x)


def groups(c):
    return max(1, min(32, c // 4))


class Res(nn.Module):
    def __init__(self, i, o, e):
        super().__init__()
        self.gn0, self.conv0 = nn.GroupNorm(groups(i), i), nn.Conv2d(i, o, 3, padding=1)
        self.affine = nn.Linear(e, o)
        self.gn1, self.conv1 = nn.GroupNorm(groups(o), o), nn.Conv2d(o, o, 3, padding=1)
        self.skip = nn.Conv2d(i, o, 1) if i != o else None

    def forward(self, x, e):
        h = self.conv0(F.silu(self.gn0(x))) + self.affine(e)[:, :, None, None]
        h = self.conv1(F.silu(self.gn1(h)))
        return (h + (self.skip(x) if self.skip is not None else x)) * math.sqrt(0.5)


class ConvUNet(nn.Module):
    """CPU preset: 32 channels, levels 1-2, one block per level, no attention."""

    def __init__(self, cin=1, ch=32, mult=(1, 2), blocks=1):
        super().__init__()
        emb = 4 * ch
        self.embed = Fourier(ch // 2, positional=True)
        self.map0, self.map1 = nn.Linear(ch, emb), nn.Linear(emb, emb)
        self.inp = nn.Conv2d(cin, ch, 3, padding=1)
        skips, cur = [ch], ch
        self.enc = nn.ModuleList()
        for l, m in enumerate(mult):
            for _ in range(blocks):
                self.enc.append(Res(cur, ch * m, emb))
                cur = ch * m
                skips.append(cur)
            if l < len(mult) - 1:
                skips.append(cur)
        self.mid0, self.mid1 = Res(cur, cur, emb), Res(cur, cur, emb)
        self.dec = nn.ModuleList()
        for l in reversed(range(len(mult))):
            for _ in range(blocks + 1):
                self.dec.append(Res(cur + skips.pop(), ch * mult[l], emb))
                cur = ch * mult[l]
        self.mult, self.blocks = mult, blocks
        self.out_norm, self.out = nn.GroupNorm(groups(cur), cur), nn.Conv2d(cur, cin, 3, padding=1)

    def forward(self, x, c):
        e = F.silu(self.map1(F.silu(self.map0(self.embed(c)))))
        h = self.inp(x)
        skips, k = [h], 0
        for l in range(len(self.mult)):
            for _ in range(self.blocks):
                h = self.enc[k](h, e); k += 1
                skips.append(h)
            if l < len(self.mult) - 1:
                h = F.avg_pool2d(h, 2)
                skips.append(h)
        h = self.mid1(self.mid0(h, e), e)
        k = 0
        for l in reversed(range(len(self.mult))):
            for _ in range(self.blocks + 1):
                h = self.dec[k](torch.cat([h, skips.pop()], 1), e); k += 1
            if l > 0:
                h = h.repeat_interleave(2, 2).repeat_interleave(2, 3)
        return self.out(F.silu(self.out_norm(h)))


def denoise(net, x, sigma, sd=0.5):
    s = sigma.view([-1] + [1] * (x.ndim - 1))
    c_skip = sd ** 2 / (s ** 2 + sd ** 2)
    c_out = s * sd / (s ** 2 + sd ** 2).sqrt()
    c_in = 1 / (s ** 2 + sd ** 2).sqrt()
    return c_skip * x + c_out * net(c_in * x, sigma.log() / 4)


def train_rate(net, shape, steps, batch=256, n=1000):
    opt = torch.optim.Adam(net.parameters(), 1e-4)
    data = torch.randn((n,) + shape)

    def step():
        x0 = data[torch.randint(0, n, (batch,))]
        sigma = (torch.randn(batch) * 1.2 - 1.2).exp()
        s = sigma.view([-1] + [1] * len(shape))
        d = denoise(net, x0 + torch.randn_like(x0) * s, sigma)
        loss = ((s ** 2 + 0.25) / (s * 0.5) ** 2 * (d - x0) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()

    step()  # warm-up
    t = time.perf_counter()
    for _ in range(steps):
        step()
    return steps * batch / (time.perf_counter() - t)


@torch.no_grad()
def sample_rate(net, shape, n=256, steps=20, smin=0.002, smax=80.0, rho=7.0):
    ts = [(smax ** (1 / rho) + i / (steps - 1) * (smin ** (1 / rho) - smax ** (1 / rho))) ** rho for i in range(steps)] + [0.0]
    t0 = time.perf_counter()
    x = torch.randn((n,) + shape) * ts[0]
    for i in range(steps):
        d = (x - denoise(net, x, torch.full((n,), ts[i]))) / ts[i]
        nxt = x + (ts[i + 1] - ts[i]) * d
        if ts[i + 1] > 0:
            d2 = (nxt - denoise(net, nxt, torch.full((n,), ts[i + 1]))) / ts[i + 1]
            nxt = x + (ts[i + 1] - ts[i]) * 0.5 * (d + d2)
        x = nxt
    return n / (time.perf_counter() - t0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=3)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    mlp, cnn = MlpUNet(784), ConvUNet()
    for _ in range(a.iterations):
        print("torch mlpTrain %.1f" % train_rate(mlp, (784,), a.steps), flush=True)
        print("torch cnnTrain %.1f" % train_rate(cnn, (1, 28, 28), a.steps), flush=True)
        print("torch mlpSample %.1f" % sample_rate(mlp, (784,)), flush=True)
        print("torch cnnSample %.1f" % sample_rate(cnn, (1, 28, 28), steps=5), flush=True)


if __name__ == "__main__":
    main()
