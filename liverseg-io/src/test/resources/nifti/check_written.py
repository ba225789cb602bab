"""Checks the files liverseg's writer produced (written/, see NiftiWrittenFilesTest) with nibabel 5.0
and stores what nibabel reads in written/nibabel.json. Documentation only, not run by the build:
  cd liverseg-io/src/test/resources/nifti && /usr/bin/python3 check_written.py
Python warnings become errors, so a file nibabel would warn about fails here.
"""
import hashlib, json, os, warnings
import numpy as np
import nibabel as nib

warnings.simplefilter('error')
out = {}
for name in sorted(os.listdir('written')):
    if name.endswith(('.json', '.img', '.img.gz')):
        continue
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        img = nib.load(os.path.join('written', name))
        data = img.get_fdata()
    hdr = img.header
    out[name] = {
        'shape': [int(s) for s in img.shape], 'affine': img.affine.tolist(),
        'dtype': str(img.get_data_dtype().newbyteorder('=')), 'byteorder': hdr.endianness,
        'qform_code': int(hdr['qform_code']), 'sform_code': int(hdr['sform_code']),
        'sha256': hashlib.sha256(np.asarray(data, dtype='<f4').tobytes(order='F')).hexdigest(),
        'warnings': [str(w.message) for w in caught],
    }
with open('written/nibabel.json', 'w') as f:
    json.dump(out, f, indent=1, sort_keys=True)
print(json.dumps({k: (v['shape'], v['dtype'], v['warnings']) for k, v in out.items()}, indent=0))
