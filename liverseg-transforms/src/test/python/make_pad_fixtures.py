"""Writes ../resources/fixtures/numpy_pad_*.txt: np.pad reference values for PaddingMode tests.
Run with Debian's numpy: /usr/bin/python3 make_pad_fixtures.py (numpy 1.24.2 when generated)."""
import numpy as np, os
out = os.path.join(os.path.dirname(__file__), '..', 'resources', 'fixtures')
# 1-D index maps: "mode n left right : indices"
with open(os.path.join(out, 'numpy_pad_1d.txt'), 'w') as f:
    f.write(f'# np.pad index maps, numpy {np.__version__}\n')
    for mode in ['edge', 'reflect', 'symmetric', 'wrap']:
        for n in range(1, 7):
            for l in range(0, 13):
                for r in range(0, 13):
                    if mode == 'wrap' and (l > n or r > n):
                        continue  # numpy < 2 differs from numpy 2 there; tested as periodic instead
                    got = np.pad(np.arange(n), (l, r), mode=mode)
                    f.write(f'{mode} {n} {l} {r} : {" ".join(map(str, got))}\n')
# 3-D: a 4x3x2 float32 volume a[x, y, z], padded per axis; values flattened x fastest (order F)
rng = np.random.default_rng(3)
a = rng.normal(size=(4, 3, 2)).astype(np.float32) * 100
pads = ((2, 1), (0, 3), (1, 1))
with open(os.path.join(out, 'numpy_pad_3d.txt'), 'w') as f:
    f.write(f'# np.pad of a 4x3x2 float32 volume with pads {pads}; values x fastest; numpy {np.__version__}\n')
    f.write('input : ' + ' '.join(repr(float(v)) for v in a.flatten(order='F')) + '\n')
    for mode in ['edge', 'reflect', 'symmetric', 'wrap', 'minimum', 'maximum', 'mean', 'median', '-7.5']:
        if mode in ('minimum', 'maximum', 'mean', 'median'):
            v = {'minimum': np.min, 'maximum': np.max, 'mean': np.mean, 'median': np.median}[mode](a)
            got = np.pad(a, pads, mode='constant', constant_values=v)
        elif mode == '-7.5':
            got = np.pad(a, pads, mode='constant', constant_values=-7.5)
        else:
            got = np.pad(a, pads, mode=mode)
        f.write(mode + ' : ' + ' '.join(repr(float(v)) for v in got.flatten(order='F')) + '\n')
