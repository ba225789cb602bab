package org.liverseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.Subject;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;
import picocli.CommandLine;

/** Runs the {@code liverseg} command line in-process and checks exit codes, stdout and stderr. */
class LiversegCliTest {

  /** The codec's fixtures (written by nibabel) and nibabel's values for them. */
  private static final Path FIXTURES =
      Path.of("..", "liverseg-io", "src", "test", "resources", "nifti");

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = LiversegCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void versionAndHelpEverywhere() {
    Run v = run("--version");
    assertEquals(0, v.code());
    assertTrue(v.out().startsWith("liverseg 0.1.0-SNAPSHOT"), v.out());
    for (String sub : List.of("phantoms", "inspect", "transform", "evaluate")) {
      assertEquals(0, run(sub, "--help").code(), sub);
      Run sv = run(sub, "--version");
      assertEquals(0, sv.code(), sub);
      assertTrue(sv.out().startsWith("liverseg "), sub + ": " + sv.out());
    }
    Run h = run("--help");
    assertTrue(h.out().contains("phantoms") && h.out().contains("inspect"), h.out());
  }

  @Test
  void usageErrorsExitWith2() {
    assertEquals(2, run().code());
    assertEquals(2, run("--no-such-option").code());
    assertEquals(2, run("frobnicate").code());
    assertEquals(2, run("phantoms").code(), "--out is required");
    assertEquals(2, run("phantoms", "--out", "x", "--size", "huge").code());
    assertEquals(2, run("phantoms", "--out", "x", "--cases", "0").code());
    assertEquals(2, run("phantoms", "--out", "x", "--cases", "many").code());
    assertEquals(2, run("inspect").code(), "at least one file");
  }

