package org.liverseg.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.io.nifti.NiftiDataType;
import org.liverseg.models.metrics.CaseScores;
import org.liverseg.models.metrics.Dice;
import org.liverseg.models.task03.Task03;
import org.liverseg.models.task03.Task03Model;
import org.liverseg.transforms.label.ConnectedComponents;

class SegmentationJobTest {

  private static TestData data;
  private static SparkSession spark;
  private static SparkTests.FailedTasks failedTasks;

  /** What {@code liverseg predict} writes for each phantom (same Task03Model, same writer). */
  private static Map<String, byte[]> predictMasks;

  @BeforeAll
  static void start(@TempDir Path ref) throws IOException {
    data = TestData.get();
    spark = SparkTests.local();
    failedTasks = new SparkTests.FailedTasks();
    spark.sparkContext().addSparkListener(failedTasks);
    ModelCache.clear();
    Task03Model model = Task03Model.load(data.model);
    predictMasks = new HashMap<>();
    for (int i = 0; i < TestData.PHANTOMS; i++) {
      String id = "liver_" + i;
      LabelMap mask =
          model
              .segment(ScalarImage.read(data.dataset.resolve("imagesTr/" + id + ".nii.gz")))
              .mask();
      Path f = ref.resolve(id + ".nii.gz");
      Nifti.write(f, mask, NiftiDataType.UINT8); // PredictCommand's write
      predictMasks.put(id, Files.readAllBytes(f));
    }
  }

  @AfterAll
  static void stop() {
    System.clearProperty(FaultInjection.PROPERTY);
    spark.sparkContext().removeSparkListener(failedTasks);
  }

