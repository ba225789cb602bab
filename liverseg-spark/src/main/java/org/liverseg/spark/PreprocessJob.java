package org.liverseg.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.io.msd.MsdDescriptor;
import org.liverseg.io.msd.MsdPair;

/**
 * Applies a transform pipeline to many scans in parallel, to prepare thousands of scans for
 * training: the output folder is an MSD dataset ({@code imagesTr/} and {@code labelsTr/} for cases
 * with a label, {@code imagesTs/} for the others, and a {@code dataset.json} listing the cases that
 * succeeded, which {@code liverseg train --data} reads), plus a table with one row per case ({@link
 * PreprocessResult#SCHEMA}) in {@code results.parquet} and {@code results.csv}.
 *
 * <pre>{@code
 * PreprocessJob.builder()
 *     .transform(() -> CropOrPad.builder().target(Shape.of(256, 256, 200)).build())
 *     .inputs(List.of(Path.of("/shared/Task03_Liver")))
 *     .output(Path.of("/shared/Task03_cropped"))
 *     .build()
 *     .run(spark);
 * }</pre>
 *
 * <p>The same rules as {@link SegmentationJob}: inputs resolved on the driver, cases streamed one
 * at a time in each task, atomic outputs under run-tagged temporary names (a retried task rewrites
 * its files whole), a case that cannot be processed a {@code failed} row. Random transforms draw
 * from a generator seeded by {@link Builder#seed} and the case id, so the output of a case does not
 * depend on partitioning or retries. Every case is processed on every run (a transform pipeline has
 * no identity to compare, unlike a model file).
 */
public final class PreprocessJob {

  private final TransformFactory transform;
  private final JobInputs inputs;
  private final Path output;
  private final int partitions;
  private final long seed;

  private PreprocessJob(BuilderImpl b) {
    this.transform = b.transform;
    this.inputs = b.inputs;
    this.output = b.output;
    this.partitions = b.partitions;
    this.seed = b.seed;
  }

  /** Starts a builder; the transform, the inputs and the output are required. */
  public static Builder builder() {
    return new BuilderImpl();
  }

  /** Configuration of a {@link PreprocessJob}. */
  public interface Builder {
    /** Makes the transform on each executor (see {@link TransformFactory}). */
    Builder transform(TransformFactory factory);

    /** The inputs as files, folders and MSD {@code dataset.json} files ({@link CaseInputs}). */
    Builder inputs(Collection<Path> paths);

    /** The inputs as cases. */
    Builder cases(Collection<CaseInput> cases);

    /**
     * The inputs as a table with the scans' paths in {@code pathColumn} and, optionally, columns
     * {@code case_id} and {@code label} (as for {@link SegmentationJob.Builder#inputs(Dataset,
     * String)}).
     */
    Builder inputs(Dataset<Row> table, String pathColumn);

    /** The output folder (created if needed). */
    Builder output(Path dir);

    /** The number of tasks (default: one per case, at most 10,000). */
    Builder partitions(int n);

    /** Seed of the random transforms (default 0). */
    Builder seed(long seed);

    /** Checks the configuration. */
    PreprocessJob build();
  }

  /**
   * Runs the job and returns the result table (in input order).
   *
   * @throws IOException if the inputs cannot be listed or the output written
   * @throws IllegalArgumentException if the inputs name no case or two cases share an id
   */
  public Dataset<Row> run(SparkSession spark) throws IOException {
    List<CaseInput> cases = inputs.resolve();
    Path out = output.toAbsolutePath().normalize();
    List<Path> folders =
        List.of(
            out.resolve(MsdDataset.IMAGES_TR),
            out.resolve(MsdDataset.LABELS_TR),
            out.resolve(MsdDataset.IMAGES_TS));
    for (Path f : folders) {
      Files.createDirectories(f);
    }
    String runId = UUID.randomUUID().toString();
    SparkContext sc = spark.sparkContext();
    int n = partitions > 0 ? partitions : SegmentationJob.MAX_DEFAULT_PARTITIONS;
    List<Row> rows;
    try {
      sc.setJobDescription("liverseg: preprocess " + cases.size() + " cases");
      rows =
          JavaSparkContext.fromSparkContext(sc)
              .parallelize(cases, Math.min(n, cases.size()))
              .mapPartitions(
                  new PreprocessCases(
                      new PreprocessCases.Settings(runId, out.toString(), transform, seed)))
              .collect();
    } finally {
      sc.setJobDescription(null);
      for (Path f : folders) {
        RunFiles.removeTemporaries(f, runId);
      }
    }
    writeDescriptor(out, rows.stream().map(PreprocessResult::fromRow).toList());
    ResultFiles.writeParquet(
        rows, PreprocessResult.SCHEMA, out.resolve(SegmentationJob.RESULTS_PARQUET));
    ResultFiles.writeCsv(
        rows,
        Arrays.asList(PreprocessResult.SCHEMA.fields()),
        out.resolve(SegmentationJob.RESULTS_CSV));
    return spark.createDataFrame(rows, PreprocessResult.SCHEMA);
  }

  /** {@code dataset.json} of the cases that succeeded, paths relative to the folder. */
  private static void writeDescriptor(Path out, List<PreprocessResult> results) throws IOException {
    List<MsdPair> training = new ArrayList<>();
    List<String> test = new ArrayList<>();
    for (PreprocessResult r : results) {
      if (r.status() != CaseStatus.OK) {
        continue;
      }
      String file = r.caseId() + ".nii.gz";
      if (r.outputLabel() != null) {
        training.add(
            new MsdPair(
                MsdDataset.relative(MsdDataset.IMAGES_TR, file),
                MsdDataset.relative(MsdDataset.LABELS_TR, file)));
      } else {
        test.add(MsdDataset.relative(MsdDataset.IMAGES_TS, file));
      }
    }
    MsdDataset.writeDescriptor(
        out,
        MsdDescriptor.liver(
            "Liver",
            "Preprocessed by liverseg-spark PreprocessJob from " + results.size() + " cases",
            training,
            test));
  }

  private static final class BuilderImpl implements Builder {
    private TransformFactory transform;
    private JobInputs inputs;
    private Path output;
    private int partitions;
    private long seed;

    @Override
    public Builder transform(TransformFactory factory) {
      this.transform = requireNonNull(factory, "factory");
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
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    @Override
    public PreprocessJob build() {
      checkState(transform != null, "PreprocessJob needs a transform");
      checkState(inputs != null, "PreprocessJob needs inputs");
      checkState(output != null, "PreprocessJob needs an output folder");
      return new PreprocessJob(this);
    }
  }
}
