"""Reference training step for `imat bench train`: native PyTorch, the loop a Python team runs.

ARCH "resnet50" / "resnet18": torchvision's networks (ResNet v1.5: stride on the 3x3 convolution,
no convolution biases). ARCH "keras_resnet50": Keras' ResNet50, the network imat trains (ResNet
v1: stride on the first 1x1 convolution, convolution biases, batch-norm epsilon 1.001e-5), written
here in PyTorch so that both sides compute the same thing. A 381-way linear head, BCE with logits,
Adam, random pictures. Prints one JSON object: {"imagesPerSecond": ..., "threads": ..., ...}.
MODE "infer" (for `imat bench embed`) times the forward pass to the pooled features instead, in
eval mode under torch.no_grad(): what a Python team runs to predict or embed.
MODE "profile" (for `imat bench train --profile`) times the step's phases (forward, loss, backward,
optimizer) separately and adds PyTorch's own profiler's self CPU time per operator, summed over the
timed steps: {"phases": {...}, "ops": {...}}.
MODE "bf16" times the step under torch.autocast("cpu", dtype=torch.bfloat16), fp32 weights and
optimizer, what a Python team runs for mixed precision on a CPU.
Usage: python3 reference_train.py SIZE BATCH THREADS STEPS [ARCH [MODE]]
"""
import json
import sys
import time

import torch
import torchvision
from torch import nn


class KerasBottleneck(nn.Module):
    def __init__(self, cin, filters, stride, project):
        super().__init__()
        out = filters * 4
        self.conv1 = nn.Conv2d(cin, filters, 1, stride=stride, bias=True)
        self.bn1 = nn.BatchNorm2d(filters, eps=1.001e-5)
        self.conv2 = nn.Conv2d(filters, filters, 3, padding=1, bias=True)
        self.bn2 = nn.BatchNorm2d(filters, eps=1.001e-5)
        self.conv3 = nn.Conv2d(filters, out, 1, bias=True)
        self.bn3 = nn.BatchNorm2d(out, eps=1.001e-5)
        self.relu = nn.ReLU(inplace=True)
        self.shortcut = None
        if project:
            self.shortcut = nn.Sequential(
                nn.Conv2d(cin, out, 1, stride=stride, bias=True),
                nn.BatchNorm2d(out, eps=1.001e-5))

    def forward(self, x):
        s = x if self.shortcut is None else self.shortcut(x)
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return self.relu(y + s)


def keras_resnet50(num_classes):
    layers = [nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=True),
              nn.BatchNorm2d(64, eps=1.001e-5), nn.ReLU(inplace=True),
              nn.MaxPool2d(3, stride=2, padding=1)]
    cin = 64
    for stage, (filters, units) in enumerate([(64, 3), (128, 4), (256, 6), (512, 3)]):
        for u in range(units):
            stride = 2 if (u == 0 and stage > 0) else 1
            layers.append(KerasBottleneck(cin, filters, stride, u == 0))
            cin = filters * 4
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.5),
               nn.Linear(cin, num_classes)]
    return nn.Sequential(*layers)


size, batch, threads, steps = (int(a) for a in sys.argv[1:5])
arch = sys.argv[5] if len(sys.argv) > 5 else "resnet50"
mode = sys.argv[6] if len(sys.argv) > 6 else "train"
torch.set_num_threads(threads)
torch.manual_seed(0)


def report(seconds):
    seconds.sort()
    median = seconds[len(seconds) // 2]
    print(json.dumps({"imagesPerSecond": batch / median, "threads": threads,
                      "torch": torch.__version__, "arch": arch, "size": size, "batch": batch,
                      "mode": mode}))


if mode == "infer":
    if arch == "keras_resnet50":
        features = nn.Sequential(*list(keras_resnet50(381))[:-2])  # without dropout and head
    else:
        features = getattr(torchvision.models, arch)(num_classes=381)
        features.fc = nn.Identity()
    features.eval()
    x = torch.randn(batch, 3, size, size)
    times = []
    with torch.no_grad():
        features(x)
        for _ in range(steps):
            t0 = time.perf_counter()
            features(x)
            times.append(time.perf_counter() - t0)
    report(times)
    sys.exit(0)

if arch == "keras_resnet50":
    model = keras_resnet50(381)
else:
    model = getattr(torchvision.models, arch)(num_classes=381)
model.train()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.BCEWithLogitsLoss()
x = torch.randn(batch, 3, size, size)
y = (torch.rand(batch, 381) < 0.02).float()


def step():
    opt.zero_grad(set_to_none=True)
    if mode == "bf16":
        with torch.autocast("cpu", dtype=torch.bfloat16):
            loss = loss_fn(model(x), y)
    else:
        loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()


if mode == "profile":
    for _ in range(3):
        step()
    names = ("forward", "loss", "backward", "optimizer")
    laps = {n: [] for n in names}

    def timed_step():
        opt.zero_grad(set_to_none=True)
        t = [time.perf_counter()]
        logits = model(x)
        t.append(time.perf_counter())
        loss = loss_fn(logits, y)
        t.append(time.perf_counter())
        loss.backward()
        t.append(time.perf_counter())
        opt.step()
        t.append(time.perf_counter())
        return t

    for _ in range(steps):
        t = timed_step()
        for i, n in enumerate(names):
            laps[n].append(t[i + 1] - t[i])
    # The operator profile runs apart, so its overhead stays out of the phase times.
    profiled = 3
    with torch.autograd.profiler.profile() as prof:
        for _ in range(profiled):
            timed_step()
    ops = {}
    for e in prof.key_averages():
        ops[e.key] = {"selfSeconds": e.self_cpu_time_total / 1e6 / profiled,
                      "calls": e.count / profiled}
    print(json.dumps({"phases": {n: sorted(v)[len(v) // 2] for n, v in laps.items()},
                      "ops": ops, "threads": threads, "torch": torch.__version__, "arch": arch,
                      "size": size, "batch": batch, "mode": mode}))
    sys.exit(0)


for _ in range(3):
    step()
times = []
for _ in range(steps):
    t0 = time.perf_counter()
    step()
    times.append(time.perf_counter() - t0)
report(times)
