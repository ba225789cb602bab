package org.liverseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.app.pipeline.DiceCsv;
import org.liverseg.app.pipeline.ModelStore;
import org.liverseg.app.pipeline.RunConfig;
import org.liverseg.app.pipeline.RunConfigJson;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.io.msd.MsdFormatException;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.io.nifti.NiftiDataType;
import org.liverseg.models.training.MetricsCsv;
import org.liverseg.phantoms.DatasetProgress;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;

class TrainPredictCommandsTest {

  @Test
  @Timeout(300)
  void trainResumePredictEvaluate(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("Task03_Liver");
    PhantomGenerator.builder()
        .size(PhantomSize.TINY)
        .seed(11)
        .build()
        .writeDataset(data, 4, DatasetProgress.NONE);
    Path run = dir.resolve("run");

    CommandRunner r =
        CommandRunner.run(
            new TrainCommand(),
            "--preset",
            "tiny",
            "--data",
            data.toString(),
            "--epochs",
            "1",
            "--out",
            run.toString(),
            "--no-progress");
    assertEquals(0, r.exitCode(), r.err());
    Path model = run.resolve("model.zip");
    assertEquals(1, ModelStore.load(model).epoch());
    assertEquals(1, MetricsCsv.read(run.resolve("metrics.csv")).size());
    assertTrue(Files.exists(run.resolve("split.json")));

    // Defect 10: --out an existing run replaced its model and metrics without a word.
    byte[] modelBytes = Files.readAllBytes(model);
    String metrics = Files.readString(run.resolve("metrics.csv"));
    r =
        CommandRunner.run(
            new TrainCommand(),
            "--preset",
            "tiny",
            "--data",
            data.toString(),
            "--epochs",
            "1",
            "--out",
            run.toString(),
            "--no-progress");
    assertEquals(1, r.exitCode(), r.err());
    assertEquals(
        "liverseg train: "
            + run
            + " already holds a run (config.json, curves.png, metrics.csv, model.zip, split.json); use"
            + " --overwrite"
            + " to replace it, or --resume to continue it",
        r.err().strip());
    assertArrayEquals(modelBytes, Files.readAllBytes(model));
    assertEquals(metrics, Files.readString(run.resolve("metrics.csv")));

    r =
        CommandRunner.run(
            new TrainCommand(), "--resume", model.toString(), "--epochs", "2", "--no-progress");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(2, ModelStore.load(model).epoch());
    assertEquals(
        List.of(1, 2),
        MetricsCsv.read(run.resolve("metrics.csv")).stream().map(m -> m.epoch()).toList());

    // A checkpoint cannot continue under another preprocessing (here: without its plan).
    Path other = dir.resolve("other.json");
    RunConfigJson.write(
        RunConfig.tiny().toBuilder()
            .dataDir(data.toString())
            .plan(RunConfig.PlanSettings.none())
            .targetShape(org.liverseg.io.Shape.of(40, 40, 24))
            .build(),
        other);
    r =
        CommandRunner.run(
            new TrainCommand(),
            "--resume",
            model.toString(),
            "--config",
            other.toString(),
            "--no-progress");
    assertEquals(1, r.exitCode());
    assertTrue(r.oneErrorLine(), r.err());
    assertTrue(r.err().contains("trained with another preprocessing"), r.err());

    Path pred = dir.resolve("pred");
    Path ct0 = data.resolve("imagesTr/liver_0.nii.gz");
    Path ct1 = data.resolve("imagesTr/liver_1.nii.gz");
    r =
        CommandRunner.run(
            new PredictCommand(),
            "--model",
            model.toString(),
            ct0.toString(),
            ct1.toString(),
            "--out",
            pred.toString());
    assertEquals(0, r.exitCode(), r.err());
    for (Path ct : List.of(ct0, ct1)) {
      Path mask = pred.resolve(ct.getFileName());
      assertEquals(NiftiDataType.UINT8, Nifti.readHeader(mask).datatype());
      ScalarImage image = ScalarImage.read(ct);
      LabelMap m = LabelMap.read(mask);
      assertEquals(image.shape(), m.shape());
      assertTrue(m.affine().isClose(image.affine(), 1e-6));
    }

    r =
        CommandRunner.run(
            new EvaluateCommand(), "--pred", pred.toString(), "--truth", data.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<DiceCsv.Row> scores = DiceCsv.read(pred.resolve("dice.csv"));
    assertEquals(List.of("liver_0", "liver_1"), scores.stream().map(DiceCsv.Row::caseId).toList());
    scores.forEach(s -> assertTrue(Double.isFinite(s.diceLiver()), s.toString()));
  }

  @Test
  void badInputIsOneLineAndExitCode1(@TempDir Path dir) throws Exception {
    CommandRunner r =
        CommandRunner.run(new TrainCommand(), "--data", dir.resolve("missing").toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.oneErrorLine(), r.err());
    assertTrue(r.err().contains("data folder does not exist"), r.err());

    r =
        CommandRunner.run(
            new PredictCommand(),
            "--model",
            dir.resolve("none.zip").toString(),
            "x.nii.gz",
            "--out",
            dir.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.err().contains("model file does not exist"), r.err());

    Path notModel = dir.resolve("m.zip");
    Files.writeString(notModel, "not a zip");
    Path img = dir.resolve("a.nii.gz");
    Nifti.write(
        img,
        ScalarImage.of(
            org.liverseg.io.Shape.of(2, 2, 2), org.liverseg.io.Affine.identity(), new float[8]));
    r =
        CommandRunner.run(
            new PredictCommand(),
            "--model",
            notModel.toString(),
            img.toString(),
            "--out",
            dir.resolve("out").toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.oneErrorLine(), r.err());
    assertEquals(
        "liverseg predict: " + notModel + ": not a model file (not a zip archive)",
        r.err().strip());

    r = CommandRunner.run(new TrainCommand());
    assertEquals(2, r.exitCode());
    r = CommandRunner.run(new PipelineCommand(), "--preset", "gpu");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("unknown preset 'gpu'"), r.err());
  }

