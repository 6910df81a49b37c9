"""Reference training step for `imat bench train`: native PyTorch, the loop a Python team runs.

ResNet-50 (torchvision, random init) + a 381-way linear head, BCE with logits, Adam; random
pictures. Prints one JSON object: {"imagesPerSecond": ..., "threads": ..., "torch": ...}.
Usage: python3 reference_train.py SIZE BATCH THREADS STEPS [ARCH]
"""
import json
import sys
import time

import torch
import torchvision

size, batch, threads, steps = (int(a) for a in sys.argv[1:5])
arch = sys.argv[5] if len(sys.argv) > 5 else "resnet50"
torch.set_num_threads(threads)
torch.manual_seed(0)

model = getattr(torchvision.models, arch)(num_classes=381)
model.train()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.BCEWithLogitsLoss()
x = torch.randn(batch, 3, size, size)
y = (torch.rand(batch, 381) < 0.02).float()


def step():
    opt.zero_grad(set_to_none=True)
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()


for _ in range(3):
    step()
times = []
for _ in range(steps):
    t0 = time.perf_counter()
    step()
    times.append(time.perf_counter() - t0)
times.sort()
median = times[len(times) // 2]
print(json.dumps({"imagesPerSecond": batch / median, "threads": threads,
                  "torch": torch.__version__, "arch": arch, "size": size, "batch": batch}))
