package org.liverseg.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

/**
 * Write-then-read properties over every shape (with 4D channels), datatype, byte order,
 * compression, container (single file or pair) and NIfTI version: voxels come back identical, the
 * affine comes back as stored (float32-rounded in NIfTI-1), and every header field reads back
 * exactly as {@link NiftiWriter#headerFor} says it was written, template fields and extensions
 * included.
 */
class NiftiRoundTripProperties {

  private Path dir;

  @BeforeProperty
  void createDir() throws IOException {
    dir = Files.createTempDirectory("nifti-props");
  }

  @AfterProperty
  void deleteDir() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Provide
  Arbitrary<String> suffixes() {
    return Arbitraries.of(".nii", ".nii.gz", ".hdr", ".hdr.gz", ".img");
  }

  /** A random affine with rotation, shear-free zooms and a translation. */
  static Affine randomAffine(SplittableRandom r) {
    double a = r.nextDouble(-Math.PI, Math.PI);
    double b = r.nextDouble(-Math.PI, Math.PI);
    double c = r.nextDouble(-Math.PI, Math.PI);
    double[][] rx = {{1, 0, 0}, {0, Math.cos(a), -Math.sin(a)}, {0, Math.sin(a), Math.cos(a)}};
    double[][] ry = {{Math.cos(b), 0, Math.sin(b)}, {0, 1, 0}, {-Math.sin(b), 0, Math.cos(b)}};
    double[][] rz = {{Math.cos(c), -Math.sin(c), 0}, {Math.sin(c), Math.cos(c), 0}, {0, 0, 1}};
    double[][] rot = mul(mul(rz, ry), rx);
    double[] zoom = {
      r.nextDouble(0.2, 5) * (r.nextBoolean() ? 1 : -1), r.nextDouble(0.2, 5), r.nextDouble(0.2, 5)
    };
    double[] rows = new double[12];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        rows[4 * i + j] = rot[i][j] * zoom[j];
      }
      rows[4 * i + 3] = r.nextDouble(-200, 200);
    }
    return Affine.ofRowMajor(rows);
  }

  static Affine roundedToFloat(Affine a) {
    double[][] m = a.toArray();
    for (double[] row : m) {
      for (int c = 0; c < 4; c++) {
        row[c] = (float) row[c];
      }
    }
    return Affine.of(m);
  }

  private static double[][] mul(double[][] x, double[][] y) {
    double[][] z = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          z[i][j] += x[i][k] * y[k][j];
        }
      }
    }
    return z;
  }

  /** Values the datatype stores exactly (and floats incl. NaN, infinities and -0). */
  static float[] randomValues(NiftiDataType t, int n, SplittableRandom r) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] =
          switch (t) {
            case FLOAT32, FLOAT64 ->
                switch (r.nextInt(12)) {
                  case 0 -> Float.NaN;
                  case 1 -> Float.POSITIVE_INFINITY;
                  case 2 -> -0f;
                  case 3 -> Float.MIN_VALUE;
                  default -> (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-5, 6)));
                };
            case INT32 -> r.nextInt(-(1 << 30), 1 << 30);
            case UINT32 -> r.nextLong(0, (1L << 32) - 256);
            case INT64 -> r.nextLong(-(1L << 62), 1L << 62);
            case UINT64 -> (float) (r.nextDouble() * 0x1p63 * 1.9);
            default -> (float) r.nextLong((long) t.min(), (long) t.max() + 1);
          };
    }
    return v;
  }

  @Property(tries = 250)
  void imagesRoundTripExactly(
      @ForAll @IntRange(min = 1, max = 6) int x,
      @ForAll @IntRange(min = 1, max = 5) int y,
      @ForAll @IntRange(min = 1, max = 5) int z,
      @ForAll @IntRange(min = 1, max = 3) int volumes,
      @ForAll NiftiDataType type,
      @ForAll boolean bigEndian,
      @ForAll boolean nifti2,
      @ForAll("suffixes") String suffix,
      @ForAll long seed)
      throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    int channels = volumes * type.components();
    Affine affine = randomAffine(r);
    ScalarImage img =
        ScalarImage.of(
            new ImageGeometry(Shape.of(x, y, z), channels, affine),
            randomValues(type, x * y * z * channels, r));
    Path f = dir.resolve("img" + Long.toHexString(seed) + suffix);
    NiftiWriter w =
        NiftiWriter.builder()
            .dataType(type)
            .byteOrder(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
            .version(nifti2 ? NiftiVersion.NIFTI2 : NiftiVersion.NIFTI1)
            .build();
    w.write(f, img);

    NiftiSource source = NiftiSource.of(f);
    float[] back = source.readFloats();
    assertArrayEquals(img.voxels(), back, "voxels of " + f.getFileName() + " " + type);
    NiftiHeader expected = w.headerFor(f, img);
    NiftiHeader read = source.header();
    assertEquals(expected, read, "header of " + f.getFileName());
    assertEquals(List.of(), source.warnings(), "a file we write reads without warnings");
    assertEquals(type, read.datatype());
    assertEquals(img.shape(), read.spatialShape());
    assertEquals(channels, read.channels());
    assertEquals(nifti2 ? NiftiVersion.NIFTI2 : NiftiVersion.NIFTI1, read.version());
    // the sform is the affine itself, rounded to float32 in NIfTI-1
    assertEquals(nifti2 ? affine : roundedToFloat(affine), read.affine(), "sform");
    // the qform nibabel also stores is the same transform (no shear here). Its precision is that of
    // the stored quaternion: a = sqrt(1 - b^2 - c^2 - d^2) loses half its digits near 180-degree
    // rotations (a -> 0), about sqrt(6e-8) = 2.4e-4 for float32 (NIfTI-1) and 1e-8 for float64,
    // and the matrix entries carry that error times 2 and times the zoom.
    double maxZoom = Arrays.stream(affine.spacing()).max().orElseThrow();
    double tolerance = (nifti2 ? 1e-7 : 2e-3) * maxZoom;
    assertTrue(
        read.qformAffine().isClose(affine, tolerance),
        "qform " + read.qformAffine() + " vs " + affine);
  }

  @Property(tries = 100)
  void labelMapsRoundTripInEveryContainer(
      @ForAll @IntRange(min = 1, max = 7) int x,
      @ForAll @IntRange(min = 1, max = 7) int y,
      @ForAll @IntRange(min = 1, max = 7) int z,
      @ForAll("suffixes") String suffix,
      @ForAll boolean bigEndian,
      @ForAll long seed)
      throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] labels = new byte[x * y * z];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) r.nextInt(256);
    }
    LabelMap map = LabelMap.of(Shape.of(x, y, z), randomAffine(r), labels);
    Path f = dir.resolve("lab" + Long.toHexString(seed) + suffix);
    NiftiWriter.builder()
        .byteOrder(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
        .build()
        .write(f, map);
    assertArrayEquals(labels, LabelMap.read(f).labels());
    Path g = dir.resolve("lab16" + Long.toHexString(seed) + suffix);
    Nifti.write(g, map, NiftiDataType.INT16);
    assertArrayEquals(labels, LabelMap.read(g).labels(), "labels via int16");
  }

  @Property(tries = 100)
  void templateFieldsAndExtensionsArePreserved(
      @ForAll boolean nifti2,
      @ForAll boolean bigEndian,
      @ForAll("suffixes") String suffix,
      @ForAll @IntRange(min = 0, max = 3) int extensionCount,
      @ForAll long seed)
      throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    List<NiftiExtension> ext =
        Stream.generate(
                () -> {
                  byte[] content = new byte[r.nextInt(1, 5) * 16 - 8];
                  r.nextBytes(content);
                  return new NiftiExtension(r.nextInt(0, 50) * 2, content);
                })
            .limit(extensionCount)
            .toList();
    // descrip is ISO-8859-1 on disk: Latin-1 letters must come back as written, one byte each
    String text = "liverseg µ Größe é " + Long.toHexString(seed);
    NiftiHeader template =
        NiftiHeader.builder()
            .version(nifti2 ? NiftiVersion.NIFTI2 : NiftiVersion.NIFTI1)
            .byteOrder(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
            .descrip(text)
            .auxFile("aux" + r.nextInt(1000))
            .intentCode(r.nextInt(1000, 1012))
            .intentName("int" + r.nextInt(100))
            .intentParameters(r.nextInt(9), 0.5, -1.25)
            .calibration(-r.nextInt(1000), r.nextInt(1000))
            .toffset(r.nextInt(100) / 4.0)
            .slices(1, 3, 2, 0.125)
            .dimInfo(57)
            .xyztUnits(10)
            .codes(1, 4)
            .extensions(ext)
            .build();
    ScalarImage img =
        ScalarImage.of(
            Shape.of(3, 2, 4), randomAffine(r), randomValues(NiftiDataType.INT16, 24, r));
    Path f = dir.resolve("tpl" + Long.toHexString(seed) + suffix);
    NiftiWriter w = NiftiWriter.builder().template(template).dataType(NiftiDataType.INT16).build();
    w.write(f, img);
    NiftiHeader read = Nifti.readHeader(f);
    assertEquals(w.headerFor(f, img), read);
    // headerFor encodes and decodes too: hold every template field against the template itself
    assertEquals(text, read.descrip());
    assertEquals(template.auxFile(), read.auxFile());
    assertEquals(template.intentName(), read.intentName());
    assertArrayEquals(template.intentParameters(), read.intentParameters());
    assertEquals(template.calMin(), read.calMin());
    assertEquals(template.calMax(), read.calMax());
    assertEquals(template.toffset(), read.toffset());
    assertEquals(1, read.sliceStart());
    assertEquals(3, read.sliceEnd());
    assertEquals(2, read.sliceCode());
    assertEquals(0.125, read.sliceDuration());
    assertEquals(57, read.dimInfo());
    assertEquals(template.intentCode(), read.intentCode());
    assertEquals(1, read.qformCode());
    assertEquals(4, read.sformCode());
    assertEquals(10, read.xyztUnits());
    assertEquals(ext, read.extensions());
    assertEquals(template.byteOrder(), read.byteOrder());
    assertEquals(template.version(), read.version());
    assertArrayEquals(img.voxels(), ScalarImage.read(f).voxels());
    if (extensionCount > 0 && !f.toString().contains(".hdr") && !f.toString().contains(".img")) {
      long expectedOffset =
          (nifti2 ? 544 : 352) + ext.stream().mapToLong(NiftiExtension::diskSize).sum();
      assertEquals((double) expectedOffset, read.voxOffset());
    }
    if (f.toString().endsWith(".nii") || f.toString().endsWith(".hdr")) {
      // the raw field: one byte per character, NUL-padded (UTF-8 would take two for µ, ö, ß, é)
      byte[] raw = Files.readAllBytes(f);
      int at = nifti2 ? 240 : 148;
      byte[] expected = Arrays.copyOf(text.getBytes(StandardCharsets.ISO_8859_1), 80);
      assertArrayEquals(expected, Arrays.copyOfRange(raw, at, at + 80), "descrip bytes");
    }
  }

  @Property(tries = 300)
  void qformOfAnyRotationReproducesTheAffine(@ForAll long seed) {
    Affine a = randomAffine(new SplittableRandom(seed));
    Quaternions.Qform q = Quaternions.fromAffine(a);
    double[] o = a.origin();
    Affine back = Quaternions.qformAffine(q.bcd(), q.zooms(), q.qfac(), o);
    assertTrue(back.isClose(a, 1e-9), back + " vs " + a);
    double bb = q.bcd()[0] * q.bcd()[0] + q.bcd()[1] * q.bcd()[1] + q.bcd()[2] * q.bcd()[2];
    assertTrue(bb <= 1 + 1e-12, "unit quaternion");
  }
}
