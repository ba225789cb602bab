package org.liverseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.phantoms.DatasetProgress;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;
import org.liverseg.plan.Budget;
import org.liverseg.plan.Fingerprint;
import org.liverseg.plan.Normalization;
import org.liverseg.plan.Plan;

class PlanCommandTest {

  @TempDir static Path shared;
  private static Path data;

  @BeforeAll
  static void phantoms() throws IOException {
    data = shared.resolve("tiny");
    PhantomGenerator.builder()
        .size(PhantomSize.TINY)
        .seed(11)
        .build()
        .writeDataset(data, 4, DatasetProgress.NONE);
  }

  @Test
  void writesThePlanAndPrintsASummary(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("plan.json");
    Path fpOut = dir.resolve("fingerprint.json");
    CommandRunner r =
        CommandRunner.run(
            new PlanCommand(),
            "--data",
            data.toString(),
            "--out",
            out.toString(),
            "--fingerprint",
            fpOut.toString(),
            "--budget",
            "20000",
            "--threads",
            "2");
    assertEquals(0, r.exitCode(), r.err());
    Fingerprint fp = Fingerprint.of(MsdDataset.open(data));
    assertEquals(fp, Fingerprint.read(fpOut));
    Plan plan = Plan.read(out);
    assertEquals(Plan.from(fp, Budget.cpu(20_000)), plan);
    assertTrue(r.out().contains("4 cases; median spacing"), r.out());
    assertTrue(r.out().contains("target spacing"), r.out());
    assertTrue(r.out().contains("normalisation    CT: clip to"), r.out());
    assertTrue(r.out().contains("wrote " + out + " and " + fpOut), r.out());
  }

  @Test
  void neverOverwritesWithoutBeingAsked(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("plan.json");
    Files.writeString(out, "mine");
    CommandRunner r =
        CommandRunner.run(new PlanCommand(), "--data", data.toString(), "--out", out.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.oneErrorLine(), r.err());
    assertTrue(r.err().contains("already exists: " + out + " (use --overwrite)"), r.err());
    assertEquals("mine", Files.readString(out));
    r =
        CommandRunner.run(
            new PlanCommand(),
            "--data",
            data.toString(),
            "--out",
            out.toString(),
            "--overwrite",
            "--normalization",
            "window",
            "--window",
            "-200,300");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(Normalization.fixedWindow(-200, 300), Plan.read(out).normalization());
    assertTrue(r.out().contains("fixed window [-200.00, 300.00] -> [0, 1]"), r.out());
  }

  @Test
  void usageErrorsExitWith2() {
    String[][] bad = {
      {"--budget", "100"},
      {"--max-depth", "9"},
      {"--window", "0,100"},
      {"--normalization", "window", "--window", "100,0"},
      {"--normalization", "zscore"},
      {"--threads", "0"},
      {"--out", "same.json", "--fingerprint", "same.json"}
    };
    for (String[] args : bad) {
      String[] all = new String[args.length + 2];
      all[0] = "--data";
      all[1] = data.toString();
      System.arraycopy(args, 0, all, 2, args.length);
      CommandRunner r = CommandRunner.run(new PlanCommand(), all);
      assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r.err());
    }
  }

  @Test
  void badCasesAreEachNamedAndNothingIsWritten(@TempDir Path dir) throws IOException {
    Path copy = dir.resolve("data");
    PhantomGenerator.builder()
        .size(PhantomSize.TINY)
        .seed(11)
        .build()
        .writeDataset(copy, 3, DatasetProgress.NONE);
    Path ct = copy.resolve("imagesTr/liver_2.nii.gz");
    ScalarImage image = ScalarImage.read(ct);
    float[] v = image.voxels().clone();
    v[7] = Float.POSITIVE_INFINITY;
    Nifti.write(ct, image.withVoxels(v));
    Path out = dir.resolve("plan.json");
    CommandRunner r =
        CommandRunner.run(new PlanCommand(), "--data", copy.toString(), "--out", out.toString());
    assertEquals(1, r.exitCode());
    assertTrue(
        r.err().contains("liverseg plan: case liver_2: image 'ct' (" + ct + ") has a non-finite"),
        r.err());
    assertFalse(Files.exists(out));
    CommandRunner missing =
        CommandRunner.run(
            new PlanCommand(), "--data", dir.resolve("none").toString(), "--out", out.toString());
    assertEquals(1, missing.exitCode());
    assertTrue(missing.err().contains("is not a folder"), missing.err());
    assertFalse(Files.exists(out));
  }
}
