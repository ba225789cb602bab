package org.liverseg.app.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.liverseg.io.AtomicFiles;
import org.liverseg.models.metrics.CaseScores;
import org.liverseg.models.metrics.DiceSummary;
import org.liverseg.models.metrics.Overlap;
import org.liverseg.models.task03.Task03;

/**
 * Per-case Dice as CSV ({@code dice.csv}, and what {@code liverseg evaluate} writes): one line per
 * case with the Dice of Task03's liver (labels 1 and 2) and tumour (label 2) regions and their
 * voxel counts, then a {@code mean} line. Dots as decimal separators whatever the locale.
 */
public final class DiceCsv {

  /** The header line. */
  public static final String HEADER =
      "case,dice_liver,dice_tumour,truth_liver_voxels,truth_tumour_voxels,"
          + "predicted_liver_voxels,predicted_tumour_voxels";

  /** Id of the summary line. */
  public static final String MEAN = "mean";

  private DiceCsv() {}

  /**
   * One case line of the file.
   *
   * @param caseId the case
   * @param diceLiver Dice of the whole liver (labels 1 and 2)
   * @param diceTumour Dice of the tumours (label 2); 1 when neither mask has any
   * @param truthLiverVoxels liver voxels (labels 1 and 2) in the ground truth
   * @param truthTumourVoxels tumour voxels in the ground truth
   * @param predictedLiverVoxels liver voxels (labels 1 and 2) in the prediction
   * @param predictedTumourVoxels tumour voxels in the prediction
   */
  public record Row(
      String caseId,
      double diceLiver,
      double diceTumour,
      long truthLiverVoxels,
      long truthTumourVoxels,
      long predictedLiverVoxels,
      long predictedTumourVoxels) {

    /** The line of {@code scores}. */
    public static Row of(CaseScores scores) {
      Overlap liver = scores.overlap(Task03.LIVER);
      Overlap tumour = scores.overlap(Task03.TUMOUR);
      return new Row(
          scores.caseId(),
          liver.dice(),
          tumour.dice(),
          liver.truthVoxels(),
          tumour.truthVoxels(),
          liver.predictedVoxels(),
          tumour.predictedVoxels());
    }
  }

  /** The CSV text. */
  public static String render(List<CaseScores> scores) {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (CaseScores cs : scores) {
      Row s = Row.of(cs);
      sb.append(
          String.format(
              Locale.ROOT,
              "%s,%.6f,%.6f,%d,%d,%d,%d%n",
              s.caseId(),
              s.diceLiver(),
              s.diceTumour(),
              s.truthLiverVoxels(),
              s.truthTumourVoxels(),
              s.predictedLiverVoxels(),
              s.predictedTumourVoxels()));
    }
    DiceSummary summary = Evaluation.summary(scores);
    sb.append(
        String.format(
            Locale.ROOT,
            "%s,%.6f,%.6f,,,,%n",
            MEAN,
            summary.meanDice(Task03.LIVER),
            summary.meanDice(Task03.TUMOUR)));
    return sb.toString();
  }

  /** Writes the CSV atomically (a full disk leaves no partial or empty file). */
  public static void write(List<CaseScores> scores, Path file) throws IOException {
    AtomicFiles.writeString(file, render(scores));
  }

  /**
   * Reads the per-case lines (the mean line is skipped).
   *
   * @throws IllegalArgumentException naming the file and line if it is not a Dice CSV
   */
  public static List<Row> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IllegalArgumentException(
          file + ": not a Dice CSV (the first line must be '" + HEADER + "')");
    }
    List<Row> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] c = lines.get(i).split(",", -1);
      if (c.length != 7) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + ": expected 7 columns, got " + c.length);
      }
      if (c[0].equals(MEAN)) {
        continue;
      }
      try {
        out.add(
            new Row(
                c[0],
                Double.parseDouble(c[1]),
                Double.parseDouble(c[2]),
                Long.parseLong(c[3]),
                Long.parseLong(c[4]),
                Long.parseLong(c[5]),
                Long.parseLong(c[6])));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + ": not a number: " + e.getMessage(), e);
      }
    }
    return out;
  }
}
