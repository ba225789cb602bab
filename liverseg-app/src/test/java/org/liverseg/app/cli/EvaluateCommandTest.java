package org.liverseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.app.pipeline.DiceCsv;
import org.liverseg.io.Affine;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.io.nifti.Nifti;

class EvaluateCommandTest {

  private static final Affine AFFINE = Affine.diagonal(-0.8, -0.8, 2.5).withOrigin(10, -20, 30);

  private static LabelMap labels(Shape shape, Affine affine, int... firstValues) {
    byte[] b = new byte[shape.voxelsAsInt()];
    for (int i = 0; i < firstValues.length; i++) {
      b[i] = (byte) firstValues[i];
    }
    return LabelMap.of(shape, affine, b);
  }

  @Test
  void scoresEveryCaseAndWritesTheCsv(@TempDir Path dir) throws Exception {
    Path pred = Files.createDirectories(dir.resolve("pred"));
    Path truth = Files.createDirectories(dir.resolve("Task03/labelsTr"));
    Shape s = Shape.of(4, 3, 2);
    Nifti.write(pred.resolve("liver_1.nii.gz"), labels(s, AFFINE, 1, 1, 2, 2, 0));
    Nifti.write(truth.resolve("liver_1.nii.gz"), labels(s, AFFINE, 1, 2, 2, 0, 0));
    Nifti.write(pred.resolve("liver_2.nii"), labels(s, AFFINE, 1, 1));
    Nifti.write(truth.resolve("liver_2.nii.gz"), labels(s, AFFINE, 1, 1));
    Nifti.write(truth.resolve("liver_9.nii.gz"), labels(s, AFFINE, 1));

    CommandRunner r =
        CommandRunner.run(
            new EvaluateCommand(),
            "--pred",
            pred.toString(),
            "--truth",
            dir.resolve("Task03").toString());
    assertEquals(0, r.exitCode(), r.err());
    List<DiceCsv.Row> scores = DiceCsv.read(pred.resolve("dice.csv"));
    assertEquals(2, scores.size());
    // liver_1: liver pred {0,1,2,3} truth {0,1,2}: 6/7; tumour pred {2,3} truth {1,2}: 1/2
    assertEquals(6.0 / 7, scores.get(0).diceLiver(), 1e-6);
    assertEquals(0.5, scores.get(0).diceTumour(), 1e-6);
    assertEquals(1.0, scores.get(1).diceTumour(), 1e-6);
    assertTrue(r.out().contains("liver_1"), r.out());
    assertTrue(r.out().contains("mean"), r.out());
  }

  @Test
  void missingFolderIsOneLineAndExitCode1(@TempDir Path dir) {
    CommandRunner r =
        CommandRunner.run(
            new EvaluateCommand(),
            "--pred",
            dir.resolve("nope").toString(),
            "--truth",
            dir.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.oneErrorLine(), r.err());
    assertTrue(r.err().contains("folder does not exist: " + dir.resolve("nope")), r.err());
  }

  /**
   * Defect 4 for evaluate: every case is scored; each case that cannot be (no ground truth, another
   * grid) is one line; the CSV holds the others; the exit code is 1.
   */
  @Test
  void everyCaseIsScoredAndEachFailureIsOneLine(@TempDir Path dir) throws Exception {
    Path pred = Files.createDirectories(dir.resolve("pred"));
    Path truth = Files.createDirectories(dir.resolve("truth"));
    Shape s = Shape.of(2, 2, 2);
    Nifti.write(pred.resolve("a.nii.gz"), labels(s, AFFINE));
    Nifti.write(pred.resolve("b.nii.gz"), labels(s, AFFINE, 1));
    Nifti.write(truth.resolve("b.nii.gz"), labels(s, AFFINE, 1));
    Nifti.write(pred.resolve("c.nii.gz"), labels(s, AFFINE));
    Nifti.write(truth.resolve("c.nii.gz"), labels(Shape.of(2, 2, 3), AFFINE));
    Nifti.write(pred.resolve("d.nii.gz"), labels(s, AFFINE));
    CommandRunner r =
        CommandRunner.run(
            new EvaluateCommand(), "--pred", pred.toString(), "--truth", truth.toString());
    assertEquals(1, r.exitCode());
    List<String> errors = r.err().strip().lines().toList();
    assertEquals(3, errors.size(), r.err());
    assertEquals(
        "liverseg evaluate: case a: no ground truth in "
            + truth
            + " for "
            + pred.resolve("a.nii.gz"),
        errors.get(0));
    assertTrue(
        errors.get(1).startsWith("liverseg evaluate: case c: prediction shape"), errors.get(1));
    assertTrue(
        errors.get(2).startsWith("liverseg evaluate: case d: no ground truth"), errors.get(2));
    List<DiceCsv.Row> rows = DiceCsv.read(pred.resolve("dice.csv"));
    assertEquals(List.of("b"), rows.stream().map(DiceCsv.Row::caseId).toList());
    assertTrue(r.out().contains("b "), r.out());
  }

