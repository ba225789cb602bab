package org.liverseg.examples.pipeline;

import java.util.List;

/**
 * The evaluation of one case.
 *
 * @param caseId the case
 * @param diceLiver Dice of the whole liver (labels 1 and 2)
 * @param diceTumour Dice of the tumours (label 2); 1 when neither mask has any (see {@link Dice})
 * @param truthLiverVoxels liver voxels in the ground truth
 * @param truthTumourVoxels tumour voxels in the ground truth
 * @param predictedLiverVoxels liver voxels in the prediction
 * @param predictedTumourVoxels tumour voxels in the prediction
 */
public record CaseScore(String caseId, double diceLiver, double diceTumour, long truthLiverVoxels,
    long truthTumourVoxels, long predictedLiverVoxels, long predictedTumourVoxels) {

  /** Whether the ground truth has a tumour. */
  public boolean hasTumour() {
    return truthTumourVoxels > 0;
  }

  /** Mean liver Dice over the cases (NaN for none). */
  public static double meanLiver(List<CaseScore> scores) {
    return scores.stream().mapToDouble(CaseScore::diceLiver).average().orElse(Double.NaN);
  }

  /** Mean tumour Dice over all cases (empty-and-empty counts as 1). */
  public static double meanTumour(List<CaseScore> scores) {
    return scores.stream().mapToDouble(CaseScore::diceTumour).average().orElse(Double.NaN);
  }

  /** Mean tumour Dice over the cases whose ground truth has a tumour (NaN when none has). */
  public static double meanTumourWithTumour(List<CaseScore> scores) {
    return scores.stream().filter(CaseScore::hasTumour).mapToDouble(CaseScore::diceTumour).average()
        .orElse(Double.NaN);
  }
}
