package org.liverseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.app.pipeline.ModelStore;
import org.liverseg.app.pipeline.RunConfig;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.models.training.TrainerState;
import org.liverseg.phantoms.DatasetProgress;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;

/**
 * {@code liverseg predict} on real files with an untrained tiny model (what it predicts does not
 * matter here, only which files it reads, writes and refuses, and what it says).
 */
class PredictCommandTest {

  @TempDir static Path shared;

  private static Path model;
  private static Path ct0;
  private static Path ct1;

  @BeforeAll
  static void tinyModelAndScans() throws IOException {
    Path data = shared.resolve("Task03_Liver");
    PhantomGenerator.builder()
        .size(PhantomSize.TINY)
        .seed(3)
        .build()
        .writeDataset(data, 2, DatasetProgress.NONE);
    ct0 = data.resolve("imagesTr/liver_0.nii.gz");
    ct1 = data.resolve("imagesTr/liver_1.nii.gz");
    RunConfig config = RunConfig.tiny();
    model = shared.resolve("model.zip");
    ModelStore.save(ModelStore.build(config, 1), config, TrainerState.initial(), model);
  }

  private static CommandRunner predict(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--model";
    all[1] = model.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return CommandRunner.run(new PredictCommand(), all);
  }

  /** {@code ct} with {@code value} at voxel (x, y, z), written as float32 to {@code file}. */
  private static Path withVoxel(Path ct, int x, int y, int z, float value, Path file)
      throws IOException {
    ScalarImage image = ScalarImage.read(ct);
    float[] v = image.voxels().clone();
    v[image.shape().index(x, y, z)] = value;
    Files.createDirectories(file.getParent());
    Nifti.write(file, image.withVoxels(v));
    return file;
  }

  private static List<String> errorLines(CommandRunner r) {
    return r.err().lines().filter(l -> !l.isBlank() && !l.startsWith("network: ")).toList();
  }

  /**
   * Defect 1: one NaN voxel made the masks empty and the exit code 0. Now the scan fails in one
   * line naming the file, how many voxels are bad and the first one; no mask is written. Infinite
   * voxels too (the HU window would otherwise clamp them into a plausible value).
   */
  @Test
  void aScanWithANonFiniteVoxelFailsNamingTheFileAndTheVoxel(@TempDir Path dir) throws IOException {
    Path nan = withVoxel(ct0, 3, 4, 5, Float.NaN, dir.resolve("in/nan.nii.gz"));
    Path inf = withVoxel(ct1, 7, 0, 2, Float.NEGATIVE_INFINITY, dir.resolve("in/inf.nii"));
    Path out = dir.resolve("out");
    CommandRunner r = predict(nan.toString(), inf.toString(), "--out", out.toString());
    assertEquals(1, r.exitCode(), r.err());
    List<String> errors = errorLines(r);
    assertEquals(2, errors.size(), r.err());
    assertEquals(
        "liverseg predict: "
            + nan
            + ": 1 of 55296 voxels is not finite; the first is voxel (3, 4, 5) = NaN",
        errors.get(0));
    assertEquals(
        "liverseg predict: "
            + inf
            + ": 1 of 55296 voxels is not finite; the first is voxel (7, 0, 2) = -Infinity",
        errors.get(1));
    assertFalse(Files.exists(out.resolve("nan.nii.gz")));
    assertFalse(Files.exists(out.resolve("inf.nii.gz")));
  }

  /**
   * Defect 4: predict stopped at the first bad input. Every input is processed; each failure is one
   * line; the exit code is 1.
   */
  @Test
  void everyInputIsProcessedAndEachFailureIsOneLine(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing.nii.gz");
    Path broken = Files.write(dir.resolve("broken.nii.gz"), new byte[] {1, 2, 3});
    Path notNifti = Files.writeString(dir.resolve("notes.txt"), "x");
    Path out = dir.resolve("out");
    CommandRunner r =
        predict(
            missing.toString(),
            broken.toString(),
            notNifti.toString(),
            ct1.toString(),
            "--out",
            out.toString());
    assertEquals(1, r.exitCode(), r.err());
    List<String> errors = errorLines(r);
    assertEquals(3, errors.size(), r.err());
    assertTrue(errors.get(0).startsWith("liverseg predict: " + missing + ": "), errors.get(0));
    assertTrue(errors.get(1).startsWith("liverseg predict: " + broken), errors.get(1));
    assertTrue(errors.get(2).contains(notNifti + ": not a NIfTI file"), errors.get(2));
    LabelMap mask = LabelMap.read(out.resolve("liver_1.nii.gz"));
    assertEquals(ScalarImage.read(ct1).shape(), mask.shape());
    assertTrue(r.out().contains(ct1 + " -> " + out.resolve("liver_1.nii.gz")), r.out());
  }

  /** Defect 2: {@code --out} the input's own folder replaced the CT with its mask. */
  @Test
  void aMaskNeverReplacesItsInput(@TempDir Path dir) throws IOException {
    Path in = Files.copy(ct0, Files.createDirectories(dir.resolve("scans")).resolve("c.nii.gz"));
    byte[] before = Files.readAllBytes(in);
    for (List<String> extra : List.of(List.<String>of(), List.of("--overwrite"))) {
      String[] args =
          extra.isEmpty()
              ? new String[] {in.toString(), "--out", in.getParent().toString()}
              : new String[] {in.toString(), "--out", in.getParent().toString(), "--overwrite"};
      CommandRunner r = predict(args);
      assertEquals(2, r.exitCode(), r.err());
      assertTrue(r.err().contains("would replace the input " + in), r.err());
      assertArrayEquals(before, Files.readAllBytes(in), "the input is untouched");
    }
  }

  /** An existing mask (an earlier run's) is replaced only with {@code --overwrite}. */
  @Test
  void anExistingMaskIsReplacedOnlyWithOverwrite(@TempDir Path dir) throws IOException {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path earlier = Files.writeString(out.resolve("liver_0.nii.gz"), "an earlier result");
    CommandRunner r = predict(ct0.toString(), ct1.toString(), "--out", out.toString());
    assertEquals(1, r.exitCode(), r.err());
    List<String> errors = errorLines(r);
    assertEquals(1, errors.size(), r.err());
    assertEquals(
        "liverseg predict: "
            + ct0
            + ": "
            + earlier
            + " already exists (use --overwrite to replace it)",
        errors.get(0));
    assertEquals("an earlier result", Files.readString(earlier));
    assertTrue(Files.exists(out.resolve("liver_1.nii.gz")), "the other input is predicted");

    r = predict(ct0.toString(), "--out", out.toString(), "--overwrite");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(ScalarImage.read(ct0).shape(), LabelMap.read(earlier).shape());
  }

  /**
   * Defect 9: two inputs with the same file name from different folders wrote the same mask, one
   * silently replacing the other. Refused before anything runs, naming both.
   */
  @Test
  void twoInputsForTheSameMaskAreRefused(@TempDir Path dir) throws IOException {
    Path a = Files.copy(ct0, Files.createDirectories(dir.resolve("a")).resolve("scan.nii.gz"));
    Path b = Files.copy(ct1, Files.createDirectories(dir.resolve("b")).resolve("scan.nii"));
    Path out = dir.resolve("out");
    CommandRunner r = predict(a.toString(), b.toString(), "--out", out.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(
        r.err()
            .contains(a + " and " + b + " would both be written to " + out.resolve("scan.nii.gz")),
        r.err());
    assertFalse(Files.exists(out), "nothing was written");
  }
}
