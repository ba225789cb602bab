package org.liverseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.liverseg.app.pipeline.ModelStore;
import org.liverseg.app.pipeline.RunConfig;
import org.liverseg.app.pipeline.TrainingPlan;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.models.training.TrainerState;
import org.liverseg.phantoms.DatasetProgress;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;
import org.liverseg.plan.Plan;

/**
 * {@code liverseg predict} with a model file that carries a plan (an untrained tiny network: what
 * it predicts does not matter here): masks on each scan's own grid whatever its voxel size, a
 * warning for a spacing far outside the training range, and one line naming the file for each scan
 * it cannot segment (NaN, 2D, 4D), with no mask written for it.
 */
class PredictWithPlanTest {

  @TempDir static Path shared;

  private static Path model;
  private static Path ct;

  @BeforeAll
  static void planModel() throws IOException {
    Path data = shared.resolve("Task03_Liver");
    PhantomGenerator.builder()
        .size(PhantomSize.TINY)
        .seed(8)
        .build()
        .writeDataset(data, 2, DatasetProgress.NONE);
    ct = data.resolve("imagesTr/liver_0.nii.gz");
    RunConfig config = RunConfig.tiny();
    Plan plan =
        TrainingPlan.resolve(
            config,
            MsdDataset.open(data).training(),
            List.of("liver_0", "liver_1"),
            1,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    model = shared.resolve("model.zip");
    ModelStore.save(
        ModelStore.build(config, plan, 1), config, plan, null, TrainerState.initial(), null, model);
  }

  private static CommandRunner predict(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--model";
    all[1] = model.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return CommandRunner.run(new PredictCommand(), all);
  }

  @Test
  void masksLieOnEveryScansGridAndFarSpacingsAreWarnedAbout(@TempDir Path dir) throws IOException {
    ScalarImage image = ScalarImage.read(ct);
    // the same scan claimed at 10x finer voxels: far outside the training range
    Path fine = dir.resolve("in/fine.nii.gz");
    Files.createDirectories(fine.getParent());
    double[] s = image.affine().spacing();
    Nifti.write(
        fine,
        image.withAffine(Affine.diagonal(-s[0] / 10, -s[1] / 10, s[2] / 10).withOrigin(1, 2, 3)));
    Path out = dir.resolve("out");
    CommandRunner r = predict(ct.toString(), fine.toString(), "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    for (Path in : List.of(ct, fine)) {
      LabelMap mask = LabelMap.read(out.resolve(in.getFileName()));
      ScalarImage scan = ScalarImage.read(in);
      assertEquals(scan.shape(), mask.shape());
      assertTrue(mask.affine().isClose(scan.affine(), 1e-6));
    }
    assertTrue(r.err().contains("; plan: target spacing"), r.err());
    List<String> warnings = r.err().lines().filter(l -> l.contains("warning")).toList();
    assertEquals(1, warnings.size(), r.err());
    assertTrue(
        warnings
            .get(0)
            .startsWith(
                "liverseg predict: "
                    + fine
                    + ": warning: spacing more than 2x outside the training range: R "),
        warnings.get(0));
    assertTrue(r.out().contains("resample in "), r.out());
    assertTrue(r.out().contains("% outside the network"), r.out());
  }

  @Test
  void nonFinite2dAnd4dScansFailInOneLineEachNamingTheFile(@TempDir Path dir) throws IOException {
    ScalarImage image = ScalarImage.read(ct);
    float[] v = image.voxels().clone();
    v[image.shape().index(1, 2, 3)] = Float.NaN;
    Path nan = dir.resolve("in/nan.nii.gz");
    Files.createDirectories(nan.getParent());
    Nifti.write(nan, image.withVoxels(v));
    Path flat = dir.resolve("in/flat.nii.gz");
    Nifti.write(flat, ScalarImage.of(Shape.of(48, 48, 1), image.affine(), new float[48 * 48]));
    Path series = dir.resolve("in/series.nii.gz");
    Shape s4 = Shape.of(8, 8, 8);
    Nifti.write(
        series,
        ScalarImage.of(new ImageGeometry(s4, 3, image.affine()), new float[3 * s4.voxelsAsInt()]));
    Path out = dir.resolve("out");
    CommandRunner r =
        predict(nan.toString(), flat.toString(), series.toString(), "--out", out.toString());
    assertEquals(1, r.exitCode(), r.err());
    List<String> errors = r.err().lines().filter(l -> l.startsWith("liverseg predict: ")).toList();
    assertEquals(3, errors.size(), r.err());
    assertEquals(
        "liverseg predict: "
            + nan
            + ": 1 of 55296 voxels is not finite; the first is voxel (1, 2, 3) = NaN",
        errors.get(0));
    assertTrue(
        errors.get(1).startsWith("liverseg predict: " + flat + ": is a 2D image (shape 48x48x1)"),
        errors.get(1));
    assertTrue(
        errors
            .get(2)
            .startsWith("liverseg predict: " + series + ": has 3 channels (a 4D or colour image)"),
        errors.get(2));
    for (String name : List.of("nan.nii.gz", "flat.nii.gz", "series.nii.gz")) {
      assertFalse(Files.exists(out.resolve(name)), name);
    }
  }
}
