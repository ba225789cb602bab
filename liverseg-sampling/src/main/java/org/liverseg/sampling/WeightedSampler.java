package org.liverseg.sampling;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Iterator;
import java.util.random.RandomGenerator;
import org.liverseg.io.Box;
import org.liverseg.io.Image;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

/**
 * Samples patches whose centre is drawn with probability proportional to a probability-map image of
 * the subject (TorchIO's {@code WeightedSampler}), e.g. {@code new WeightedSampler(Shape.cube(64),
 * "sampling_map")}. The map is a single-channel scalar image or label map with non-negative values;
 * only voxels in the region of valid centres count (per axis {@code [P//2, S - (P-1)//2)}, the rest
 * is treated as 0, as TorchIO clears the map's borders), and the values need not sum to 1.
 *
 * <p>Per subject, {@link #sample} keeps the indices of the voxels with a positive value in the
 * region and their cumulative sum (double precision); each draw is one {@code nextDouble()} and a
 * binary search.
 */
public final class WeightedSampler implements PatchSampler {

  private final Shape patchSize;
  private final String mapName;

  /**
   * A sampler of patches of {@code patchSize} centred according to the image named {@code mapName}.
   */
  public WeightedSampler(Shape patchSize, String mapName) {
    this.patchSize = requireNonNull(patchSize, "patchSize");
    this.mapName = requireNonNull(mapName, "mapName");
  }

  @Override
  public Shape patchSize() {
    return patchSize;
  }

  /** The name of the probability-map image. */
  public String mapName() {
    return mapName;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException also if the map has several channels, a negative or non-finite
   *     value, or no positive value inside the valid centre region
   */
  @Override
  public Iterator<Patch> sample(Subject subject, RandomGenerator random) {
    requireNonNull(random, "random");
    PatchSize.checkFits(subject, patchSize);
    Image map = subject.image(mapName);
    if (map.channels() != 1) {
      throw new IllegalArgumentException(
          String.format(
              "WeightedSampler: probability map '%s' of subject %s has %d"
                  + " channels; it must have one",
              mapName, subject.id(), map.channels()));
    }
    Shape volume = subject.shape();
    Box region = PatchSize.validCentres(volume, patchSize);
    Cdf cdf =
        map instanceof ScalarImage s
            ? Cdf.of(s.voxels(), volume, region, subject.id(), mapName)
            : Cdf.of(((LabelMap) map).labels(), volume, region);
    if (cdf.indices.length == 0) {
      throw new IllegalArgumentException(
          String.format(
              "WeightedSampler: probability map '%s' of subject %s is zero everywhere inside the region of valid"
                  + " patch centres x in [%d, %d), y in [%d, %d), z in [%d, %d) of its %s volume for patches of %s;"
                  + " the probability mass may lie within half a patch of the border",
              mapName,
              subject.id(),
              region.x0(),
              region.x1(),
              region.y0(),
              region.y1(),
              region.z0(),
              region.z1(),
              subject.shape(),
              patchSize));
    }
    double total = cdf.cumulative[cdf.cumulative.length - 1];
    return new InfiniteIterator() {
      @Override
      public Patch next() {
        double u = random.nextDouble() * total;
        // First position whose cumulative sum exceeds u (binarySearch finds equal keys only).
        int pos = Arrays.binarySearch(cdf.cumulative, u);
        pos = pos >= 0 ? pos + 1 : -pos - 1;
        int last = cdf.indices.length - 1;
        while (pos < last && cdf.cumulative[pos] <= u) {
          pos++; // equal sums: a weight too small to change the double sum
        }
        pos = Math.min(pos, last);
        return Patch.of(subject, PatchSize.around(cdf.indices[pos], volume, patchSize));
      }
    };
  }

  @Override
  public String toString() {
    return "WeightedSampler(" + patchSize + ", '" + mapName + "')";
  }

  /** Voxels with a positive weight in the region and the running sum of their weights. */
  private record Cdf(int[] indices, double[] cumulative) {

    static Cdf of(float[] values, Shape volume, Box region, String subjectId, String mapName) {
      int sx = volume.x();
      int sxy = sx * volume.y();
      int n = 0;
      for (int z = region.z0(); z < region.z1(); z++) {
        for (int y = region.y0(); y < region.y1(); y++) {
          int base = z * sxy + y * sx;
          for (int i = base + region.x0(), end = base + region.x1(); i < end; i++) {
            float v = values[i];
            if (!(v >= 0) || v == Float.POSITIVE_INFINITY) {
              throw new IllegalArgumentException(
                  String.format(
                      "WeightedSampler: probability map '%s' of subject %s has the value %s at voxel (%d, %d, %d);"
                          + " probabilities must be finite and non-negative",
                      mapName, subjectId, v, i - base, y, z));
            }
            if (v > 0) {
              n++;
            }
          }
        }
      }
      int[] indices = new int[n];
      double[] cumulative = new double[n];
      double sum = 0;
      int t = 0;
      for (int z = region.z0(); z < region.z1(); z++) {
        for (int y = region.y0(); y < region.y1(); y++) {
          int base = z * sxy + y * sx;
          for (int i = base + region.x0(), end = base + region.x1(); i < end; i++) {
            if (values[i] > 0) {
              sum += values[i];
              indices[t] = i;
              cumulative[t++] = sum;
            }
          }
        }
      }
      return new Cdf(indices, cumulative);
    }

    static Cdf of(byte[] values, Shape volume, Box region) {
      int sx = volume.x();
      int sxy = sx * volume.y();
      int n = 0;
      for (int z = region.z0(); z < region.z1(); z++) {
        for (int y = region.y0(); y < region.y1(); y++) {
          int base = z * sxy + y * sx;
          for (int i = base + region.x0(), end = base + region.x1(); i < end; i++) {
            if (values[i] != 0) {
              n++;
            }
          }
        }
      }
      int[] indices = new int[n];
      double[] cumulative = new double[n];
      double sum = 0;
      int t = 0;
      for (int z = region.z0(); z < region.z1(); z++) {
        for (int y = region.y0(); y < region.y1(); y++) {
          int base = z * sxy + y * sx;
          for (int i = base + region.x0(), end = base + region.x1(); i < end; i++) {
            if (values[i] != 0) {
              sum += values[i] & 0xFF;
              indices[t] = i;
              cumulative[t++] = sum;
            }
          }
        }
      }
      return new Cdf(indices, cumulative);
    }
  }
}
