package org.liverseg.sampling;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.liverseg.io.Box;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

/**
 * Samples patches centred on voxels of chosen labels (TorchIO's {@code LabelSampler}, see
 * docs/ARCHITECTURE.md), e.g. {@code new LabelSampler(Shape.cube(96), "label", Map.of(0, 0.2, 1,
 * 0.3, 2, 0.5))}.
 *
 * <p>Only voxels in the region of valid centres count: per axis {@code [P//2, S - (P-1)//2)}; the
 * patch of centre {@code c} is {@code [c - P//2, c - P//2 + P)}. With label probabilities, each
 * draw first picks a label {@code L} that is listed with {@code p_L > 0} and present in that
 * region, with probability {@code p_L / sum(p of present labels)}, then a uniform voxel of that
 * label in the region. This is exactly TorchIO's distribution (each voxel of label {@code L}
 * weighted {@code p_L / n_L}, the map renormalised, so an absent label's share goes to the present
 * labels in proportion) without building a float probability map. Without probabilities, the centre
 * is a uniform voxel of the region with label {@code > 0}. Channel 0 of the label map is used.
 *
 * <p>Per subject, {@link #sample} scans the valid region once and keeps one array of voxel indices
 * per wanted label; each patch then costs two random draws. Each draw takes one {@code
 * nextDouble()} (only when several labels are present) and one {@code nextInt(n_L)}.
 */
public final class LabelSampler implements PatchSampler {

  private final Shape patchSize;
  private final String labelName;

  /** Normalised probabilities by label, or empty for "any label > 0". */
  private final ImmutableSortedMap<Integer, Double> probabilities;

  /**
   * A sampler centred on voxels of the labels in {@code probabilities} (label value to relative
   * weight; weights are divided by their sum). {@code null} or empty means: uniform over voxels
   * with label {@code > 0}.
   *
   * @throws IllegalArgumentException if a label is outside 0..255, a weight is negative or not
   *     finite, or all weights are 0
   */
  public LabelSampler(
      Shape patchSize, String labelName, Map<Integer, ? extends Number> probabilities) {
    this.patchSize = requireNonNull(patchSize, "patchSize");
    this.labelName = requireNonNull(labelName, "labelName");
    this.probabilities = normalise(probabilities);
  }

  /** A sampler centred on uniform voxels with label {@code > 0}. */
  public LabelSampler(Shape patchSize, String labelName) {
    this(patchSize, labelName, null);
  }

  private static ImmutableSortedMap<Integer, Double> normalise(Map<Integer, ? extends Number> p) {
    if (p == null || p.isEmpty()) {
      return ImmutableSortedMap.of();
    }
    double sum = 0;
    for (Map.Entry<Integer, ? extends Number> e : p.entrySet()) {
      int label = requireNonNull(e.getKey(), "label");
      double w = requireNonNull(e.getValue(), "probability").doubleValue();
      checkArgument(
          label >= 0 && label <= LabelMap.MAX_LABEL,
          "label %s is outside 0..%s and can never occur in a label map",
          label,
          LabelMap.MAX_LABEL);
      checkArgument(
          Double.isFinite(w) && w >= 0,
          "probability of label %s must be finite and >= 0, got %s",
          label,
          (Object) w);
      sum += w;
    }
    checkArgument(sum > 0, "label probabilities %s are all zero", p);
    ImmutableSortedMap.Builder<Integer, Double> b = ImmutableSortedMap.naturalOrder();
    for (Map.Entry<Integer, ? extends Number> e : p.entrySet()) {
      b.put(e.getKey(), e.getValue().doubleValue() / sum);
    }
    return b.build();
  }

  @Override
  public Shape patchSize() {
    return patchSize;
  }

  /** The name of the label map the centres are chosen from. */
  public String labelName() {
    return labelName;
  }

  /**
   * The label probabilities divided by their sum, by label (empty when centres are uniform over
   * label {@code > 0}).
   */
  public ImmutableMap<Integer, Double> probabilities() {
    return probabilities;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException also if no wanted label is present inside the valid centre
   *     region (naming the subject and that region)
   */
  @Override
  public Iterator<Patch> sample(Subject subject, RandomGenerator random) {
    requireNonNull(random, "random");
    PatchSize.checkFits(subject, patchSize);
    LabelMap map = subject.labelMap(labelName);
    Box region = PatchSize.validCentres(subject.shape(), patchSize);
    LabelVoxels voxels = LabelVoxels.scan(map.labels(), subject.shape(), region, groups());
    double[] weights = new double[voxels.groups()];
    double total = 0;
    for (int g = 0; g < weights.length; g++) {
      if (voxels.count(g) > 0) {
        weights[g] = probabilities.isEmpty() ? 1 : probabilities.get(voxels.label(g));
        total += weights[g];
      }
    }
    if (total == 0) {
      throw new IllegalArgumentException(
          String.format(
              "LabelSampler: subject %s has no voxel of %s in image '%s' inside the region of valid patch centres"
                  + " x in [%d, %d), y in [%d, %d), z in [%d, %d) of its %s volume for patches of %s;"
                  + " the label may lie within half a patch of the border",
              subject.id(),
              probabilities.isEmpty() ? "label > 0" : "labels " + probabilities.keySet(),
              labelName,
              region.x0(),
              region.x1(),
              region.y0(),
              region.y1(),
              region.z0(),
              region.z1(),
              subject.shape(),
              patchSize));
    }
    return new Draws(subject, voxels, weights, total, random);
  }

  /**
   * Group index per label value: one group per listed label with p > 0, or one for all of 1..255.
   */
  private int[] groups() {
    int[] group = new int[LabelMap.MAX_LABEL + 1];
    Arrays.fill(group, -1);
    if (probabilities.isEmpty()) {
      for (int l = 1; l <= LabelMap.MAX_LABEL; l++) {
        group[l] = 0;
      }
      return group;
    }
    int g = 0;
    for (Map.Entry<Integer, Double> e : probabilities.entrySet()) {
      if (e.getValue() > 0) {
        group[e.getKey()] = g++;
      }
    }
    return group;
  }

  @Override
  public String toString() {
    return "LabelSampler("
        + patchSize
        + ", '"
        + labelName
        + "', "
        + (probabilities.isEmpty() ? "label > 0" : probabilities)
        + ")";
  }

  /** The infinite draw loop over one subject's voxel lists. */
  private final class Draws extends InfiniteIterator {
    private final Subject subject;
    private final Shape volume;
    private final LabelVoxels voxels;
    private final double[] cumulative;
    private final RandomGenerator random;
    private final int only;

    Draws(
        Subject subject,
        LabelVoxels voxels,
        double[] weights,
        double total,
        RandomGenerator random) {
      this.subject = subject;
      this.volume = subject.shape();
      this.voxels = voxels;
      this.random = random;
      this.cumulative = new double[weights.length];
      double c = 0;
      int present = 0;
      int last = -1;
      for (int g = 0; g < weights.length; g++) {
        c += weights[g] / total;
        cumulative[g] = c;
        if (weights[g] > 0) {
          present++;
          last = g;
        }
      }
      // Rounding must never leave a draw past the end, and one present label needs no draw.
      cumulative[last] = Double.POSITIVE_INFINITY;
      this.only = present == 1 ? last : -1;
    }

    @Override
    public Patch next() {
      int g = only;
      if (g < 0) {
        double u = random.nextDouble();
        g = 0;
        while (u >= cumulative[g]) {
          g++;
        }
      }
      int index = voxels.voxel(g, random.nextInt(voxels.count(g)));
      return Patch.of(subject, PatchSize.around(index, volume, patchSize));
    }
  }
}
