package org.liverseg.models.task03;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.models.metrics.Dice;
import org.liverseg.models.metrics.DiceSummary;
import org.liverseg.models.prediction.SegmentationPredictor;

/**
 * Chooses a {@link LiverTumourDecision} on validation cases, the way nnU-Net chooses its
 * post-processing on validation folds: every candidate labels the cases' probabilities (through the
 * predictor's own decision and largest-component steps, so the choice holds for the predictor), and
 * the candidate with the highest mean tumour Dice over all cases wins (Task03 regions, a case
 * without tumour counting 1 or 0, as in the reports). Ties go to the candidate listed first, so
 * grids should list the mildest candidates first.
 */
public final class DecisionTuner {

  private DecisionTuner() {}

  /**
   * One validation case.
   *
   * @param id the case's name, for messages
   * @param probabilities the predictor's aggregated class probabilities
   * @param truth the ground-truth labels on the same grid
   */
  public record Case(String id, ScalarImage probabilities, LabelMap truth) {
    /** Checks that probabilities and labels share the grid. */
    public Case {
      Objects.requireNonNull(id, "id");
      if (!probabilities.geometry().shape().equals(truth.shape())) {
        throw new IllegalArgumentException(
            "case "
                + id
                + ": probabilities "
                + probabilities.geometry().shape()
                + " and labels "
                + truth.shape()
                + " differ in shape");
      }
    }
  }

  /**
   * A candidate's validation scores.
   *
   * @param decision the candidate
   * @param meanLiverDice mean liver Dice (labels 1 and 2) over the cases
   * @param meanTumourDice mean tumour Dice (label 2) over the cases
   */
  public record Score(LiverTumourDecision decision, double meanLiverDice, double meanTumourDice) {}

  /**
   * The outcome.
   *
   * @param best the chosen candidate
   * @param scores every candidate's scores, in grid order
   */
  public record Result(Score best, List<Score> scores) {
    /** Copies the list. */
    public Result {
      scores = List.copyOf(scores);
    }
  }

  /**
   * Tumour thresholds 0.5 to 0.9 in steps of 0.1, each with size floors 0, 10, 25, 50 and 100
   * voxels, mildest first.
   */
  public static List<LiverTumourDecision> defaultGrid() {
    List<LiverTumourDecision> grid = new ArrayList<>();
    for (double t : new double[] {0.5, 0.6, 0.7, 0.8, 0.9}) {
      for (int min : new int[] {0, 10, 25, 50, 100}) {
        grid.add(new LiverTumourDecision(t, min));
      }
    }
    return grid;
  }

  /**
   * Labels one case's probabilities with a candidate decision, through the decision and
   * post-processing steps of whatever predicts (a {@link SegmentationPredictor}, a {@code
   * SegmentationModel}).
   */
  @FunctionalInterface
  public interface Labeller {
    /** The labels of {@code probabilities} under {@code candidate}. */
    LabelMap labels(LiverTumourDecision candidate, ScalarImage probabilities);
  }

  /**
   * Scores every candidate of {@code grid} on {@code cases}, labelling with {@code predictor}'s
   * settings but the candidate's decision.
   *
   * @throws IllegalArgumentException if there are no cases or no candidates
   */
  public static Result tune(
      SegmentationPredictor predictor, List<Case> cases, List<LiverTumourDecision> grid) {
    return tune((d, p) -> predictor.withDecision(d).labels(p), cases, grid);
  }

  /**
   * Scores every candidate of {@code grid} on {@code cases}, labelling with {@code labeller}.
   *
   * @throws IllegalArgumentException if there are no cases or no candidates
   */
  public static Result tune(Labeller labeller, List<Case> cases, List<LiverTumourDecision> grid) {
    if (cases.isEmpty() || grid.isEmpty()) {
      throw new IllegalArgumentException(
          "tuning needs at least one case and one candidate, got "
              + cases.size()
              + " cases and "
              + grid.size()
              + " candidates");
    }
    Scorer scorer = scorer(labeller, grid);
    cases.forEach(scorer::add);
    return scorer.result();
  }

  /**
   * A scorer that takes the cases one at a time, so that only one case's probabilities need to be
   * in memory (whole scans at their own resolution are large); {@link Scorer#result()} is what
   * {@link #tune(Labeller, List, List)} gives for the cases added.
   *
   * @throws IllegalArgumentException if the grid is empty
   */
  public static Scorer scorer(Labeller labeller, List<LiverTumourDecision> grid) {
    if (grid.isEmpty()) {
      throw new IllegalArgumentException("tuning needs at least one candidate");
    }
    return new Scorer(labeller, grid);
  }

  /** Scores every candidate on cases added one at a time. Not thread-safe. */
  public static final class Scorer {
    private final Labeller labeller;
    private final List<LiverTumourDecision> grid;
    private final List<DiceSummary> summaries = new ArrayList<>();

    private Scorer(Labeller labeller, List<LiverTumourDecision> grid) {
      this.labeller = Objects.requireNonNull(labeller, "labeller");
      this.grid = List.copyOf(grid);
      for (int i = 0; i < grid.size(); i++) {
        summaries.add(new DiceSummary(Task03.CLASSES));
      }
    }

    /** Scores every candidate on {@code c}. */
    public void add(Case c) {
      for (int i = 0; i < grid.size(); i++) {
        summaries
            .get(i)
            .add(
                Dice.score(
                    c.id(),
                    c.truth(),
                    labeller.labels(grid.get(i), c.probabilities()),
                    Task03.CLASSES));
      }
    }

    /**
     * Every candidate's means over the cases added, and the best (highest mean tumour Dice; the
     * first on ties).
     *
     * @throws IllegalStateException if no case was added
     */
    public Result result() {
      if (summaries.get(0).cases().isEmpty()) {
        throw new IllegalStateException("no case was added");
      }
      List<Score> scores = new ArrayList<>();
      Score best = null;
      for (int i = 0; i < grid.size(); i++) {
        DiceSummary summary = summaries.get(i);
        Score s =
            new Score(grid.get(i), summary.meanDice(Task03.LIVER), summary.meanDice(Task03.TUMOUR));
        scores.add(s);
        if (best == null || s.meanTumourDice() > best.meanTumourDice()) {
          best = s;
        }
      }
      return new Result(best, scores);
    }
  }
}