  /**
   * Defect 7: on a full disk, train printed zipfs's stack traces (34 lines) and left a {@code
   * zipfstmp*.tmp} in the run folder. Now: one line naming the file, and no partial or temporary
   * file.
   */
  @Test
  @Timeout(120)
  void aFullDiskIsOneLineAndLeavesNoPartialModel(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("Task03_Liver");
    PhantomGenerator.builder()
        .size(PhantomSize.TINY)
        .seed(11)
        .build()
        .writeDataset(data, 4, DatasetProgress.NONE);
    // room for config.json, split.json, plan.json and metrics.csv, not for the model (about 60 KiB)
    try (FullDisk disk = new FullDisk(16 * FullDisk.BLOCK)) {
      Path run = disk.path("/run");
      CommandRunner r =
          CommandRunner.run(
              new TrainCommand(),
              disk.converter(),
              "--preset",
              "tiny",
              "--data",
              data.toString(),
              "--epochs",
              "1",
              "--out",
              FullDisk.arg(run),
              "--no-progress");
      assertEquals(1, r.exitCode(), r.err());
      assertEquals(
          "liverseg train: cannot write " + run.resolve("model.zip") + ": out of disk space",
          r.err().strip());
      assertEquals(
          List.of(
              "config.json", "metrics.csv", "overlays", "plan.json", "predictions", "split.json"),
          FullDisk.list(run));
    }
  }

  /**
   * Defect 5: the problems of an MSD dataset were cut to their first line ("2 problems in MSD
   * dataset ...:"). Every problem is printed, one line each.
   */
  @Test
  void everyProblemOfAnMsdDatasetIsPrinted(@TempDir Path dir) throws Exception {
    Path broken = Files.createDirectories(dir.resolve("broken"));
    Files.createDirectories(broken.resolve("imagesTr"));
    Files.createDirectories(broken.resolve("labelsTr"));
    Files.writeString(
        broken.resolve("dataset.json"),
        "{\"training\": [{\"image\": \"./imagesTr/liver_0.nii.gz\", \"label\": \"./labelsTr/liver_0.nii.gz\"},"
            + " {\"image\": \"./imagesTr/liver_1.nii.gz\", \"label\": \"./labelsTr/liver_1.nii.gz\"}]}");
    MsdFormatException expected =
        assertThrows(MsdFormatException.class, () -> MsdDataset.open(broken));
    assertTrue(expected.problems().size() >= 2, expected.problems().toString());
    CommandRunner r =
        CommandRunner.run(new TrainCommand(), "--data", broken.toString(), "--no-progress");
    assertEquals(1, r.exitCode());
    List<String> lines = r.err().strip().lines().toList();
    assertEquals(1 + expected.problems().size(), lines.size(), r.err());
    assertEquals(
        "liverseg train: "
            + expected.problems().size()
            + " problems in MSD dataset "
            + broken
            + ":",
        lines.get(0));
    for (int i = 0; i < expected.problems().size(); i++) {
      assertEquals("  - " + expected.problems().get(i), lines.get(i + 1));
    }
  }

  @Test
  void pipelineRefusesAnExistingRunFolderWithoutOverwrite(@TempDir Path dir) throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    Files.writeString(run.resolve("report.md"), "an earlier run");
    CommandRunner r =
        CommandRunner.run(
            new PipelineCommand(),
            "--preset",
            "tiny",
            "--data",
            dir.resolve("data").toString(),
            "--run-dir",
            run.toString(),
            "--no-progress");
    assertEquals(1, r.exitCode(), r.err());
    assertEquals(
        "liverseg pipeline: "
            + run
            + " already holds a run (report.md); use --overwrite to replace it",
        r.err().strip());
    assertEquals("an earlier run", Files.readString(run.resolve("report.md")));
    assertFalse(Files.exists(dir.resolve("data")), "nothing was generated");
  }

  @Test
  void listOptionsAreCheckedWhenParsed() {
    CommandRunner r =
        CommandRunner.run(new PipelineCommand(), "--patch", "32,32", "--print-config");
    assertEquals(2, r.exitCode());
    assertTrue(
        r.err().contains("Invalid value for option '--patch': needs 3 comma-separated integers"),
        r.err());
    r = CommandRunner.run(new PipelineCommand(), "--filters", "8,x", "--print-config");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("'x' is not an integer"), r.err());
    r = CommandRunner.run(new PipelineCommand(), "--filters", "8,0", "--print-config");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("must be positive"), r.err());
  }

  @Test
  void printConfigShowsTheEffectiveConfiguration() throws Exception {
    CommandRunner r =
        CommandRunner.run(
            new PipelineCommand(), "--preset", "course", "--epochs", "7", "--print-config");
    assertEquals(0, r.exitCode(), r.err());
    RunConfig c = RunConfigJson.fromJson(r.out());
    assertEquals(7, c.train().epochs());
    assertEquals(List.of(32, 64, 128, 256), c.model().filters());
  }
}
