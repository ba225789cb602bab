"""Writes ../resources/fixtures/resample.txt: reference grids and values for Resample to a spacing.

The grid is TorchIO 0.20's rule (Resample.get_reference_image), written here in numpy for RAS
affines: per axis n' = floor(n s / s') (1 for singleton axes), directions kept, new spacing s',
and the centre of the first and last voxel centres kept: origin' = c - D diag(s') (n' - 1) / 2.
Values: scipy.ndimage.map_coordinates(order=1, mode='nearest') at the input continuous index of
every output voxel, 0 where that index leaves [-0.5, n - 0.5) on some axis (ITK's linear
interpolator and boundary, which TorchIO's SimpleITK resampling uses). Arrays are flattened x
fastest; affines row-major 3x4. Run: /usr/bin/python3 make_resample_fixtures.py"""
import os
import numpy as np
import scipy
from scipy import ndimage
from scipy.spatial.transform import Rotation

out = os.path.join(os.path.dirname(__file__), '..', 'resources', 'fixtures', 'resample.txt')
rng = np.random.default_rng(5)


def torchio_grid(shape, affine, new_spacing):
    shape = np.array(shape)
    spacing = np.sqrt((affine[:3, :3] ** 2).sum(axis=0))
    direction = affine[:3, :3] / spacing
    new_size = np.floor(shape * spacing / np.array(new_spacing))
    new_size[shape == 1] = 1
    first = affine[:3, 3]
    last = affine[:3, :3] @ (shape - 1) + affine[:3, 3]
    centre = (first + last) / 2
    new_linear = direction * np.array(new_spacing)
    origin = centre - new_linear @ ((new_size - 1) / 2)
    new_affine = np.eye(4)
    new_affine[:3, :3] = new_linear
    new_affine[:3, 3] = origin
    return new_size.astype(int), new_affine


def resample(volume, affine, new_shape, new_affine):
    idx = np.indices(new_shape).reshape(3, -1).astype(np.float64)
    m = np.linalg.inv(affine) @ new_affine
    src = m[:3, :3] @ idx + m[:3, 3:4]
    n = np.array(volume.shape)[:, None]
    inside = np.all((src >= -0.5) & (src < n - 0.5), axis=0)
    values = ndimage.map_coordinates(volume.astype(np.float64), src, order=1, mode='nearest')
    values[~inside] = 0
    return values.reshape(new_shape).astype(np.float32)


def fmt(x, order='F'):
    return ' '.join(repr(float(v)) for v in np.asarray(x, dtype=np.float64).flatten(order=order))


cases = []
# oblique, flipped, anisotropic: down- and up-sampling
rot = Rotation.from_euler('xyz', [8, -5, 20], degrees=True).as_matrix()
a1 = np.eye(4)
a1[:3, :3] = rot @ np.diag([-0.9, 1.2, 2.5])
a1[:3, 3] = [12.5, -30.0, 7.25]
cases.append(('oblique', (9, 8, 6), a1, (1.3, 0.7, 2.0)))
# LPS-like with a permuted axis (voxel z along anterior-posterior)
a2 = np.array([[-1.1, 0, 0, 40.0], [0, 0, -2.2, 15.0], [0, 1.6, 0, -60.0], [0, 0, 0, 1]])
cases.append(('permuted', (7, 5, 6), a2, (0.8, 1.9, 1.5)))

with open(out, 'w') as f:
    f.write(f'# Resample fixtures; numpy {np.__version__}, scipy {scipy.__version__}\n')
    for name, shape, affine, spacing in cases:
        volume = (rng.normal(size=shape) * 100).astype(np.float32)
        new_shape, new_affine = torchio_grid(shape, affine, spacing)
        f.write(f'{name}.shape : ' + fmt(shape) + '\n')
        f.write(f'{name}.affine : ' + fmt(affine[:3], order='C') + '\n')
        f.write(f'{name}.spacing : ' + fmt(spacing) + '\n')
        f.write(f'{name}.input : ' + fmt(volume) + '\n')
        f.write(f'{name}.out_shape : ' + fmt(new_shape) + '\n')
        f.write(f'{name}.out_affine : ' + fmt(new_affine[:3], order='C') + '\n')
        f.write(f'{name}.resampled : ' + fmt(resample(volume, affine, new_shape, new_affine)) + '\n')
