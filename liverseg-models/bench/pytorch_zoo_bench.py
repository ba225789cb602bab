"""PyTorch side of the zoo benchmark: the twins of scripts/zoo_twins.py at benchmark size, timed like
../shared/anchors/pytorch_unet_bench.py (CPU, 2 threads, weighted CE 1/1/3, Adam 1e-4), printing wall and process
CPU seconds per step. The DL4J side is org.liverseg.models.bench.ZooBench with the same arguments;
bench/zoo_compare.sh runs both.

Benchmark networks (keep in step with ZooBench.benchmarkNetwork): widths 16, 32, 64, 128 for every architecture;
  unet            the seed's U-Net, no normalisation (the anchor's network)
  attention-unet  with attention gates and batch norm
  resenc-unet     nnU-Net ResEnc: blocks 1, 3, 4, 6, instance norm, deep supervision (outputs at 1 and 1/2,
                  nnU-Net's weights, targets by nearest-exact downsampling)
  segresnet       MONAI SegResNet: blocks down 1, 2, 2, 4, up 1, 1, 1, group norm (8 groups)

Usage (Debian: apt-get install -y python3-torch; use /usr/bin/python3), from the repository root:
  /usr/bin/time -v /usr/bin/python3 liverseg-models/bench/pytorch_zoo_bench.py resenc-unet train 64 2 1 3
  (ARCHITECTURE train|infer PATCH BATCH WARMUP ITERS)
"""
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'scripts'))
import zoo_twins as z  # noqa: E402

torch.set_num_threads(2)
torch.manual_seed(0)

W = [16, 32, 64, 128]


def network(name):
    if name == 'unet':
        return z.UNetTwin(1, 3, W)
    if name == 'attention-unet':
        return z.UNetTwin(1, 3, W, norm='BATCH', attention=True)
    if name == 'resenc-unet':
        return z.ResEncTwin(1, 3, W, [1, 3, 4, 6], [1, 1, 1], ds=True)
    if name == 'segresnet':
        return z.SegResNetTwin(1, 3, W, [1, 2, 2, 4], [1, 1, 1], groups=8)
    raise SystemExit(f'unknown architecture {name}; known: unet, attention-unet, resenc-unet, segresnet')


def main():
    name, mode = sys.argv[1], sys.argv[2]
    p, b, warm, iters = (int(a) for a in sys.argv[3:7])
    net = network(name)
    print(f'params={net.count()} (trainable + batch-norm running statistics); threads={torch.get_num_threads()}')
    x = torch.rand(b, 1, p, p, p)
    heads = ['head'] + [f'head_ds{k}' for k in range(1, net.outputs if hasattr(net, 'outputs') else 1)]
    raw = [0.5 ** k for k in range(len(heads))]
    weights = [w / sum(raw) for w in raw]
    ts = []
    cpu = []
    if mode == 'train':
        y = torch.randint(0, 3, (b, p, p, p))
        targets = [y] + [z.nearest_exact(y, 2 ** k) for k in range(1, len(heads))]
        cw = torch.tensor([1., 1., 3.])
        opt = torch.optim.Adam(net.parameters(), lr=1e-4)
        net.train()
        for i in range(warm + iters):
            t0 = time.perf_counter()
            c0 = time.process_time()
            opt.zero_grad(set_to_none=True)
            out = net(x)
            loss = sum(w * F.cross_entropy(out[h], t, weight=cw) for w, h, t in zip(weights, heads, targets))
            loss.backward()
            opt.step()
            s = time.perf_counter() - t0
            c = time.process_time() - c0
            print(f'iter {i} {s:.3f} s cpu={c:.3f} s loss={loss.item():.5f}', flush=True)
            if i >= warm:
                ts.append(s)
                cpu.append(c)
    else:
        net.eval()
        with torch.no_grad():
            for i in range(warm + iters):
                t0 = time.perf_counter()
                c0 = time.process_time()
                o = net(x)['head'].softmax(1)
                s = time.perf_counter() - t0
                c = time.process_time() - c0
                print(f'iter {i} {s:.3f} s cpu={c:.3f} s shape={tuple(o.shape)}', flush=True)
                if i >= warm:
                    ts.append(s)
                    cpu.append(c)
    print(f'RESULT {name} {mode} patch={p} batch={b} median={statistics.median(ts):.3f} s (n={len(ts)}) '
          f'min={min(ts):.3f} max={max(ts):.3f} cpu median={statistics.median(cpu):.3f} s params={net.count()}')
    print('ru_maxrss_kB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


if __name__ == '__main__':
    main()
