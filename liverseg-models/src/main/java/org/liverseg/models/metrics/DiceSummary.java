package org.liverseg.models.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Dice of {@link Region}s over a set of cases, two ways: the mean of per-case Dice (each case
 * counts once, the usual MSD ranking) and the global Dice of all voxels pooled (large livers weigh
 * more). For Task03_Liver use {@link org.liverseg.models.task03.Task03#LIVER} (labels 1 and 2) and
 * {@link org.liverseg.models.task03.Task03#TUMOUR} (label 2).
 *
 * <p>Cases where a region is absent from truth and prediction count with Dice 1 in the per-case
 * mean (see {@link Overlap}); they add nothing to the global counts. {@link
 * #meanDiceOfCasesWith(Region)} leaves them out.
 */
public final class DiceSummary {

  private final int classes;
  private final List<CaseScores> cases = new ArrayList<>();
  private CaseScores pooled;

  /** An empty summary for cases of {@code classes} classes. */
  public DiceSummary(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be >= 1, got " + classes);
    }
    this.classes = classes;
    this.pooled = new CaseScores("all cases", new long[classes][classes]);
  }

  /** Adds one case. */
  public void add(CaseScores c) {
    if (c.classes() != classes) {
      throw new IllegalArgumentException(
          "case " + c.caseId() + " has " + c.classes() + " classes, summary has " + classes);
    }
    cases.add(c);
    pooled = pooled.plus(c, pooled.caseId());
  }

  /** The cases added so far, in order. */
  public List<CaseScores> cases() {
    return List.copyOf(cases);
  }

  /** Mean over cases of the per-case Dice of {@code region}; NaN when no case was added. */
  public double meanDice(Region region) {
    return cases.stream().mapToDouble(c -> c.dice(region)).average().orElse(Double.NaN);
  }

  /**
   * Mean per-case Dice of {@code region} over the cases whose ground truth contains it (e.g. the
   * tumour Dice of the cases that have tumours, where the empty rule plays no part); NaN when no
   * case has it.
   */
  public double meanDiceOfCasesWith(Region region) {
    return cases.stream()
        .filter(c -> c.overlap(region).truthVoxels() > 0)
        .mapToDouble(c -> c.dice(region))
        .average()
        .orElse(Double.NaN);
  }

  /** Pooled overlap of {@code region} over all cases. */
  public Overlap global(Region region) {
    return pooled.overlap(region);
  }

  /** Dice of the pooled counts of {@code region}. */
  public double globalDice(Region region) {
    return global(region).dice();
  }
}
