package org.liverseg.io.nifti;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.liverseg.io.Affine;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

/**
 * Small hand-made NIfTI files for the bad-input tests: a valid little-endian NIfTI-1 int16 image of
 * 4x3x2 voxels (values 0..23) whose bytes the tests then damage at known header offsets.
 */
final class Crafted {

  static final Shape SHAPE = Shape.of(4, 3, 2);
  static final int VOXELS = 24;

  /** NIfTI-1 field offsets. */
  static final int SIZEOF_HDR = 0;

  static final int DIM = 40;
  static final int DATATYPE = 70;
  static final int BITPIX = 72;
  static final int PIXDIM = 76;
  static final int VOX_OFFSET = 108;
  static final int SCL_SLOPE = 112;
  static final int SCL_INTER = 116;
  static final int QFORM_CODE = 252;
  static final int SFORM_CODE = 254;
  static final int MAGIC = 344;

  private Crafted() {}

  static float[] ramp() {
    float[] v = new float[VOXELS];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    return v;
  }

  /** The bytes of the valid base file, written by our writer (sform code 2, qform code 0). */
  static byte[] validNii(Path dir) throws IOException {
    Path f = dir.resolve("base-" + System.nanoTime() + ".nii");
    Nifti.write(f, ScalarImage.of(SHAPE, Affine.diagonal(2, 3, 4), ramp()), NiftiDataType.INT16);
    byte[] b = Files.readAllBytes(f);
    Files.delete(f);
    return b;
  }

  static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(raw);
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  static Path save(Path dir, String name, byte[] content) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, content);
    return f;
  }
}
