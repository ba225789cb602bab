"""Writes orientation.json: affines and nibabel's aff2axcodes for them (run with /usr/bin/python3)."""
import json
import numpy as np
import nibabel as nib
from nibabel.orientations import aff2axcodes

def rot(axis, deg):
    t = np.deg2rad(deg); c, s = np.cos(t), np.sin(t)
    m = np.eye(3)
    i, j = [(1, 2), (0, 2), (0, 1)][axis]
    m[i, i] = c; m[j, j] = c; m[i, j] = -s; m[j, i] = s
    return m

cases = {
    "identity": np.eye(3),
    "msd_lps": np.diag([-0.7, -0.7, 2.5]),
    "las": np.diag([-1.0, 2.0, 3.0]),
    "permuted": np.array([[0, 0, -2.0], [1.0, 0, 0], [0, -3.0, 0]]),
    "rot_z_30": rot(2, 30) @ np.diag([0.8, 0.8, 2.5]),
    "rot_z_44_tilt": rot(0, 20) @ rot(2, 44) @ np.diag([-0.7, -0.7, 3.0]),
    "rot_x_60": rot(0, 60) @ np.diag([1.0, 1.0, 1.0]),
    "oblique_46": rot(1, 46) @ rot(2, -46) @ np.diag([0.9, 1.1, 1.3]),
    "sheared": np.array([[1.0, 0.9, 0.0], [0.2, 1.0, 0.0], [0.0, 0.4, 2.0]]),
    "sheared_strong": np.array([[1.0, 1.2, 0.1], [0.9, -1.0, 0.3], [0.1, 0.2, -2.0]]),
}
rng = np.random.default_rng(20261127)
for n in range(20):
    cases["random_%d" % n] = rng.normal(size=(3, 3)) * rng.uniform(0.5, 3.0, size=3)

out = {}
for name, m in cases.items():
    a = np.eye(4)
    a[:3, :3] = m
    a[:3, 3] = rng.uniform(-100, 100, size=3)
    out[name] = {"affine": a.tolist(), "codes": "".join(aff2axcodes(a))}
json.dump(out, open("orientation.json", "w"), indent=1)
print(nib.__version__, {k: v["codes"] for k, v in out.items()})
