"""nibabel 5.0 side of NiftiTimer: wall and process-CPU medians of reading ct.nii.gz and ct.nii into
float32 and of nib.save to .nii.gz (int16, nibabel's default level 1), for a loaded machine where
wall time alone misleads. Usage: /usr/bin/python3 nibabel_io_bench.py DIR [REPS]
(DIR from ../shared/anchors/nibabel_read_bench.py make DIR)."""
import os, sys, statistics, tempfile, time
import numpy as np, nibabel as nib

d = sys.argv[1]
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 7
img = nib.load(os.path.join(d, 'ct.nii.gz'))
new = nib.Nifti1Image(np.asanyarray(img.dataobj), img.affine)
out = os.path.join(tempfile.mkdtemp(), 'out.nii.gz')
ops = [('read .nii.gz -> float32', lambda: np.asanyarray(nib.load(os.path.join(d, 'ct.nii.gz')).get_fdata(dtype=np.float32))),
       ('read .nii -> float32', lambda: np.asanyarray(nib.load(os.path.join(d, 'ct.nii')).get_fdata(dtype=np.float32))),
       ('nib.save .nii.gz int16', lambda: nib.save(new, out))]
for name, op in ops:
    wall, cpu = [], []
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        op()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    print(f'nibabel {name:28s} wall median {statistics.median(wall)*1e3:6.0f} ms (min {min(wall)*1e3:6.0f}), '
          f'process CPU median {statistics.median(cpu)*1e3:6.0f} ms')
os.remove(out)
