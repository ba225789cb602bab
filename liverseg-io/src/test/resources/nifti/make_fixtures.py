"""Generates the NIfTI/Analyze fixtures of liverseg-io's codec tests and expected.json.

Documentation only: the build never runs this. Regenerate with Debian's nibabel 5.0 and nifti-bin:
  cd liverseg-io/src/test/resources/nifti && /usr/bin/python3 make_fixtures.py

expected.json holds, per file, what nibabel reports: shape, affine, dtype, zooms, and for the
scaled data get_fdata() (float64) its sum/min/max/mean, plus sha256 of the data as float32
little-endian in file order (x fastest): np.asarray(img.get_fdata(), '<f4').tobytes(order='F').
RGB files (nibabel cannot get_fdata them) list the components as channels: the hash is over the
array with the colour component as an extra, slowest axis, which is how liverseg reads them.
"""
import gzip, hashlib, json, os, shutil, struct, subprocess
import numpy as np
import nibabel as nib

rng = np.random.default_rng(20240601)
out = {}
LPS = np.array([[-0.75, 0, 0, 90.5], [0, -0.8, 0, 110.25], [0, 0, 2.5, -60], [0, 0, 0, 1]])


def record(name, note, rgb=False):
    img = nib.load(name)
    hdr = img.header
    entry = {'note': note, 'shape': [int(s) for s in img.shape], 'affine': img.affine.tolist(),
             'zooms': [float(z) for z in hdr.get_zooms()], 'version': type(hdr).__name__}
    if rgb:
        raw = np.asanyarray(img.dataobj)
        comps = np.stack([raw[c] for c in raw.dtype.names], axis=-1).astype(np.float64)
        entry['dtype'] = 'RGB'
        entry['channels'] = len(raw.dtype.names)
        data = comps
    else:
        data = img.get_fdata()
        entry['dtype'] = str(img.get_data_dtype().newbyteorder('='))
    entry['byteorder'] = 'big' if hdr.endianness == '>' else 'little'
    entry['sum'] = float(data.sum())
    entry['min'] = float(data.min())
    entry['max'] = float(data.max())
    entry['mean'] = float(data.mean())
    entry['sha256'] = hashlib.sha256(np.asarray(data, dtype='<f4').tobytes(order='F')).hexdigest()
    slope, inter = hdr.get_slope_inter() if hasattr(hdr, 'get_slope_inter') else (None, None)
    entry['slope'] = None if slope is None else float(slope)
    entry['inter'] = None if inter is None else float(inter)
    entry['extensions'] = [[int(e.get_code()), len(e.get_content())] for e in getattr(hdr, 'extensions', [])]
    out[name] = entry


def ints(dtype, shape, lo, hi):
    return rng.integers(lo, hi, size=shape, endpoint=True, dtype=dtype)


def save(img, name, dtype=None, big=False):
    if dtype is not None:
        img.set_data_dtype(dtype)
    if big:
        img = img.__class__(np.asanyarray(img.dataobj), img.affine, img.header.as_byteswapped('>'))
    nib.save(img, name)


# 1. int16 .nii.gz, sform (LPS, like MSD CT), the benchmark case in small
ct = ints(np.int16, (20, 16, 12), -1024, 1500)
save(nib.Nifti1Image(ct, LPS), 'int16_sform.nii.gz')
record('int16_sform.nii.gz', 'int16, gzip, sform code 2 (nibabel default), LPS')

# 2. big-endian uint8 labels .nii
lab = ints(np.uint8, (12, 10, 8), 0, 2)
save(nib.Nifti1Image(lab, LPS), 'uint8_be.nii', big=True)
record('uint8_be.nii', 'uint8, big-endian')

# 3. qform only: rotation and qfac -1
theta = np.deg2rad(20)
rot = np.array([[np.cos(theta), -np.sin(theta), 0], [np.sin(theta), np.cos(theta), 0], [0, 0, 1]])
aff = np.eye(4)
aff[:3, :3] = rot @ np.diag([1.2, 0.9, -3.0])
aff[:3, 3] = [-12.5, 30.25, 7.0]
img = nib.Nifti1Image(rng.normal(0, 100, (9, 8, 7)).astype(np.float32), None)
img.set_qform(aff, code=1)
img.set_sform(None, code=0)
save(img, 'float32_qform.nii')
record('float32_qform.nii', 'float32, qform code 1 only, rotation 20 deg, qfac -1')

# 4. no form at all: centred fallback
img = nib.Nifti1Image(ints(np.int16, (7, 6, 5), -50, 50), None)
img.header.set_zooms((0.5, 2.0, 3.0))
img.set_qform(None, code=0)
img.set_sform(None, code=0)
save(img, 'noform.nii')
record('noform.nii', 'no qform, no sform: fallback diag(-px, py, pz) centred')

# 5. scaling on int16, big-endian
img = nib.Nifti1Image(ints(np.int16, (10, 9, 8), -3000, 3000), LPS)
img.header.set_slope_inter(0.25, -100.5)
save(img, 'int16_scaled_be.nii', big=True)
record('int16_scaled_be.nii', 'int16 big-endian, scl_slope 0.25, scl_inter -100.5')

