package org.liverseg.io.nifti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liverseg.io.nifti.Crafted.BITPIX;
import static org.liverseg.io.nifti.Crafted.DATATYPE;
import static org.liverseg.io.nifti.Crafted.DIM;
import static org.liverseg.io.nifti.Crafted.MAGIC;
import static org.liverseg.io.nifti.Crafted.SCL_INTER;
import static org.liverseg.io.nifti.Crafted.SCL_SLOPE;
import static org.liverseg.io.nifti.Crafted.SIZEOF_HDR;
import static org.liverseg.io.nifti.Crafted.VOX_OFFSET;
import static org.liverseg.io.nifti.Crafted.gzip;
import static org.liverseg.io.nifti.Crafted.le;
import static org.liverseg.io.nifti.Crafted.save;
import static org.liverseg.io.nifti.Crafted.validNii;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.nifti.NiftiFormatException.Problem;

/**
 * One test per malformed-input case of issue 2: each must raise a {@link NiftiFormatException} with
 * the right {@link Problem} and a message naming the file, before the voxel array is allocated
 * (headers that promise gigabytes in kilobyte files would otherwise fail with an OutOfMemoryError
 * in this JVM), never an index exception or a partly filled image.
 */
class NiftiBadInputTest {

  @TempDir Path dir;

  private NiftiFormatException rejects(Path file, Problem problem) {
    NiftiFormatException e = assertThrows(NiftiFormatException.class, () -> ScalarImage.read(file));
    assertEquals(problem, e.problem(), e.getMessage());
    assertTrue(e.getMessage().startsWith(e.file().toString() + ": "), e.getMessage());
    assertTrue(
        e.file().getFileName().toString().startsWith(file.getFileName().toString().split("\\.")[0]),
        "names the file: " + e.getMessage());
    return e;
  }

  @Test
  void emptyFile() throws IOException {
    rejects(save(dir, "empty.nii", new byte[0]), Problem.EMPTY_FILE);
  }

  @Test
  void truncatedFileInsideHeader() throws IOException {
    byte[] b = validNii(dir);
    rejects(save(dir, "short.nii", Arrays.copyOf(b, 200)), Problem.TRUNCATED_HEADER);
  }

  @Test
  void truncatedNifti2Header() throws IOException {
    Path f = dir.resolve("n2.nii");
    NiftiWriter.builder()
        .version(NiftiVersion.NIFTI2)
        .build()
        .write(f, ScalarImage.of(Crafted.SHAPE, org.liverseg.io.Affine.identity(), Crafted.ramp()));
    byte[] b = Files.readAllBytes(f);
    // longer than a NIfTI-1 header, shorter than the 540 bytes NIfTI-2 needs
    NiftiFormatException e =
        rejects(save(dir, "n2short.nii", Arrays.copyOf(b, 400)), Problem.TRUNCATED_HEADER);
    assertTrue(e.getMessage().contains("540"), e.getMessage());
  }

  @Test
  void truncatedData() throws IOException {
    byte[] b = validNii(dir);
    NiftiFormatException e =
        rejects(save(dir, "cut.nii", Arrays.copyOf(b, b.length - 10)), Problem.TRUNCATED_DATA);
    assertTrue(
        e.getMessage().contains("48"), "says how many bytes were promised: " + e.getMessage());
  }

  @Test
  void wrongSizeofHdr() throws IOException {
    byte[] b = validNii(dir);
    le(b).putInt(SIZEOF_HDR, 349);
    rejects(save(dir, "sizeof.nii", b), Problem.WRONG_SIZEOF_HDR);
  }

  @Test
  void wrongMagic() throws IOException {
    byte[] b = validNii(dir);
    b[MAGIC + 1] = 'X';
    NiftiFormatException e = rejects(save(dir, "magic.nii", b), Problem.WRONG_MAGIC);
    assertTrue(e.getMessage().contains("n+1"), e.getMessage());
    // unprintable bytes are shown escaped: DEL, a control character, space and a Latin-1 byte
    byte[] c = validNii(dir);
    c[MAGIC] = 0x7F;
    c[MAGIC + 1] = 0x1F;
    c[MAGIC + 2] = ' ';
    c[MAGIC + 3] = (byte) 0xE9;
    Path f = save(dir, "odd.nii", c);
    assertEquals(
        f
            + ": magic is '\\x7f\\x1f \\xe9', expected 'n+1' for a .nii file (Analyze headers must"
            + " be named .hdr)",
        rejects(f, Problem.WRONG_MAGIC).getMessage());
  }

