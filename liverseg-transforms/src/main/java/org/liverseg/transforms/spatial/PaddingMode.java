package org.liverseg.transforms.spatial;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Locale;

/**
 * How {@link Pad} and {@link CropOrPad} fill new voxels, with TorchIO's (numpy's) meanings:
 *
 * <ul>
 *   <li>{@link #constant(double)}: one number ({@link #ZERO}, the default, is {@code constant(0)});
 *   <li>{@link #MINIMUM}, {@link #MAXIMUM}, {@link #MEAN}, {@link #MEDIAN}: a constant, that
 *       statistic of the whole image (all channels; median of an even count is the mean of the
 *       middle two);
 *   <li>{@link #EDGE}: repeat the border voxel; {@link #REFLECT}: mirror without repeating the
 *       border ({@code 3 2 | 1 2 3 | 2 1}); {@link #SYMMETRIC}: mirror repeating it ({@code 2 1 | 1
 *       2 3 | 3 2}); {@link #WRAP}: periodic ({@code 2 3 | 1 2 3 | 1 2}).
 * </ul>
 *
 * <p>Each image is filled from its own values. Label maps hold integers 0..255 only: a constant
 * (number or statistic) is truncated to an integer, and a number outside 0..255 fills label maps
 * with 0 instead (TorchIO would write an out-of-range label; e.g. {@code constant(-1000)} pads the
 * CT with air and the labels with background).
 *
 * <p>Padding wider than the image follows numpy: {@code reflect} and {@code symmetric} repeat the
 * reflection chunk by chunk exactly as numpy's {@code np.pad} does (its iteration is reproduced
 * index for index); {@code wrap} is the periodic extension of numpy 2.x (numpy 1.x differed there).
 */
public sealed interface PaddingMode
    permits PaddingMode.Constant, PaddingMode.Statistic, PaddingMode.Numpy {

  /** The constant 0, the default. */
  PaddingMode ZERO = new Constant(0);

  /** The image minimum. */
  PaddingMode MINIMUM = Statistic.MINIMUM;

  /** The image maximum. */
  PaddingMode MAXIMUM = Statistic.MAXIMUM;

  /** The image mean. */
  PaddingMode MEAN = Statistic.MEAN;

  /** The image median. */
  PaddingMode MEDIAN = Statistic.MEDIAN;

  /** numpy {@code edge}. */
  PaddingMode EDGE = Numpy.EDGE;

  /** numpy {@code reflect}. */
  PaddingMode REFLECT = Numpy.REFLECT;

  /** numpy {@code symmetric}. */
  PaddingMode SYMMETRIC = Numpy.SYMMETRIC;

  /** numpy {@code wrap}. */
  PaddingMode WRAP = Numpy.WRAP;

  /** A constant value (finite). */
  static PaddingMode constant(double value) {
    return new Constant(value);
  }

  /**
   * Parses TorchIO's spelling: a number, or one of {@code minimum maximum mean median edge reflect
   * symmetric wrap} (case-insensitive).
   */
  static PaddingMode parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (Statistic s : Statistic.values()) {
      if (s.torchioName().equals(t)) {
        return s;
      }
    }
    for (Numpy n : Numpy.values()) {
      if (n.torchioName().equals(t)) {
        return n;
      }
    }
    try {
      return constant(Double.parseDouble(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "unknown padding mode '"
              + text
              + "': expected a number or one of"
              + " minimum, maximum, mean, median, edge, reflect, symmetric, wrap",
          e);
    }
  }

  /** TorchIO's spelling of the mode (a number for constants). */
  String torchioName();

  /**
   * A constant fill value.
   *
   * @param value the value, finite
   */
  record Constant(double value) implements PaddingMode {
    /** Checks that the value is finite. */
    public Constant {
      checkArgument(Double.isFinite(value), "padding constant must be finite, got %s", value);
    }

    @Override
    public String torchioName() {
      return value == Math.rint(value) && Math.abs(value) < 1e15
          ? Long.toString((long) value)
          : Double.toString(value);
    }
  }

  /** A constant fill value computed from the image. */
  enum Statistic implements PaddingMode {
    /** Image minimum. */
    MINIMUM,
    /** Image maximum. */
    MAXIMUM,
    /** Image mean. */
    MEAN,
    /** Image median. */
    MEDIAN;

    @Override
    public String torchioName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A fill that copies image voxels, as numpy's {@code np.pad} modes of the same names. */
  enum Numpy implements PaddingMode {
    /** Repeat the border voxel. */
    EDGE,
    /** Mirror about the border voxel. */
    REFLECT,
    /** Mirror including the border voxel. */
    SYMMETRIC,
    /** Periodic. */
    WRAP;

    @Override
    public String torchioName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * For an axis of {@code n} voxels padded by {@code left} and {@code right}, the source index of
     * each of the {@code left + n + right} padded positions.
     */
    public int[] indexMap(int n, int left, int right) {
      checkArgument(
          n > 0 && left >= 0 && right >= 0, "bad axis %s padded by (%s, %s)", n, left, right);
      int len = left + n + right;
      int[] map = new int[len];
      switch (this) {
        case EDGE -> {
          for (int p = 0; p < len; p++) {
            map[p] = Math.min(Math.max(p - left, 0), n - 1);
          }
        }
        case WRAP -> {
          for (int p = 0; p < len; p++) {
            map[p] = Math.floorMod(p - left, n);
          }
        }
        default -> {
          if (n == 1) {
            return EDGE.indexMap(n, left, right); // numpy's legacy rule for singleton axes
          }
          for (int t = 0; t < n; t++) {
            map[left + t] = t;
          }
          boolean includeEdge = this == SYMMETRIC;
          int l = left;
          int r = right;
          while (l > 0 || r > 0) {
            // One pass of numpy's _set_reflect_both: reflect at most one chunk on each side.
            int oldLength = len - r - l - (includeEdge ? 0 : 1);
            int edgeOffset = includeEdge ? 1 : 0;
            if (l > 0) {
              int chunk = Math.min(oldLength, l);
              int start = l - edgeOffset + chunk;
              for (int t = 0; t < chunk; t++) {
                map[l - chunk + t] = map[start - t];
              }
              l -= chunk;
            }
            if (r > 0) {
              int chunk = Math.min(oldLength, r);
              int start = len - r + edgeOffset - 2;
              for (int t = 0; t < chunk; t++) {
                map[len - r + t] = map[start - t];
              }
              r -= chunk;
            }
          }
        }
      }
      return map;
    }
  }
}
