package org.liverseg.app.pipeline;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Subject;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.models.metrics.Dice;
import org.liverseg.models.metrics.DiceSummary;
import org.liverseg.models.prediction.InferenceSettings;
import org.liverseg.models.prediction.PatchOutputs;
import org.liverseg.models.prediction.SegmentationModel;
import org.liverseg.models.task03.DecisionTuner;
import org.liverseg.models.task03.LiverTumourDecision;
import org.liverseg.models.task03.Task03;
import org.liverseg.sampling.GridAggregator;

/**
 * How a model with a plan predicts, chosen on the validation cases after training, the way nnU-Net
 * chooses its post-processing on validation folds and liverseg its tumour decision. Every
 * validation scan is segmented whole, on its own grid, exactly as {@code liverseg predict} will
 * segment a scan ({@link SegmentationModel}), and scored against its labels there:
 *
 * <ol>
 *   <li>the sliding window: with {@code inference.choose}, blending Gaussian or Hann, tile step 0.5
 *       or 0.25, and, when the augmentation flips axes, no mirroring or mirroring over those axes
 *       (the configured settings alone otherwise); each candidate labels with the configured
 *       decision (argmax for "tuned"), and the one with the highest mean of liver and tumour Dice
 *       wins, a candidate listed later (costlier: 0.25 after 0.5, mirroring after none; Hann after
 *       nnU-Net's Gaussian) only by more than {@value #MIN_GAIN}. A patch's network output is
 *       computed once per scan and mirroring setting and shared by the candidates whose grids
 *       contain it ({@link PatchOutputs}).
 *   <li>the decision, for {@code "tuned"}: the candidates of {@link DecisionTuner#defaultGrid()} on
 *       the chosen window's probabilities, one scan in memory at a time.
 * </ol>
 */
public final class InferenceChoice {

  /** The tile steps tried: nnU-Net's 0.5 and a denser 0.25. */
  static final List<Double> TILE_STEPS = List.of(0.5, 0.25);

  /** The blendings tried: nnU-Net's Gaussian and the Hann window. */
  static final List<GridAggregator.Mode> BLENDINGS =
      List.of(GridAggregator.Mode.GAUSSIAN, GridAggregator.Mode.HANN);

  /**
   * How much higher (mean of liver and tumour Dice) a candidate listed later must score to replace
   * an earlier one. Later candidates cost more at every prediction (a tile step of 0.25 runs about
   * four times the patches of 0.5, mirroring doubles the passes), and a few validation scans do not
   * resolve differences this small.
   */
  static final double MIN_GAIN = 0.002;

  private InferenceChoice() {}

  /**
   * One sliding-window candidate's validation scores.
   *
   * @param settings the candidate
   * @param meanLiverDice mean liver Dice over the validation cases
   * @param meanTumourDice mean tumour Dice over the validation cases
   * @param seconds time spent segmenting the validation cases with it (shared network passes are
   *     counted for the first candidate that needed them)
   */
  public record Candidate(
      InferenceSettings settings, double meanLiverDice, double meanTumourDice, double seconds) {
    /** The mean of liver and tumour Dice, what the choice maximises. */
    public double score() {
      return (meanLiverDice + meanTumourDice) / 2;
    }
  }

  /**
   * What was chosen.
   *
   * @param chosen the settings to keep in the model file, the decision included
   * @param candidates every sliding-window candidate, in the order tried
   * @param best the chosen sliding-window candidate
   * @param tuning the decision candidates' scores for a "tuned" decision, else null
   */
  public record Result(
      InferenceSettings chosen,
      List<Candidate> candidates,
      Candidate best,
      DecisionTuner.Result tuning) {
    /** Copies the list. */
    public Result {
      requireNonNull(chosen, "chosen");
      candidates = List.copyOf(candidates);
    }
  }

  /** The sliding-window candidates of {@code config}, the configured decision in each. */
  static List<InferenceSettings> candidates(RunConfig config) {
    RunConfig.Inference inf = config.inference();
    InferenceSettings base = stageOneDecision(inf.settings(), inf);
    if (!inf.choose()) {
      return List.of(base);
    }
    List<List<Integer>> mirrors = new ArrayList<>();
    mirrors.add(List.of());
    RunConfig.Augment a = config.augment();
    if (a.enabled() && a.flipProbability() > 0 && !a.flipAxes().isEmpty()) {
      mirrors.add(a.flipAxes());
    }
    List<InferenceSettings> out = new ArrayList<>();
    for (List<Integer> m : mirrors) {
      for (double step : TILE_STEPS) {
        for (GridAggregator.Mode mode : BLENDINGS) {
          out.add(base.withMirrorAxes(m).withTileStep(step).withAggregation(mode));
        }
      }
    }
    return out;
  }

  /** The configured decision, or argmax while a "tuned" one is not chosen yet. */
  private static InferenceSettings stageOneDecision(InferenceSettings s, RunConfig.Inference inf) {
    return inf.decision() == RunConfig.Decision.TUNED
        ? s.withDecision(InferenceSettings.Decision.ARGMAX)
        : s;
  }

