package org.liverseg.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segments many CT scans with a liverseg model on a Spark cluster: one mask per case in {@code
 * OUT/masks/<case>.nii.gz} (byte-identical to what {@code liverseg predict} writes for the same
 * model and scan), a sidecar {@code OUT/masks/<case>.json} saying which model made it, and one
 * result row per case ({@link CaseResult#SCHEMA}: volumes, tumours, Dice against a label when the
 * case has one, time, status, error) in {@code OUT/results.parquet} and {@code OUT/results.csv}.
 *
 * <pre>{@code
 * Dataset<Row> results =
 *     SegmentationJob.builder()
 *         .model(Path.of("/shared/model.zip"))
 *         .inputs(List.of(Path.of("/shared/Task03_Liver/dataset.json")))
 *         .output(Path.of("/shared/out"))
 *         .build()
 *         .run(spark);
 * }</pre>
 *
 * <p>How it runs: the cases are resolved on the driver ({@link CaseInputs}), the model file is
 * hashed and loaded once there (a broken model fails before any task starts), and the cases are
 * spread over {@link Builder#partitions} tasks (by default one case per task, at most {@value
 * #MAX_DEFAULT_PARTITIONS}) that segment them one at a time ({@link SegmentCases}). Each executor
 * JVM deserialises the model once and lends it to its tasks ({@link ModelCache}); each task runs
 * ND4J on {@code spark.task.cpus} threads. The results are small and collected to the driver, which
 * writes the two tables.
 *
 * <p>Failures: a case that cannot be processed is a {@code failed} row with a one-line reason, not
 * a failed job. A task that dies is retried by Spark; outputs are written under unique temporary
 * names and renamed atomically, so a retry neither duplicates nor tears them, and it reports the
 * cases the dead attempt completed as {@code ok}. A rerun into the same folder keeps every case
 * whose mask is complete and was made by the same model (by SHA-256) from the same input file, as
 * {@code skipped}, and rewrites none of its files.
 *
 * <p>Files: every path (model, inputs, output) must be readable (the output writable) by every
 * executor under the same name, i.e. on a shared file system; or set {@link Builder#broadcastModel}
 * to ship the model's bytes from the driver instead.
 */
public final class SegmentationJob {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentationJob.class);

  /** Default cap on the number of tasks: one per case up to this many. */
  public static final int MAX_DEFAULT_PARTITIONS = 10_000;

  /** Name of the result table's CSV file in the output folder. */
  public static final String RESULTS_CSV = "results.csv";

  /** Name of the result table's Parquet folder in the output folder. */
  public static final String RESULTS_PARQUET = "results.parquet";

  /** Name of the masks folder in the output folder. */
  public static final String MASKS = "masks";

  /** Optional column of an input table with the case ids (default: from the file names). */
  public static final String CASE_ID_COLUMN = JobInputs.CASE_ID_COLUMN;

  /** Optional column of an input table with the label maps' paths (null: no label). */
  public static final String LABEL_COLUMN = JobInputs.LABEL_COLUMN;

  private final Path model;
  private final boolean broadcastModel;
  private final JobInputs inputs;
  private final Path output;
  private final int partitions;
  private final CaseListener listener;

  private SegmentationJob(BuilderImpl b) {
    this.model = b.model;
    this.broadcastModel = b.broadcastModel;
    this.inputs = b.inputs;
    this.output = b.output;
    this.partitions = b.partitions;
    this.listener = b.listener;
  }

  /**
   * Starts a builder; the model, the inputs (one of the three kinds) and the output are required.
   */
  public static Builder builder() {
    return new BuilderImpl();
  }

  /** Configuration of a {@link SegmentationJob}. */
  public interface Builder {
    /** The model file ({@code model.zip} written by {@code liverseg train} or {@code pipeline}). */
    Builder model(Path file);

    /**
     * Whether to ship the model's bytes from the driver with a Spark broadcast (default false:
     * every executor reads the model path itself, which must then be on a shared file system).
     */
    Builder broadcastModel(boolean broadcast);

    /** The inputs as files, folders and MSD {@code dataset.json} files ({@link CaseInputs}). */
    Builder inputs(Collection<Path> paths);

    /** The inputs as cases. */
    Builder cases(Collection<CaseInput> cases);

    /**
     * The inputs as a table with the scans' paths in {@code pathColumn} and, optionally, columns
     * {@value SegmentationJob#CASE_ID_COLUMN} and {@value SegmentationJob#LABEL_COLUMN}; the table
     * is collected to the driver (a path per row is small).
     */
    Builder inputs(Dataset<Row> table, String pathColumn);

    /** The output folder (created if needed). */
    Builder output(Path dir);

    /**
     * The number of tasks (default: one per case, at most {@value
     * SegmentationJob#MAX_DEFAULT_PARTITIONS}); more cases per task mean fewer task launches and
     * coarser progress and load balance.
     */
    Builder partitions(int n);

    /** Told about each case as it finishes, on the driver (default: nobody). */
    Builder listener(CaseListener listener);

    /** Checks the configuration. */
    SegmentationJob build();
  }

  /**
   * Runs the job: segments every case, writes the masks, sidecars and both tables, and returns the
   * result table (in input order). When tasks keep failing (e.g. an executor cannot load the
   * model), Spark's {@code SparkException} comes out of here undeclared, as Scala code throws it.
   *
   * @throws NoSuchFileException if the model file or an input does not exist
   * @throws IOException if the model is not a liverseg model file, or the inputs or the output
   *     folder cannot be read or written
   * @throws IllegalArgumentException if the inputs name no case or two cases share an id
   */
  public Dataset<Row> run(SparkSession spark) throws IOException {
    return spark.createDataFrame(
        runAndCollect(spark).stream().map(CaseResult::toRow).toList(), CaseResult.SCHEMA);
  }

  /**
   * Runs the job as {@link #run} does and returns the results as {@link CaseResult}s (in input
   * order), without making a {@code Dataset} of them: what a driver program that only reports
   * needs, without Spark SQL's start-up cost.
   *
   * @throws NoSuchFileException if the model file or an input does not exist
   * @throws IOException if the model is not a liverseg model file, or the inputs or the output
   *     folder cannot be read or written
   * @throws IllegalArgumentException if the inputs name no case or two cases share an id
   */
  public List<CaseResult> runAndCollect(SparkSession spark) throws IOException {
    long t0 = System.nanoTime();
    List<CaseInput> cases = inputs.resolve();
    Path out = output.toAbsolutePath().normalize();
    Path masks = Files.createDirectories(out.resolve(MASKS));
    Path modelFile = model.toAbsolutePath().normalize();
    if (!Files.isRegularFile(modelFile)) {
      throw new NoSuchFileException(model.toString(), null, "model file does not exist");
    }
    String sha = MaskStore.sha256(modelFile);
    SparkContext sc = spark.sparkContext();
    // a broken model fails here, once, before any task; in local mode the driver is the executor,
    // so its tasks reuse this load (and a JVM that holds the model already skips it)
    if (!(sc.isLocal() && ModelCache.contains(sha))) {
      CaseSegmenter checked = CaseSegmenter.load(modelFile);
      if (sc.isLocal()) {
        ModelCache.seed(sha, checked);
      }
    }
    long t1 = System.nanoTime();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    Broadcast<byte[]> bytes = broadcastModel ? jsc.broadcast(Files.readAllBytes(modelFile)) : null;
    ModelSource source =
        bytes != null
            ? ModelSource.broadcast(modelFile, sha, bytes)
            : ModelSource.shared(modelFile, sha);
    String runId = UUID.randomUUID().toString();
    SegmentCases.Settings settings = new SegmentCases.Settings(runId, masks.toString(), source);
    CollectionAccumulator<CaseResult> finished = null;
    ProgressListener progress = null;
    if (listener != null) {
      finished = sc.collectionAccumulator("liverseg segmented cases");
      progress = new ProgressListener(finished.id(), listener, cases.size());
      sc.addSparkListener(progress);
    }
    int n = partitions > 0 ? partitions : Math.min(cases.size(), MAX_DEFAULT_PARTITIONS);
    List<Row> rows;
    try {
      sc.setJobDescription("liverseg: segment " + cases.size() + " cases with " + modelFile);
      rows =
          jsc.parallelize(cases, Math.min(n, cases.size()))
              .mapPartitions(new SegmentCases(settings, finished))
              .collect();
    } finally {
      sc.setJobDescription(null);
      if (progress != null) {
        sc.removeSparkListener(progress);
      }
      RunFiles.removeTemporaries(masks, runId);
      if (bytes != null) { // executors hold the model now (ModelCache): free the copies
        bytes.destroy();
      }
    }
    long t2 = System.nanoTime();
    List<CaseResult> results = rows.stream().map(CaseResult::fromRow).toList();
    if (progress != null) {
      progress.drain(results);
    }
    ResultFiles.writeParquet(rows, CaseResult.SCHEMA, out.resolve(RESULTS_PARQUET));
    ResultFiles.writeCsv(rows, Arrays.asList(CaseResult.SCHEMA.fields()), out.resolve(RESULTS_CSV));
    LOG.debug(
        String.format(
            Locale.ROOT,
            "%d cases: inputs and model check %.3f s, tasks %.3f s, tables %.3f s",
            cases.size(),
            (t1 - t0) / 1e9,
            (t2 - t1) / 1e9,
            (System.nanoTime() - t2) / 1e9));
    return results;
  }

  private static final class BuilderImpl implements Builder {
    private Path model;
    private boolean broadcastModel;
    private JobInputs inputs;
    private Path output;
    private int partitions;
    private CaseListener listener;

    @Override
    public Builder model(Path file) {
      this.model = requireNonNull(file, "file");
      return this;
    }

    @Override
    public Builder broadcastModel(boolean broadcast) {
      this.broadcastModel = broadcast;
      return this;
    }

    @Override
    public Builder inputs(Collection<Path> paths) {
      this.inputs = JobInputs.of(paths);
      return this;
    }

    @Override
    public Builder cases(Collection<CaseInput> cases) {
      this.inputs = JobInputs.ofCases(cases);
      return this;
    }

    @Override
    public Builder inputs(Dataset<Row> table, String pathColumn) {
      this.inputs = JobInputs.of(table, pathColumn);
      return this;
    }

    @Override
    public Builder output(Path dir) {
      this.output = requireNonNull(dir, "dir");
      return this;
    }

    @Override
    public Builder partitions(int n) {
      checkArgument(n >= 1, "partitions must be at least 1, got %s", n);
      this.partitions = n;
      return this;
    }

    @Override
    public Builder listener(CaseListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    @Override
    public SegmentationJob build() {
      checkState(model != null, "SegmentationJob needs a model file");
      checkState(inputs != null, "SegmentationJob needs inputs");
      checkState(output != null, "SegmentationJob needs an output folder");
      return new SegmentationJob(this);
    }
  }
}
