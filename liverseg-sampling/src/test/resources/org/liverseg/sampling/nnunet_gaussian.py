"""Writes nnunet_gaussian.txt: nnU-Net v2's compute_gaussian (sigma_scale 1/8, value_scaling_factor
10), transcribed here with scipy's gaussian_filter and kept in float64 (nnU-Net casts the map to
float16, then replaces zeros by the smallest positive value; that step is left out here, because in
float64 no value is zero).

One line per tile size: "px py pz" then the px*py*pz values with x fastest (liverseg's order; the
numpy array is indexed [x, y, z]).

Run with Debian's python3-scipy: /usr/bin/python3 nnunet_gaussian.py
"""
import numpy as np
from scipy.ndimage import gaussian_filter


def compute_gaussian(tile_size, sigma_scale=1.0 / 8, value_scaling_factor=10):
    tmp = np.zeros(tile_size)
    center_coords = [i // 2 for i in tile_size]
    sigmas = [i * sigma_scale for i in tile_size]
    tmp[tuple(center_coords)] = 1
    g = gaussian_filter(tmp, sigmas, 0, mode="constant", cval=0)
    return g / (np.max(g) / value_scaling_factor)


with open("nnunet_gaussian.txt", "w") as f:
    for size in [(5, 8, 3), (1, 2, 7), (16, 12, 6)]:
        g = compute_gaussian(size)
        values = g.transpose(2, 1, 0).ravel()  # x fastest
        f.write(" ".join(str(s) for s in size) + " " + " ".join("%.12e" % v for v in values) + "\n")
