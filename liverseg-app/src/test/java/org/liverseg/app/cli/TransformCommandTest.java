package org.liverseg.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.Affine;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.io.nifti.NiftiDataType;

class TransformCommandTest {

  private static final Affine AFFINE = Affine.diagonal(-0.8, -0.9, 2.5).withOrigin(10, -20, 30);

  private static Path writeRamp(Path dir, Shape s) throws Exception {
    return writeRamp(dir, s, AFFINE);
  }

  private static Path writeRamp(Path dir, Shape s, Affine affine) throws Exception {
    float[] v = new float[s.voxelsAsInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    Path f = dir.resolve("in.nii.gz");
    Nifti.write(f, ScalarImage.of(s, affine, v));
    return f;
  }

  @Test
  void cropOrPadMovesOnlyTheOriginAsTorchIoDoes(@TempDir Path dir) throws Exception {
    Path in = writeRamp(dir, Shape.of(7, 10, 5));
    Path out = dir.resolve("out.nii.gz");
    CommandRunner r =
        CommandRunner.run(
            new TransformCommand(), in.toString(), out.toString(), "--crop-or-pad", "4,13,5");
    assertEquals(0, r.exitCode(), r.err());
    ScalarImage img = ScalarImage.read(out);
    assertEquals(Shape.of(4, 13, 5), img.shape());
    // docs/ARCHITECTURE.md 5.1: pad j by (2, 1), crop i by (2, 1): the origin moves by (-1.6, +1.8,
    // 0).
    assertArrayEquals(new double[] {10 - 1.6, -20 + 1.8, 30}, img.origin(), 1e-5);
    assertArrayEquals(new double[] {0.8, 0.9, 2.5}, img.spacing(), 1e-6);
    // Output voxel (0, 2, 0) is input voxel (2, 0, 0), whose value is 2.
    assertEquals(2f, img.get(0, 2, 0));
    assertEquals(0f, img.get(0, 0, 0), "padding is zero");
  }

  @Test
  void transformsRunInCommandLineOrder(@TempDir Path dir) throws Exception {
    // Spacings exact in float32, so that the resampled sizes are exact
    // (new size = floor(n s / s'), docs/ARCHITECTURE.md 5.6).
    Path in = writeRamp(dir, Shape.of(8, 8, 4), Affine.diagonal(-0.75, -0.5, 2.5));
    Path a = dir.resolve("a.nii");
    Path b = dir.resolve("b.nii");
    assertEquals(
        0,
        CommandRunner.run(
                new TransformCommand(),
                in.toString(),
                a.toString(),
                "--resample",
                "1.5,1,5",
                "--crop-or-pad",
                "6,6,2")
            .exitCode());
    assertEquals(
        0,
        CommandRunner.run(
                new TransformCommand(),
                in.toString(),
                b.toString(),
                "--crop-or-pad",
                "6,6,2",
                "--resample",
                "1.5,1,5")
            .exitCode());
    assertEquals(Shape.of(6, 6, 2), ScalarImage.read(a).shape());
    assertEquals(Shape.of(3, 3, 1), ScalarImage.read(b).shape());
  }

  @Test
  void labelMapsStayLabelsAndAreWrittenAsUint8(@TempDir Path dir) throws Exception {
    Shape s = Shape.of(9, 9, 3);
    byte[] l = new byte[s.voxelsAsInt()];
    for (int i = 0; i < l.length; i++) {
      l[i] = (byte) (i % 3 == 0 ? 2 : i % 5 == 0 ? 1 : 0);
    }
    Path in = dir.resolve("label.nii.gz");
    Nifti.write(in, LabelMap.of(s, AFFINE, l));
    Path out = dir.resolve("out.nii.gz");
    CommandRunner r =
        CommandRunner.run(
            new TransformCommand(), in.toString(), out.toString(), "--label", "--resample", "1.3");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(NiftiDataType.UINT8, Nifti.readHeader(out).datatype());
    Set<Integer> seen = new HashSet<>();
    for (byte b : LabelMap.read(out).labels()) {
      seen.add(b & 0xFF);
    }
    assertTrue(Set.of(0, 1, 2).containsAll(seen), seen.toString());
  }

  @Test
  void clampThenRescaleMapsTheWindowToTheOutputRange(@TempDir Path dir) throws Exception {
    Path in = writeRamp(dir, Shape.of(10, 10, 10)); // values 0..999
    Path out = dir.resolve("out.nii.gz");
    CommandRunner r =
        CommandRunner.run(
            new TransformCommand(),
            in.toString(),
            out.toString(),
            "--clamp",
            "-100,400",
            "--rescale",
            "-1,1");
    assertEquals(0, r.exitCode(), r.err());
    ScalarImage img = ScalarImage.read(out);
    // clamped to [0, 400] (the ramp has no value below 0), then [0, 400] -> [-1, 1]
    assertEquals(-1f, img.get(0, 0, 0), 1e-6);
    assertEquals(-1 + 2 * 200f / 400, img.get(0, 0, 2), 1e-6);
    assertEquals(1f, img.get(9, 9, 9), 1e-6);
    assertTrue(img.affine().isClose(AFFINE, 1e-6), img.affine().toString());

    r =
        CommandRunner.run(
            new TransformCommand(), in.toString(), out.toString(), "--clamp", ",10", "--overwrite");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(10f, ScalarImage.read(out).get(9, 9, 9));
  }

  @Test
  void badInputGetsOneLineAndANonZeroExit(@TempDir Path dir) throws Exception {
    CommandRunner r =
        CommandRunner.run(
            new TransformCommand(),
            dir.resolve("missing.nii").toString(),
            dir.resolve("o.nii").toString(),
            "--crop-or-pad",
            "4,4,4");
    assertEquals(1, r.exitCode());
    assertTrue(r.oneErrorLine(), r.err());
    assertEquals(
        "liverseg transform: " + dir.resolve("missing.nii") + ": no such file", r.err().strip());

    Path in = writeRamp(dir, Shape.of(4, 4, 4));
    r =
        CommandRunner.run(
            new TransformCommand(),
            in.toString(),
            dir.resolve("o.nii").toString(),
            "--crop-or-pad",
            "4,4");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("needs 3 comma-separated integers X,Y,Z, got '4,4'"), r.err());

    r = CommandRunner.run(new TransformCommand(), in.toString(), dir.resolve("o.nii").toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("give at least one transform"), r.err());

    r =
        CommandRunner.run(
            new TransformCommand(),
            in.toString(),
            dir.resolve("o.nii").toString(),
            "--resample",
            "0");
    assertEquals(2, r.exitCode());

    r =
        CommandRunner.run(
            new TransformCommand(),
            in.toString(),
            dir.resolve("o.nii").toString(),
            "--clamp",
            "5,1");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("lower bound 5.0 is above the upper bound 1.0"), r.err());

