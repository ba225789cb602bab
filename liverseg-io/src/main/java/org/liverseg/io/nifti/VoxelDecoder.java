package org.liverseg.io.nifti;

import static org.liverseg.io.nifti.NiftiFormatException.Problem.NOT_LABELS;
import static org.liverseg.io.nifti.NiftiFormatException.Problem.TRUNCATED_DATA;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.liverseg.io.LabelMap;

/**
 * Converts raw voxel bytes, streamed in chunks of about 1 MiB, into liverseg's float or label
 * arrays: bulk byte-order-aware copies into a primitive scratch array, then one tight conversion
 * loop per type. Values go through {@code double} ({@code raw * slope + inter} when scaled) and are
 * rounded once to float, as nibabel's {@code get_fdata()} followed by a cast to float32.
 */
final class VoxelDecoder {

  /** Chunk size: a multiple of every element size (1, 2, 3, 4, 8), about 1 MiB. */
  static final int CHUNK = 24 * 43_690;

  private final NiftiHeader header;
  private final Path file;
  private final NiftiDataType type;
  private final boolean scaled;
  private final double slope;
  private final double inter;

  VoxelDecoder(NiftiHeader header, Path file) {
    this.header = header;
    this.file = file;
    this.type = header.datatype();
    this.scaled = header.hasScaling();
    this.slope = header.slope();
    this.inter = header.intercept();
  }

