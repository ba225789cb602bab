package org.liverseg.models;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Learning-rate schedules for {@code new Adam(schedule)}, built from DL4J's serialisable {@link
 * MapSchedule} so that a saved model reloads with its schedule.
 *
 * <p>Why not DL4J's own {@code PolySchedule}: in the DL4J version we use it computes {@code initial
 * * (1 + i / maxIter)^power}, which <em>grows</em> until {@code maxIter} and then drops to 0
 * (measured: 1.0, 1.44, 1.86 at 0, 50, 99 of 100 iterations, 0 at 100).
 */
public final class LearningRates {

  /** Steps of the piecewise-constant approximation of {@link #poly}. */
  static final int POLY_STEPS = 50;

  private LearningRates() {}

  /**
   * nnU-Net's "poly" decay, {@code initial * (1 - i / totalIterations)^power}, held constant over
   * each of {@value #POLY_STEPS} equal stretches of the run (the value at the stretch's start) and
   * kept at the last stretch's value after {@code totalIterations} (so a resumed or extended run
   * never trains at 0).
   *
   * @param initial learning rate at iteration 0, positive
   * @param totalIterations iterations of the whole run, positive
   * @param power the exponent (nnU-Net uses 0.9), positive
   * @throws IllegalArgumentException naming the bad argument
   */
  public static ISchedule poly(double initial, long totalIterations, double power) {
    if (!(initial > 0) || Double.isInfinite(initial)) {
      throw new IllegalArgumentException(
          "initial learning rate must be finite and > 0, got " + initial);
    }
    if (totalIterations < 1) {
      throw new IllegalArgumentException("totalIterations must be >= 1, got " + totalIterations);
    }
    if (!(power > 0) || Double.isInfinite(power)) {
      throw new IllegalArgumentException("power must be finite and > 0, got " + power);
    }
    int steps = (int) Math.min(POLY_STEPS, totalIterations);
    Map<Integer, Double> values = new LinkedHashMap<>();
    for (int s = 0; s < steps; s++) {
      long start = totalIterations * s / steps;
      values.put(
          Math.toIntExact(start),
          initial * Math.pow(1.0 - (double) start / totalIterations, power));
    }
    return new MapSchedule(ScheduleType.ITERATION, values);
  }
}