  /**
   * Chooses on {@code validation} (subjects on their own grids holding {@value MsdDataset#IMAGE}
   * and {@value MsdDataset#LABEL}).
   *
   * @param model the trained model (its inference settings are replaced by each candidate's)
   * @throws IllegalArgumentException if there is no validation case
   */
  public static Result choose(
      SegmentationModel model, RunConfig config, List<Subject> validation, PrintStream log) {
    if (validation.isEmpty()) {
      throw new IllegalArgumentException("choosing the inference needs validation cases");
    }
    List<InferenceSettings> candidates = candidates(config);
    List<DiceSummary> summaries = new ArrayList<>();
    long[] nanos = new long[candidates.size()];
    for (int c = 0; c < candidates.size(); c++) {
      summaries.add(new DiceSummary(Task03.CLASSES));
    }
    for (Subject raw : validation) {
      Subject s = raw.load();
      ScalarImage scan = s.scalarImage(MsdDataset.IMAGE);
      LabelMap truth = s.labelMap(MsdDataset.LABEL);
      Map<List<Integer>, PatchOutputs> caches = new HashMap<>();
      for (int c = 0; c < candidates.size(); c++) {
        InferenceSettings cand = candidates.get(c);
        long t0 = System.nanoTime();
        LabelMap mask =
            model
                .withInference(cand)
                .segment(
                    scan, false, caches.computeIfAbsent(cand.mirrorAxes(), k -> new PatchOutputs()))
                .mask();
        nanos[c] += System.nanoTime() - t0;
        summaries.get(c).add(Dice.score(s.id(), truth, mask, Task03.CLASSES));
      }
    }
    List<Candidate> scored = new ArrayList<>();
    Candidate best = null;
    for (int c = 0; c < candidates.size(); c++) {
      DiceSummary d = summaries.get(c);
      Candidate cand =
          new Candidate(
              candidates.get(c),
              d.meanDice(Task03.LIVER),
              d.meanDice(Task03.TUMOUR),
              nanos[c] / 1e9);
      scored.add(cand);
      if (best == null || cand.score() > best.score() + MIN_GAIN) {
        best = cand;
      }
    }
    if (candidates.size() > 1) {
      log.printf(Locale.ROOT, "inference chosen on %d validation cases:%n", validation.size());
      for (Candidate c : scored) {
        log.printf(
            Locale.ROOT,
            "  %-45s Dice liver %.4f, tumour %.4f (%.1f s)%s%n",
            c.settings().describeWindow(),
            c.meanLiverDice(),
            c.meanTumourDice(),
            c.seconds(),
            c == best ? "  <- chosen" : "");
      }
    }
    InferenceSettings chosen = best.settings();
    DecisionTuner.Result tuning = null;
    if (config.inference().decision() == RunConfig.Decision.TUNED) {
      SegmentationModel m = model.withInference(chosen);
      DecisionTuner.Scorer scorer =
          DecisionTuner.scorer((d, p) -> m.labels(p, d), DecisionTuner.defaultGrid());
      for (Subject raw : validation) {
        Subject s = raw.load();
        ScalarImage p = m.segment(s.scalarImage(MsdDataset.IMAGE), true).probabilities();
        scorer.add(new DecisionTuner.Case(s.id(), p, s.labelMap(MsdDataset.LABEL)));
      }
      tuning = scorer.result();
      LiverTumourDecision d = tuning.best().decision();
      chosen = chosen.withDecision(InferenceSettings.Decision.of(d));
      DecisionTuner.Score mildest = tuning.scores().get(0);
      log.printf(
          Locale.ROOT,
          "tumour decision tuned on %d validation cases: threshold %.1f, smallest tumour %d voxels"
              + " at the plan spacing (mean validation Dice liver %.3f, tumour %.3f; with threshold"
              + " 0.5 and no size floor %.3f, %.3f)%n",
          validation.size(),
          d.tumourThreshold(),
          d.minTumourVoxels(),
          tuning.best().meanLiverDice(),
          tuning.best().meanTumourDice(),
          mildest.meanLiverDice(),
          mildest.meanTumourDice());
    }
    return new Result(chosen, scored, best, tuning);
  }

  /** A Markdown paragraph and table of the candidates, for report.md. */
  public static String describe(Result r) {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "Chosen on the validation cases, each segmented whole on its own grid as `liverseg"
                + " predict` does: **%s**. Every candidate (argmax%s):%n%n",
            r.best().settings().describeWindow(),
            r.candidates().size() > 1
                ? "; the highest mean of liver and tumour Dice wins, a costlier candidate listed"
                    + " later only by more than "
                    + MIN_GAIN
                : ""));
    md.append("| blending, tile step, mirroring | val Dice liver | val Dice tumour | seconds |\n");
    md.append("|---|---:|---:|---:|\n");
    for (Candidate c : r.candidates()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s%s | %.4f | %.4f | %.1f |%n",
              c.settings().describeWindow(),
              c == r.best() ? " (chosen)" : "",
              c.meanLiverDice(),
              c.meanTumourDice(),
              c.seconds()));
    }
    md.append(
        "\nSeconds: segmenting the validation cases with that candidate; a patch's network output is"
            + " computed once per scan and mirroring setting, so a candidate that reuses patches"
            + " of an earlier one shows the cost of its blending, resampling and decision only.\n");
    return md.toString();
  }
}
