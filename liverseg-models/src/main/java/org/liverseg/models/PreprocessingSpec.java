package org.liverseg.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The preprocessing a trained model expects of its input, stored inside the model file so that
 * prediction cannot silently use another one.
 *
 * <p>Sizes are in voxels, in (x, y, z) order (the io convention: x fastest).
 *
 * @param targetShape shape every volume is brought to before patching (CropOrPad / resampling
 *     target)
 * @param windowLow lower bound of the intensity window (e.g. Hounsfield units) mapped to the
 *     model's range
 * @param windowHigh upper bound of the intensity window
 * @param patchSize patch (and network input) size
 * @param classes number of output classes, background included
 */
public record PreprocessingSpec(
    List<Integer> targetShape,
    double windowLow,
    double windowHigh,
    List<Integer> patchSize,
    int classes) {

  /** Validates and copies the lists. */
  public PreprocessingSpec {
    targetShape = size3(targetShape, "targetShape");
    patchSize = size3(patchSize, "patchSize");
    if (!(windowLow < windowHigh)
        || Double.isInfinite(windowLow)
        || Double.isInfinite(windowHigh)) {
      throw new IllegalArgumentException(
          "intensity window must be finite with low < high, got ["
              + windowLow
              + ", "
              + windowHigh
              + "]");
    }
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be >= 2, got " + classes);
    }
  }

  /** Convenience factory with (x, y, z) arrays. */
  public static PreprocessingSpec of(
      int[] targetShape, double windowLow, double windowHigh, int[] patchSize, int classes) {
    return new PreprocessingSpec(
        List.of(targetShape[0], targetShape[1], targetShape[2]),
        windowLow,
        windowHigh,
        List.of(patchSize[0], patchSize[1], patchSize[2]),
        classes);
  }

  /** Names every field where {@code other} differs from this spec; empty when they agree. */
  public List<String> differences(PreprocessingSpec other) {
    List<String> d = new ArrayList<>();
    if (!targetShape.equals(other.targetShape)) {
      d.add("targetShape " + targetShape + " vs " + other.targetShape);
    }
    if (Double.compare(windowLow, other.windowLow) != 0
        || Double.compare(windowHigh, other.windowHigh) != 0) {
      d.add(
          "intensity window ["
              + windowLow
              + ", "
              + windowHigh
              + "] vs ["
              + other.windowLow
              + ", "
              + other.windowHigh
              + "]");
    }
    if (!patchSize.equals(other.patchSize)) {
      d.add("patchSize " + patchSize + " vs " + other.patchSize);
    }
    if (classes != other.classes) {
      d.add("classes " + classes + " vs " + other.classes);
    }
    return d;
  }

  private static List<Integer> size3(List<Integer> s, String name) {
    Objects.requireNonNull(s, name);
    if (s.size() != 3 || s.stream().anyMatch(v -> v == null || v < 1)) {
      throw new IllegalArgumentException(
          name + " must be three positive sizes (x, y, z), got " + s);
    }
    return List.copyOf(s);
  }
}
