package org.liverseg.app.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.liverseg.app.pipeline.DiceCsv;
import org.liverseg.app.pipeline.Evaluation;
import org.liverseg.app.pipeline.RunConfig;
import org.liverseg.io.AtomicFiles;
import org.liverseg.models.metrics.CaseScores;
import org.liverseg.models.metrics.DiceSummary;
import org.liverseg.models.task03.Task03;
import org.liverseg.models.training.EpochReport;

/**
 * Writes a run's {@code report.md}: Dice per test case with the means, the training summary, the
 * time of each step and the machine, with links to the curves and overlays next to it.
 */
public final class ReportWriter {

  private ReportWriter() {}

  /** Writes the report to {@code file}, atomically. */
  public static void write(RunSummary summary, Path file) throws IOException {
    AtomicFiles.writeString(file, render(summary));
  }

  /** The report as Markdown text. */
  public static String render(RunSummary s) {
    StringBuilder md = new StringBuilder();
    RunConfig c = s.config();
    md.append("# liverseg pipeline report: ").append(s.runName()).append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Preset `%s`, seed %d. %d training, %d validation and %d test cases from `%s`.%n%n",
            c.preset(),
            c.seed(),
            s.split().train().size(),
            s.split().validation().size(),
            s.split().test().size(),
            c.data().dir()));

    md.append("## Test Dice\n\n");
    md.append(
        "| case | Dice liver | Dice tumour | tumour voxels (truth) | tumour voxels (predicted) |\n");
    md.append("|---|---:|---:|---:|---:|\n");
    for (CaseScores scores : s.scores()) {
      DiceCsv.Row cs = DiceCsv.Row.of(scores);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.4f | %.4f%s | %d | %d |%n",
              cs.caseId(),
              cs.diceLiver(),
              cs.diceTumour(),
              cs.truthTumourVoxels() > 0 || cs.predictedTumourVoxels() > 0 ? "" : " (none, none)",
              cs.truthTumourVoxels(),
              cs.predictedTumourVoxels()));
    }
    DiceSummary summary = Evaluation.summary(s.scores());
    md.append(
        String.format(
            Locale.ROOT,
            "| **mean** | **%.4f** | **%.4f** | | |%n%n",
            summary.meanDice(Task03.LIVER),
            summary.meanDice(Task03.TUMOUR)));
    long withTumour =
        s.scores().stream().filter(cs -> cs.overlap(Task03.TUMOUR).truthVoxels() > 0).count();
    md.append(
        String.format(
            Locale.ROOT,
            "Mean tumour Dice over the %d test cases that have tumours: %s. A case where neither the ground truth nor "
                + "the prediction has a tumour counts as Dice 1 in the overall mean. Liver means the whole organ, "
                + "tumours included.%n%n",
            withTumour,
            withTumour == 0
                ? "n/a"
                : String.format(Locale.ROOT, "%.4f", summary.meanDiceOfCasesWith(Task03.TUMOUR))));

    if (!s.epochs().isEmpty()) {
      EpochReport last = s.epochs().get(s.epochs().size() - 1);
      md.append("## Training\n\n");
      md.append(
          String.format(
              Locale.ROOT,
              "%d epochs, %d iterations, final training loss %.4f",
              last.epoch(),
              last.iterations(),
              last.meanLoss()));
      s.epochs().stream()
          .filter(e -> !Double.isNaN(e.liverDice()))
          .reduce((a, b) -> b)
          .ifPresent(
              v ->
                  md.append(
                      String.format(
                          Locale.ROOT,
                          ", last validation Dice liver %.4f / tumour %.4f (epoch %d)",
                          v.liverDice(),
                          v.tumourDice(),
                          v.epoch())));
      md.append(".\n\n![training curves](curves.png)\n\n");
    }

    if (s.plan() != null) {
      md.append("## Plan\n\n").append(s.plan()).append("\n\n");
    }
    if (s.inference() != null) {
      md.append("## Inference\n\n").append(s.inference()).append("\n");
    }
    if (s.decision() != null) {
      md.append("## Tumour decision\n\n").append(s.decision()).append("\n\n");
    }

    md.append("## Timing\n\n| step | seconds |\n|---|---:|\n");
    for (Map.Entry<String, Duration> e : s.timings().entrySet()) {
      md.append(String.format(Locale.ROOT, "| %s | %.1f |%n", e.getKey(), seconds(e.getValue())));
    }
    md.append(String.format(Locale.ROOT, "| **total** | **%.1f** |%n%n", seconds(s.total())));

    MachineInfo m = s.machine();
    md.append("## Machine\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "- cores: %d%n- memory: %s physical, %s max heap%n- Java: %s%n- OS: %s%n",
            m.cores(),
            MachineInfo.gib(m.physicalMemoryBytes()),
            MachineInfo.gib(m.maxHeapBytes()),
            m.javaVersion(),
            m.os()));
    s.notes().forEach(n -> md.append("- ").append(n).append('\n'));
    md.append('\n');

    if (!s.scores().isEmpty()) {
      md.append(
          "## Overlays\n\nGreen: ground truth; red: prediction (liver and tumour contours).\n\n");
      for (CaseScores cs : s.scores()) {
        md.append("![")
            .append(cs.caseId())
            .append("](overlays/")
            .append(cs.caseId())
            .append(".png)\n");
      }
    }
    return md.toString();
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
