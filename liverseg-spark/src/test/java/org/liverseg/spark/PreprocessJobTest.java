package org.liverseg.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Subject;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.io.nifti.NiftiWriter;
import org.liverseg.transforms.Compose;
import org.liverseg.transforms.Transform;
import org.liverseg.transforms.intensity.Clamp;
import org.liverseg.transforms.spatial.CropOrPad;
import org.liverseg.transforms.spatial.RandomFlip;

class PreprocessJobTest {

  private static TestData data;
  private static SparkSession spark;

  /** Deterministic and random steps: a crop, a clamp and a left-right flip with p = 0.5. */
  private static final TransformFactory PIPELINE =
      () ->
          Compose.of(
              CropOrPad.builder().target(40, 36, 20).build(),
              Clamp.builder().min(-100).max(300).build(),
              RandomFlip.builder().axes(0).flipProbability(0.5).build());

  @BeforeAll
  static void start() {
    data = TestData.get();
    spark = SparkTests.local();
  }

  @Test
  void writesEachCaseAsTheTransformDoesAndFailsBadFilesAsRows(
      @TempDir Path out, @TempDir Path other) throws IOException {
    List<PreprocessResult> rows = run(out, 0);
    assertEquals(8, rows.size());
    Transform t = PIPELINE.create();
    NiftiWriter writer = NiftiWriter.builder().build();
    for (int i = 0; i < TestData.PHANTOMS; i++) {
      PreprocessResult r = rows.get(i);
      String id = "liver_" + i;
      assertEquals(id, r.caseId());
      assertEquals(CaseStatus.OK, r.status(), r.toString());
      assertEquals(List.of(40, 36, 20), r.shape());
      // the same transform, generator and writer here give the same bytes
      Subject s =
          Subject.builder(id)
              .image(
                  MsdDataset.IMAGE,
                  ScalarImage.read(data.dataset.resolve("imagesTr/" + id + ".nii.gz")))
              .image(
                  MsdDataset.LABEL,
                  LabelMap.read(data.dataset.resolve("labelsTr/" + id + ".nii.gz")))
              .build();
      Subject expected = t.apply(s, PreprocessCases.random(7, id));
      Path img = other.resolve(id + ".nii.gz");
      writer.write(img, expected.scalarImage(MsdDataset.IMAGE));
      Path lab = other.resolve(id + "-label.nii.gz");
      writer.write(lab, expected.labelMap(MsdDataset.LABEL));
      assertArrayEquals(Files.readAllBytes(img), Files.readAllBytes(Path.of(r.output())));
      assertArrayEquals(Files.readAllBytes(lab), Files.readAllBytes(Path.of(r.outputLabel())));
    }
    assertEquals(CaseStatus.FAILED, rows.get(6).status());
    assertTrue(rows.get(6).error().contains("truncated.nii.gz"), rows.get(6).error());
    assertEquals(CaseStatus.FAILED, rows.get(7).status());
    assertTrue(rows.get(7).error().contains("not finite"), rows.get(7).error());
    assertNull(rows.get(7).output());

    // the output is an MSD dataset of the cases that succeeded
    MsdDataset msd = MsdDataset.open(out);
    assertEquals(6, msd.training().size());
    assertEquals(9, Files.readAllLines(out.resolve(SegmentationJob.RESULTS_CSV)).size());

    // partitioning does not change what a case gets (its generator follows the case id)
    Path again = other.resolve("again");
    List<PreprocessResult> three = run(again, 3);
    for (int i = 0; i < TestData.PHANTOMS; i++) {
      assertArrayEquals(
          Files.readAllBytes(Path.of(rows.get(i).output())),
          Files.readAllBytes(Path.of(three.get(i).output())));
    }
  }

  private static List<PreprocessResult> run(Path out, int partitions) throws IOException {
    PreprocessJob.Builder b =
        PreprocessJob.builder().transform(PIPELINE).inputs(data.inputs()).output(out).seed(7);
    if (partitions > 0) {
      b.partitions(partitions);
    }
    return b.build().run(spark).collectAsList().stream().map(PreprocessResult::fromRow).toList();
  }
}
