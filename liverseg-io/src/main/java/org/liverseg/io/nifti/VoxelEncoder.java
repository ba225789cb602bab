package org.liverseg.io.nifti;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.liverseg.io.Shape;

/**
 * Converts liverseg's float or label arrays into raw NIfTI voxel bytes, in chunks of about 1 MiB.
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

  VoxelEncoder(NiftiHeader header, String target) {
    this.type = header.datatype();
    this.order = header.byteOrder();
    this.slope = header.slope();
    this.inter = header.intercept();
    this.scaled = header.hasScaling();
    this.shape = header.spatialShape();
    this.target = target;
  }

  /** Writes {@code values} (liverseg layout) as voxel bytes. */
  void write(float[] values, OutputStream out) throws IOException {
    write(new FloatValues(values), out);
  }

  /** Writes unsigned labels (liverseg layout) as voxel bytes. */
  void write(byte[] labels, OutputStream out) throws IOException {
    if (type == NiftiDataType.UINT8 && !scaled) {
      for (int i = 0; i < labels.length; i += VoxelDecoder.CHUNK) {
        out.write(labels, i, Math.min(VoxelDecoder.CHUNK, labels.length - i));
      }
      return;
    }
    write(new LabelValues(labels), out);
  }

  /** Read access to the source values without boxing. */
  private interface Values {
    int length();

    double get(int i);
  }

  private record FloatValues(float[] a) implements Values {
    @Override
    public int length() {
      return a.length;
    }

    @Override
    public double get(int i) {
      return a[i];
    }
  }

  private record LabelValues(byte[] a) implements Values {
    @Override
    public int length() {
      return a.length;
    }

    @Override
    public double get(int i) {
      return a[i] & 0xFF;
    }
  }

  private void write(Values values, OutputStream out) throws IOException {
    int components = type.components();
    int perChunk = VoxelDecoder.CHUNK / type.bytesPerComponent();
    byte[] chunk = new byte[VoxelDecoder.CHUNK];
    ByteBuffer bb = ByteBuffer.wrap(chunk).order(order);
    int n = values.length();
    long spatial = shape.voxels();
    for (int start = 0; start < n; start += perChunk) {
      int e = Math.min(perChunk, n - start);
      bb.clear();
      for (int k = 0; k < e; k++) {
        int src = components == 1 ? start + k : interleavedSource(start + k, components, spatial);
        put(bb, values.get(src), src);
      }
      out.write(chunk, 0, bb.position());
    }
  }

  /** Element {@code k} on disk of an RGB type: component {@code k % C} of voxel {@code k / C}. */
  private static int interleavedSource(int k, int components, long spatial) {
    long v = k / components;
    int c = k % components;
    long s = v % spatial;
    long t = v / spatial;
    return (int) (s + spatial * (t * components + c));
  }

  private void put(ByteBuffer bb, double value, int index) {
    double raw = scaled ? (value - inter) / slope : value;
    switch (type) {
      case FLOAT32 -> bb.putFloat((float) raw);
      case FLOAT64 -> bb.putDouble(raw);
      default -> {
        double r = Math.rint(raw);
        boolean is64 = type == NiftiDataType.INT64 || type == NiftiDataType.UINT64;
        if (!(r >= type.min() && (is64 ? r < type.max() : r <= type.max()))) {
          throw outOfRange(value, raw, index);
        }
        switch (type) {
          case UINT8, INT8, RGB24, RGBA32 -> bb.put((byte) (int) r);
          case INT16, UINT16 -> bb.putShort((short) (int) r);
          case INT32, UINT32 -> bb.putInt((int) (long) r);
          case INT64 -> bb.putLong((long) r);
          case UINT64 -> bb.putLong(r >= 0x1p63 ? (long) (r - 0x1p63) ^ Long.MIN_VALUE : (long) r);
          default -> throw new AssertionError(type);
        }
      }
    }
  }

  private IllegalArgumentException outOfRange(double value, double raw, int index) {
    long spatial = shape.voxels();
    int c = (int) (index / spatial);
    int s = (int) (index % spatial);
    int x = s % shape.x();
    int y = s / shape.x() % shape.y();
    int z = s / shape.x() / shape.y();
    String stored = scaled ? " (stored value " + raw + " after scaling)" : "";
    return new IllegalArgumentException(String.format(
        "%s: value %s at voxel (%d, %d, %d) channel %d%s does not fit %s (%s..%s) after rounding;"
            + " write a wider datatype or float32", target, value, x, y, z, c, stored, type.numpyName(),
        fmt(type.min()), fmt(type.max())));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }
}
