package org.liverseg.app.pipeline;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.liverseg.app.report.CurvesPlot;
import org.liverseg.app.report.MachineInfo;
import org.liverseg.app.report.OverlayRenderer;
import org.liverseg.app.report.ReportWriter;
import org.liverseg.app.report.RunSummary;
import org.liverseg.io.AtomicFiles;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectsDataset;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.models.metrics.CaseScores;
import org.liverseg.models.prediction.Segmentation;
import org.liverseg.models.prediction.SegmentationModel;
import org.liverseg.models.prediction.SegmentationPredictor;
import org.liverseg.models.task03.DecisionTuner;
import org.liverseg.models.task03.Task03;
import org.liverseg.models.training.EpochReport;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The whole liver and tumour pipeline, as {@code liverseg pipeline} runs it:
 *
 * <ol>
 *   <li>generate the phantom dataset in MSD Task03_Liver layout if the data folder is empty;
 *   <li>split it into train / validation / test (seeded; {@code split.json});
 *   <li>with a plan (the default): compute it from the training split ({@code plan.json}),
 *       preprocess the training and validation cases once (canonical, resampled to the plan's
 *       spacing, normalised); without one: CropOrPad, HU window, rescale; then augment
 *       (RandomAffine, RandomFlip);
 *   <li>train the U-Net from a PatchQueue fed by a LabelSampler ({@code metrics.csv}, {@code
 *       model.zip}); with a plan, choose the inference and tumour decision on the validation cases;
 *   <li>predict every test scan whole and on its own grid ({@code predictions/<case>.nii.gz}): with
 *       a plan through {@link SegmentationModel} (resampled in and out), without one with
 *       GridSampler/GridAggregator, the masks mapped back by undoing the CropOrPad;
 *   <li>evaluate Dice per case and mean, draw curves and overlays, write {@code report.md}.
 * </ol>
 *
 * All outputs go to one {@link RunFolder}, starting with {@code config.json}, which reproduces the
 * run.
 */
public final class Pipeline {

  private final RunConfig config;
  private final RunFolder folder;
  private final PrintStream log;
  private final boolean progressBars;

  /**
   * @param config every setting of the run
   * @param folder the run folder (created)
   * @param log where progress and results are printed
   * @param progressBars whether to draw progress bars
   */
  public Pipeline(RunConfig config, RunFolder folder, PrintStream log, boolean progressBars) {
    this.config = requireNonNull(config, "config");
    this.folder = requireNonNull(folder, "folder");
    this.log = requireNonNull(log, "log");
    this.progressBars = progressBars;
  }

  /** What a run produced. */
  public record Result(
      RunFolder folder, List<CaseScores> scores, List<EpochReport> epochs, RunSummary summary) {}

  /** Runs all six steps. */
  public Result run() throws Exception {
    double loadBefore = loadAverage();
    StepTimer timer = new StepTimer();
    RunConfigJson.write(config, folder.config());
    log.println("run folder: " + folder);

    DatasetPreparer.Prepared prepared =
        timer.time(
            "1 data",
            () ->
                DatasetPreparer.prepare(
                    config.data(),
                    (id, done, total) ->
                        log.printf(
                            Locale.ROOT, "  phantom %s written (%d/%d)%n", id, done, total)));
    SubjectsDataset training = prepared.dataset().training();
    log.printf(
        Locale.ROOT,
        "data: %d cases in %s%s%n",
        training.size(),
        config.data().dir(),
        prepared.generated() ? " (phantoms generated)" : "");

    DataSplit split =
        timer.time(
            "2 split",
            () -> {
              List<String> ids = training.subjects().stream().map(Subject::id).toList();
              DataSplit s = DataSplit.of(ids, config.split());
              s.write(folder.split());
              return s;
            });
    log.printf(
        Locale.ROOT,
        "split: %d train, %d validation, %d test%n",
        split.train().size(),
        split.validation().size(),
        split.test().size());

    TrainStep.Result trained =
        timer.time(
            "3-4 preprocess + train",
            () ->
                new TrainStep(config, log, progressBars)
                    .run(training, split, folder.model(), folder.metrics(), null));

    List<CaseScores> scores =
        timer.time("5-6 predict + evaluate", () -> predictAndEvaluate(trained, training, split));

    RunSummary summary =
        timer.time(
            "report",
            () -> {
              if (!trained.epochs().isEmpty()) {
                CurvesPlot.write(trained.epochs(), folder.curves());
              }
              DiceCsv.write(scores, folder.dice());
              if (trained.tuning() != null) {
                writeTuning(trained.tuning(), folder.tuning());
              }
              RunSummary s =
                  new RunSummary(
                      folder.name(),
                      config,
                      split,
                      scores,
                      trained.epochs(),
                      timer.timings(),
                      MachineInfo.current(),
                      notes(loadBefore),
                      decisionText(trained.tuning()),
                      planText(trained),
                      trained.choice() == null ? null : InferenceChoice.describe(trained.choice()));
              ReportWriter.write(s, folder.report());
              return s;
            });
    // The report's own timing is the last step; rewrite it so that report.md's total is complete.
    summary =
        new RunSummary(
            summary.runName(),
            config,
            split,
            scores,
            trained.epochs(),
            timer.timings(),
            summary.machine(),
            summary.notes(),
            summary.decision(),
            summary.plan(),
            summary.inference());
    ReportWriter.write(summary, folder.report());
    log.print(Evaluation.table(scores));
    log.printf(
        Locale.ROOT,
        "total %.1f s; report: %s%n",
        summary.total().toNanos() / 1e9,
        folder.report());
    return new Result(folder, scores, trained.epochs(), summary);
  }

