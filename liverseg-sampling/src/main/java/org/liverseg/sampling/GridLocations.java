package org.liverseg.sampling;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import org.liverseg.io.Box;
import org.liverseg.io.Shape;

/**
 * The grid rule of TorchIO's {@code GridSampler} (see docs/ARCHITECTURE.md) on a volume that is
 * already padded if padding is wanted: the checks in TorchIO's order, the starts per axis and their
 * combinations.
 */
final class GridLocations {

  private GridLocations() {}

  /**
   * TorchIO's checks, in its order: a patch larger than the volume on any axis, then an overlap not
   * smaller than the patch on any axis, then an odd overlap on any axis.
   *
   * @param padding the per-side padding already applied, for the message (0 when not padded)
   * @throws IllegalArgumentException naming the sizes
   */
  static void check(Shape volume, Shape patch, int[] overlap, int[] padding) {
    boolean padded = padding[0] + padding[1] + padding[2] > 0;
    for (int a = 0; a < 3; a++) {
      if (patch.get(a) > volume.get(a)) {
        throw new IllegalArgumentException(
            String.format(
                "GridSampler: patch size %s cannot be larger than the"
                    + " %svolume size %s (along %s: %d > %d)",
                patch,
                padded ? "padded " : "",
                volume,
                "xyz".charAt(a),
                patch.get(a),
                volume.get(a)));
      }
    }
    for (int a = 0; a < 3; a++) {
      if (overlap[a] >= patch.get(a)) {
        throw new IllegalArgumentException(
            String.format(
                "GridSampler: patch overlap %s must be smaller than the"
                    + " patch size %s on every axis (along %s: %d >= %d)",
                text(overlap), patch, "xyz".charAt(a), overlap[a], patch.get(a)));
      }
    }
    for (int a = 0; a < 3; a++) {
      if (overlap[a] % 2 != 0) {
        throw new IllegalArgumentException(
            String.format(
                "GridSampler: patch overlap must be even on every axis," + " got %s (odd along %s)",
                text(overlap), "xyz".charAt(a)));
      }
    }
  }

  /**
   * Starts along one axis: {@code 0, P-O, 2(P-O), ...} while {@code start <= S - P}, then {@code S
   * - P} if the last start is not that (the last patch is shifted back to end at the border).
   */
  static int[] starts(int size, int patch, int overlap) {
    checkArgument(
        patch <= size && overlap >= 0 && overlap < patch,
        "bad axis: size %s, patch %s, overlap %s",
        size,
        patch,
        overlap);
    int step = patch - overlap;
    int last = size - patch;
    int n = last / step + 1;
    boolean shifted = (n - 1) * step != last;
    int[] starts = new int[shifted ? n + 1 : n];
    for (int t = 0; t < n; t++) {
      starts[t] = t * step;
    }
    if (shifted) {
      starts[n] = last;
    }
    return starts;
  }

  /**
   * All combinations of the per-axis starts as locations, sorted lexicographically (x slowest). The
   * starts of each axis are distinct and increasing, so nested loops give TorchIO's sorted,
   * de-duplicated list directly.
   */
  static ImmutableList<Box> locations(int[][] starts, Shape patch) {
    ImmutableList.Builder<Box> out =
        ImmutableList.builderWithExpectedSize(
            starts[0].length * starts[1].length * starts[2].length);
    for (int i : starts[0]) {
      for (int j : starts[1]) {
        for (int k : starts[2]) {
          out.add(Box.of(i, j, k, patch));
        }
      }
    }
    return out.build();
  }

  static String text(int[] v) {
    return v[0] + "x" + v[1] + "x" + v[2];
  }

  /** Parses an overlap of 1 or 3 non-negative values into 3. */
  static int[] overlap(int[] values) {
    checkArgument(
        values.length == 1 || values.length == 3,
        "patch overlap needs 1 or 3 values, got %s",
        Arrays.toString(values));
    int[] o = values.length == 1 ? new int[] {values[0], values[0], values[0]} : values.clone();
    checkArgument(
        o[0] >= 0 && o[1] >= 0 && o[2] >= 0, "patch overlap must be non-negative, got %s", text(o));
    return o;
  }
}
