package org.liverseg.io.nifti;

/** The header format of a file: Analyze 7.5, NIfTI-1 or NIfTI-2. */
public enum NiftiVersion {
  /** Analyze 7.5 (348-byte header without NIfTI magic), read with SPM2's scale factor. */
  ANALYZE75(348),
  /** NIfTI-1: 348-byte header, 16-bit extents, float32 fields. */
  NIFTI1(348),
  /** NIfTI-2: 540-byte header, 64-bit extents, float64 fields. */
  NIFTI2(540);

  private final int headerSize;

  NiftiVersion(int headerSize) {
    this.headerSize = headerSize;
  }

  /** The {@code sizeof_hdr} of this format. */
  public int headerSize() {
    return headerSize;
  }

  /** Where the voxel data starts in a single file with no extensions: header + 4-byte extender. */
  public int minimumSingleFileOffset() {
    return headerSize + 4;
  }
}
