package org.liverseg.io.nifti;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.liverseg.io.Shape;

/**
 * Converts liverseg's float or label arrays into raw NIfTI voxel bytes, in chunks of about 1 MiB:
 * one tight loop per type into a primitive scratch array, then a bulk byte-order-aware copy.
 * Integer types are written by rounding half to even ({@link Math#rint}) after removing the
 * scaling, {@code raw = (value - inter) / slope}; a value that does not fit the type (or NaN) is an
 * {@link IllegalArgumentException} naming the voxel, the value and the type's range.
 */
final class VoxelEncoder {

  private final NiftiDataType type;
  private final ByteOrder order;
  private final boolean scaled;
  private final double slope;
  private final double inter;
  private final Shape shape;
  private final String target;
  private final int components;
  private final int perChunk;
  private final byte[] chunk = new byte[VoxelDecoder.CHUNK];
  private final float[] gathered;
  private short[] shorts;
  private int[] ints;
  private long[] longs;
  private double[] doubles;

  VoxelEncoder(NiftiHeader header, String target) {
    this.type = header.datatype();
    this.order = header.byteOrder();
    this.slope = header.slope();
    this.inter = header.intercept();
    this.scaled = header.hasScaling();
    this.shape = header.spatialShape();
    this.target = target;
    this.components = type.components();
    this.perChunk = VoxelDecoder.CHUNK / type.bytesPerComponent();
    this.gathered = new float[perChunk];
  }

  /** Writes {@code values} (liverseg layout) as voxel bytes. */
  void write(float[] values, OutputStream out) throws IOException {
    long spatial = shape.voxels();
    for (int start = 0; start < values.length; start += perChunk) {
      int e = Math.min(perChunk, values.length - start);
      if (components == 1) {
        encode(values, start, e, start, out);
      } else {
        for (int k = 0; k < e; k++) {
          gathered[k] = values[interleavedSource(start + k, spatial)];
        }
        encode(gathered, 0, e, start, out);
      }
    }
  }

  /** Writes unsigned labels (liverseg layout) as voxel bytes. */
  void write(byte[] labels, OutputStream out) throws IOException {
    if (type == NiftiDataType.UINT8 && !scaled) {
      for (int i = 0; i < labels.length; i += VoxelDecoder.CHUNK) {
        out.write(labels, i, Math.min(VoxelDecoder.CHUNK, labels.length - i));
      }
      return;
    }
    long spatial = shape.voxels();
    for (int start = 0; start < labels.length; start += perChunk) {
      int e = Math.min(perChunk, labels.length - start);
      for (int k = 0; k < e; k++) {
        int src = components == 1 ? start + k : interleavedSource(start + k, spatial);
        gathered[k] = labels[src] & 0xFF;
      }
      encode(gathered, 0, e, start, out);
    }
  }

  /** Element {@code k} on disk of an RGB type: component {@code k % C} of voxel {@code k / C}. */
  private int interleavedSource(int k, long spatial) {
    long v = k / components;
    int c = k % components;
    long s = v % spatial;
    long t = v / spatial;
    return (int) (s + spatial * (t * components + c));
  }

  /** The stored value of {@code v}: unscaled, rounded and range-checked for integer types. */
  private double stored(float v, int index, double min, double max, boolean exclusiveMax) {
    double raw = scaled ? (v - inter) / slope : v;
    double r = Math.rint(raw);
    if (!(r >= min && (exclusiveMax ? r < max : r <= max))) {
      throw outOfRange(v, raw, index);
    }
    return r;
  }

  private void encode(float[] src, int off, int e, int base, OutputStream out) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(chunk).order(order);
    int bytes = e * type.bytesPerComponent();
    double min = type.min();
    double max = type.max();
    // base + i: the source index for single-component types, the stored element index otherwise
    switch (type) {
      case UINT8, INT8, RGB24, RGBA32 -> {
        for (int i = 0; i < e; i++) {
          chunk[i] = (byte) (int) stored(src[off + i], base + i, min, max, false);
        }
      }
      case INT16, UINT16 -> {
        short[] t = shorts == null ? shorts = new short[perChunk] : shorts;
        for (int i = 0; i < e; i++) {
          t[i] = (short) (int) stored(src[off + i], base + i, min, max, false);
        }
        bb.asShortBuffer().put(t, 0, e);
      }
      case INT32, UINT32 -> {
        int[] t = ints == null ? ints = new int[perChunk] : ints;
        for (int i = 0; i < e; i++) {
          t[i] = (int) (long) stored(src[off + i], base + i, min, max, false);
        }
        bb.asIntBuffer().put(t, 0, e);
      }
      case INT64 -> {
        long[] t = longs == null ? longs = new long[perChunk] : longs;
        for (int i = 0; i < e; i++) {
          t[i] = (long) stored(src[off + i], base + i, min, max, true);
        }
        bb.asLongBuffer().put(t, 0, e);
      }
      case UINT64 -> {
        long[] t = longs == null ? longs = new long[perChunk] : longs;
        for (int i = 0; i < e; i++) {
          double r = stored(src[off + i], base + i, min, max, true);
          t[i] = r >= 0x1p63 ? (long) (r - 0x1p63) ^ Long.MIN_VALUE : (long) r;
        }
        bb.asLongBuffer().put(t, 0, e);
      }
      case FLOAT32 -> {
        if (scaled) {
          float[] t = new float[e];
          for (int i = 0; i < e; i++) {
            t[i] = (float) ((src[off + i] - inter) / slope);
          }
          bb.asFloatBuffer().put(t, 0, e);
        } else {
          bb.asFloatBuffer().put(src, off, e);
        }
      }
      case FLOAT64 -> {
        double[] t = doubles == null ? doubles = new double[perChunk] : doubles;
        for (int i = 0; i < e; i++) {
          t[i] = scaled ? (src[off + i] - inter) / slope : src[off + i];
        }
        bb.asDoubleBuffer().put(t, 0, e);
      }
      default -> throw new AssertionError(type);
    }
    out.write(chunk, 0, bytes);
  }

  private IllegalArgumentException outOfRange(double value, double raw, int index) {
    long spatial = shape.voxels();
    String where;
    if (components == 1) {
      int c = (int) (index / spatial);
      int s = (int) (index % spatial);
      where =
          String.format(
              "voxel (%d, %d, %d) channel %d",
              s % shape.x(), s / shape.x() % shape.y(), s / shape.x() / shape.y(), c);
    } else {
      where = "colour component " + index % components + " of stored voxel " + index / components;
    }
    String stored = scaled ? " (stored value " + raw + " after scaling)" : "";
    return new IllegalArgumentException(
        String.format(
            "%s: value %s at %s%s does not fit %s (%s..%s) after rounding; write a wider datatype or float32",
            target, value, where, stored, type.numpyName(), fmt(type.min()), fmt(type.max())));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }
}
