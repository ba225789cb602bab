package org.liverseg.app.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.liverseg.app.pipeline.DataSplit;
import org.liverseg.app.pipeline.RunConfig;
import org.liverseg.models.metrics.CaseScores;
import org.liverseg.models.training.EpochReport;

/**
 * Everything {@link ReportWriter} puts in {@code report.md}.
 *
 * @param runName name of the run folder (its timestamp)
 * @param config the run's configuration
 * @param split the train / validation / test split
 * @param scores confusion counts (hence Dice) of every test case
 * @param epochs training metrics per epoch (may be empty when the model was not trained here)
 * @param timings wall time per pipeline step, in order
 * @param machine the machine the run used
 * @param notes free-form lines (e.g. the ND4J backend, warnings)
 * @param decision how probabilities became labels when that was chosen on validation cases (a
 *     paragraph for the report), or null
 * @param plan the plan of a run with one (Markdown for the report), or null
 * @param inference how the inference was chosen on validation cases (Markdown), or null
 */
public record RunSummary(
    String runName,
    RunConfig config,
    DataSplit split,
    List<CaseScores> scores,
    List<EpochReport> epochs,
    Map<String, Duration> timings,
    MachineInfo machine,
    List<String> notes,
    String decision,
    String plan,
    String inference) {

  /** Copies the collections, keeping the order of the timings. */
  public RunSummary {
    requireNonNull(runName, "runName");
    requireNonNull(config, "config");
    requireNonNull(split, "split");
    scores = List.copyOf(scores);
    epochs = List.copyOf(epochs);
    timings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timings));
    requireNonNull(machine, "machine");
    notes = List.copyOf(notes);
  }

  /** A summary without plan and inference choice (runs without a plan). */
  public RunSummary(
      String runName,
      RunConfig config,
      DataSplit split,
      List<CaseScores> scores,
      List<EpochReport> epochs,
      Map<String, Duration> timings,
      MachineInfo machine,
      List<String> notes,
      String decision) {
    this(runName, config, split, scores, epochs, timings, machine, notes, decision, null, null);
  }

  /** The sum of all timings. */
  public Duration total() {
    return timings.values().stream().reduce(Duration.ZERO, Duration::plus);
  }
}
