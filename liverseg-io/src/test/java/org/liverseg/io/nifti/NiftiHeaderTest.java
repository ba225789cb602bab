package org.liverseg.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;

/** The header value: its fields, equality, the Analyze scaling and origin rules, bad arguments. */
class NiftiHeaderTest {

  /** A header with every field set to a value other than its default. */
  private static NiftiHeader.Builder full() {
    return NiftiHeader.builder()
        .version(NiftiVersion.NIFTI2)
        .byteOrder(ByteOrder.BIG_ENDIAN)
        .singleFile(false)
        .shape(4, 3, 2, 5)
        .intentCode(1002)
        .intentParameters(1, 2, 3)
        .intentName("ttest")
        .datatype(NiftiDataType.INT16)
        .bitpix(16)
        .pixdim(-1, 2, 3, 4, 1.5, 1, 1, 1)
        .voxOffset(544)
        .scaling(0.5, -3)
        .slices(1, 9, 3, 0.25)
        .dimInfo(57)
        .xyztUnits(10)
        .calibration(-100, 400)
        .toffset(2.5)
        .glRange(-7, 99)
        .descrip("a description")
        .auxFile("aux.txt")
        .codes(1, 4)
        .qform(0.1, 0.2, 0.3, 10, 20, 30)
        .srow(2, 0, 0, 10, 0, 3, 0, 20, 0, 0, 4, 30)
        .spmOrigin(2, 2, 1)
        .extensions(List.of(new NiftiExtension(4, new byte[8])));
  }

  @Test
  void everyFieldReadsBackAsSet() {
    NiftiHeader h = full().warnings(List.of("w")).build();
    assertEquals(NiftiVersion.NIFTI2, h.version());
    assertEquals(ByteOrder.BIG_ENDIAN, h.byteOrder());
    assertEquals(false, h.isSingleFile());
    assertArrayEquals(new long[] {4, 4, 3, 2, 5, 1, 1, 1}, h.dim());
    assertArrayEquals(new long[] {4, 3, 2, 5}, h.shape());
    assertEquals(1002, h.intentCode());
    assertArrayEquals(new double[] {1, 2, 3}, h.intentParameters());
    assertEquals("ttest", h.intentName());
    assertEquals(16, h.bitpix());
    assertArrayEquals(new double[] {-1, 2, 3, 4, 1.5, 1, 1, 1}, h.pixdim());
    assertEquals(544.0, h.voxOffset());
    assertEquals(0.5, h.sclSlope());
    assertEquals(-3.0, h.sclInter());
    assertEquals(1, h.sliceStart());
    assertEquals(9, h.sliceEnd());
    assertEquals(3, h.sliceCode());
    assertEquals(0.25, h.sliceDuration());
    assertEquals(57, h.dimInfo());
    assertEquals(10, h.xyztUnits());
    assertEquals(-100.0, h.calMin());
    assertEquals(400.0, h.calMax());
    assertEquals(2.5, h.toffset());
    assertEquals(-7, h.glmin());
    assertEquals(99, h.glmax());
    assertEquals("a description", h.descrip());
    assertEquals("aux.txt", h.auxFile());
    assertEquals(1, h.qformCode());
    assertEquals(4, h.sformCode());
    assertArrayEquals(new int[] {2, 2, 1}, h.spmOrigin());
    assertEquals(List.of("w"), h.warnings());
    assertEquals(List.of(new NiftiExtension(4, new byte[8])), h.extensions());
    assertEquals(
        "NiftiHeader(NIFTI2 BIG_ENDIAN, shape=[4, 3, 2, 5], int16, scaling=0.5*x+-3.0, qform=1,"
            + " sform=4, 1 extensions)",
        h.toString());
    // an unset bitpix follows the datatype; a stored one, even 0, is kept
    assertEquals(16, NiftiHeader.builder().datatype(NiftiDataType.INT16).build().bitpix());
    assertEquals(0, NiftiHeader.builder().datatype(NiftiDataType.INT16).bitpix(0).build().bitpix());
  }

