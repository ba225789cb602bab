package org.liverseg.models.prediction;

import org.liverseg.io.ScalarImage;

/**
 * Turns aggregated class probabilities (one channel per class, softmax) into one label per voxel.
 *
 * <p>{@link #argmax()} is the plain rule; {@link org.liverseg.models.task03.LiverTumourDecision} is
 * the Task03 rule with a tumour threshold and a minimum tumour size, which {@link
 * org.liverseg.models.task03.DecisionTuner} can choose on validation cases.
 */
@FunctionalInterface
public interface LabelDecision {

  /**
   * The labels of {@code probabilities}' voxels, in the image's voxel order.
   *
   * @param probabilities class probabilities, channel {@code c} holding class {@code c}
   */
  byte[] labels(ScalarImage probabilities);

  /**
   * This decision on voxels of another size: a decision whose parameters count voxels (a smallest
   * component, say) counts {@code sizeFactor} times as many, so that it means the same volume in
   * mm^3 on a grid whose voxels are {@code 1 / sizeFactor} times as large. Decisions without sizes
   * return themselves (the default).
   *
   * @param sizeFactor voxel volume the decision was made for / voxel volume of the new grid
   */
  default LabelDecision forVoxelsOf(double sizeFactor) {
    if (!(sizeFactor > 0 && Double.isFinite(sizeFactor))) {
      throw new IllegalArgumentException("size factor must be positive, got " + sizeFactor);
    }
    return this;
  }

  /** Per voxel, the class with the highest probability (the lowest class on ties). */
  static LabelDecision argmax() {
    return Argmax.INSTANCE;
  }

  /** The argmax rule as a named value (so that {@code toString} says what it is). */
  enum Argmax implements LabelDecision {
    /** The only instance. */
    INSTANCE;

    @Override
    public byte[] labels(ScalarImage probabilities) {
      float[] v = probabilities.voxels();
      int classes = probabilities.geometry().channels();
      int n = probabilities.geometry().shape().voxelsAsInt();
      byte[] out = new byte[n];
      for (int i = 0; i < n; i++) {
        int best = 0;
        float max = v[i];
        for (int c = 1; c < classes; c++) {
          float q = v[c * n + i];
          if (q > max) {
            max = q;
            best = c;
          }
        }
        out[i] = (byte) best;
      }
      return out;
    }

    @Override
    public String toString() {
      return "argmax";
    }
  }
}
