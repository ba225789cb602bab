package org.liverseg.models.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * The confusion counts of one case (one whole volume): how many voxels of each true label were
 * predicted as each label. The {@link Overlap} and Dice of any {@link Region} follow from them,
 * e.g. Task03's liver (labels 1 and 2) and tumour (label 2): {@code scores.dice(Task03.LIVER)}
 * ({@link org.liverseg.models.task03.Task03}).
 *
 * @param caseId the subject's id
 * @param confusion {@code confusion[t][p]}: voxels of true label {@code t} predicted as {@code p};
 *     square, one row and column per class, counts {@code >= 0}
 */
public record CaseScores(String caseId, long[][] confusion) {

  /** Checks the matrix and copies it so the record stays immutable. */
  public CaseScores {
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(confusion, "confusion");
    if (confusion.length == 0) {
      throw new IllegalArgumentException("case " + caseId + ": the confusion matrix has no class");
    }
    long[][] copy = new long[confusion.length][];
    for (int t = 0; t < confusion.length; t++) {
      if (confusion[t].length != confusion.length) {
        throw new IllegalArgumentException(
            "case "
                + caseId
                + ": confusion row "
                + t
                + " has "
                + confusion[t].length
                + " columns, expected "
                + confusion.length
                + " (a square matrix)");
      }
      for (int p = 0; p < confusion.length; p++) {
        if (confusion[t][p] < 0) {
          throw new IllegalArgumentException(
              "case "
                  + caseId
                  + ": confusion count ["
                  + t
                  + "]["
                  + p
                  + "] is negative: "
                  + confusion[t][p]);
        }
      }
      copy[t] = confusion[t].clone();
    }
    confusion = copy;
  }

  /** Number of classes (rows and columns of the confusion matrix). */
  public int classes() {
    return confusion.length;
  }

  /** Voxels of true label {@code truth} predicted as {@code predicted}. */
  public long count(int truth, int predicted) {
    checkLabel(truth);
    checkLabel(predicted);
    return confusion[truth][predicted];
  }

  /**
   * The overlap of {@code region}: voxels whose true and predicted labels both belong to it are
   * true positives. Labels of the region at or above {@link #classes()} have no voxels.
   */
  public Overlap overlap(Region region) {
    int n = confusion.length;
    boolean[] in = new boolean[n];
    for (int label : region.labels()) {
      if (label < n) {
        in[label] = true;
      }
    }
    long tp = 0;
    long predicted = 0;
    long actual = 0;
    for (int t = 0; t < n; t++) {
      for (int p = 0; p < n; p++) {
        long c = confusion[t][p];
        if (in[t] && in[p]) {
          tp += c;
        }
        if (in[p]) {
          predicted += c;
        }
        if (in[t]) {
          actual += c;
        }
      }
    }
    return new Overlap(tp, predicted - tp, actual - tp);
  }

  /** The overlap of the region made of {@code labels} (one label: that class). */
  public Overlap overlap(int... labels) {
    for (int l : labels) {
      checkLabel(l);
    }
    return overlap(Region.ofLabels(labels));
  }

  /** Dice of {@code region} (see {@link Overlap#dice()} for the empty rule). */
  public double dice(Region region) {
    return overlap(region).dice();
  }

  /** Dice of the region made of {@code labels} (one label: that class). */
  public double dice(int... labels) {
    return overlap(labels).dice();
  }

  /**
   * The voxel-wise sum with another case of the same classes (for pooled, dataset-level scores).
   */
  public CaseScores plus(CaseScores other, String pooledId) {
    if (other.classes() != classes()) {
      throw new IllegalArgumentException(
          "cannot pool case "
              + other.caseId
              + " ("
              + other.classes()
              + " classes) with case "
              + caseId
              + " ("
              + classes()
              + " classes)");
    }
    long[][] sum = new long[classes()][classes()];
    for (int t = 0; t < sum.length; t++) {
      for (int p = 0; p < sum.length; p++) {
        sum[t][p] = confusion[t][p] + other.confusion[t][p];
      }
    }
    return new CaseScores(pooledId, sum);
  }

  private void checkLabel(int label) {
    if (label < 0 || label >= confusion.length) {
      throw new IllegalArgumentException(
          "class " + label + " outside 0.." + (confusion.length - 1) + " for case " + caseId);
    }
  }

  @Override
  public long[][] confusion() {
    long[][] copy = new long[confusion.length][];
    for (int t = 0; t < copy.length; t++) {
      copy[t] = confusion[t].clone();
    }
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CaseScores c
        && caseId.equals(c.caseId)
        && Arrays.deepEquals(confusion, c.confusion);
  }

  @Override
  public int hashCode() {
    return 31 * caseId.hashCode() + Arrays.deepHashCode(confusion);
  }

  @Override
  public String toString() {
    return "CaseScores[" + caseId + ", " + Arrays.deepToString(confusion) + "]";
  }
}
