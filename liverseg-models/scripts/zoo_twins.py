"""PyTorch twins of the liverseg model zoo, and the fixtures of ArchitectureTwinTest.

Each twin is written after its original's forward():
  unet           the seed's U-Net (../shared/anchors/pytorch_unet_bench.py), with
                 attention gates = MONAI AttentionUnet's AttentionBlock (monai/networks/nets/attentionunet.py)
  resenc-unet    dynamic_network_architectures ResidualEncoderUNet: ResidualEncoder (stem + StackedResidualBlocks
                 of BasicBlockD) + UNetDecoder, as nnU-Net v2's ResEnc planners configure it (conv_bias=True,
                 InstanceNorm3d(eps=1e-5, affine=True), LeakyReLU(0.01))
  segresnet      MONAI SegResNet (monai/networks/nets/segresnet.py) with segresnet_block.ResBlock
Modules are kept in one flat ModuleDict under the DL4J layer names the Java builders give them, so exporting
the weights is one layout rule per module type:
  Conv3d            weight [out, in, kd, kh, kw] = DL4J Convolution3D "W"; bias = "b"
  ConvTranspose3d   weight [in, out, kd, kh, kw] -> DL4J Deconvolution3D "W" [kd, kh, kw, out, in]; bias = "b"
  BatchNorm3d       weight, bias, running_mean -> "gamma", "beta", "mean";
                    running_var -> "log10stdev" = log10(sqrt(running_var)) (DL4J adds eps itself)
  InstanceNorm3d / GroupNorm   weight, bias -> GroupNorm3D "gamma", "beta"
The parameter count printed and stored is PyTorch's trainable parameters plus the BatchNorm running mean and
variance (which DL4J keeps as parameters).

Usage (Debian: apt-get install -y python3-torch; torch 1.13; use /usr/bin/python3), from the repository root:
  /usr/bin/python3 liverseg-models/scripts/zoo_twins.py liverseg-models/src/test/resources/org/liverseg/models/zoo
writes one <case>.npz per case: "input" [1, C, 16, 16, 16], "logits:<head>" for every output head (eval mode,
float32), "param:<layer>:<key>" in DL4J layout, "count" (parameter count); the resenc case also
"labels" [1, 16, 16, 16] and "target:<f>" = nnU-Net's nearest-exact downsampling of them by f.
"""
import sys
import zlib

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Twin(nn.Module):
    """A network whose modules are named like the DL4J layers."""

    def __init__(self):
        super().__init__()
        self.m = nn.ModuleDict()

    def conv(self, name, cin, cout, k, stride=1, bias=True):
        self.m[name] = nn.Conv3d(cin, cout, k, stride, padding=(k - 1) // 2, bias=bias)

    def norm(self, name, kind, c, groups=8):
        if kind == 'BATCH':
            self.m[name] = nn.BatchNorm3d(c)
        elif kind == 'INSTANCE':
            self.m[name] = nn.InstanceNorm3d(c, eps=1e-5, affine=True)
        elif kind == 'GROUP':
            self.m[name] = nn.GroupNorm(groups, c, eps=1e-5, affine=True)
        else:
            raise ValueError(kind)

    def __getitem__(self, name):
        return self.m[name]

    def count(self):
        n = sum(p.numel() for p in self.parameters())
        n += sum(b.numel() for k, b in self.named_buffers() if k.endswith('running_mean') or k.endswith('running_var'))
        return n

    def export(self):
        out = {}
        for name, mod in self.m.items():
            if isinstance(mod, nn.ConvTranspose3d):
                out[f'param:{name}:W'] = mod.weight.detach().permute(2, 3, 4, 1, 0).contiguous()
                if mod.bias is not None:
                    out[f'param:{name}:b'] = mod.bias.detach()
            elif isinstance(mod, nn.Conv3d):
                out[f'param:{name}:W'] = mod.weight.detach()
                if mod.bias is not None:
                    out[f'param:{name}:b'] = mod.bias.detach()
            elif isinstance(mod, nn.BatchNorm3d):
                out[f'param:{name}:gamma'] = mod.weight.detach()
                out[f'param:{name}:beta'] = mod.bias.detach()
                out[f'param:{name}:mean'] = mod.running_mean.detach()
                out[f'param:{name}:log10stdev'] = torch.log10(torch.sqrt(mod.running_var.detach()))
            elif isinstance(mod, (nn.InstanceNorm3d, nn.GroupNorm)):
                out[f'param:{name}:gamma'] = mod.weight.detach()
                out[f'param:{name}:beta'] = mod.bias.detach()
            else:
                raise TypeError(f'{name}: {type(mod)}')
        return {k: v.float().numpy() for k, v in out.items()}


def norm_suffix(kind):
    return '_bn' if kind == 'BATCH' else '_norm'


def up2(x):
    return F.interpolate(x, scale_factor=2, mode='trilinear', align_corners=False)


class UNetTwin(Twin):
    """The seed's U-Net; attention gates as MONAI's AttentionBlock; deep supervision heads as nnU-Net."""

    def __init__(self, cin, classes, f, norm='NONE', attention=False, ds=False):
        super().__init__()
        self.f, self.norm_kind, self.attention = f, norm, attention
        self.outputs = len(f) - 2 if ds else 1
        L = len(f)
        c = cin
        for l in range(L):
            self.block(f'enc{l}', c, f[l])
            c = f[l]
        for l in range(L - 2, -1, -1):
            self.conv(f'up{l}_conv', c, f[l], 3)
            if attention:
                inner = max(1, f[l] // 2)
                for part, cin_ in (('_g', f[l]), ('_x', f[l]), ('_psi', inner)):
                    cout = 1 if part == '_psi' else inner
                    self.conv(f'att{l}{part}', cin_, cout, 1)
                    if norm != 'NONE':
                        self.norm(f'att{l}{part}{norm_suffix(norm)}', norm, cout)
            self.block(f'dec{l}', 2 * f[l], f[l])
            c = f[l]
            if 0 < l < self.outputs:
                self.conv(f'head_ds{l}', c, classes, 1)
        self.conv('head', c, classes, 1)

    def block(self, name, cin, cout):
        for part, ci in (('a', cin), ('b', cout)):
            self.conv(name + part, ci, cout, 3, bias=self.norm_kind == 'NONE')
            if self.norm_kind != 'NONE':
                self.norm(name + part + norm_suffix(self.norm_kind), self.norm_kind, cout)

    def run_block(self, name, x):
        for part in 'ab':
            x = self[name + part](x)
            if self.norm_kind != 'NONE':
                x = self[name + part + norm_suffix(self.norm_kind)](x)
            x = F.relu(x)
        return x

    def gate(self, l, g, x):
        """MONAI AttentionBlock.forward: x * sigmoid(psi(relu(W_g(g) + W_x(x))))."""
        def branch(part, t):
            t = self[f'att{l}{part}'](t)
            return self[f'att{l}{part}{norm_suffix(self.norm_kind)}'](t) if self.norm_kind != 'NONE' else t
        psi = F.relu(branch('_g', g) + branch('_x', x))
        return x * torch.sigmoid(branch('_psi', psi))

    def forward(self, x):
        L = len(self.f)
        skips, logits = [], {}
        for l in range(L):
            x = self.run_block(f'enc{l}', x)
            skips.append(x)
            if l < L - 1:
                x = F.max_pool3d(x, 2)
        for l in range(L - 2, -1, -1):
            u = F.relu(self[f'up{l}_conv'](up2(x)))
            s = self.gate(l, u, skips[l]) if self.attention else skips[l]
            x = self.run_block(f'dec{l}', torch.cat([u, s], 1))
            if 0 < l < self.outputs:
                logits[f'head_ds{l}'] = self[f'head_ds{l}'](x)
        logits['head'] = self['head'](x)
        return logits


class ResEncTwin(Twin):
    """dynamic_network_architectures ResidualEncoderUNet (BasicBlockD, UNetDecoder), nnU-Net's settings."""

    def __init__(self, cin, classes, w, blocks, dec_convs, norm='INSTANCE', ds=False):
        super().__init__()
        self.w, self.blocks, self.dec_convs, self.norm_kind = w, blocks, dec_convs, norm
        self.outputs = len(w) - 2 if ds else 1
        S = len(w)
        self.conv_norm('stem', cin, w[0], 3, 1, True)
        c = w[0]
        for s in range(S):
            for b in range(blocks[s]):
                stride = 2 if s > 0 and b == 0 else 1
                n = f's{s}b{b}'
                self.conv_norm(n + '_conv1', c, w[s], 3, stride, True)
                self.conv_norm(n + '_conv2', w[s], w[s], 3, 1, True)
                if c != w[s]:
                    self.conv_norm(n + '_proj', c, w[s], 1, 1, False)
                c = w[s]
        for l in range(S - 2, -1, -1):
            self.m[f'up{l}'] = nn.ConvTranspose3d(c, w[l], 2, 2, bias=True)
            c = 2 * w[l]
            for j in range(dec_convs[S - 2 - l]):
                self.conv_norm(f'dec{l}_c{j}', c, w[l], 3, 1, True)
                c = w[l]
            if 0 < l < self.outputs:
                self.conv(f'head_ds{l}', c, classes, 1)
        self.conv('head', c, classes, 1)

    def conv_norm(self, name, cin, cout, k, stride, bias):
        self.conv(name, cin, cout, k, stride, bias)
        self.norm(name + norm_suffix(self.norm_kind), self.norm_kind, cout)

    def cna(self, name, x, act=True):
        """ConvDropoutNormReLU without dropout."""
        x = self[name + norm_suffix(self.norm_kind)](self[name](x))
        return F.leaky_relu(x, 0.01) if act else x

    def forward(self, x):
        S = len(self.w)
        x = self.cna('stem', x)
        c = self.w[0]
        skips = []
        for s in range(S):
            for b in range(self.blocks[s]):
                n = f's{s}b{b}'
                stride = 2 if s > 0 and b == 0 else 1
                # BasicBlockD.forward: residual = skip(x); out = conv2(conv1(x)); out += residual; nonlin2(out)
                residual = x
                if stride != 1:
                    residual = F.avg_pool3d(residual, stride, stride)
                if c != self.w[s]:
                    residual = self.cna(n + '_proj', residual, act=False)
                out = self.cna(n + '_conv2', self.cna(n + '_conv1', x), act=False)
                x = F.leaky_relu(out + residual, 0.01)
                c = self.w[s]
            skips.append(x)
        logits = {}
        for l in range(S - 2, -1, -1):
            # UNetDecoder.forward: transpconv, cat((x, skip)), stage, seg layer
            x = torch.cat([self[f'up{l}'](x), skips[l]], 1)
            for j in range(self.dec_convs[S - 2 - l]):
                x = self.cna(f'dec{l}_c{j}', x)
            if 0 < l < self.outputs:
                logits[f'head_ds{l}'] = self[f'head_ds{l}'](x)
        logits['head'] = self['head'](x)
        return logits


class SegResNetTwin(Twin):
    """MONAI SegResNet (no VAE branch) with segresnet_block.ResBlock."""

    def __init__(self, cin, classes, w, blocks_down, blocks_up, norm='GROUP', groups=8):
        super().__init__()
        self.w, self.bd, self.bu, self.norm_kind, self.groups = w, blocks_down, blocks_up, norm, groups
        S = len(w)
        self.conv('init', cin, w[0], 3, bias=False)  # convInit = get_conv_layer(...), bias=False
        for i in range(S):
            if i > 0:
                self.conv(f'down{i}_conv', w[i - 1], w[i], 3, stride=2, bias=False)
            for k in range(blocks_down[i]):
                self.res_block(f'down{i}_r{k}', w[i])
        for l in range(S - 2, -1, -1):
            self.conv(f'up{l}_conv', w[l + 1], w[l], 1, bias=False)
            for k in range(blocks_up[S - 2 - l]):
                self.res_block(f'up{l}_r{k}', w[l])
        self.norm('final_norm', norm, w[0], groups)
        self.conv('head', w[0], classes, 1, bias=True)

    def res_block(self, name, c):
        self.norm(name + '_norm1', self.norm_kind, c, self.groups)
        self.conv(name + '_conv1', c, c, 3, bias=False)
        self.norm(name + '_norm2', self.norm_kind, c, self.groups)
        self.conv(name + '_conv2', c, c, 3, bias=False)

    def run_res_block(self, name, x):
        """ResBlock.forward: norm1, act, conv1, norm2, act, conv2, += identity."""
        h = self[name + '_conv1'](F.relu(self[name + '_norm1'](x)))
        h = self[name + '_conv2'](F.relu(self[name + '_norm2'](h)))
        return h + x

    def forward(self, x):
        S = len(self.w)
        x = self['init'](x)
        down = []
        for i in range(S):
            if i > 0:
                x = self[f'down{i}_conv'](x)
            for k in range(self.bd[i]):
                x = self.run_res_block(f'down{i}_r{k}', x)
            down.append(x)
        for l in range(S - 2, -1, -1):
            # decode: x = up(x) + down_x[i + 1]; x = upl(x); up = conv1x1 then trilinear upsampling
            x = up2(self[f'up{l}_conv'](x)) + down[l]
            for k in range(self.bu[S - 2 - l]):
                x = self.run_res_block(f'up{l}_r{k}', x)
        x = F.relu(self['final_norm'](x))
        return {'head': self['head'](x)}


def randomise_norms(net, g):
    """Away from the identity: random affine parameters and BatchNorm running statistics."""
    with torch.no_grad():
        for mod in net.m.values():
            if isinstance(mod, (nn.BatchNorm3d, nn.InstanceNorm3d, nn.GroupNorm)):
                mod.weight.copy_(0.5 + torch.rand(mod.weight.shape, generator=g))
                mod.bias.copy_(torch.rand(mod.bias.shape, generator=g) - 0.5)
            if isinstance(mod, nn.BatchNorm3d):
                mod.running_mean.copy_(torch.rand(mod.running_mean.shape, generator=g) - 0.5)
                mod.running_var.copy_(0.5 + 1.5 * torch.rand(mod.running_var.shape, generator=g))


def cases():
    """The tiny networks of ArchitectureTwinTest (keep in step with the Java test)."""
    return {
        'unet': (2, UNetTwin(2, 2, [3, 4, 5])),
        'attention-unet': (1, UNetTwin(1, 3, [2, 4, 4, 6], norm='BATCH', attention=True, ds=True)),
        'resenc-unet': (2, ResEncTwin(2, 2, [2, 4, 6, 8], [1, 2, 2, 1], [1, 2, 1], ds=True)),
        'segresnet': (1, SegResNetTwin(1, 2, [2, 4, 8], [1, 2, 2], [1, 1], groups=2)),
    }


def nearest_exact(labels, f):
    """nnU-Net v2's DownsampleSegForDSTransform: interpolate(seg[None].float(), shape, 'nearest-exact')."""
    shape = [round(s / f) for s in labels.shape[1:]]
    return F.interpolate(labels[None].float(), shape, mode='nearest-exact')[0].to(labels.dtype)


def main(outdir):
    torch.manual_seed(0)
    for name, (cin, net) in cases().items():
        g = torch.Generator().manual_seed(zlib.crc32(name.encode()))
        randomise_norms(net, g)
        net.eval()
        x = torch.randn(1, cin, 16, 16, 16, generator=g)
        with torch.no_grad():
            logits = net(x)
        arrays = {'input': x.numpy(), 'count': np.array([net.count()], dtype=np.float64)}
        arrays.update({f'logits:{k}': v.numpy() for k, v in logits.items()})
        arrays.update(net.export())
        if name == 'resenc-unet':
            labels = torch.randint(0, 3, (1, 16, 16, 16), generator=g)
            arrays['labels'] = labels.numpy().astype(np.float32)
            for f in (2, 4):
                arrays[f'target:{f}'] = nearest_exact(labels, f).numpy().astype(np.float32)
        np.savez_compressed(f'{outdir}/{name}.npz', **arrays)
        print(f'{name}: {net.count()} parameters, heads {sorted(logits)}')


if __name__ == '__main__':
    main(sys.argv[1])
