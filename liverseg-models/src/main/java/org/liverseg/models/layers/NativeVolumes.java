package org.liverseg.models.layers;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bulk copies between contiguous c-order ND4J arrays and Java arrays (one memcpy per block), so
 * that hand-written kernels can work on {@code float[]} without per-element native calls.
 */
public final class NativeVolumes {

  private NativeVolumes() {}

  /** Whether {@code a} is a dense c-order array that starts at the beginning of its buffer. */
  public static boolean isDense(INDArray a) {
    if (a.isView() || a.offset() != 0 || a.data().offset() != 0 || a.data().length() < a.length()) {
      return false;
    }
    long[] shape = a.shape();
    long[] stride = a.stride();
    long expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      // The stride of a size-1 axis is irrelevant (ND4J does not normalise it).
      if (shape[i] != 1 && stride[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }

  /** Returns {@code a} if it is dense, otherwise a dense c-order copy of it. */
  public static INDArray dense(INDArray a) {
    return isDense(a) ? a : a.dup('c');
  }

  /** All values of a float array, c-order, in a new Java array (one bulk copy if already dense). */
  public static float[] toFloats(INDArray a) {
    INDArray d = dense(a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT));
    float[] out = new float[Math.toIntExact(d.length())];
    read(d, 0, out);
    return out;
  }

  /** Fails unless {@code a} is dense: kernels write straight into its buffer. */
  static void requireDense(INDArray a, String what) {
    if (!isDense(a)) {
      throw new IllegalArgumentException(
          what
              + " must be a dense c-order array (not a view), got shape "
              + java.util.Arrays.toString(a.shape())
              + " ordering "
              + a.ordering()
              + " view "
              + a.isView()
              + " offset "
              + a.offset()
              + " strides "
              + java.util.Arrays.toString(a.stride())
              + " buffer offset "
              + a.data().offset());
    }
  }

  /** Checks that {@code a} holds float or double values, the two precisions the kernels support. */
  static void requireFloatingPoint(INDArray a, String what) {
    DataType t = a.dataType();
    if (t != DataType.FLOAT && t != DataType.DOUBLE) {
      throw new IllegalArgumentException(what + " must be FLOAT or DOUBLE, got " + t);
    }
  }

  /**
   * Copies {@code dst.length} values starting at element {@code offset} of the dense array {@code
   * a}.
   */
  public static void read(INDArray a, long offset, float[] dst) {
    FloatPointer p = new FloatPointer(a.data().addressPointer());
    p.position(offset).get(dst);
  }

  /** Double twin of {@link #read(INDArray, long, float[])}. */
  static void read(INDArray a, long offset, double[] dst) {
    DoublePointer p = new DoublePointer(a.data().addressPointer());
    p.position(offset).get(dst);
  }

  /** Writes {@code src} into the dense array {@code a} starting at element {@code offset}. */
  public static void write(INDArray a, long offset, float[] src) {
    FloatPointer p = new FloatPointer(a.data().addressPointer());
    p.position(offset).put(src);
  }

  /** Double twin of {@link #write(INDArray, long, float[])}. */
  static void write(INDArray a, long offset, double[] src) {
    DoublePointer p = new DoublePointer(a.data().addressPointer());
    p.position(offset).put(src);
  }
}