  @Test
  void equalityComparesEveryFieldButTheWarnings() {
    NiftiHeader h = full().build();
    assertEquals(h, full().warnings(List.of("only a warning")).build());
    assertEquals(h.hashCode(), full().build().hashCode());
    assertEquals(h, h.toBuilder().build());
    assertNotEquals(h, "a header");
    // NaN fields compare equal to themselves (a NaN slope is legal on disk)
    assertEquals(full().scaling(Double.NaN, 0).build(), full().scaling(Double.NaN, 0).build());
    Map<String, UnaryOperator<NiftiHeader.Builder>> changes =
        Map.ofEntries(
            Map.entry("version", b -> b.version(NiftiVersion.NIFTI1)),
            Map.entry("byteOrder", b -> b.byteOrder(ByteOrder.LITTLE_ENDIAN)),
            Map.entry("singleFile", b -> b.singleFile(true)),
            Map.entry("dim", b -> b.shape(4, 3, 2, 6)),
            Map.entry("intentCode", b -> b.intentCode(1003)),
            Map.entry("intentParameters", b -> b.intentParameters(1, 2, 4)),
            Map.entry("intentName", b -> b.intentName("ftest")),
            Map.entry("datatype", b -> b.datatype(NiftiDataType.UINT16)),
            Map.entry("bitpix", b -> b.bitpix(8)),
            Map.entry("pixdim", b -> b.pixdim(-1, 2, 3, 4, 1.5, 1, 1, 2)),
            Map.entry("voxOffset", b -> b.voxOffset(560)),
            Map.entry("sclSlope", b -> b.scaling(0.25, -3)),
            Map.entry("sclInter", b -> b.scaling(0.5, -4)),
            Map.entry("sliceStart", b -> b.slices(0, 9, 3, 0.25)),
            Map.entry("sliceEnd", b -> b.slices(1, 8, 3, 0.25)),
            Map.entry("sliceCode", b -> b.slices(1, 9, 4, 0.25)),
            Map.entry("sliceDuration", b -> b.slices(1, 9, 3, 0.5)),
            Map.entry("dimInfo", b -> b.dimInfo(58)),
            Map.entry("xyztUnits", b -> b.xyztUnits(2)),
            Map.entry("calMin", b -> b.calibration(-99, 400)),
            Map.entry("calMax", b -> b.calibration(-100, 401)),
            Map.entry("toffset", b -> b.toffset(3)),
            Map.entry("glmin", b -> b.glRange(-8, 99)),
            Map.entry("glmax", b -> b.glRange(-7, 98)),
            Map.entry("descrip", b -> b.descrip("another")),
            Map.entry("auxFile", b -> b.auxFile("aux2.txt")),
            Map.entry("qformCode", b -> b.codes(2, 4)),
            Map.entry("sformCode", b -> b.codes(1, 3)),
            Map.entry("quatern", b -> b.qform(0.1, 0.2, 0.35, 10, 20, 30)),
            Map.entry("qoffset", b -> b.qform(0.1, 0.2, 0.3, 10, 20, 31)),
            Map.entry("srow", b -> b.srow(2, 0, 0, 10, 0, 3, 0, 20, 0, 0, 4, 31)),
            Map.entry("spmOrigin", b -> b.spmOrigin(2, 2, 2)),
            Map.entry("extensions", b -> b.extensions(List.of())));
    changes.forEach(
        (field, change) -> assertNotEquals(h, change.apply(full()).build(), field + " differs"));
    // headers of different shapes do not all share one hash bucket
    assertNotEquals(h.hashCode(), full().shape(4, 3, 2, 6).build().hashCode());
  }

  @Test
  void analyzeScalingComesFromTheCalibrationWhenTheSlopeIsUnusable() {
    NiftiHeader.Builder analyze =
        NiftiHeader.builder()
            .version(NiftiVersion.ANALYZE75)
            .scaling(0, 0)
            .glRange(-1000, 3000)
            .calibration(-500, 1500);
    NiftiHeader h = analyze.build();
    assertEquals(0.5, h.slope());
    assertEquals(0.0, h.intercept()); // -500 - 0.5 * -1000
    assertEquals(true, h.hasScaling());
    NiftiHeader shifted = analyze.calibration(-400, 1600).build();
    assertEquals(100.0, shifted.intercept());
    // a usable funused1 (SPM2's scale) wins; NIfTI ignores the calibration; empty ranges mean none
    assertEquals(2.0, analyze.scaling(2, 0).build().slope());
    assertEquals(0.0, analyze.scaling(2, 0).build().intercept());
    NiftiHeader nifti = analyze.scaling(0, 0).version(NiftiVersion.NIFTI1).build();
    assertEquals(1.0, nifti.slope());
    assertEquals(0.0, nifti.intercept());
    NiftiHeader.Builder flat = analyze.version(NiftiVersion.ANALYZE75).glRange(5, 5);
    assertEquals(1.0, flat.build().slope());
    assertEquals(0.0, flat.build().intercept());
    NiftiHeader.Builder uncalibrated = analyze.glRange(-1000, 3000).calibration(7, 7);
    assertEquals(1.0, uncalibrated.build().slope());
    assertEquals(0.0, uncalibrated.build().intercept());
  }