  /**
   * Defect 6: on a full disk the CSV was left as a 0-byte file under its final name. Now nothing is
   * left but the one line saying which file could not be written and why.
   */
  @Test
  void aFullDiskLeavesNoCsv(@TempDir Path dir) throws Exception {
    Path pred = Files.createDirectories(dir.resolve("pred"));
    Path truth = Files.createDirectories(dir.resolve("truth"));
    Nifti.write(pred.resolve("a.nii.gz"), labels(Shape.of(2, 2, 2), AFFINE, 1));
    Nifti.write(truth.resolve("a.nii.gz"), labels(Shape.of(2, 2, 2), AFFINE, 1));
    try (FullDisk disk = new FullDisk(4 * FullDisk.BLOCK)) {
      Path out = Files.createDirectories(disk.path("/out"));
      disk.fill(4 * FullDisk.BLOCK);
      Path csv = out.resolve("dice.csv");
      CommandRunner r =
          CommandRunner.run(
              new EvaluateCommand(),
              disk.converter(),
              "--pred",
              pred.toString(),
              "--truth",
              truth.toString(),
              "--csv",
              FullDisk.arg(csv));
      assertEquals(1, r.exitCode(), r.err());
      assertTrue(r.oneErrorLine(), r.err());
      assertEquals(
          "liverseg evaluate: cannot write " + csv + ": out of disk space", r.err().strip());
      assertEquals(List.of(), FullDisk.list(out), "no CSV and no temporary file");
    }
  }

  /**
   * An existing CSV (an earlier evaluation's, or any other file) is replaced only with --overwrite.
   */
  @Test
  void anExistingCsvIsReplacedOnlyWithOverwrite(@TempDir Path dir) throws Exception {
    Path pred = Files.createDirectories(dir.resolve("pred"));
    Nifti.write(pred.resolve("a.nii.gz"), labels(Shape.of(2, 2, 2), AFFINE, 1));
    Path csv = Files.writeString(dir.resolve("notes.csv"), "mine");
    CommandRunner r =
        CommandRunner.run(
            new EvaluateCommand(),
            "--pred",
            pred.toString(),
            "--truth",
            pred.toString(),
            "--csv",
            csv.toString());
    assertEquals(1, r.exitCode(), r.err());
    assertEquals(
        "liverseg evaluate: " + csv + " already exists (use --overwrite to replace it)",
        r.err().strip());
    assertEquals("mine", Files.readString(csv));
    r =
        CommandRunner.run(
            new EvaluateCommand(),
            "--pred",
            pred.toString(),
            "--truth",
            pred.toString(),
            "--csv",
            csv.toString(),
            "--overwrite");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(1.0, DiceCsv.read(csv).get(0).diceLiver());
  }

  @Test
  void shapeAndAffineMismatchesNameBothFiles(@TempDir Path dir) throws Exception {
    Path pred = Files.createDirectories(dir.resolve("pred"));
    Path truth = Files.createDirectories(dir.resolve("truth"));
    Nifti.write(pred.resolve("a.nii.gz"), labels(Shape.of(2, 2, 2), AFFINE));
    Nifti.write(truth.resolve("a.nii.gz"), labels(Shape.of(2, 2, 3), AFFINE));
    CommandRunner r =
        CommandRunner.run(
            new EvaluateCommand(), "--pred", pred.toString(), "--truth", truth.toString());
    assertEquals(1, r.exitCode());
    assertTrue(
        r.err().contains("prediction shape 2x2x2 differs from ground-truth shape 2x2x3"), r.err());
    assertTrue(r.err().contains(truth.resolve("a.nii.gz").toString()), r.err());

    Nifti.write(truth.resolve("a.nii.gz"), labels(Shape.of(2, 2, 2), AFFINE.withOrigin(0, 0, 0)));
    r =
        CommandRunner.run(
            new EvaluateCommand(), "--pred", pred.toString(), "--truth", truth.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.err().contains("different affines"), r.err());
  }

  @Test
  void aLabelOutsideTask03IsOneLineNamingTheCaseAndFiles(@TempDir Path dir) throws Exception {
    Path pred = Files.createDirectories(dir.resolve("pred"));
    Path truth = Files.createDirectories(dir.resolve("truth"));
    Nifti.write(pred.resolve("a.nii.gz"), labels(Shape.of(2, 2, 2), AFFINE, 1, 3));
    Nifti.write(truth.resolve("a.nii.gz"), labels(Shape.of(2, 2, 2), AFFINE, 1, 1));
    CommandRunner r =
        CommandRunner.run(
            new EvaluateCommand(), "--pred", pred.toString(), "--truth", truth.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.oneErrorLine(), r.err());
    assertTrue(
        r.err().contains("case a: voxel 1 has label prediction 3, but only 3 classes"), r.err());
    assertTrue(r.err().contains(pred.resolve("a.nii.gz").toString()), r.err());
  }

  @Test
  void missingOptionIsAUsageError() {
    CommandRunner r = CommandRunner.run(new EvaluateCommand(), "--pred", "x");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--truth"), r.err());
  }
}
