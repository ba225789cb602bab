package org.liverseg.spark;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit} entry point of the shaded jar: runs a {@link SegmentationJob} in the
 * session {@code spark-submit} configured (master, executors, memory), prints a line per finished
 * case and a summary, and exits with 0 when no case failed, 1 when one did or the job could not
 * run, 2 on a usage error.
 *
 * <pre>
 * spark-submit --class org.liverseg.spark.SegmentationApp liverseg-spark-submit.jar \
 *     --model /shared/model.zip --out /shared/out [--partitions N] [--broadcast-model] INPUT...
 * </pre>
 *
 * <p>INPUT: NIfTI files, folders of them, or MSD {@code dataset.json} files (see {@link
 * CaseInputs}), on a file system every executor reads under the same paths.
 */
public final class SegmentationApp {

  private static final String USAGE =
      "usage: spark-submit --class "
          + SegmentationApp.class.getName()
          + " liverseg-spark-submit.jar --model FILE --out DIR [--partitions N]"
          + " [--broadcast-model] INPUT...";

  private SegmentationApp() {}

  /** Runs the job and exits with its status. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    SegmentationJob.Builder job = SegmentationJob.builder();
    List<Path> inputs = new ArrayList<>();
    try {
      boolean model = false;
      boolean output = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--model" -> {
            job.model(Path.of(value(args, ++i, "--model")));
            model = true;
          }
          case "--out" -> {
            job.output(Path.of(value(args, ++i, "--out")));
            output = true;
          }
          case "--partitions" -> job.partitions(Integer.parseInt(value(args, ++i, "--partitions")));
          case "--broadcast-model" -> job.broadcastModel(true);
          default -> {
            if (args[i].startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + args[i]);
            }
            inputs.add(Path.of(args[i]));
          }
        }
      }
      if (!model || !output || inputs.isEmpty()) {
        throw new IllegalArgumentException("--model, --out and at least one INPUT are needed");
      }
    } catch (IllegalArgumentException e) {
      err.println("liverseg-spark: " + e.getMessage());
      err.println(USAGE);
      System.exit(2);
    }
    int status;
    SparkSession spark = SparkSession.builder().appName("liverseg segmentation").getOrCreate();
    try {
      status = run(spark, job.inputs(inputs).listener(new ConsoleProgress(out)).build(), out, err);
    } finally {
      spark.stop();
    }
    System.exit(status);
  }

  /**
   * Runs {@code job} in {@code spark}, printing the summary; returns the exit status (0 no case
   * failed, 1 otherwise or when the job could not run).
   */
  static int run(SparkSession spark, SegmentationJob job, PrintWriter out, PrintWriter err) {
    long t0 = System.nanoTime();
    try {
      List<CaseResult> results = job.runAndCollect(spark);
      out.println(ConsoleProgress.summary(results, (System.nanoTime() - t0) / 1e9));
      out.flush();
      return results.stream().anyMatch(r -> r.status() == CaseStatus.FAILED) ? 1 : 0;
    } catch (Exception e) {
      err.println("liverseg-spark: " + Errors.oneLine(e));
      err.flush();
      return 1;
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
