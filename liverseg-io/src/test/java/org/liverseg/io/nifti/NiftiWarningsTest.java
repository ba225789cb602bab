package org.liverseg.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liverseg.io.nifti.Crafted.BITPIX;
import static org.liverseg.io.nifti.Crafted.PIXDIM;
import static org.liverseg.io.nifti.Crafted.QFORM_CODE;
import static org.liverseg.io.nifti.Crafted.SCL_INTER;
import static org.liverseg.io.nifti.Crafted.SCL_SLOPE;
import static org.liverseg.io.nifti.Crafted.SFORM_CODE;
import static org.liverseg.io.nifti.Crafted.VOX_OFFSET;
import static org.liverseg.io.nifti.Crafted.concat;
import static org.liverseg.io.nifti.Crafted.gzip;
import static org.liverseg.io.nifti.Crafted.le;
import static org.liverseg.io.nifti.Crafted.ramp;
import static org.liverseg.io.nifti.Crafted.save;
import static org.liverseg.io.nifti.Crafted.validNii;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.Affine;

/**
 * One test per tolerated-input case of issue 2: the file is read (data and geometry as nibabel
 * reads it) and the problem is reported as a warning, which {@link NiftiSource} logs through SLF4J
 * and lists in {@link NiftiSource#warnings()}. Also the cases that must read silently: trailing
 * bytes and multi-member gzip.
 */
class NiftiWarningsTest {

  @TempDir Path dir;

  /** Reads {@code file}, checks the data is the base ramp, returns the warnings. */
  private List<String> readsWithWarnings(Path file, float[] expected) throws IOException {
    NiftiSource s = NiftiSource.of(file);
    assertArrayEquals(expected, s.readFloats(), file + " data");
    s.readGeometry();
    return s.warnings();
  }

  private static void assertWarned(List<String> warnings, String fragment) {
    assertTrue(
        warnings.stream().anyMatch(w -> w.contains(fragment)),
        "expected a warning containing '" + fragment + "', got " + warnings);
  }

  @Test
  void bitpixInconsistentWithDatatype() throws IOException {
    byte[] b = validNii(dir);
    le(b).putShort(BITPIX, (short) 8);
    assertWarned(readsWithWarnings(save(dir, "bitpix.nii", b), ramp()), "bitpix is 8");
  }

  @Test
  void nanInfiniteOrZeroSlopeMeansNoScaling() throws IOException {
    for (float slope : new float[] {Float.NaN, Float.POSITIVE_INFINITY, 0f}) {
      byte[] b = validNii(dir);
      le(b).putFloat(SCL_SLOPE, slope).putFloat(SCL_INTER, 5); // the intercept is ignored too
      assertWarned(readsWithWarnings(save(dir, "slope" + slope + ".nii", b), ramp()), "no scaling");
    }
  }

  @Test
  void fractionalVoxOffset() throws IOException {
    byte[] b = validNii(dir);
    le(b).putFloat(VOX_OFFSET, 352.75f);
    assertWarned(readsWithWarnings(save(dir, "frac.nii", b), ramp()), "not an integer");
  }

  /**
   * The extension flag (byte 348) is set, but {@code vox_offset} leaves fewer than the 16 bytes of
   * the smallest extension between the header and the data: read without extensions, as nibabel
   * does, but no longer silently.
   */
  @Test
  void extensionFlagWithoutRoomForAnExtension() throws IOException {
    byte[] b = validNii(dir);
    b[348] = 1;
    List<String> w = readsWithWarnings(save(dir, "flag_no_room.nii", b), ramp());
    assertWarned(w, "the extension flag is set, but vox_offset 352 leaves 0 bytes for extensions");
    assertEquals(List.of(), NiftiSource.of(dir.resolve("flag_no_room.nii")).header().extensions());

    // 8 bytes of room: still less than one extension
    byte[] header = Arrays.copyOf(b, 352);
    byte[] data = Arrays.copyOfRange(b, 352, b.length);
    byte[] roomy = concat(concat(header, new byte[8]), data);
    le(roomy).putFloat(VOX_OFFSET, 360);
    assertWarned(
        readsWithWarnings(save(dir, "flag_8_bytes.nii.gz", gzip(roomy)), ramp()),
        "vox_offset 360 leaves 8 bytes for extensions");
  }

  @Test
  void voxOffsetInsideTheHeaderOfASingleFile() throws IOException {
    byte[] b = validNii(dir);
    le(b).putFloat(VOX_OFFSET, 0);
    assertWarned(readsWithWarnings(save(dir, "zero_offset.nii", b), ramp()), "using 352");
  }