  @Test
  void wrongNifti2Magic() throws IOException {
    Path n2 = dir.resolve("n2magic.nii");
    NiftiWriter.builder()
        .version(NiftiVersion.NIFTI2)
        .build()
        .write(
            n2, ScalarImage.of(Crafted.SHAPE, org.liverseg.io.Affine.identity(), Crafted.ramp()));
    byte[] b = Files.readAllBytes(n2);
    b[4 + 4] = '\n'; // a text-mode transfer made \r\n a lone \n
    Path f = save(dir, "n2bad.nii", b);
    assertEquals(
        f
            + ": magic is 'n+2\\x00\\x0a\\x0a\\x1a\\x0a', expected 'n+2' or 'ni2' followed by"
            + " \\r\\n\\032\\n (a damaged transfer changes these bytes)",
        rejects(f, Problem.WRONG_MAGIC).getMessage());
  }

  @Test
  void aFileOfOnlyAFewBytesIsATruncatedHeader() throws IOException {
    Path three = save(dir, "three.nii", new byte[] {92, 1, 0});
    assertEquals(
        three + ": file ends after 3 bytes, inside the header (at least 348 expected)",
        rejects(three, Problem.TRUNCATED_HEADER).getMessage());
    Path four = save(dir, "four.nii", Arrays.copyOf(validNii(dir), 4));
    assertEquals(
        four + ": file ends after 4 bytes, inside the 348-byte header",
        rejects(four, Problem.TRUNCATED_HEADER).getMessage());
  }

