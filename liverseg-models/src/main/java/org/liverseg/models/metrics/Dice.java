package org.liverseg.models.metrics;

import org.liverseg.io.LabelMap;

/**
 * Scores a predicted label volume against the ground truth: {@link #score} counts the confusion
 * matrix of one case, from which the Dice of any {@link Region} follows.
 *
 * <p>Labels are unsigned bytes (0 background, 1 liver, 2 tumour for Task03_Liver); voxels with a
 * label at or above {@code classes} in either volume are an error. Task03_Liver and LiTS report
 * regions, not classes: the liver is the whole organ, tumours included ({@link
 * org.liverseg.models.task03.Task03#LIVER}, labels 1 and 2), the tumour is label 2 ({@code
 * Task03.TUMOUR}).
 *
 * <p><b>Argument order: ground truth first, then prediction</b>, in every method here and in the
 * app's {@code Evaluation.score}. Dice itself is symmetric, but the counts are not: swapped
 * arguments report the predicted voxels as {@link Overlap#truthVoxels()} and decide which cases
 * "have tumours" by the prediction.
 */
public final class Dice {

  private Dice() {}

  /**
   * The confusion counts of {@code prediction} against {@code truth}: {@code confusion[t][p]}
   * counts the voxels whose truth is {@code t} and prediction {@code p}.
   *
   * @param caseId name used in the result and in error messages
   * @param truth ground-truth labels, one per voxel (read as unsigned): the first array
   * @param prediction predicted labels in the same voxel order: the second array
   * @param classes number of classes (3 for background, liver, tumour)
   */
  public static CaseScores score(String caseId, byte[] truth, byte[] prediction, int classes) {
    if (truth.length != prediction.length) {
      throw new IllegalArgumentException(
          "case "
              + caseId
              + ": truth has "
              + truth.length
              + " voxels but prediction has "
              + prediction.length);
    }
    if (classes < 1 || classes > 256) {
      throw new IllegalArgumentException("classes must be in 1..256, got " + classes);
    }
    long[][] joint = new long[classes][classes];
    for (int i = 0; i < truth.length; i++) {
      int t = truth[i] & 0xff;
      int p = prediction[i] & 0xff;
      if (t >= classes || p >= classes) {
        throw new IllegalArgumentException(
            "case "
                + caseId
                + ": voxel "
                + i
                + " has label "
                + (t >= classes ? "truth " + t : "prediction " + p)
                + ", but only "
                + classes
                + " classes");
      }
      joint[t][p]++;
    }
    return new CaseScores(caseId, joint);
  }

  /**
   * The confusion counts of two label maps on the same grid.
   *
   * @param caseId name used in the result and in error messages
   * @param truth the ground truth: the first label map
   * @param prediction the prediction: the second label map
   * @param classes number of classes (3 for background, liver, tumour)
   * @throws IllegalArgumentException naming the case and both shapes if the shapes differ
   */
  public static CaseScores score(String caseId, LabelMap truth, LabelMap prediction, int classes) {
    if (!truth.shape().equals(prediction.shape())) {
      throw new IllegalArgumentException(
          "case "
              + caseId
              + ": prediction shape "
              + prediction.shape()
              + " differs from ground-truth shape "
              + truth.shape());
    }
    return score(caseId, truth.labels(), prediction.labels(), classes);
  }
}
