package org.liverseg.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.LabelMap;
import org.liverseg.io.NonFiniteVoxelsException;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectsDataset;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.phantoms.DatasetProgress;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;
import org.liverseg.plan.Plan;

/**
 * The plan of a run ({@link TrainingPlan}) and the cases preprocessed once ({@link PreparedCases}).
 */
class PreparedCasesTest {

  @TempDir static Path shared;

  private static SubjectsDataset training;
  private static Plan plan;

  @BeforeAll
  static void tinyDatasetAndPlan() throws IOException {
    Path data = shared.resolve("Task03_Liver");
    PhantomGenerator.builder()
        .size(PhantomSize.TINY)
        .seed(5)
        .build()
        .writeDataset(data, 3, DatasetProgress.NONE);
    training = MsdDataset.open(data).training();
    plan =
        TrainingPlan.resolve(RunConfig.tiny(), training, List.of("liver_0", "liver_1"), 2, quiet());
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  @Test
  void theAutomaticPlanComesFromTheTrainingCasesOnly() throws IOException {
    assertEquals(2, plan.trainingCases());
    assertEquals(List.of(0, 1, 2), plan.classes());
    Plan all =
        TrainingPlan.resolve(
            RunConfig.tiny(), training, List.of("liver_0", "liver_1", "liver_2"), 2, quiet());
    assertEquals(3, all.trainingCases());
  }

  @Test
  void casesArePreprocessedOnceInMemoryOrCachedAsNifti(@TempDir Path dir) throws IOException {
    List<Subject> raw = training.select(List.of("liver_0", "liver_2")).subjects();
    List<Subject> memory = PreparedCases.prepare(raw, plan, dir.resolve("cache"), 2);
    assertFalse(Files.exists(dir.resolve("cache")), "small cases stay in memory");
    List<Subject> cached = PreparedCases.prepare(raw, plan, dir.resolve("cache"), 2, 0);
    assertTrue(Files.exists(dir.resolve("cache/liver_0_ct.nii")));
    assertTrue(Files.exists(dir.resolve("cache/liver_2_label.nii")));
    for (int i = 0; i < 2; i++) {
      Subject m = memory.get(i);
      Subject c = cached.get(i);
      assertEquals(raw.get(i).id(), m.id());
      assertTrue(m.history().isEmpty(), "no history to undo: these are the training data");
      assertFalse(c.scalarImage(MsdDataset.IMAGE).isLoaded(), "read lazily");
      Subject expected = plan.preprocessing().apply(raw.get(i));
      assertEquals("RAS", m.affine().orientation());
      assertArrayEquals(
          expected.scalarImage(MsdDataset.IMAGE).voxels(),
          m.scalarImage(MsdDataset.IMAGE).voxels());
      assertArrayEquals(
          m.scalarImage(MsdDataset.IMAGE).voxels(), c.scalarImage(MsdDataset.IMAGE).voxels());
      assertArrayEquals(
          m.labelMap(MsdDataset.LABEL).labels(), c.labelMap(MsdDataset.LABEL).labels());
      assertTrue(m.affine().isClose(c.affine(), 1e-4), "NIfTI keeps the affine in float32");
    }
  }

  @Test
  void aCaseSmallerThanThePatchIsPaddedToIt(@TempDir Path dir) throws IOException {
    Subject s = training.select(List.of("liver_1")).subjects().get(0).load();
    Subject thin =
        org.liverseg.transforms.spatial.CropOrPad.to(Shape.of(48, 48, 3))
            .apply(s)
            .withHistory(List.of());
    Subject p = PreparedCases.prepare(List.of(thin), plan, dir, 1).get(0);
    assertTrue(plan.patchSize().fitsIn(p.shape()), p.shape() + " vs " + plan.patchSize());
  }

  @Test
  void badCasesAreRefusedNamingTheFile(@TempDir Path dir) throws IOException {
    Subject s = training.select(List.of("liver_1")).subjects().get(0).load();
    byte[] l = s.labelMap(MsdDataset.LABEL).labels().clone();
    l[10] = 5;
    Path labelFile = dir.resolve("liver_9.nii.gz");
    Nifti.write(labelFile, s.labelMap(MsdDataset.LABEL).withLabels(l));
    Subject badLabel =
        Subject.builder("liver_9")
            .image(MsdDataset.IMAGE, s.scalarImage(MsdDataset.IMAGE))
            .image(MsdDataset.LABEL, LabelMap.lazy(labelFile))
            .build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PreparedCases.prepare(List.of(badLabel), plan, dir, 1));
    assertEquals(
        labelFile + ": label values 5 (1 voxels) are not among the plan's classes [0, 1, 2]",
        e.getMessage());

    float[] v = s.scalarImage(MsdDataset.IMAGE).voxels().clone();
    v[7] = Float.POSITIVE_INFINITY;
    Path ctFile = dir.resolve("liver_8.nii.gz");
    Nifti.write(ctFile, s.scalarImage(MsdDataset.IMAGE).withVoxels(v));
    Subject badCt =
        Subject.builder("liver_8")
            .image(MsdDataset.IMAGE, ScalarImage.lazy(ctFile))
            .image(MsdDataset.LABEL, s.labelMap(MsdDataset.LABEL))
            .build();
    NonFiniteVoxelsException n =
        assertThrows(
            NonFiniteVoxelsException.class,
            () -> PreparedCases.prepare(List.of(badCt), plan, dir, 1));
    assertTrue(n.getMessage().contains(ctFile.toString()), n.getMessage());
  }

  @Test
  void trainingLabelsOutsideTask03AreRefusedNamingTheFiles(@TempDir Path dir) throws IOException {
    Path data = dir.resolve("Task03_Liver");
    PhantomGenerator.builder()
        .size(PhantomSize.TINY)
        .seed(5)
        .build()
        .writeDataset(data, 2, DatasetProgress.NONE);
    Path labelFile = data.resolve("labelsTr/liver_1.nii.gz");
    LabelMap l = LabelMap.read(labelFile);
    byte[] b = l.labels().clone();
    b[0] = 3;
    Nifti.write(labelFile, l.withLabels(b));
    SubjectsDataset d = MsdDataset.open(data).training();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TrainingPlan.resolve(
                    RunConfig.tiny(), d, List.of("liver_0", "liver_1"), 1, quiet()));
    assertEquals(
        "training labels must be 0 (background), 1 (liver) or 2 (tumour); found other values in "
            + labelFile
            + " (label 3, 1 voxels)",
        e.getMessage());
  }
}
