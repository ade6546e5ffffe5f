"""Quantized layers of the hybrid networks.

Binary (XNOR-Net style): activations sign(x), weights sign(W) * mean|W| per output filter, straight-through
gradient (passed where |x| <= 1). k-bit: the uniform quantizer of the hybrid-network paper,
x_q = 2 * (round((x + 1) / 2 * (2^k - 1)) / (2^k - 1) - 0.5) on x clipped to [-1, 1], applied to the
activations and to the weights (after tanh normalisation, DoReFa style), straight-through round.

Each module tells the profiler what it is through two attributes:
  hybridfog_precision   - the arithmetic its MACs run in (binary, int4, ...)
  hybridfog_output_bits - bits per element of the tensor it outputs
and is a leaf for torch.fx tracing (hybridfog_leaf = True).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class _SignSTE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.where(x >= 0, torch.ones_like(x), -torch.ones_like(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * (x.abs() <= 1).to(grad.dtype)


class _RoundSTE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return torch.round(x)

    @staticmethod
    def backward(ctx, grad):
        return grad


def quantize_k(x, bits):
    """The paper's uniform k-bit quantizer on [-1, 1] (x is clipped first)."""
    levels = 2 ** bits - 1
    x = torch.clamp(x, -1.0, 1.0)
    return 2.0 * (_RoundSTE.apply((x + 1.0) / 2.0 * levels) / levels - 0.5)


class SignActivation(nn.Module):
    """sign(x) with a straight-through gradient; outputs a 1-bit tensor."""
    hybridfog_leaf = True
    hybridfog_output_bits = 1

    def forward(self, x):
        return _SignSTE.apply(x)


class QuantActivation(nn.Module):
    """k-bit uniform activation quantizer; outputs a k-bit tensor."""
    hybridfog_leaf = True

    def __init__(self, bits):
        super().__init__()
        self.bits = bits
        self.hybridfog_output_bits = bits

    def forward(self, x):
        return quantize_k(x, self.bits)


class BinaryConv2d(nn.Conv2d):
    """Convolution with weights sign(W) * mean|W| (one scale per output filter).

    Its input should be a sign activation, so that the MACs are XNOR + popcount.
    """
    hybridfog_leaf = True
    hybridfog_precision = "binary"

    def forward(self, x):
        scale = self.weight.abs().mean(dim=(1, 2, 3), keepdim=True).detach()
        weight = _SignSTE.apply(self.weight) * scale
        return F.conv2d(x, weight, self.bias, self.stride, self.padding, self.dilation, self.groups)


class QuantConv2d(nn.Conv2d):
    """Convolution with k-bit weights: tanh-normalised to [-1, 1], then the k-bit quantizer."""
    hybridfog_leaf = True

    def __init__(self, *args, bits=4, **kwargs):
        super().__init__(*args, **kwargs)
        self.bits = bits
        self.hybridfog_precision = "int4" if bits <= 4 else "int8"  # the narrowest profile precision that holds k bits

    def forward(self, x):
        w = torch.tanh(self.weight)
        w = w / w.abs().max().detach().clamp_min(1e-8)
        return F.conv2d(x, quantize_k(w, self.bits), self.bias, self.stride, self.padding,
                        self.dilation, self.groups)
