package org.liverseg.app.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.liverseg.io.LabelMap;
import org.liverseg.models.metrics.CaseScores;
import org.liverseg.models.metrics.Dice;
import org.liverseg.models.metrics.DiceSummary;
import org.liverseg.models.task03.Task03;

/**
 * Compares predicted masks with ground-truth masks, file by file, as {@code liverseg evaluate}
 * does: every prediction needs a ground truth of the same case id, shape and (within 1e-3 mm)
 * affine. Scores follow Task03_Liver: Dice of the liver region (labels 1 and 2, {@link Dice#LIVER})
 * and of the tumour (label 2, {@link Dice#TUMOUR}), with the empty rule of {@link
 * org.liverseg.models.metrics.Overlap} (both masks empty: 1, one empty: 0).
 */
public final class Evaluation {

  /** Largest affine difference (mm) tolerated between a prediction and its ground truth. */
  public static final double AFFINE_TOLERANCE = 1e-3;

  private Evaluation() {}

  /**
   * The folder holding the ground-truth masks: {@code dir/labelsTr} when {@code dir} is an MSD
   * dataset root, else {@code dir} itself.
   */
  public static Path truthFolder(Path dir) {
    Path labels = dir.resolve("labelsTr");
    return Files.isDirectory(labels) ? labels : dir;
  }

  /**
   * What {@link #evaluateFolders} found: the scores of the cases that could be scored and one line
   * for each case that could not.
   *
   * @param scores per case, in case-id order
   * @param failures {@code "case <id>: <reason>"}, in case-id order
   */
  public record Result(List<CaseScores> scores, List<String> failures) {
    /** Copies the lists. */
    public Result {
      scores = List.copyOf(scores);
      failures = List.copyOf(failures);
    }
  }

  /**
   * Scores every prediction in {@code predictionDir} against the file of the same case in {@code
   * truthDir} (or its {@code labelsTr}). A case without ground truth, with a file that cannot be
   * read, with another grid or with a label outside Task03's fails on its own; the others are
   * scored.
   *
   * @throws IOException if a folder cannot be listed
   * @throws IllegalArgumentException if there is no prediction at all
   */
  public static Result evaluateFolders(Path predictionDir, Path truthDir) throws IOException {
    Map<String, Path> predictions = CaseFiles.list(predictionDir);
    Path truthFolder = truthFolder(truthDir);
    Map<String, Path> truths = CaseFiles.list(truthFolder);
    if (predictions.isEmpty()) {
      throw new IllegalArgumentException("no NIfTI files (.nii, .nii.gz) in " + predictionDir);
    }
    List<CaseScores> scores = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, Path> e : predictions.entrySet()) {
      String id = e.getKey();
      Path truthFile = truths.get(id);
      if (truthFile == null) {
        failures.add("case " + id + ": no ground truth in " + truthFolder + " for " + e.getValue());
        continue;
      }
      try {
        LabelMap prediction = LabelMap.read(e.getValue());
        LabelMap truth = LabelMap.read(truthFile);
        scores.add(score(id, truth, prediction, e.getValue() + " and " + truthFile));
      } catch (IOException | RuntimeException | OutOfMemoryError x) {
        String m = CommandErrors.message(x);
        failures.add(m.startsWith("case " + id + ":") ? m : "case " + id + ": " + m);
      }
    }
    return new Result(scores, failures);
  }

  /**
   * Scores one case after checking that both masks share a grid. The ground truth comes first, as
   * in {@link Dice#score(String, LabelMap, LabelMap, int)}.
   *
   * @param caseId the case, named in the scores and in error messages
   * @param truth the ground truth (first)
   * @param prediction the prediction (second)
   * @param where names the two sources in error messages
   * @throws IllegalArgumentException if the grids differ, or if a mask has a label other than 0, 1
   *     and 2
   */
  public static CaseScores score(String caseId, LabelMap truth, LabelMap prediction, String where) {
    if (!prediction.shape().equals(truth.shape())) {
      throw new IllegalArgumentException(
          "case "
              + caseId
              + ": prediction shape "
              + prediction.shape()
              + " differs from ground-truth shape "
              + truth.shape()
              + " ("
              + where
              + ")");
    }
    double d = prediction.affine().maxAbsDifference(truth.affine());
    if (d > AFFINE_TOLERANCE) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "case %s: prediction and ground truth have different affines (largest difference %.3g mm) (%s)",
              caseId,
              d,
              where));
    }
    try {
      return Dice.score(caseId, truth, prediction, Task03.CLASSES);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (" + where + ")", e);
    }
  }

  /** The scores of {@code scores} together: means over cases, pooled counts. */
  public static DiceSummary summary(List<CaseScores> scores) {
    DiceSummary summary = new DiceSummary(Task03.CLASSES);
    scores.forEach(summary::add);
    return summary;
  }

  /** A plain-text table of the scores with the means, for the terminal. */
  public static String table(List<CaseScores> scores) {
    StringBuilder sb =
        new StringBuilder(
            String.format(Locale.ROOT, "%-16s %10s %11s%n", "case", "Dice liver", "Dice tumour"));
    for (CaseScores s : scores) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-16s %10.4f %11.4f%s%n",
              s.caseId(),
              s.dice(Task03.LIVER),
              s.dice(Task03.TUMOUR),
              s.overlap(Task03.TUMOUR).bothEmpty() ? "  (no tumour in either)" : ""));
    }
    DiceSummary summary = summary(scores);
    sb.append(
        String.format(
            Locale.ROOT,
            "%-16s %10.4f %11.4f%n",
            "mean",
            summary.meanDice(Task03.LIVER),
            summary.meanDice(Task03.TUMOUR)));
    double withTumour = summary.meanDiceOfCasesWith(Task03.TUMOUR);
    if (!Double.isNaN(withTumour)) {
      sb.append(
          String.format(Locale.ROOT, "%-16s %10s %11.4f%n", "mean (tumours)", "", withTumour));
    }
    return sb.toString();
  }
}