    r =
        CommandRunner.run(
            new TransformCommand(),
            in.toString(),
            dir.resolve("o.nii").toString(),
            "--label",
            "--rescale",
            "0,1");
    assertEquals(2, r.exitCode());

    // A value that does not fit the requested datatype is an input error, not a crash.
    Path ramp = writeRamp(dir, Shape.of(10, 10, 10)); // values up to 999
    r =
        CommandRunner.run(
            new TransformCommand(),
            ramp.toString(),
            dir.resolve("o.nii").toString(),
            "--crop-or-pad",
            "8,8,8",
            "--dtype",
            "uint8");
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.oneErrorLine(), r.err());
  }

  /**
   * Defect 8: {@code --clamp Infinity,} was accepted (every voxel became +Inf) and {@code --clamp
   * NaN,} failed with exit code 1. Every non-finite number is a usage error (exit 2), found by the
   * options' type converters before anything is read.
   */
  @Test
  void nonFiniteNumbersAreUsageErrors(@TempDir Path dir) throws Exception {
    Path in = writeRamp(dir, Shape.of(4, 4, 4));
    Path out = dir.resolve("o.nii");
    String[][] cases = {
      {"--clamp", "Infinity,"},
      {"--clamp", "NaN,"},
      {"--clamp", ",-Infinity"},
      {"--clamp", "-1e400,0"},
      {"--rescale", "0,Infinity"},
      {"--rescale", "NaN,1"},
      {"--resample", "Infinity"},
      {"--resample", "1,NaN,1"},
    };
    for (String[] c : cases) {
      CommandRunner r =
          CommandRunner.run(new TransformCommand(), in.toString(), out.toString(), c[0], c[1]);
      assertEquals(2, r.exitCode(), String.join(" ", c) + ": " + r.err());
      assertTrue(
          r.err().contains("Invalid value for option '" + c[0] + "'")
              && r.err().contains("is not a finite number"),
          String.join(" ", c) + ": " + r.err());
      assertFalse(Files.exists(out), String.join(" ", c));
    }
  }

  @Test
  void badListsAreUsageErrorsNamingTheExpectedForm(@TempDir Path dir) throws Exception {
    Path in = writeRamp(dir, Shape.of(4, 4, 4));
    String out = dir.resolve("o.nii").toString();
    CommandRunner r =
        CommandRunner.run(new TransformCommand(), in.toString(), out, "--crop-or-pad", "4,x,4");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("'x' is not an integer"), r.err());
    r = CommandRunner.run(new TransformCommand(), in.toString(), out, "--crop-or-pad", "4,0,4");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("extents must be positive"), r.err());
    r = CommandRunner.run(new TransformCommand(), in.toString(), out, "--clamp", ",");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("at least one bound"), r.err());
    r = CommandRunner.run(new TransformCommand(), in.toString(), out, "--rescale", "1,1");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("LO < HI"), r.err());
    r = CommandRunner.run(new TransformCommand(), in.toString(), out, "--resample", "1,2");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("1 or 3"), r.err());
    r = CommandRunner.run(new TransformCommand(), in.toString(), out, "--dtype", "int64");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("uint8, int16, int32, float32, float64"), r.err());
  }

  /** The output is never the input, and an existing output is replaced only with --overwrite. */
  @Test
  void theInputAndExistingFilesAreNotOverwritten(@TempDir Path dir) throws Exception {
    Path in = writeRamp(dir, Shape.of(4, 4, 4));
    byte[] before = Files.readAllBytes(in);
    CommandRunner r =
        CommandRunner.run(
            new TransformCommand(),
            in.toString(),
            in.toString(),
            "--crop-or-pad",
            "2,2,2",
            "--overwrite");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("would replace the input " + in), r.err());
    assertArrayEquals(before, Files.readAllBytes(in));

    Path out = Files.writeString(dir.resolve("out.nii"), "mine");
    r =
        CommandRunner.run(
            new TransformCommand(), in.toString(), out.toString(), "--crop-or-pad", "2,2,2");
    assertEquals(1, r.exitCode(), r.err());
    assertEquals(
        "liverseg transform: "
            + in
            + ": "
            + out
            + " already exists (use --overwrite to replace it)",
        r.err().strip());
    assertEquals("mine", Files.readString(out));
    r =
        CommandRunner.run(
            new TransformCommand(),
            in.toString(),
            out.toString(),
            "--crop-or-pad",
            "2,2,2",
            "--overwrite");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(Shape.of(2, 2, 2), ScalarImage.read(out).shape());
  }

  /**
   * Several files with {@code --out DIR}: each is written as DIR/its name; each failure is one
   * line, the others are still written, and the exit code is 1.
   */
  @Test
  void severalFilesAreEachTransformedAndEachFailureIsOneLine(@TempDir Path dir) throws Exception {
    Path a = writeRamp(Files.createDirectories(dir.resolve("a")), Shape.of(6, 6, 6));
    Path missing = dir.resolve("missing.nii.gz");
    Path b =
        Files.move(
            writeRamp(Files.createDirectories(dir.resolve("b")), Shape.of(5, 5, 5)),
            dir.resolve("b/other.nii.gz"));
    Path out = dir.resolve("out");
    CommandRunner r =
        CommandRunner.run(
            new TransformCommand(),
            a.toString(),
            missing.toString(),
            b.toString(),
            "--out",
            out.toString(),
            "--crop-or-pad",
            "4,4,4");
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.oneErrorLine(), r.err());
    assertTrue(r.err().startsWith("liverseg transform: " + missing + ": "), r.err());
    assertEquals(Shape.of(4, 4, 4), ScalarImage.read(out.resolve("in.nii.gz")).shape());
    assertEquals(Shape.of(4, 4, 4), ScalarImage.read(out.resolve("other.nii.gz")).shape());

    // two inputs of the same name would write one file: refused before anything runs
    Path c = Files.copy(a, Files.createDirectories(dir.resolve("c")).resolve("in.nii.gz"));
    r =
        CommandRunner.run(
            new TransformCommand(),
            a.toString(),
            c.toString(),
            "--out",
            dir.resolve("out2").toString(),
            "--crop-or-pad",
            "4,4,4");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains(a + " and " + c + " would both be written to"), r.err());

    // without --out exactly IN and OUT are expected
    r =
        CommandRunner.run(
            new TransformCommand(),
            a.toString(),
            b.toString(),
            c.toString(),
            "--crop-or-pad",
            "4,4,4");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("--out"), r.err());
  }
}