  private List<CaseScores> predictAndEvaluate(
      TrainStep.Result trained, SubjectsDataset training, DataSplit split) throws IOException {
    if (trained.plan() != null) {
      return predictAndEvaluate(trained.model(), training, split);
    }
    // The trained configuration: the run's, with the tumour decision chosen on validation if it was
    // "tuned".
    RunConfig.Inference inference = trained.config().inference();
    SegmentationPredictor predictor =
        PredictStep.predictor(
            trained.network(), config.sampling().patchSize(), inference, inference.batchSize());
    PredictStep predict = new PredictStep(config.preprocess(), predictor);
    CaseResults results =
        new CaseResults(folder, OverlayRenderer.liverWindow(), MsdDataset.IMAGE, MsdDataset.LABEL);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < training.size(); i++) {
      index.put(training.raw(i).id(), i);
    }
    List<CaseScores> scores = new ArrayList<>();
    for (String id : split.test()) {
      long t0 = System.nanoTime();
      Subject original = training.raw(index.get(id));
      LabelMap mask = predict.predict(original);
      CaseScores s = results.write(original, mask);
      scores.add(s);
      log.printf(
          Locale.ROOT,
          "  %s: Dice liver %.4f, tumour %.4f (%.1f s)%n",
          id,
          s.dice(Task03.LIVER),
          s.dice(Task03.TUMOUR),
          (System.nanoTime() - t0) / 1e9);
    }
    return scores;
  }

  /**
   * Step 5-6 with a plan: every test scan segmented whole on its own grid by the model ({@link
   * SegmentationModel}, what {@code liverseg predict} runs), then scored there.
   */
  private List<CaseScores> predictAndEvaluate(
      SegmentationModel model, SubjectsDataset training, DataSplit split) throws IOException {
    CaseResults results =
        new CaseResults(folder, OverlayRenderer.liverWindow(), MsdDataset.IMAGE, MsdDataset.LABEL);
    List<CaseScores> scores = new ArrayList<>();
    for (String id : split.test()) {
      Subject original = training.raw(training.indexOf(id));
      Segmentation seg = model.segment(original.scalarImage(MsdDataset.IMAGE));
      seg.warning().ifPresent(w -> log.println("  " + id + ": " + w));
      CaseScores s = results.write(original, seg.mask());
      scores.add(s);
      log.printf(
          Locale.ROOT,
          "  %s: Dice liver %.4f, tumour %.4f (%s)%n",
          id,
          s.dice(Task03.LIVER),
          s.dice(Task03.TUMOUR),
          seg.timings());
    }
    return scores;
  }

  private static String planText(TrainStep.Result trained) {
    if (trained.plan() == null) {
      return null;
    }
    return "Computed from the training cases' fingerprint (or read from the given file) and kept"
        + " in `plan.json` and in the model file:\n\n```\n"
        + trained.plan().describe()
        + "```\n\nNetwork filters per level: "
        + ModelStore.filters(trained.config(), trained.plan())
        + ".";
  }

  private static String decisionText(DecisionTuner.Result tuning) {
    if (tuning == null) {
      return null;
    }
    DecisionTuner.Score best = tuning.best();
    DecisionTuner.Score mildest = tuning.scores().get(0);
    return String.format(
        Locale.ROOT,
        "Chosen on the validation cases from %d candidates (`tuning.csv`): a voxel of "
            + "the liver region is tumour where the tumour has more than %.1f of the region's probability, and tumour "
            + "components under %d voxels become liver. Mean validation Dice liver %.4f, tumour %.4f (threshold 0.5 "
            + "without size floor: %.4f, %.4f). The model file keeps this decision for `liverseg predict`.",
        tuning.scores().size(),
        best.decision().tumourThreshold(),
        best.decision().minTumourVoxels(),
        best.meanLiverDice(),
        best.meanTumourDice(),
        mildest.meanLiverDice(),
        mildest.meanTumourDice());
  }

  private static void writeTuning(DecisionTuner.Result tuning, Path file) throws IOException {
    StringBuilder csv =
        new StringBuilder(
            "tumour_threshold,min_tumour_voxels,val_dice_liver,val_dice_tumour,chosen\n");
    for (DecisionTuner.Score s : tuning.scores()) {
      csv.append(
          String.format(
              Locale.ROOT,
              "%.2f,%d,%.6f,%.6f,%b%n",
              s.decision().tumourThreshold(),
              s.decision().minTumourVoxels(),
              s.meanLiverDice(),
              s.meanTumourDice(),
              s == tuning.best()));
    }
    AtomicFiles.writeString(file, csv);
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static List<String> notes(double loadBefore) {
    List<String> notes = new ArrayList<>();
    try {
      notes.add(
          "ND4J: "
              + Nd4j.getBackend().getClass().getSimpleName()
              + ", OpenMP threads "
              + org.nd4j.nativeblas.NativeOpsHolder.getInstance()
                  .getDeviceNativeOps()
                  .ompGetMaxThreads());
    } catch (RuntimeException | LinkageError e) {
      notes.add("ND4J backend unknown: " + e.getMessage());
    }
    // Other processes sharing the cores change the timings a lot; the load average says how busy it
    // was.
    notes.add(
        String.format(
            Locale.ROOT,
            "1-minute load average: %.2f at the start, %.2f at the end of the run",
            loadBefore,
            loadAverage()));
    return notes;
  }
}
