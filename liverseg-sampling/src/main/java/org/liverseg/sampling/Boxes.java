package org.liverseg.sampling;

import java.util.Arrays;

/**
 * Strided copies of a box of voxels between two arrays in liverseg's layout (x fastest). A box is
 * given by the linear index of its first voxel in each array, each array's row length ({@code X})
 * and slice size ({@code X*Y}), and the box extent {@code (nx, ny, nz)}. Float to float copies one
 * x-row at a time with {@link System#arraycopy}.
 */
final class Boxes {

  private Boxes() {}

  /** Copies a box of floats. */
  static void copy(
      float[] src,
      int srcBase,
      int srcRow,
      int srcSlice,
      float[] dst,
      int dstBase,
      int dstRow,
      int dstSlice,
      int nx,
      int ny,
      int nz) {
    for (int z = 0; z < nz; z++) {
      int s = srcBase + z * srcSlice;
      int d = dstBase + z * dstSlice;
      for (int y = 0; y < ny; y++) {
        System.arraycopy(src, s, dst, d, nx);
        s += srcRow;
        d += dstRow;
      }
    }
  }

  /** Copies a box of unsigned bytes. */
  static void copy(
      byte[] src,
      int srcBase,
      int srcRow,
      int srcSlice,
      byte[] dst,
      int dstBase,
      int dstRow,
      int dstSlice,
      int nx,
      int ny,
      int nz) {
    for (int z = 0; z < nz; z++) {
      int s = srcBase + z * srcSlice;
      int d = dstBase + z * dstSlice;
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
      byte[] src,
      int srcBase,
      int srcRow,
      int srcSlice,
      float[] dst,
      int dstBase,
      int dstRow,
      int dstSlice,
      int nx,
      int ny,
      int nz) {
    for (int z = 0; z < nz; z++) {
      int s = srcBase + z * srcSlice;
      int d = dstBase + z * dstSlice;
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

  /** Adds a box of floats to another ({@code dst += src}). */
  static void add(
      float[] src,
      int srcBase,
      int srcRow,
      int srcSlice,
      float[] dst,
      int dstBase,
      int dstRow,
      int dstSlice,
      int nx,
      int ny,
      int nz) {
    for (int z = 0; z < nz; z++) {
      int s = srcBase + z * srcSlice;
      int d = dstBase + z * dstSlice;
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