  @Test
  void oneAndSevenDimensionsAreValidInEitherByteOrder() throws IOException {
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      Path f = dir.resolve("o.nii");
      NiftiWriter.builder()
          .byteOrder(order)
          .dataType(NiftiDataType.INT16)
          .build()
          .write(
              f, ScalarImage.of(Crafted.SHAPE, org.liverseg.io.Affine.identity(), Crafted.ramp()));
      byte[] b = Files.readAllBytes(f);
      ByteBuffer bb = ByteBuffer.wrap(b).order(order);
      bb.putShort(DIM, (short) 7);
      ScalarImage seven = ScalarImage.read(save(dir, "seven.nii", b));
      assertEquals(Crafted.SHAPE, seven.shape(), order.toString());
      assertEquals(1, seven.channels());
      assertEquals(7, Nifti.readHeader(dir.resolve("seven.nii")).rank());
      bb.putShort(DIM, (short) 1);
      ScalarImage one = ScalarImage.read(save(dir, "one.nii", b));
      assertEquals(org.liverseg.io.Shape.of(4, 1, 1), one.shape(), order.toString());
      assertTrue(Arrays.equals(new float[] {0, 1, 2, 3}, one.voxels()), order.toString());
    }
  }

  @Test
  void dim0OutsideOneToSeven() throws IOException {
    for (short d0 : new short[] {0, 8, -3}) {
      byte[] b = validNii(dir);
      le(b).putShort(DIM, d0);
      rejects(save(dir, "dim0_" + (d0 & 0xFFFF) + ".nii", b), Problem.BAD_DIM0);
    }
  }

  @Test
  void zeroOrNegativeExtent() throws IOException {
    byte[] b = validNii(dir);
    le(b).putShort(DIM + 4, (short) 0);
    rejects(save(dir, "zero.nii", b), Problem.BAD_EXTENT);
    byte[] c = validNii(dir);
    le(c).putShort(DIM + 6, (short) -2);
    rejects(save(dir, "neg.nii", c), Problem.BAD_EXTENT);
  }

  @Test
  void extentsWhoseProductOverflows() throws IOException {
    Path f = dir.resolve("n2.nii");
    NiftiWriter.builder()
        .version(NiftiVersion.NIFTI2)
        .build()
        .write(f, ScalarImage.of(Crafted.SHAPE, org.liverseg.io.Affine.identity(), Crafted.ramp()));
    byte[] b = Files.readAllBytes(f);
    ByteBuffer bb = le(b);
    bb.putLong(16, 4)
        .putLong(24, 1L << 40)
        .putLong(32, 1L << 40)
        .putLong(40, 1L << 40)
        .putLong(48, 2);
    NiftiFormatException e = rejects(save(dir, "overflow.nii", b), Problem.TOO_LARGE);
    assertTrue(e.getMessage().contains("2^63"), e.getMessage());
  }

  @Test
  void extentsMoreThanAJavaArrayHolds() throws IOException {
    byte[] b = validNii(dir);
    le(b)
        .putShort(DIM, (short) 4)
        .putShort(DIM + 2, (short) 30000)
        .putShort(DIM + 4, (short) 30000)
        .putShort(DIM + 6, (short) 30000)
        .putShort(DIM + 8, (short) 1);
    rejects(save(dir, "huge.nii", b), Problem.TOO_LARGE);
  }

  @Test
  void extentsExceedWhatTheFileHolds() throws IOException {
    // 1200 x 1200 x 1000 float32 = 5.76 GB promised by a 400-byte file: must fail before allocating
    byte[] b = validNii(dir);
    le(b)
        .putShort(DIM + 2, (short) 1200)
        .putShort(DIM + 4, (short) 1200)
        .putShort(DIM + 6, (short) 1000)
        .putShort(DATATYPE, (short) 16)
        .putShort(BITPIX, (short) 32);
    rejects(save(dir, "lying.nii", b), Problem.TRUNCATED_DATA);
  }

  @Test
  void extentsExceedWhatAGzipFileCanHold() throws IOException {
    byte[] b = validNii(dir);
    le(b)
        .putShort(DIM + 2, (short) 1200)
        .putShort(DIM + 4, (short) 1200)
        .putShort(DIM + 6, (short) 1000)
        .putShort(DATATYPE, (short) 16)
        .putShort(BITPIX, (short) 32);
    NiftiFormatException e = rejects(save(dir, "lying.nii.gz", gzip(b)), Problem.TRUNCATED_DATA);
    assertTrue(e.getMessage().contains("decompresses to at most"), e.getMessage());
  }

  @Test
  void gzipWhoseHeaderPromisesMoreThanItsDataButWithinTheRatioBound() throws IOException {
    // 100x100x100 int16 = 2 MB promised, plausible for a gzip file of this size; the counting
    // pass finds only 48 data bytes and rejects it before the 4 MB float array exists
    byte[] b = validNii(dir);
    le(b)
        .putShort(DIM + 2, (short) 100)
        .putShort(DIM + 4, (short) 100)
        .putShort(DIM + 6, (short) 100);
    byte[] padded = Crafted.concat(b, new byte[8000]);
    rejects(save(dir, "short.nii.gz", gzip(padded)), Problem.TRUNCATED_DATA);
  }

  @Test
  void unknownDatatype() throws IOException {
    byte[] b = validNii(dir);
    le(b).putShort(DATATYPE, (short) 32); // complex64: valid NIfTI, unsupported here
    NiftiFormatException e = rejects(save(dir, "complex.nii", b), Problem.UNSUPPORTED_DATATYPE);
    assertTrue(
        e.getMessage()
            .endsWith(
                ": datatype code 32 is unknown or unsupported; supported: uint8 (2), int16 (4),"
                    + " int32 (8), float32 (16), float64 (64), RGB (128), int8 (256), uint16 (512),"
                    + " uint32 (768), int64 (1024), uint64 (1280), RGBA (2304)"),
        e.getMessage());
    byte[] c = validNii(dir);
    le(c).putShort(DATATYPE, (short) 9999);
    rejects(save(dir, "unknown.nii", c), Problem.UNSUPPORTED_DATATYPE);
  }

  @Test
  void voxOffsetPastTheEnd() throws IOException {
    byte[] b = validNii(dir);
    le(b).putFloat(VOX_OFFSET, 4096);
    rejects(save(dir, "offset.nii", b), Problem.BAD_VOX_OFFSET);
    byte[] c = validNii(dir);
    le(c).putFloat(VOX_OFFSET, 4096);
    rejects(save(dir, "offset.nii.gz", gzip(c)), Problem.BAD_VOX_OFFSET);
  }

  @Test
  void corruptGzip() throws IOException {
    byte[] g = gzip(validNii(dir));
    for (int i = 12; i < g.length - 8; i += 3) {
      g[i] ^= (byte) 0x5A;
    }
    NiftiFormatException e =
        assertThrows(
            NiftiFormatException.class, () -> ScalarImage.read(save(dir, "corrupt.nii.gz", g)));
    assertTrue(
        e.problem() == Problem.CORRUPT_GZIP || e.problem() == Problem.GZIP_CRC_MISMATCH,
        e.getMessage());
    byte[] h = gzip(validNii(dir));
    h[2] = 7; // compression method
    rejects(save(dir, "method.nii.gz", h), Problem.CORRUPT_GZIP);
  }

  @Test
  void truncatedGzip() throws IOException {
    byte[] g = gzip(validNii(dir));
    rejects(save(dir, "cut.nii.gz", Arrays.copyOf(g, g.length - 12)), Problem.TRUNCATED_GZIP);
    rejects(save(dir, "cut2.nii.gz", Arrays.copyOf(g, g.length - 3)), Problem.TRUNCATED_GZIP);
  }

  @Test
  void wrongGzipCrc() throws IOException {
    byte[] g = gzip(validNii(dir));
    g[g.length - 8] ^= 1;
    rejects(save(dir, "crc.nii.gz", g), Problem.GZIP_CRC_MISMATCH);
  }

  @Test
  void wrongGzipLength() throws IOException {
    byte[] g = gzip(validNii(dir));
    g[g.length - 4] ^= 1;
    rejects(save(dir, "len.nii.gz", g), Problem.GZIP_LENGTH_MISMATCH);
  }

  @Test
  void hdrWhoseImgIsMissing() throws IOException {
    Path hdr = dir.resolve("pair.hdr");
    Nifti.write(
        hdr, ScalarImage.of(Crafted.SHAPE, org.liverseg.io.Affine.identity(), Crafted.ramp()));
    Files.delete(dir.resolve("pair.img"));
    NiftiFormatException e = rejects(hdr, Problem.MISSING_IMAGE_FILE);
    assertTrue(e.getMessage().contains("pair.img"), e.getMessage());
  }

  @Test
  void hdrWhoseImgIsShort() throws IOException {
    Path hdr = dir.resolve("pair.hdr");
    Nifti.write(
        hdr, ScalarImage.of(Crafted.SHAPE, org.liverseg.io.Affine.identity(), Crafted.ramp()));
    Path img = dir.resolve("pair.img");
    Files.write(img, Arrays.copyOf(Files.readAllBytes(img), 50));
    NiftiFormatException e = rejects(hdr, Problem.TRUNCATED_DATA);
    assertEquals(img, e.file());
    Files.write(img, new byte[0]);
    rejects(hdr, Problem.TRUNCATED_DATA);
  }

  @Test
  void nanOrInfiniteInterceptWithValidSlope() throws IOException {
    for (float inter : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      byte[] b = validNii(dir);
      le(b).putFloat(SCL_SLOPE, 2).putFloat(SCL_INTER, inter);
      rejects(save(dir, "inter" + inter + ".nii", b), Problem.BAD_SCALING);
    }
  }

  @Test
  void qformQuaternionThatIsNotARotation() throws IOException {
    byte[] b = validNii(dir);
    le(b)
        .putShort(Crafted.SFORM_CODE, (short) 0)
        .putShort(Crafted.QFORM_CODE, (short) 1)
        .putFloat(256, 0.9f)
        .putFloat(260, 0.9f)
        .putFloat(264, 0.1f);
    rejects(save(dir, "quat.nii", b), Problem.BAD_HEADER_FIELD);
  }

  @Test
  void labelMapWithNonLabelValues() throws IOException {
    byte[] b = validNii(dir);
    le(b).putFloat(SCL_SLOPE, 0.5f).putFloat(SCL_INTER, 0);
    NiftiFormatException e =
        assertThrows(NiftiFormatException.class, () -> LabelMap.read(save(dir, "halves.nii", b)));
    assertEquals(Problem.NOT_LABELS, e.problem());
    assertTrue(e.getMessage().contains("0.5"), e.getMessage());
  }

  @Test
  void unknownFileName() throws IOException {
    rejects(save(dir, "image.png", validNii(dir)), Problem.UNKNOWN_EXTENSION);
  }

  @Test
  void bigEndianHeaderIsDecidedByDim0() throws IOException {
    // sanity for the rules above: the same checks hold in the swapped byte order
    Path f = dir.resolve("be.nii");
    NiftiWriter.builder()
        .byteOrder(ByteOrder.BIG_ENDIAN)
        .build()
        .write(f, ScalarImage.of(Crafted.SHAPE, org.liverseg.io.Affine.identity(), Crafted.ramp()));
    byte[] b = Files.readAllBytes(f);
    ByteBuffer.wrap(b).putShort(DIM, (short) 9);
    rejects(save(dir, "be9.nii", b), Problem.BAD_DIM0);
  }
}
