package org.liverseg.sampling;

import java.util.Arrays;
import org.liverseg.io.Box;
import org.liverseg.io.Shape;

/**
 * Strided copies of a {@link Box} of voxels between two arrays in liverseg's layout (x fastest).
 * The source is a volume of {@code srcShape} whose voxel {@code (0, 0, 0)} lies at {@code
 * src[srcBase]} (the start of one channel); the box's first voxel lands at {@code dst[dstStart]},
 * and its rows and slices follow the rows and slices of a volume of {@code dstShape}. Float to
 * float copies one x-row at a time with {@link System#arraycopy}.
 */
final class Boxes {

  private Boxes() {}

  /** Copies a box of floats. */
  static void copy(
      float[] src,
      Shape srcShape,
      int srcBase,
      Box box,
      float[] dst,
      Shape dstShape,
      int dstStart) {
    int srcRow = srcShape.x();
    int srcSlice = srcRow * srcShape.y();
    int dstRow = dstShape.x();
    int dstSlice = dstRow * dstShape.y();
    int nx = box.x1() - box.x0();
    int ny = box.y1() - box.y0();
    int nz = box.z1() - box.z0();
    int srcStart = srcBase + srcShape.index(box.x0(), box.y0(), box.z0());
    for (int z = 0; z < nz; z++) {
      int s = srcStart + z * srcSlice;
      int d = dstStart + z * dstSlice;
      for (int y = 0; y < ny; y++) {
        System.arraycopy(src, s, dst, d, nx);
        s += srcRow;
        d += dstRow;
      }
    }
  }

  /** Copies a box of unsigned bytes. */
  static void copy(
      byte[] src, Shape srcShape, int srcBase, Box box, byte[] dst, Shape dstShape, int dstStart) {
    int srcRow = srcShape.x();
    int srcSlice = srcRow * srcShape.y();
    int dstRow = dstShape.x();
    int dstSlice = dstRow * dstShape.y();
    int nx = box.x1() - box.x0();
    int ny = box.y1() - box.y0();
    int nz = box.z1() - box.z0();
    int srcStart = srcBase + srcShape.index(box.x0(), box.y0(), box.z0());
    for (int z = 0; z < nz; z++) {
      int s = srcStart + z * srcSlice;
      int d = dstStart + z * dstSlice;
      for (int y = 0; y < ny; y++) {
        System.arraycopy(src, s, dst, d, nx);
        s += srcRow;
        d += dstRow;
      }
    }
  }

  /**
   * Copies a box of unsigned bytes into floats ({@code b & 0xFF}). A row holding one value (most
   * rows of a label map) becomes one {@link Arrays#fill}: both that test and the fill are
   * vectorised, the widening loop is not.
   */
  static void copy(
      byte[] src, Shape srcShape, int srcBase, Box box, float[] dst, Shape dstShape, int dstStart) {
    int srcRow = srcShape.x();
    int srcSlice = srcRow * srcShape.y();
    int dstRow = dstShape.x();
    int dstSlice = dstRow * dstShape.y();
    int nx = box.x1() - box.x0();
    int ny = box.y1() - box.y0();
    int nz = box.z1() - box.z0();
    int srcStart = srcBase + srcShape.index(box.x0(), box.y0(), box.z0());
    for (int z = 0; z < nz; z++) {
      int s = srcStart + z * srcSlice;
      int d = dstStart + z * dstSlice;
      for (int y = 0; y < ny; y++) {
        if (isUniform(src, s, nx)) {
          Arrays.fill(dst, d, d + nx, src[s] & 0xFF);
        } else {
          for (int x = 0; x < nx; x++) {
            dst[d + x] = src[s + x] & 0xFF;
          }
        }
        s += srcRow;
        d += dstRow;
      }
    }
  }

  /** Whether the {@code n} bytes from {@code from} are all equal (each equals its successor). */
  static boolean isUniform(byte[] a, int from, int n) {
    return n <= 1 || Arrays.mismatch(a, from, from + n - 1, a, from + 1, from + n) < 0;
  }

  /** Adds a box of floats to another ({@code dst += src}), with the layout of the copies. */
  static void add(
      float[] src,
      Shape srcShape,
      int srcBase,
      Box box,
      float[] dst,
      Shape dstShape,
      int dstStart) {
    int srcRow = srcShape.x();
    int srcSlice = srcRow * srcShape.y();
    int dstRow = dstShape.x();
    int dstSlice = dstRow * dstShape.y();
    int nx = box.x1() - box.x0();
    int ny = box.y1() - box.y0();
    int nz = box.z1() - box.z0();
    int srcStart = srcBase + srcShape.index(box.x0(), box.y0(), box.z0());
    for (int z = 0; z < nz; z++) {
      int s = srcStart + z * srcSlice;
      int d = dstStart + z * dstSlice;
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          dst[d + x] += src[s + x];
        }
        s += srcRow;
        d += dstRow;
      }
    }
  }
}