# 6. every other datatype
for dtype, lo, hi in [(np.int8, -128, 127), (np.uint16, 0, 65535), (np.int32, -2**31, 2**31 - 1),
                      (np.uint32, 0, 2**32 - 1), (np.int64, -2**62, 2**62), (np.uint64, 0, 2**63 + 2**62)]:
    name = f'{np.dtype(dtype).name}.nii'
    data = ints(dtype, (6, 5, 4), lo, hi)
    save(nib.Nifti1Image(data, LPS, dtype=dtype), name)
    record(name, f'{np.dtype(dtype).name}, full range')
save(nib.Nifti1Image(rng.normal(0, 1e3, (6, 5, 4)), LPS), 'float64.nii', np.float64)
record('float64.nii', 'float64')
img = nib.Nifti1Image(ints(np.uint8, (6, 5, 4), 0, 255), LPS)
img.header.set_slope_inter(np.nan, np.nan)
save(img, 'uint8_slope_nan.nii.gz')
record('uint8_slope_nan.nii.gz', 'uint8, scl_slope NaN: no scaling')

# 7. NIfTI-2, little and big endian, gz
img = nib.Nifti2Image(ints(np.int16, (11, 7, 5), -1000, 1000), LPS)
save(img, 'nifti2.nii.gz')
record('nifti2.nii.gz', 'NIfTI-2, int16, gzip')
img = nib.Nifti2Image(rng.normal(0, 10, (5, 4, 3)).astype(np.float32), aff)
img.header.set_slope_inter(2.0, 1.0)
save(img, 'nifti2_be.nii', big=True)
record('nifti2_be.nii', 'NIfTI-2, float32 big-endian, rotated sform, slope 2 inter 1')

# 8. pairs
img = nib.Nifti1Pair(ints(np.int16, (8, 7, 6), -500, 500), LPS)
save(img, 'pair.hdr')
record('pair.hdr', 'NIfTI-1 pair .hdr/.img (magic ni1)')
img = nib.Nifti1Pair(ints(np.uint8, (8, 7, 6), 0, 2), LPS)
save(img, 'pair_gz.hdr.gz')
record('pair_gz.hdr.gz', 'NIfTI-1 pair, both files gzipped')

# 9. Analyze 7.5 (SPM2 scale factor in funused1, SPM origin)
img = nib.Spm2AnalyzeImage(ints(np.int16, (9, 8, 7), 0, 1000), np.diag([-2.0, 2.0, 3.0, 1.0]))
img.header.set_slope_inter(0.5)
img.header['origin'][:3] = [4, 3, 2]
save(img, 'analyze.hdr')
for ext in ('.mat',):
    if os.path.exists('analyze' + ext):
        os.remove('analyze' + ext)
record('analyze.hdr', 'Analyze 7.5 (SPM2): funused1 scale 0.5, SPM origin (4, 3, 2), no .mat')

# 10. extensions
img = nib.Nifti1Image(ints(np.int16, (5, 4, 3), -10, 10), LPS)
img.header.extensions.append(nib.nifti1.Nifti1Extension('comment', b'liverseg fixture: comment extension'))
img.header.extensions.append(nib.nifti1.Nifti1Extension(44, b'{"Modality": "CT"}'))
save(img, 'extensions.nii')
record('extensions.nii', 'two extensions (6 comment, 44 JSON), vox_offset past them')

# 11. 4D (3 volumes become 3 channels)
save(nib.Nifti1Image(rng.normal(0, 1, (7, 6, 5, 3)).astype(np.float32), LPS), 'float32_4d.nii.gz')
record('float32_4d.nii.gz', '4D float32, 3 volumes = 3 channels')

# 12. 2D (trailing extents kept exactly as dim says)
save(nib.Nifti1Image(ints(np.int16, (9, 7), 0, 100), LPS), 'int16_2d.nii')
record('int16_2d.nii', '2D image, dim[0] = 2')

# 13. RGB24
rgb = np.zeros((6, 5, 4), dtype=[('R', 'u1'), ('G', 'u1'), ('B', 'u1')])
for c in 'RGB':
    rgb[c] = ints(np.uint8, (6, 5, 4), 0, 255)
img = nib.Nifti1Image(rgb, LPS)
save(img, 'rgb24.nii')
record('rgb24.nii', 'RGB24, read by liverseg as 3 channels', rgb=True)

# 14. written by other software: nifti_tool (NIfTI C library)
subprocess.run(['nifti_tool', '-make_im', '-prefix', 'nifti_tool.nii', '-new_dims', '3', '6', '5', '4', '0', '0',
                '0', '0', '-new_datatype', '4'], check=True, stdout=subprocess.DEVNULL)
record('nifti_tool.nii', 'written by nifti_tool -make_im (NIfTI C library), all zeros, no forms')

with open('expected.json', 'w') as f:
    json.dump(out, f, indent=1, sort_keys=True)
total = sum(os.path.getsize(n) for n in os.listdir('.'))
print(f'{len(out)} fixtures, {total} bytes in folder')