  @Test
  void extensionChainRunningPastVoxOffset() throws IOException {
    byte[] b = validNii(dir);
    byte[] head = Arrays.copyOf(b, 352);
    head[348] = 1; // extender: extensions follow
    byte[] ext = new byte[16];
    le(ext).putInt(0, 64).putInt(4, 6); // claims 64 bytes, only 16 before the data
    byte[] file = concat(concat(head, ext), Arrays.copyOfRange(b, 352, b.length));
    le(file).putFloat(VOX_OFFSET, 368);
    Path f = save(dir, "ext.nii", file);
    assertWarned(readsWithWarnings(f, ramp()), "runs past vox_offset");
    assertEquals(0, Nifti.readHeader(f).extensions().size());
  }

  @Test
  void qfacZero() throws IOException {
    byte[] b = validNii(dir);
    le(b).putShort(SFORM_CODE, (short) 0).putShort(QFORM_CODE, (short) 1).putFloat(PIXDIM, 0);
    Path f = save(dir, "qfac.nii", b);
    assertWarned(readsWithWarnings(f, ramp()), "qfac");
    // our writer stored the quaternion of diag(2, 3, 4): with qfac taken as 1 that is the affine
    assertTrue(Nifti.readHeader(f).affine().isClose(Affine.diagonal(2, 3, 4), 1e-6));
  }

  @Test
  void negativePixdim() throws IOException {
    byte[] b = validNii(dir);
    le(b).putShort(SFORM_CODE, (short) 0).putShort(QFORM_CODE, (short) 0).putFloat(PIXDIM + 4, -2);
    Path f = save(dir, "negpix.nii", b);
    assertWarned(readsWithWarnings(f, ramp()), "negative");
    // fallback affine diag(-|px|, py, pz), centred: px = 2 -> x translation (4-1)/2*2 = 3
    Affine a = Nifti.readHeader(f).affine();
    assertTrue(
        a.isClose(Affine.ofRowMajor(-2, 0, 0, 3, 0, 3, 0, -3, 0, 0, 4, -2), 1e-9), a.toString());
  }

  @Test
  void zeroPixdimIsTakenAsOne() throws IOException {
    byte[] b = validNii(dir);
    le(b).putShort(SFORM_CODE, (short) 0).putShort(QFORM_CODE, (short) 0).putFloat(PIXDIM + 8, 0);
    Path f = save(dir, "zeropix.nii", b);
    assertWarned(readsWithWarnings(f, ramp()), "pixdim[2] is 0.0");
    assertEquals(1.0, Nifti.readHeader(f).affine().get(1, 1));
  }

  @Test
  void niiGzThatIsNotGzipped() throws IOException {
    assertWarned(
        readsWithWarnings(save(dir, "plain.nii.gz", validNii(dir)), ramp()), "not gzip-compressed");
  }

  @Test
  void niiThatIsGzipped() throws IOException {
    assertWarned(
        readsWithWarnings(save(dir, "packed.nii", gzip(validNii(dir))), ramp()),
        "gzip-compressed but");
  }

  @Test
  void trailingBytesAfterTheDataReadSilently() throws IOException {
    byte[] b = concat(validNii(dir), new byte[] {1, 2, 3, 4, 5, 6, 7});
    assertEquals(List.of(), readsWithWarnings(save(dir, "trailing.nii", b), ramp()));
    assertEquals(List.of(), readsWithWarnings(save(dir, "trailing.nii.gz", gzip(b)), ramp()));
  }

  @Test
  void multiMemberGzipReadsSilently() throws IOException {
    byte[] b = validNii(dir);
    // split inside the header, and again inside the data, as pigz or `cat a.gz b.gz` produce
    byte[] g =
        concat(
            concat(gzip(Arrays.copyOf(b, 100)), gzip(Arrays.copyOfRange(b, 100, 370))),
            gzip(Arrays.copyOfRange(b, 370, b.length)));
    assertEquals(List.of(), readsWithWarnings(save(dir, "multi.nii.gz", g), ramp()));
  }

  @Test
  void garbageAfterTheLastGzipMember() throws IOException {
    byte[] g = concat(gzip(validNii(dir)), new byte[] {0, 0, 0, 0, 42});
    assertWarned(
        readsWithWarnings(save(dir, "garbage.nii.gz", g), ramp()),
        "after the end of the gzip data");
  }
}