  @Test
  void analyzeSpmOriginIsUsedOnlyWhenSetAndWithinReach() {
    // 4x3x2 voxels of 2x3x4 mm: the centred fallback puts voxel (1.5, 1, 0.5) at the origin
    NiftiHeader.Builder b =
        NiftiHeader.builder()
            .version(NiftiVersion.ANALYZE75)
            .shape(4, 3, 2)
            .pixdim(1, 2, 3, 4, 1, 1, 1, 1);
    Affine centred = Affine.ofRowMajor(-2, 0, 0, 3, 0, 3, 0, -3, 0, 0, 4, -2);
    assertEquals(centred, b.build().affine());
    // SPM origin (1-based): voxel (x - 1, y - 1, z - 1) at the world origin
    assertEquals(
        Affine.ofRowMajor(-2, 0, 0, 12, 0, 3, 0, 3, 0, 0, 4, 4),
        b.spmOrigin(7, 0, 0).build().affine());
    assertEquals(
        Affine.ofRowMajor(-2, 0, 0, -8, 0, 3, 0, -12, 0, 0, 4, -8),
        b.spmOrigin(-3, 5, 3).build().affine());
    // reach: origin in (-d, 2d) on every axis, else the field is junk and the image is centred
    for (int[] junk : new int[][] {{8, 1, 1}, {-4, 1, 1}, {1, 6, 1}, {1, -3, 1}, {1, 1, 4}}) {
      assertEquals(centred, b.spmOrigin(junk).build().affine(), java.util.Arrays.toString(junk));
    }
    assertEquals(centred, b.spmOrigin(0, 0, 0).build().affine(), "unset");
    // NIfTI headers have no SPM origin
    assertEquals(centred, b.spmOrigin(7, 0, 0).version(NiftiVersion.NIFTI1).build().affine());
  }

  @Test
  void badArgumentsSayWhatWasExpected() {
    NiftiHeader.Builder b = NiftiHeader.builder();
    assertEquals(
        "dim needs 8 values, got 7",
        assertThrows(IllegalArgumentException.class, () -> b.dim(3, 1, 1, 1, 1, 1, 1))
            .getMessage());
    assertEquals(
        "shape needs 1..7 extents, got 0",
        assertThrows(IllegalArgumentException.class, () -> b.shape()).getMessage());
    assertEquals(
        "shape needs 1..7 extents, got 8",
        assertThrows(IllegalArgumentException.class, () -> b.shape(1, 1, 1, 1, 1, 1, 1, 1))
            .getMessage());
    assertArrayEquals(new long[] {5}, b.shape(5).build().shape());
    assertArrayEquals(
        new long[] {1, 2, 3, 4, 5, 6, 7}, b.shape(1, 2, 3, 4, 5, 6, 7).build().shape());
    assertEquals(
        "pixdim needs 8 values, got 3",
        assertThrows(IllegalArgumentException.class, () -> b.pixdim(1, 1, 1)).getMessage());
    assertEquals(
        "srow needs 12 values, got 16",
        assertThrows(IllegalArgumentException.class, () -> b.srow(new double[16])).getMessage());
    assertEquals(
        "spm origin needs 3 values, got 2",
        assertThrows(IllegalArgumentException.class, () -> b.spmOrigin(1, 2)).getMessage());
    for (long d0 : new long[] {0, 8}) {
      NiftiHeader.Builder bad = NiftiHeader.builder().dim(d0, 1, 1, 1, 1, 1, 1, 1);
      assertEquals(
          "dim[0] must be 1..7, got " + d0,
          assertThrows(IllegalArgumentException.class, bad::build).getMessage());
    }
    assertEquals(7, NiftiHeader.builder().dim(7, 1, 1, 1, 1, 1, 1, 1).build().rank());
    assertEquals(1, NiftiHeader.builder().dim(1, 1, 1, 1, 1, 1, 1, 1).build().rank());
  }
}
