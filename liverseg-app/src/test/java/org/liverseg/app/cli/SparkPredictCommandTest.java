package org.liverseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.app.pipeline.ModelStore;
import org.liverseg.app.pipeline.RunConfig;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.models.training.TrainerState;
import org.liverseg.phantoms.DatasetProgress;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;

class SparkPredictCommandTest {

  @Test
  @Timeout(300)
  void sparkPredictWritesPredictsMasksAndReportsEveryCase(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("Task03_Liver");
    PhantomGenerator.builder()
        .size(PhantomSize.TINY)
        .seed(21)
        .threads(1)
        .build()
        .writeDataset(data, 3, DatasetProgress.NONE);
    Path model = dir.resolve("model.zip");
    RunConfig config = RunConfig.tiny();
    ModelStore.save(ModelStore.build(config, 10), config, TrainerState.initial(), model);
    Path nan = dir.resolve("nan.nii");
    ScalarImage ct = ScalarImage.read(data.resolve("imagesTr/liver_0.nii.gz"));
    float[] v = ct.voxels().clone();
    v[100] = Float.NaN;
    Nifti.write(nan, ct.withVoxels(v));

    Path pred = dir.resolve("pred");
    CommandRunner r =
        CommandRunner.run(
            new PredictCommand(),
            "--model",
            model.toString(),
            data.resolve("imagesTr/liver_0.nii.gz").toString(),
            data.resolve("imagesTr/liver_1.nii.gz").toString(),
            data.resolve("imagesTr/liver_2.nii.gz").toString(),
            "--out",
            pred.toString());
    assertEquals(0, r.exitCode(), r.err());

    Path out = dir.resolve("spark");
    r =
        CommandRunner.run(
            new SparkPredictCommand(),
            "--master",
            "local[2]",
            "--model",
            model.toString(),
            "--out",
            out.toString(),
            data.resolve("dataset.json").toString(),
            nan.toString());
    assertEquals(1, r.exitCode(), "a failed case makes exit code 1\n" + r.out() + r.err());
    List<String> progress = r.out().lines().filter(l -> l.matches("\\[\\d/4\\] .*")).toList();
    assertEquals(4, progress.size(), r.out());
    assertTrue(r.out().contains("4 cases in"), r.out());
    assertTrue(r.out().contains("3 ok, 0 skipped, 1 failed"), r.out());
    assertTrue(r.out().contains("nan failed"), r.out());
    for (int i = 0; i < 3; i++) {
      String f = "liver_" + i + ".nii.gz";
      assertArrayEquals(
          Files.readAllBytes(pred.resolve(f)),
          Files.readAllBytes(out.resolve("masks").resolve(f)),
          "spark-predict writes predict's mask for " + f);
    }
    assertEquals(5, Files.readAllLines(out.resolve("results.csv")).size());
    assertTrue(Files.isRegularFile(out.resolve("results.parquet")));

    // a rerun of the good cases keeps their masks and succeeds
    r =
        CommandRunner.run(
            new SparkPredictCommand(),
            "--master",
            "local[2]",
            "--model",
            model.toString(),
            "--out",
            out.toString(),
            data.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("3 cases in") && r.out().contains("0 ok, 3 skipped, 0 failed"));

    r =
        CommandRunner.run(
            new SparkPredictCommand(),
            "--model",
            dir.resolve("missing.zip").toString(),
            "--out",
            out.toString(),
            data.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.oneErrorLine(), r.err());
    assertTrue(r.err().contains("model file does not exist"), r.err());

    r =
        CommandRunner.run(
            new SparkPredictCommand(),
            "--partitions",
            "0",
            "--model",
            model.toString(),
            "--out",
            out.toString(),
            data.toString());
    assertEquals(2, r.exitCode());
  }
}