  @Test
  void modelsListsTheZooAndArchitectureSelectsAnEntry() {
    Run m = run("models");
    assertEquals(0, m.code(), m.err());
    for (String name : List.of("unet", "attention-unet", "resenc-unet", "segresnet")) {
      assertTrue(m.out().contains("\n" + name + " "), "missing " + name + " in\n" + m.out());
    }
    Run p = run("pipeline", "--preset", "tiny", "--architecture", "resenc-unet", "--print-config");
    assertEquals(0, p.code(), p.err());
    JsonObject model = JsonParser.parseString(p.out()).getAsJsonObject().getAsJsonObject("model");
    assertEquals("resenc-unet", model.get("architecture").getAsString());
    assertEquals("default", model.get("normalization").getAsString());
    Run bad = run("pipeline", "--preset", "tiny", "--architecture", "vnet", "--print-config");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("segresnet"), bad.err());
    Run notDoubling =
        run(
            "train",
            "--preset",
            "tiny",
            "--data",
            "x",
            "--architecture",
            "segresnet",
            "--filters",
            "8,12");
    assertEquals(2, notDoubling.code());
    assertTrue(notDoubling.err().contains("widths must double"), notDoubling.err());
  }

  @Test
  void phantomsWritesAReadableDataset(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("Task03_Liver");
    Run r =
        run("phantoms", "--out", dir.toString(), "--size", "TINY", "--cases", "2", "--seed", "5");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("wrote 2 tiny phantom cases (seed 5) to " + dir), r.out());
    assertTrue(
        r.err().contains("phantoms") && r.err().contains("2/2"),
        "progress bar on stderr: " + r.err());
    MsdDataset msd = MsdDataset.open(dir);
    assertEquals(2, msd.training().size());
    Subject expected =
        PhantomGenerator.builder().size(PhantomSize.TINY).seed(5).build().generate(1);
    assertTrue(
        java.util.Arrays.equals(
            expected.labelMap("label").labels(), msd.training().get(1).labelMap("label").labels()));
  }

  /**
   * Defect 3: {@code phantoms --out} an existing dataset replaced its scans and rewrote its
   * dataset.json. Refused without --overwrite, and nothing is touched.
   */
  @Test
  void phantomsNeverWritesOverAnExistingDatasetWithoutOverwrite(@TempDir Path tmp)
      throws IOException {
    Path dir = tmp.resolve("Task03_Liver");
    assertEquals(
        0, run("phantoms", "--out", dir.toString(), "--size", "tiny", "--cases", "2").code());
    Path descriptor = dir.resolve("dataset.json");
    Path ct = dir.resolve("imagesTr/liver_0.nii.gz");
    byte[] descriptorBefore = Files.readAllBytes(descriptor);
    byte[] ctBefore = Files.readAllBytes(ct);

    Run r =
        run("phantoms", "--out", dir.toString(), "--size", "tiny", "--cases", "3", "--seed", "9");
    assertEquals(1, r.code(), r.err());
    assertEquals(
        "liverseg phantoms: "
            + dir
            + " already holds 5 of the files to write (dataset.json, imagesTr/liver_0.nii.gz, ...);"
            + " use --overwrite to replace them, or choose an empty folder",
        r.err().strip());
    assertArrayEquals(descriptorBefore, Files.readAllBytes(descriptor));
    assertArrayEquals(ctBefore, Files.readAllBytes(ct));
    assertFalse(Files.exists(dir.resolve("imagesTr/liver_2.nii.gz")));

    r =
        run(
            "phantoms",
            "--out",
            dir.toString(),
            "--size",
            "tiny",
            "--cases",
            "3",
            "--seed",
            "9",
            "--overwrite");
    assertEquals(0, r.code(), r.err());
    assertEquals(3, MsdDataset.open(dir).training().size());
    assertFalse(java.util.Arrays.equals(ctBefore, Files.readAllBytes(ct)), "replaced");
  }

  @Test
  void phantomsReportsAnUnwritableFolderWithExit1(@TempDir Path tmp) throws IOException {
    Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
    Run r = run("phantoms", "--out", file.toString(), "--size", "tiny", "--cases", "1");
    assertEquals(1, r.code());
    assertTrue(
        r.err().contains("liverseg phantoms: ") && r.err().contains("not-a-folder"), r.err());
  }

  /**
   * {@code inspect --json} agrees with nibabel on every fixture: shape, affine (1e-6), datatype and
   * data hash.
   */
  @Test
  void inspectJsonAgreesWithNibabel() throws IOException {
    JsonObject expected =
        JsonParser.parseString(Files.readString(FIXTURES.resolve("expected.json")))
            .getAsJsonObject();
    List<String> args = new ArrayList<>(List.of("inspect", "--json"));
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, JsonElement> e : expected.entrySet()) {
      names.add(e.getKey());
      args.add(FIXTURES.resolve(e.getKey()).toString());
    }
    assertTrue(names.size() >= 10, "expected.json lists " + names);
    Run r = run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(names.size(), lines.size(), r.out());
    for (int n = 0; n < names.size(); n++) {
      String name = names.get(n);
      JsonObject exp = expected.getAsJsonObject(name);
      JsonObject got = JsonParser.parseString(lines.get(n)).getAsJsonObject();
      assertEquals(FIXTURES.resolve(name).toString(), got.get("file").getAsString());
      assertEquals(exp.get("shape"), got.get("shape"), name + " shape");
      assertEquals(
          exp.get("dtype").getAsString(), got.get("datatype").getAsString(), name + " datatype");
      assertEquals(
          exp.get("byteorder").getAsString(),
          got.get("byteorder").getAsString(),
          name + " byte order");
      assertEquals(
          exp.get("sha256").getAsString(), got.get("sha256").getAsString(), name + " data hash");
      JsonArray ea = exp.getAsJsonArray("affine");
      JsonArray ga = got.getAsJsonArray("affine");
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
          double e = ea.get(i).getAsJsonArray().get(j).getAsDouble();
          double g = ga.get(i).getAsJsonArray().get(j).getAsDouble();
          assertEquals(e, g, 1e-6, name + " affine[" + i + "][" + j + "]");
        }
      }
      // nibabel sums float64 data, we sum the float32 values: equal to float precision
      double sum = exp.get("sum").getAsDouble();
      assertEquals(
          sum, got.get("sum").getAsDouble(), 1e-5 * Math.max(1, Math.abs(sum)), name + " sum");
      assertEquals(
          exp.get("min").getAsDouble(),
          got.get("min").getAsDouble(),
          1e-5 * Math.max(1, Math.abs(exp.get("min").getAsDouble())),
          name + " min");
      assertEquals(
          exp.get("max").getAsDouble(),
          got.get("max").getAsDouble(),
          1e-5 * Math.max(1, Math.abs(exp.get("max").getAsDouble())),
          name + " max");
    }
  }

  @Test
  void inspectReportsABadFileInOneLineAndGoesOn(@TempDir Path tmp) throws IOException {
    Path bad = Files.write(tmp.resolve("broken.nii"), new byte[100]);
    Path missing = tmp.resolve("missing.nii.gz");
    Path good = FIXTURES.resolve("int16_sform.nii.gz");
    Run r = run("inspect", "--json", bad.toString(), good.toString(), missing.toString());
    assertEquals(1, r.code());
    assertEquals(1, r.out().lines().count(), r.out());
    assertTrue(r.out().contains("\"shape\":[20,16,12]"), r.out());
    List<String> errors = r.err().lines().filter(l -> !l.contains("WARN")).toList();
    assertEquals(2, errors.size(), r.err());
    assertTrue(
        errors.get(0).startsWith("liverseg inspect: ") && errors.get(0).contains("broken.nii"),
        errors.get(0));
    assertEquals("liverseg inspect: " + missing + ": no such file", errors.get(1));
  }

  @Test
  void inspectJsonListsTheFilesWarnings(@TempDir Path tmp) throws IOException {
    // a gzipped file whose name says .nii: read, with a warning
    Path misnamed = tmp.resolve("gz_named.nii");
    Files.copy(FIXTURES.resolve("int16_sform.nii.gz"), misnamed);
    Run r = run("inspect", "--json", misnamed.toString());
    assertEquals(0, r.code(), r.err());
    JsonObject o = JsonParser.parseString(r.out().strip()).getAsJsonObject();
    assertEquals(1, o.getAsJsonArray("warnings").size(), r.out());
    assertTrue(
        o.getAsJsonArray("warnings").get(0).getAsString().contains("gzip-compressed"), r.out());
    assertEquals("NIfTI-1, single file, gzip", o.get("format").getAsString());
  }

  @Test
  void inspectTextShowsTheHeaderAndStatistics(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("d");
    PhantomGenerator.builder()
        .size(PhantomSize.TINY)
        .seed(1)
        .build()
        .writeDataset(dir, 1, (a, b, c) -> {});
    Path ct = dir.resolve("imagesTr/liver_0.nii.gz");
    Run r = run("inspect", ct.toString());
    assertEquals(0, r.code(), r.err());
    String o = r.out();
    for (String s :
        List.of(
            "NIfTI-1, single file, gzip",
            "little-endian",
            "int16",
            "48 x 48 x 24",
            "LPS",
            "affine",
            "scaling",
            "none",
            "extensions",
            "min/max/mean")) {
      assertTrue(o.contains(s), "missing '" + s + "' in\n" + o);
    }
  }
}