  /** Reads exactly the header's data bytes from {@code in} and returns them as floats. */
  float[] readFloats(InputStream in) throws IOException {
    long dataBytes = header.dataBytes();
    long voxels = header.voxelCount();
    int components = type.components();
    float[] out = new float[Math.toIntExact(voxels * components)];
    byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(dataBytes, 1))];
    Scratch scratch = new Scratch(chunk.length / type.bytesPerComponent());
    long done = 0;
    int o = 0;
    long spatial = header.spatialShape().voxels();
    while (done < dataBytes) {
      int n = (int) Math.min(chunk.length, dataBytes - done);
      readFully(in, chunk, n, done, dataBytes);
      if (components == 1) {
        convert(chunk, n, out, o, scratch);
        o += n / type.bytesPerComponent();
      } else {
        splitComponents(chunk, n, done / type.bytesPerVoxel(), spatial, out);
      }
      done += n;
    }
    return out;
  }

  /** Reads the data as labels 0..255 (a straight copy for unscaled uint8). */
  byte[] readLabels(InputStream in) throws IOException {
    if (type == NiftiDataType.UINT8 && !scaled) {
      long dataBytes = header.dataBytes();
      byte[] out = new byte[Math.toIntExact(dataBytes)];
      long done = 0;
      while (done < dataBytes) {
        int n = (int) Math.min(CHUNK, dataBytes - done);
        int got = in.readNBytes(out, (int) done, n);
        if (got < n) {
          throw truncated(done + got, dataBytes);
        }
        done += n;
      }
      return out;
    }
    float[] values = readFloats(in);
    try {
      return LabelMap.toLabels(values, file.toString());
    } catch (IllegalArgumentException e) {
      throw new NiftiFormatException(
          file,
          NOT_LABELS,
          "cannot be read as a label map: "
              + e.getMessage().substring(file.toString().length() + 2),
          e);
    }
  }

  private void readFully(InputStream in, byte[] chunk, int n, long done, long total)
      throws IOException {
    int got = in.readNBytes(chunk, 0, n);
    if (got < n) {
      throw truncated(done + got, total);
    }
  }

  private NiftiFormatException truncated(long got, long total) {
    return new NiftiFormatException(
        file,
        TRUNCATED_DATA,
        "voxel data is truncated: got "
            + got
            + " of the "
            + total
            + " bytes the header promises ("
            + header.voxelCount()
            + " voxels of "
            + type.numpyName()
            + ")");
  }

  /**
   * RGB/RGBA: component {@code c} of stored voxel {@code v = s + S*t} goes to channel {@code t*C +
   * c}.
   */
  private void splitComponents(byte[] chunk, int n, long firstVoxel, long spatial, float[] out) {
    int components = type.components();
    int voxels = n / components;
    long v = firstVoxel;
    long s = v % spatial;
    long t = v / spatial;
    for (int i = 0; i < voxels; i++) {
      for (int c = 0; c < components; c++) {
        double raw = chunk[i * components + c] & 0xFF;
        out[(int) (s + spatial * (t * components + c))] =
            scaled ? (float) (raw * slope + inter) : (float) raw;
      }
      if (++s == spatial) {
        s = 0;
        t++;
      }
    }
  }

  /** Reusable scratch arrays, one per element kind. */
  private static final class Scratch {
    final int size;
    short[] shorts;
    int[] ints;
    long[] longs;
    double[] doubles;

    Scratch(int size) {
      this.size = size;
    }

    short[] shorts() {
      return shorts == null ? shorts = new short[size] : shorts;
    }

    int[] ints() {
      return ints == null ? ints = new int[size] : ints;
    }

    long[] longs() {
      return longs == null ? longs = new long[size] : longs;
    }

    double[] doubles() {
      return doubles == null ? doubles = new double[size] : doubles;
    }
  }

  private void convert(byte[] chunk, int n, float[] out, int o, Scratch scratch) {
    ByteOrder order = header.byteOrder();
    ByteBuffer bb = ByteBuffer.wrap(chunk, 0, n).order(order);
    double s = slope;
    double b = inter;
    switch (type) {
      case UINT8 -> {
        if (scaled) {
          for (int i = 0; i < n; i++) {
            out[o + i] = (float) ((chunk[i] & 0xFF) * s + b);
          }
        } else {
          for (int i = 0; i < n; i++) {
            out[o + i] = chunk[i] & 0xFF;
          }
        }
      }
      case INT8 -> {
        if (scaled) {
          for (int i = 0; i < n; i++) {
            out[o + i] = (float) (chunk[i] * s + b);
          }
        } else {
          for (int i = 0; i < n; i++) {
            out[o + i] = chunk[i];
          }
        }
      }
      case INT16, UINT16 -> {
        int e = n / 2;
        short[] t = scratch.shorts();
        bb.asShortBuffer().get(t, 0, e);
        int mask = type == NiftiDataType.UINT16 ? 0xFFFF : -1;
        if (type == NiftiDataType.INT16) {
          if (scaled) {
            for (int i = 0; i < e; i++) {
              out[o + i] = (float) (t[i] * s + b);
            }
          } else {
            for (int i = 0; i < e; i++) {
              out[o + i] = t[i];
            }
          }
        } else if (scaled) {
          for (int i = 0; i < e; i++) {
            out[o + i] = (float) ((t[i] & mask) * s + b);
          }
        } else {
          for (int i = 0; i < e; i++) {
            out[o + i] = t[i] & mask;
          }
        }
      }
      case INT32 -> {
        int e = n / 4;
        int[] t = scratch.ints();
        bb.asIntBuffer().get(t, 0, e);
        if (scaled) {
          for (int i = 0; i < e; i++) {
            out[o + i] = (float) (t[i] * s + b);
          }
        } else {
          for (int i = 0; i < e; i++) {
            out[o + i] = (float) (double) t[i];
          }
        }
      }
      case UINT32 -> {
        int e = n / 4;
        int[] t = scratch.ints();
        bb.asIntBuffer().get(t, 0, e);
        for (int i = 0; i < e; i++) {
          double v = t[i] & 0xFFFFFFFFL;
          out[o + i] = scaled ? (float) (v * s + b) : (float) v;
        }
      }
      case INT64 -> {
        int e = n / 8;
        long[] t = scratch.longs();
        bb.asLongBuffer().get(t, 0, e);
        for (int i = 0; i < e; i++) {
          double v = t[i];
          out[o + i] = scaled ? (float) (v * s + b) : (float) v;
        }
      }
      case UINT64 -> {
        int e = n / 8;
        long[] t = scratch.longs();
        bb.asLongBuffer().get(t, 0, e);
        for (int i = 0; i < e; i++) {
          double v = unsignedToDouble(t[i]);
          out[o + i] = scaled ? (float) (v * s + b) : (float) v;
        }
      }
      case FLOAT32 -> {
        int e = n / 4;
        bb.asFloatBuffer().get(out, o, e);
        if (scaled) {
          for (int i = o; i < o + e; i++) {
            out[i] = (float) (out[i] * s + b);
          }
        }
      }
      case FLOAT64 -> {
        int e = n / 8;
        double[] t = scratch.doubles();
        bb.asDoubleBuffer().get(t, 0, e);
        if (scaled) {
          for (int i = 0; i < e; i++) {
            out[o + i] = (float) (t[i] * s + b);
          }
        } else {
          for (int i = 0; i < e; i++) {
            out[o + i] = (float) t[i];
          }
        }
      }
      default ->
          throw new AssertionError("multi-component type " + type + " reached the scalar path");
    }
  }

  /** The unsigned 64-bit value of {@code v}, correctly rounded to double. */
  static double unsignedToDouble(long v) {
    if (v >= 0) {
      return v;
    }
    // halve with the low bit kept sticky so the final rounding is still to nearest-even
    return ((double) ((v >>> 1) | (v & 1))) * 2.0;
  }
}
