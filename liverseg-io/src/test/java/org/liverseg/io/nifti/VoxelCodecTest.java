package org.liverseg.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.nifti.NiftiFormatException.Problem;

/**
 * The voxel conversions in both directions: scaling ({@code value = raw * slope + inter}) for every
 * datatype, data spanning several 1 MiB chunks (also for colour types and several volumes), label
 * maps through other datatypes, and the out-of-range messages, which name the voxel and the range.
 */
class VoxelCodecTest {

  private static final double[] SLOPES = {0.5, 2, -0.25, 3};
  private static final double[] INTERCEPTS = {-1024, 0.5, 7, 0};

  private Path dir;

  @BeforeProperty
  void createDir() throws IOException {
    dir = Files.createTempDirectory("codec");
  }

  @AfterProperty
  void deleteDir() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * Writing {@code raw * slope + inter} with that scaling stores {@code raw} and reads back the
   * value (all exact in float: small raw values, binary-fraction slopes).
   */
  @Property(tries = 120)
  void scaledValuesRoundTripInEveryDatatype(
      @ForAll NiftiDataType type,
      @ForAll @IntRange(min = 0, max = 3) int slopeIndex,
      @ForAll @IntRange(min = 0, max = 2) int interIndex,
      @ForAll @IntRange(min = 1, max = 2) int volumes,
      @ForAll boolean bigEndian,
      @ForAll long seed)
      throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    double slope = SLOPES[slopeIndex];
    double inter = INTERCEPTS[interIndex];
    int channels = volumes * type.components();
    Shape shape = Shape.of(3, 2, 2);
    float[] values = new float[shape.voxelsAsInt() * channels];
    long lo = (long) Math.max(type.min(), -1000);
    long hi = (long) Math.min(type.max(), 1000);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (r.nextLong(lo, hi + 1) * slope + inter);
    }
    ScalarImage img = ScalarImage.of(new ImageGeometry(shape, channels, Affine.identity()), values);
    Path f = dir.resolve("s" + Long.toHexString(seed) + ".nii");
    NiftiWriter.builder()
        .dataType(type)
        .scaling(slope, inter)
        .byteOrder(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
        .build()
        .write(f, img);
    NiftiHeader h = Nifti.readHeader(f);
    assertEquals(slope, h.slope());
    assertEquals(inter, h.intercept());
    assertArrayEquals(values, ScalarImage.read(f).voxels(), type + " " + slope + " " + inter);
  }

  /** A ramp that never repeats within a chunk, so a misplaced chunk or component shows. */
  private static float[] ramp(int n, int modulus) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (i * 7919L) % modulus;
    }
    return v;
  }

  @Test
  void dataSpanningSeveralChunksRoundTrips(@TempDir Path tmp) throws IOException {
    // float64: 2.2 MB, three chunks; RGB24 with two volumes: 6 channels of 96x96x40, 2.2 MB
    Shape shape = Shape.of(96, 96, 40);
    ScalarImage wide = ScalarImage.of(shape, Affine.identity(), ramp(shape.voxelsAsInt(), 65521));
    Path f = tmp.resolve("wide.nii");
    Nifti.write(f, wide, NiftiDataType.FLOAT64);
    assertArrayEquals(wide.voxels(), ScalarImage.read(f).voxels());
    NiftiWriter.builder().dataType(NiftiDataType.FLOAT64).scaling(0.5, -3).build().write(f, wide);
    assertArrayEquals(wide.voxels(), ScalarImage.read(f).voxels(), "scaled");

    ScalarImage rgb =
        ScalarImage.of(
            new ImageGeometry(shape, 6, Affine.identity()), ramp(shape.voxelsAsInt() * 6, 256));
    Path g = tmp.resolve("rgb.nii");
    Nifti.write(g, rgb, NiftiDataType.RGB24);
    assertEquals(2 * 3 * shape.voxels(), Nifti.readHeader(g).dataBytes());
    assertArrayEquals(rgb.voxels(), ScalarImage.read(g).voxels());
  }

  @Test
  void labelMapsSpanningSeveralChunksAndThroughOtherDatatypes(@TempDir Path tmp)
      throws IOException {
    Shape shape = Shape.of(110, 110, 100); // 1.2 M labels: two chunks of uint8
    byte[] labels = new byte[shape.voxelsAsInt()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) ((i * 31L) % 251);
    }
    LabelMap map = LabelMap.of(shape, Affine.identity(), labels);
    Path u8 = tmp.resolve("u8.nii");
    Nifti.write(u8, map);
    assertArrayEquals(labels, LabelMap.read(u8).labels());
    Path i16 = tmp.resolve("i16.nii");
    Nifti.write(i16, map, NiftiDataType.INT16); // 2.4 MB: three chunks
    assertArrayEquals(labels, LabelMap.read(i16).labels());

    // uint8 with a slope: the labels are stored halved and cannot be copied as they are
    byte[] even = {0, 2, 4, (byte) 254, 8, 10};
    Path scaled = tmp.resolve("scaled.nii");
    NiftiWriter.builder()
        .scaling(2, 0)
        .build()
        .write(scaled, LabelMap.of(Shape.of(3, 2, 1), Affine.identity(), even));
    assertEquals(2.0, Nifti.readHeader(scaled).slope());
    assertArrayEquals(new float[] {0, 2, 4, 254, 8, 10}, ScalarImage.read(scaled).voxels());
    assertArrayEquals(even, LabelMap.read(scaled).labels());

    // three label channels stored as one RGB24 volume, component by component
    byte[] three = new byte[18];
    for (int i = 0; i < three.length; i++) {
      three[i] = (byte) (i * 13);
    }
    LabelMap colours =
        LabelMap.of(new ImageGeometry(Shape.of(3, 2, 1), 3, Affine.identity()), three);
    Path rgb = tmp.resolve("rgb.nii");
    Nifti.write(rgb, colours, NiftiDataType.RGB24);
    assertEquals(NiftiDataType.RGB24, Nifti.readHeader(rgb).datatype());
    assertArrayEquals(three, LabelMap.read(rgb).labels());
  }

  @Test
  void valuesThatAreNoLabelsAreNamedOnceWithTheirIndex(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("half.nii");
    Nifti.write(f, ScalarImage.of(Shape.of(3, 1, 1), Affine.identity(), new float[] {1, 2, 2.5f}));
    NiftiFormatException e = assertThrows(NiftiFormatException.class, () -> LabelMap.read(f));
    assertEquals(Problem.NOT_LABELS, e.problem());
    assertEquals(
        f
            + ": cannot be read as a label map: value 2.5 at index 2 is not a label (an integer in"
            + " 0..255)",
        e.getMessage());
  }

  private static IllegalArgumentException outOfRange(
      Path f, ScalarImage img, NiftiWriter.Builder writer) {
    return assertThrows(IllegalArgumentException.class, () -> writer.build().write(f, img));
  }

  @Test
  void outOfRangeValuesNameTheVoxelTheValueAndTheRange(@TempDir Path tmp) {
    Path f = tmp.resolve("o.nii");
    float[] v = new float[2 * 24];
    v[24 + 1 + 4 * (2 + 3 * 1)] = 40000; // channel 1, voxel (1, 2, 1) of 4x3x2
    ScalarImage two = ScalarImage.of(new ImageGeometry(Crafted.SHAPE, 2, Affine.identity()), v);
    assertEquals(
        f
            + ": value 40000.0 at voxel (1, 2, 1) channel 1 does not fit int16 (-32768..32767)"
            + " after rounding; write a wider datatype or float32",
        outOfRange(f, two, NiftiWriter.builder().dataType(NiftiDataType.INT16)).getMessage());
    assertEquals(
        f
            + ": value 40000.0 at voxel (1, 2, 1) channel 1 (stored value 80010.0 after scaling)"
            + " does not fit uint16 (0..65535) after rounding; write a wider datatype or float32",
        outOfRange(f, two, NiftiWriter.builder().dataType(NiftiDataType.UINT16).scaling(0.5, -5))
            .getMessage());
    assertEquals(
        f
            + ": value -1.0 at voxel (3, 0, 0) channel 0 does not fit uint64"
            + " (0..1.8446744073709552E19) after rounding; write a wider datatype or float32",
        outOfRange(
                f,
                ScalarImage.of(Shape.of(4, 1, 1), Affine.identity(), new float[] {0, 1, 2, -1}),
                NiftiWriter.builder().dataType(NiftiDataType.UINT64))
            .getMessage());
    assertEquals(
        f
            + ": value NaN at voxel (0, 0, 0) channel 0 does not fit int8 (-128..127)"
            + " after rounding; write a wider datatype or float32",
        outOfRange(
                f,
                ScalarImage.of(Shape.of(1, 1, 1), Affine.identity(), new float[] {Float.NaN}),
                NiftiWriter.builder().dataType(NiftiDataType.INT8))
            .getMessage());
    // colour types are checked per stored component: (R, G, B) of voxel 0, then of voxel 1
    float[] c = new float[6];
    c[3] = 256; // channel 1 (G) of voxel 1
    assertEquals(
        f
            + ": value 256.0 at colour component 1 of stored voxel 1 does not fit RGB (0..255)"
            + " after rounding; write a wider datatype or float32",
        outOfRange(
                f,
                ScalarImage.of(new ImageGeometry(Shape.of(2, 1, 1), 3, Affine.identity()), c),
                NiftiWriter.builder().dataType(NiftiDataType.RGB24))
            .getMessage());
  }

  @Test
  void rangeEndsAreInclusiveAndRoundingIsHalfEven(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("ends.nii");
    float[] ends = {-128, 127, -128.5f, 127.49f, 0.5f, -0.5f};
    Nifti.write(f, ScalarImage.of(Shape.of(6, 1, 1), Affine.identity(), ends), NiftiDataType.INT8);
    assertArrayEquals(new float[] {-128, 127, -128, 127, 0, 0}, ScalarImage.read(f).voxels());
    // 2^63 does not fit int64 (its largest value is 2^63 - 1), but does fit uint64
    float twoTo63 = 0x1p63f;
    ScalarImage big = ScalarImage.of(Shape.of(1, 1, 1), Affine.identity(), new float[] {twoTo63});
    assertThrows(IllegalArgumentException.class, () -> Nifti.write(f, big, NiftiDataType.INT64));
    Nifti.write(f, big, NiftiDataType.UINT64);
    assertArrayEquals(new float[] {twoTo63}, ScalarImage.read(f).voxels());
    // stored exactly as 2^63 (not saturated to 2^63 - 1, which reads back as the same float)
    byte[] raw = Files.readAllBytes(f);
    assertEquals(Long.MIN_VALUE, Crafted.le(raw).getLong(352));
  }
}
