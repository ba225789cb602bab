package org.liverseg.app.pipeline;

import java.io.IOException;
import java.util.Locale;
import org.liverseg.app.report.OverlayRenderer;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Subject;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.io.nifti.NiftiDataType;
import org.liverseg.models.metrics.CaseScores;
import org.liverseg.models.task03.Task03;

/**
 * Step 6 for one test case: writes the predicted mask as {@code predictions/<case>.nii.gz} (uint8,
 * the original scan's shape and affine), scores it against the ground truth and draws {@code
 * overlays/<case>.png}.
 */
public final class CaseResults {

  private final RunFolder folder;
  private final OverlayRenderer renderer;
  private final String imageName;
  private final String labelName;

  /**
   * @param folder the run folder
   * @param renderer draws the overlays
   * @param imageName name of the CT in the subjects (e.g. "ct")
   * @param labelName name of the ground-truth label map (e.g. "label")
   */
  public CaseResults(
      RunFolder folder, OverlayRenderer renderer, String imageName, String labelName) {
    this.folder = folder;
    this.renderer = renderer;
    this.imageName = imageName;
    this.labelName = labelName;
  }

  /**
   * Writes, scores and draws one case.
   *
   * @param original the subject as read from disk (original grid)
   * @param prediction the predicted mask on the original grid
   * @throws IllegalArgumentException if the prediction is not on the original scan's grid
   */
  public CaseScores write(Subject original, LabelMap prediction) throws IOException {
    LabelMap truth = original.labelMap(labelName);
    // a label outside Task03's classes is reported with the ground truth's file
    String where = truth.path().map(p -> "ground truth " + p).orElse("case " + original.id());
    CaseScores score = Evaluation.score(original.id(), truth, prediction, where);
    // uint8 on disk whatever the label map's origin: masks that nibabel and ITK-SNAP open as
    // labels.
    Nifti.write(folder.prediction(original.id()), prediction, NiftiDataType.UINT8);
    String title =
        String.format(
            Locale.ROOT,
            "%s   Dice liver %.3f, tumour %.3f",
            original.id(),
            score.dice(Task03.LIVER),
            score.dice(Task03.TUMOUR));
    renderer.write(
        folder.overlay(original.id()), title, original.scalarImage(imageName), truth, prediction);
    return score;
  }
}
