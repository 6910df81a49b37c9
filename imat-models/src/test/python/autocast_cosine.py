"""torch.autocast's own bf16-vs-fp32 gradient agreement, the reference for MixedPrecisionTest.

From one set of random weights (torchvision's network, 381 outputs, BCE with logits, batch 8 of
random pictures), the whole gradient in float32 and under torch.autocast("cpu", torch.bfloat16);
prints both losses and the cosine of the two gradients.
Usage: python3 autocast_cosine.py resnet18|inception_v3 SIDE
Measured with Debian's python3-torch 1.13: resnet18 64 -> 0.944, resnet18 32 -> 0.899,
inception_v3 75 -> 0.033.
"""
import sys

import torch
import torchvision

torch.manual_seed(0)
arch, side = sys.argv[1], int(sys.argv[2])
extra = {"aux_logits": False, "init_weights": True} if arch == "inception_v3" else {}
model = getattr(torchvision.models, arch)(num_classes=381, **extra)
model.train()
x = torch.rand(8, 3, side, side) * 2 - 1
y = (torch.rand(8, 381) < 0.05).float()


def gradient(bf16):
    model.zero_grad(set_to_none=True)
    state = {k: v.clone() for k, v in model.state_dict().items()}
    if bf16:
        with torch.autocast("cpu", dtype=torch.bfloat16):
            out = model(x)
    else:
        out = model(x)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(out.float(), y)
    loss.backward()
    model.load_state_dict(state)  # undo the batch norms' moving-statistics update
    return loss.item(), torch.cat([p.grad.flatten() for p in model.parameters()])


l32, g32 = gradient(False)
l16, g16 = gradient(True)
cosine = torch.nn.functional.cosine_similarity(g32, g16, dim=0).item()
print(f"{arch} {side} px: loss fp32 {l32:.4f} bf16 {l16:.4f}, gradient cosine {cosine:.3f}")
