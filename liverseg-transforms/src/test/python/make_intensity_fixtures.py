"""Writes ../resources/fixtures/intensity.txt: numpy/scipy reference values for the intensity tests,
computed the way TorchIO 0.20 does (float32 arrays; np.percentile linear; torch-style unbiased std;
scipy.ndimage.gaussian_filter with mode 'reflect', truncate 4). Values are flattened x fastest.
Run: /usr/bin/python3 make_intensity_fixtures.py"""
import os
import numpy as np
import scipy
from scipy import ndimage

out = os.path.join(os.path.dirname(__file__), '..', 'resources', 'fixtures', 'intensity.txt')
rng = np.random.default_rng(11)
a = (rng.normal(size=(5, 4, 3)) * 80 + 30).astype(np.float32)
mask = (rng.random(size=(5, 4, 3)) > 0.6).astype(np.uint8)


def znorm(x, m=None):
    v = x[m > 0] if m is not None else x.ravel()
    v64 = v.astype(np.float64)
    mean, std = v64.mean(), v64.std(ddof=1)
    return ((x - np.float32(mean)) / np.float32(std)).astype(np.float32)


def rescale(x, out_min=0.0, out_max=1.0, percentiles=(0, 100), m=None, in_min_max=None):
    arr = x.copy()
    values = arr[m > 0] if m is not None else arr.ravel()
    lo, hi = np.percentile(values, percentiles)
    np.clip(arr, lo, hi, out=arr)
    in_min, in_max = (arr.min(), arr.max()) if in_min_max is None else (np.float32(in_min_max[0]), np.float32(in_min_max[1]))
    in_range = np.float32(in_max - in_min)
    arr -= np.float32(in_min)
    arr /= in_range
    arr *= np.float32(out_max - out_min)
    arr += np.float32(out_min)
    return arr


def fmt(x):
    return ' '.join(repr(float(v)) for v in np.asarray(x, dtype=np.float32).flatten(order='F'))


with open(out, 'w') as f:
    f.write(f'# 5x4x3 float32 volume and uint8 mask; numpy {np.__version__}, scipy {scipy.__version__}\n')
    f.write('input : ' + fmt(a) + '\n')
    f.write('mask : ' + fmt(mask) + '\n')
    f.write('znorm : ' + fmt(znorm(a)) + '\n')
    f.write('znorm_masked : ' + fmt(znorm(a, mask)) + '\n')
    f.write('rescale_default : ' + fmt(rescale(a)) + '\n')
    f.write('rescale_out_-1_1_p5_95 : ' + fmt(rescale(a, -1, 1, (5, 95))) + '\n')
    f.write('rescale_masked_p2_98 : ' + fmt(rescale(a, 0, 1, (2, 98), m=mask)) + '\n')
    f.write('rescale_in_-50_50 : ' + fmt(rescale(a, 0, 1, (0, 100), in_min_max=(-50, 50))) + '\n')
    f.write('blur_1_0.5_2 : ' + fmt(ndimage.gaussian_filter(a, (1.0, 0.5, 2.0), mode='reflect')) + '\n')
    f.write('blur_0.7_0_3 : ' + fmt(ndimage.gaussian_filter(a, (0.7, 0.0, 3.0), mode='reflect')) + '\n')