  @Test
  void sixPhantomsAreSegmentedAndTwoBadFilesFailAsRows(@TempDir Path out) throws IOException {
    int failedBefore = failedTasks.count.get();
    List<String> progress = new CopyOnWriteArrayList<>();
    Dataset<Row> table =
        SegmentationJob.builder()
            .model(data.model)
            .inputs(data.inputs())
            .output(out)
            .listener((r, done, total) -> progress.add(done + "/" + total + " " + r.caseId()))
            .build()
            .run(spark);
    List<CaseResult> rows = table.collectAsList().stream().map(CaseResult::fromRow).toList();

    assertEquals(8, rows.size());
    assertEquals(
        List.of(
            "liver_0", "liver_1", "liver_2", "liver_3", "liver_4", "liver_5", "truncated", "nan"),
        rows.stream().map(CaseResult::caseId).toList());
    for (CaseResult r : rows.subList(0, 6)) {
      assertEquals(CaseStatus.OK, r.status(), r.toString());
      checkAgainstMask(r, out, true);
    }
    CaseResult truncated = rows.get(6);
    assertEquals(CaseStatus.FAILED, truncated.status());
    assertTrue(truncated.error().contains("truncated.nii.gz"), truncated.error());
    assertEquals(List.of(48, 48, 24), truncated.shape(), "the header was readable");
    CaseResult nan = rows.get(7);
    assertEquals(CaseStatus.FAILED, nan.status());
    assertTrue(nan.error().contains("1 of 55296 voxels is not finite"), nan.error());
    for (CaseResult r : List.of(truncated, nan)) {
      assertNull(r.mask());
      assertNull(r.stats());
      assertTrue(!r.error().contains("\n") && !r.error().isBlank());
      assertTrue(Files.notExists(out.resolve("masks/" + r.caseId() + ".nii.gz")));
    }
    assertEquals(failedBefore, failedTasks.count.get(), "bad inputs are rows, not failed tasks");
    assertEquals(1, ModelCache.loads(), "the model was deserialised once in this JVM");
    assertEquals(8, progress.size(), progress.toString());
    assertEquals("8/8", progress.get(7).split(" ")[0]);

    // the tables on disk hold the same rows
    List<CaseResult> parquet =
        spark
            .read()
            .parquet(out.resolve(SegmentationJob.RESULTS_PARQUET).toString())
            .collectAsList()
            .stream()
            .map(CaseResult::fromRow)
            .toList();
    assertEquals(rows, parquet);
    List<String> csv = Files.readAllLines(out.resolve(SegmentationJob.RESULTS_CSV));
    assertEquals(9, csv.size());
    assertEquals(
        "case_id,input,mask,shape,spacing,liver_ml,tumour_ml,tumours,largest_tumour_ml,"
            + "tumour_burden_pct,dice_liver,dice_tumour,seconds,status,error",
        csv.get(0));
    assertTrue(csv.get(1).startsWith("liver_0,"), csv.get(1));
    assertTrue(csv.get(1).contains(",48x48x24,"), csv.get(1));
    assertTrue(csv.get(8).startsWith("nan,") && csv.get(8).contains(",failed,"), csv.get(8));
    assertOnlyFinalFiles(out.resolve("masks"));

    // a rerun keeps every complete mask and rewrites no file
    Map<String, String> before = fileStates(out.resolve("masks"));
    List<CaseResult> again =
        SegmentationJob.builder()
            .model(data.model)
            .inputs(data.inputs())
            .output(out)
            .build()
            .run(spark)
            .collectAsList()
            .stream()
            .map(CaseResult::fromRow)
            .toList();
    assertEquals(before, fileStates(out.resolve("masks")));
    for (int i = 0; i < 6; i++) {
      assertEquals(CaseStatus.SKIPPED, again.get(i).status());
      assertEquals(rows.get(i).stats(), again.get(i).stats());
      assertEquals(rows.get(i).mask(), again.get(i).mask());
    }
    assertEquals(CaseStatus.FAILED, again.get(6).status());
    assertEquals(CaseStatus.FAILED, again.get(7).status());
    assertEquals(1, ModelCache.loads());

    // the same cases as a table with a label column (and no case_id column): all kept
    List<Row> paths = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      paths.add(
          RowFactory.create(
              data.dataset.resolve("imagesTr/liver_" + i + ".nii.gz").toString(),
              data.dataset.resolve("labelsTr/liver_" + i + ".nii.gz").toString()));
    }
    Dataset<Row> input =
        spark.createDataFrame(
            paths,
            DataTypes.createStructType(
                List.of(
                    DataTypes.createStructField("scan", DataTypes.StringType, false),
                    DataTypes.createStructField("label", DataTypes.StringType, true))));
    List<CaseResult> fromTable =
        SegmentationJob.builder()
            .model(data.model)
            .inputs(input, "scan")
            .output(out)
            .broadcastModel(true)
            .build()
            .run(spark)
            .collectAsList()
            .stream()
            .map(CaseResult::fromRow)
            .toList();
    assertEquals(
        rows.subList(0, 6).stream().map(CaseResult::stats).toList(),
        fromTable.stream().map(CaseResult::stats).toList());
    fromTable.forEach(r -> assertEquals(CaseStatus.SKIPPED, r.status()));
    assertEquals(before, fileStates(out.resolve("masks")));
  }

  @Test
  void aTaskThatDiesIsRetriedWithoutDuplicateOrPartialOutputs(@TempDir Path out)
      throws IOException {
    int failedBefore = failedTasks.count.get();
    // liver_0..2 and liver_3..5 in two tasks: liver_4's task dies after liver_3 is complete and
    // liver_4's mask is in place, but before its sidecar
    System.setProperty(FaultInjection.PROPERTY, "liver_4");
    List<CaseResult> rows;
    try {
      rows =
          SegmentationJob.builder()
              .model(data.model)
              .inputs(List.of(data.dataset))
              .output(out)
              .partitions(2)
              .build()
              .run(spark)
              .collectAsList()
              .stream()
              .map(CaseResult::fromRow)
              .toList();
    } finally {
      System.clearProperty(FaultInjection.PROPERTY);
    }
    assertEquals(failedBefore + 1, failedTasks.count.get(), "exactly the injected failure");
    assertEquals(6, rows.size());
    for (CaseResult r : rows) {
      assertEquals(CaseStatus.OK, r.status(), r.toString());
      checkAgainstMask(r, out, true);
    }
    assertOnlyFinalFiles(out.resolve("masks"));
    // liver_3 was done by the dead attempt: the retry reports that attempt's time
    MaskRecord rec =
        new com.google.gson.Gson()
            .fromJson(
                Files.readString(out.resolve("masks/liver_3.json"), StandardCharsets.UTF_8),
                MaskRecord.class);
    assertEquals(rec.seconds(), rows.get(3).seconds());
  }

  @Test
  void broadcastModelBytesAreCheckedAgainstTheJobsHash() throws IOException {
    byte[] bytes = Files.readAllBytes(data.model);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    ModelSource s =
        ModelSource.broadcast(data.model, MaskStore.sha256(data.model), jsc.broadcast(bytes));
    assertTrue(s.load().describe().startsWith("spark-test, network: UNet3D"), s.load().describe());
    assertTrue(s.load().describe().endsWith("; label decision: argmax"), s.load().describe());
    ModelSource changed = ModelSource.broadcast(data.model, "0".repeat(64), jsc.broadcast(bytes));
    IllegalStateException e = assertThrows(IllegalStateException.class, changed::load);
    assertTrue(e.getMessage().contains("changed since the job started"), e.getMessage());
  }

  /** The row's mask is predict's, and its numbers are the mask's voxel counts. */
  private static void checkAgainstMask(CaseResult r, Path out, boolean hasLabel)
      throws IOException {
    Path maskFile = out.resolve("masks/" + r.caseId() + ".nii.gz");
    assertEquals(maskFile.toAbsolutePath().toString(), r.mask());
    assertArrayEquals(predictMasks.get(r.caseId()), Files.readAllBytes(maskFile), r.caseId());
    LabelMap mask = LabelMap.read(maskFile);
    assertEquals(List.of(48, 48, 24), r.shape());
    double[] sp = mask.affine().spacing();
    assertEquals(List.of(sp[0], sp[1], sp[2]), r.spacing());
    double voxelMl = MaskStats.voxelVolumeMm3(mask.affine()) / 1000;
    long[] h = mask.histogram();
    MaskStats s = r.stats();
    assertEquals((h[1] + h[2]) * voxelMl, s.liverMl(), 1e-12);
    assertEquals(h[2] * voxelMl, s.tumourMl(), 1e-12);
    assertEquals(h[1] + h[2] == 0 ? null : 100.0 * h[2] / (h[1] + h[2]), s.tumourBurdenPct());
    // tumours counted over the whole volume (not the bounding box the job uses)
    boolean[] fg = new boolean[256];
    fg[2] = true;
    int[] sizes =
        ConnectedComponents.sizes(ConnectedComponents.roots(mask.labels(), mask.shape(), fg, 26));
    long n = 0;
    long largest = 0;
    for (int size : sizes) {
      n += size > 0 ? 1 : 0;
      largest = Math.max(largest, size);
    }
    assertEquals(n, s.tumours());
    assertEquals(largest * voxelMl, s.largestTumourMl(), 1e-12);
    if (hasLabel) {
      LabelMap truth = LabelMap.read(data.dataset.resolve("labelsTr/" + r.caseId() + ".nii.gz"));
      CaseScores scores = Dice.score(r.caseId(), truth, mask, 3);
      assertEquals(scores.dice(Task03.LIVER), s.diceLiver());
      assertEquals(scores.dice(Task03.TUMOUR), s.diceTumour());
    } else {
      assertNull(s.diceLiver());
    }
    assertNotNull(s);
  }

  /** Masks and sidecars only: no temporary file of any attempt is left. */
  private static void assertOnlyFinalFiles(Path masks) throws IOException {
    try (Stream<Path> files = Files.list(masks)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        assertTrue(
            !name.startsWith(".") && (name.endsWith(".nii.gz") || name.endsWith(".json")), name);
      }
    }
  }

  /** Size, modification time and inode of every file: equal maps mean nothing was rewritten. */
  private static Map<String, String> fileStates(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        m.put(
            f.getFileName().toString(),
            a.size() + " " + a.lastModifiedTime().toInstant() + " " + a.fileKey());
      }
    }
    assertEquals(12, m.size(), m.toString());
    return m;
  }
}
