package org.liverseg.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.liverseg.app.pipeline.CommandErrors;
import org.liverseg.spark.CaseResult;
import org.liverseg.spark.CaseStatus;
import org.liverseg.spark.ConsoleProgress;
import org.liverseg.spark.SegmentationJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liverseg spark-predict --master local[2] --model model.zip --out DIR INPUT...}: segments
 * many scans with Spark in this JVM ({@link SegmentationJob}): masks byte-identical to {@code
 * liverseg predict}'s, a line per finished case, a summary, and the result table.
 */
@Command(
    name = "spark-predict",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Segments many CT scans on Apache Spark, as 'liverseg predict' does one by one (the same masks), "
          + "with a row per case: volumes of liver and tumour in mL, number and size of tumours, "
          + "tumour burden, Dice when the case has a label, time, status and error.",
      "Writes OUT/masks/<case>.nii.gz (and <case>.json: which model made it), OUT/results.csv and "
          + "OUT/results.parquet. A rerun into the same OUT keeps every complete mask made by the same "
          + "model (status skipped). A case that cannot be read is a failed row; the others go on.",
      "For a cluster, submit liverseg-spark's jar with spark-submit instead (see liverseg-spark/README.md)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no case failed",
      "1:a case failed, or the job could not run (bad model, no inputs, Spark error)",
      "2:usage error"
    })
public final class SparkPredictCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--master",
      paramLabel = "URL",
      defaultValue = "local[*]",
      description = "Spark master (default: ${DEFAULT-VALUE}): local[N] runs N tasks in this JVM.")
  private String master;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "FILE",
      description = "Model file (model.zip).")
  private Path model;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Output folder (created if needed).")
  private Path out;

  @Parameters(
      arity = "1..*",
      paramLabel = "INPUT",
      description =
          "NIfTI files, folders of them, or MSD dataset.json files (a folder with a dataset.json is "
              + "that dataset; its training cases are scored against their labels).")
  private List<Path> inputs;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description = "Spark tasks (default: one per case).")
  private Integer partitions;

  @Option(
      names = "--broadcast-model",
      description = "Ship the model's bytes to the executors instead of reading its path there.")
  private boolean broadcastModel;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = "A Spark setting, e.g. --conf spark.task.cpus=2 (repeatable).")
  private Map<String, String> conf = Map.of();

  @Override
  public Integer call() {
    if (partitions != null && partitions < 1) {
      throw new ParameterException(
          spec.commandLine(), "--partitions must be at least 1, got " + partitions);
    }
    SegmentationJob.Builder job =
        SegmentationJob.builder()
            .model(model)
            .inputs(inputs)
            .output(out)
            .broadcastModel(broadcastModel)
            .listener(new ConsoleProgress(spec.commandLine().getOut()));
    if (partitions != null) {
      job.partitions(partitions);
    }
    long t0 = System.nanoTime();
    SparkSession spark = null;
    try {
      SparkSession.Builder b =
          SparkSession.builder()
              .master(master)
              .appName("liverseg spark-predict")
              .config("spark.ui.enabled", "false");
      if (master.startsWith("local")) { // loopback only for an in-process run
        b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
      }
      conf.forEach(b::config);
      spark = b.getOrCreate();
      List<CaseResult> results = job.build().runAndCollect(spark);
      spec.commandLine()
          .getOut()
          .println(ConsoleProgress.summary(results, (System.nanoTime() - t0) / 1e9));
      spec.commandLine()
          .getOut()
          .println(
              "results: "
                  + out.resolve(SegmentationJob.RESULTS_CSV)
                  + ", "
                  + out.resolve(SegmentationJob.RESULTS_PARQUET)
                  + "; masks: "
                  + out.resolve(SegmentationJob.MASKS));
      spec.commandLine().getOut().flush();
      return results.stream().anyMatch(r -> r.status() == CaseStatus.FAILED)
          ? CommandErrors.INPUT_ERROR
          : 0;
    } catch (Exception | OutOfMemoryError e) {
      return CommandErrors.report("spark-predict", e, spec.commandLine().getErr());
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }
}
