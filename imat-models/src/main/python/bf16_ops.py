"""Writes bf16_ops.pt, the TorchScript module behind imat's bf16 training (MixedPrecision.java).

DJL 0.28's native layer has no code for bfloat16 (any DataType.BFLOAT16 conversion aborts the JVM),
so imat never holds a bfloat16 tensor in Java: this module takes float32 or bfloat16 tensors and
runs the convolution or dense layer in bfloat16, the rule of torch.autocast on the CPU; op 3 casts
back to float32. Regenerate with any PyTorch >= 1.13 (TorchScript files load in newer libtorch):
    python3 bf16_ops.py ../resources/io/imat/models/layers/bf16_ops.pt
"""
import sys
from typing import List

import torch
import torch.nn.functional as F


class Bf16Ops(torch.nn.Module):
    def forward(self, op: int, x: torch.Tensor, w: torch.Tensor, b: torch.Tensor,
                stride: List[int], padding: List[int], dilation: List[int],
                groups: int) -> torch.Tensor:
        if op == 0:  # convolution
            bias = b.to(torch.bfloat16) if b.numel() > 0 else None
            return F.conv2d(x.to(torch.bfloat16), w.to(torch.bfloat16), bias, stride, padding,
                            dilation, groups)
        if op == 1:  # dense
            bias = b.to(torch.bfloat16) if b.numel() > 0 else None
            return F.linear(x.to(torch.bfloat16), w.to(torch.bfloat16), bias)
        if op == 2:
            return x.to(torch.bfloat16)
        return x.to(torch.float32)


torch.jit.script(Bf16Ops()).save(sys.argv[1])
