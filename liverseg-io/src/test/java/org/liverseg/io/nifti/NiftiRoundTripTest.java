package org.liverseg.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

/** Example-based write/read tests of the default writer (the jqwik properties cover the rest). */
class NiftiRoundTripTest {

  @TempDir Path dir;

  private static final Affine LPS =
      Affine.ofRowMajor(-0.75, 0, 0, 90.5, 0, -0.8, 0, 110.25, 0, 0, 2.5, -60);

  static ScalarImage ramp(Shape s, int channels) {
    float[] v = new float[(int) s.voxels() * channels];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i % 251) - 100;
    }
    return ScalarImage.of(new ImageGeometry(s, channels, LPS), v);
  }

  @Test
  void float32NiiGzRoundTripsExactly() throws IOException {
    ScalarImage img = ramp(Shape.of(7, 5, 3), 1);
    Path f = dir.resolve("a.nii.gz");
    Nifti.write(f, img);
    ScalarImage back = ScalarImage.read(f);
    assertArrayEquals(img.voxels(), back.voxels());
    assertTrue(back.affine().isClose(LPS, 1e-5));
    assertEquals(img.shape(), back.shape());
  }

  @Test
  void writingIntoAMissingFolderSaysWhichFolderIsMissing() {
    Path f = dir.resolve("no-such-folder").resolve("a.nii.gz");
    java.nio.file.NoSuchFileException e =
        assertThrows(
            java.nio.file.NoSuchFileException.class,
            () -> Nifti.write(f, ramp(Shape.of(2, 2, 2), 1)));
    assertTrue(
        e.getMessage().contains("no-such-folder") && e.getMessage().contains("does not exist"),
        e.getMessage());
  }

  @Test
  void labelMapWritesUint8AndReadsBack() throws IOException {
    byte[] labels = new byte[4 * 3 * 2];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) (i % 3);
    }
    LabelMap map = LabelMap.of(Shape.of(4, 3, 2), LPS, labels);
    Path f = dir.resolve("l.nii");
    Nifti.write(f, map);
    assertEquals(NiftiDataType.UINT8, Nifti.readHeader(f).datatype());
    assertArrayEquals(labels, LabelMap.read(f).labels());
    assertEquals(352 + labels.length, Files.size(f));
  }

  @Test
  void headerLooksLikeNibabels() throws IOException {
    Path f = dir.resolve("h.nii");
    Nifti.write(f, ramp(Shape.of(3, 4, 5), 1), NiftiDataType.INT16);
    NiftiHeader h = Nifti.readHeader(f);
    assertEquals(0, h.qformCode());
    assertEquals(2, h.sformCode());
    assertEquals(352.0, h.voxOffset());
    assertEquals(NiftiHeader.UNITS_MM, h.xyztUnits());
    assertEquals(1.0, h.sclSlope());
    assertEquals(0.0, h.sclInter());
    assertTrue(h.qformAffine().isClose(LPS, 1e-5), "qform " + h.qformAffine());
    assertArrayEquals(new double[] {1, 0.75, 0.800000011920929, 2.5, 1, 1, 1, 1}, h.pixdim());
    byte[] raw = Files.readAllBytes(f);
    assertEquals("n+1", new String(raw, 344, 3, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(348, ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
  }

  @Test
  void intTypesRoundAndRejectOutOfRange() throws IOException {
    float[] v = {0.5f, 1.5f, -2.5f, 3.49f};
    ScalarImage img = ScalarImage.of(Shape.of(4, 1, 1), Affine.identity(), v);
    Path f = dir.resolve("r.nii");
    Nifti.write(f, img, NiftiDataType.INT16);
    assertArrayEquals(new float[] {0, 2, -2, 3}, ScalarImage.read(f).voxels());
    ScalarImage big = ScalarImage.of(Shape.of(2, 1, 1), Affine.identity(), new float[] {1, 300});
    Path g = dir.resolve("g.nii");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Nifti.write(g, big, NiftiDataType.UINT8));
    assertTrue(e.getMessage().contains("300") && e.getMessage().contains("uint8"), e.getMessage());
    assertTrue(!Files.exists(g), "no file under the final name after a failed write");
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(1, left.count(), "temporary file removed after the failed write");
    }
  }

  @Test
  void parallelGzipIsByteIdenticalWhateverTheThreadCount() throws IOException {
    // 2.6 MB of int16: three compression blocks
    ScalarImage img = ramp(Shape.of(128, 128, 80), 1);
    byte[][] files = new byte[3][];
    for (int threads = 1; threads <= 3; threads++) {
      Path f = dir.resolve("t" + threads + ".nii.gz");
      NiftiWriter.builder().dataType(NiftiDataType.INT16).threads(threads).build().write(f, img);
      files[threads - 1] = Files.readAllBytes(f);
      assertArrayEquals(img.voxels(), ScalarImage.read(f).voxels());
    }
    assertArrayEquals(files[0], files[1]);
    assertArrayEquals(files[0], files[2]);
    // and it is one ordinary gzip member that java.util.zip reads too
    try (var in =
        new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve("t2.nii.gz")))) {
      assertEquals(352 + 2L * 128 * 128 * 80, in.readAllBytes().length);
    }
  }

  @Test
  void pairDataStartsAtVoxOffsetInTheImgLikeNibabel() throws IOException {
    // nibabel honours vox_offset in a .img (checked: 16 zero bytes, then the data)
    Path hdr = dir.resolve("vp.hdr");
    ScalarImage img = ScalarImage.of(Crafted.SHAPE, LPS, Crafted.ramp());
    Nifti.write(hdr, img, NiftiDataType.INT16);
    byte[] h = Files.readAllBytes(hdr);
    Crafted.le(h).putFloat(Crafted.VOX_OFFSET, 16);
    Files.write(hdr, h);
    Path imgFile = dir.resolve("vp.img");
    Files.write(imgFile, Crafted.concat(new byte[16], Files.readAllBytes(imgFile)));
    assertArrayEquals(img.voxels(), ScalarImage.read(hdr).voxels());
    assertArrayEquals(
        img.voxels(), ScalarImage.read(imgFile).voxels(), "either file of the pair may be given");
  }

  @Test
  void pairsAndNifti2AndBigEndianRoundTrip() throws IOException {
    ScalarImage img = ramp(Shape.of(5, 4, 3), 2);
    for (String name : new String[] {"p.hdr", "q.hdr.gz", "n2.nii", "n2.nii.gz"}) {
      Path f = dir.resolve(name);
      NiftiWriter.builder()
          .version(name.startsWith("n2") ? NiftiVersion.NIFTI2 : NiftiVersion.NIFTI1)
          .byteOrder(ByteOrder.BIG_ENDIAN)
          .dataType(NiftiDataType.INT32)
          .build()
          .write(f, img);
      ScalarImage back = ScalarImage.read(f);
      assertArrayEquals(img.voxels(), back.voxels(), name);
      assertEquals(2, back.channels(), name);
      assertEquals(ByteOrder.BIG_ENDIAN, Nifti.readHeader(f).byteOrder(), name);
    }
    assertTrue(Files.exists(dir.resolve("p.img")) && Files.exists(dir.resolve("q.img.gz")));
  }

  @Test
  void writerOptionsAreCheckedWithClearMessages() {
    NiftiWriter.Builder b = NiftiWriter.builder();
    assertEquals(
        "writing Analyze 7.5 is not supported; write NIfTI-1 or NIfTI-2",
        assertThrows(IllegalArgumentException.class, () -> b.version(NiftiVersion.ANALYZE75))
            .getMessage());
    for (double[] bad : new double[][] {{0, 0}, {Double.NaN, 0}, {1, Double.POSITIVE_INFINITY}}) {
      assertEquals(
          "scaling needs a finite non-zero slope and a finite intercept, got slope "
              + bad[0]
              + ", intercept "
              + bad[1],
          assertThrows(IllegalArgumentException.class, () -> b.scaling(bad[0], bad[1]))
              .getMessage());
    }
    assertEquals(
        "threads must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> b.threads(0)).getMessage());
    for (int level : new int[] {-1, 10}) {
      assertEquals(
          "gzip level must be 0..9, got " + level,
          assertThrows(IllegalArgumentException.class, () -> b.compressionLevel(level))
              .getMessage());
    }
    ScalarImage twoChannels = ramp(Shape.of(2, 2, 1), 2);
    NiftiWriter rgb = NiftiWriter.builder().dataType(NiftiDataType.RGB24).build();
    assertEquals(
        "RGB needs a multiple of 3 channels, the image has 2",
        assertThrows(
                IllegalArgumentException.class, () -> rgb.write(dir.resolve("c.nii"), twoChannels))
            .getMessage());
  }

  @Test
  void gzipLevelIsUsedAndRecordedInTheGzipHeader() throws IOException {
    ScalarImage img = ramp(Shape.of(40, 30, 20), 1);
    long[] sizes = new long[10];
    for (int level : new int[] {0, 1, 5, 9}) {
      Path f = dir.resolve("l" + level + ".nii.gz");
      NiftiWriter.builder().compressionLevel(level).build().write(f, img);
      byte[] b = Files.readAllBytes(f);
      // XFL: 4 = fastest (level 1), 2 = best (level 9), else 0, as zlib writes it
      assertEquals(level == 1 ? 4 : level == 9 ? 2 : 0, b[8], "XFL of level " + level);
      assertArrayEquals(img.voxels(), ScalarImage.read(f).voxels());
      sizes[level] = b.length;
    }
    assertTrue(sizes[0] > 352 + 4L * img.shape().voxels(), "level 0 stores");
    assertTrue(sizes[9] < sizes[1], "level 9 compresses better than level 1");
  }

  @Test
  void blocksCompressedInParallelShareTheirDictionary() throws IOException {
    // 3.5 MB repeating a random 4 KiB pattern: one gzip stream needs the pattern once; blocks
    // compressed without the previous block's tail as dictionary would need it once per block
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    float[] pattern = new float[1024];
    for (int i = 0; i < pattern.length; i++) {
      pattern[i] = r.nextInt();
    }
    float[] v = new float[900 * 1024];
    for (int i = 0; i < v.length; i++) {
      v[i] = pattern[i % pattern.length];
    }
    ScalarImage img = ScalarImage.of(Shape.of(1024, 900, 1), Affine.identity(), v);
    Path f = dir.resolve("p.nii.gz");
    NiftiWriter.builder().threads(2).build().write(f, img);
    Path plain = dir.resolve("p.nii");
    Nifti.write(plain, img);
    java.io.ByteArrayOutputStream single = new java.io.ByteArrayOutputStream();
    try (var g =
        new java.util.zip.GZIPOutputStream(single) {
          {
            def.setLevel(1);
          }
        }) {
      g.write(Files.readAllBytes(plain));
    }
    long ours = Files.size(f);
    assertTrue(
        ours < single.size() + 4096,
        "parallel blocks " + ours + " bytes vs one stream " + single.size());
    assertArrayEquals(v, ScalarImage.read(f).voxels());
  }

  @Test
  void templateCodesAndTimeStepAreKeptWhereTheyApply() throws IOException {
    ScalarImage three = ramp(Shape.of(3, 2, 2), 1);
    ScalarImage four = ramp(Shape.of(3, 2, 2), 2);
    Path f = dir.resolve("t.nii");
    NiftiHeader noCodes = NiftiHeader.builder().codes(0, 0).build();
    NiftiWriter.builder().template(noCodes).build().write(f, three);
    assertEquals(0, Nifti.readHeader(f).qformCode(), "no template codes: nibabel's (0, 2)");
    assertEquals(NiftiHeader.XFORM_ALIGNED, Nifti.readHeader(f).sformCode());
    NiftiWriter.builder().template(noCodes.toBuilder().codes(1, 0).build()).build().write(f, three);
    assertEquals(1, Nifti.readHeader(f).qformCode());
    assertEquals(0, Nifti.readHeader(f).sformCode());
    assertTrue(ScalarImage.read(f).affine().isClose(LPS, 1e-4), "the qform holds the affine");

    double[] pixdim = {1, 1, 1, 1, 2.5, 1, 1, 1};
    NiftiHeader fourD = NiftiHeader.builder().shape(3, 2, 2, 2).pixdim(pixdim).build();
    NiftiWriter.builder().template(fourD).build().write(f, four);
    assertEquals(2.5, Nifti.readHeader(f).pixdim()[4], "a 4D template's time step is kept");
    NiftiHeader threeD = NiftiHeader.builder().shape(3, 2, 2).pixdim(pixdim).build();
    NiftiWriter.builder().template(threeD).build().write(f, four);
    assertEquals(1.0, Nifti.readHeader(f).pixdim()[4], "a 3D template has no time step");
  }

  @Test
  void stringFieldsMayFillTheirWholeWidth() throws IOException {
    String descrip = "d".repeat(79) + "!";
    String aux = "a".repeat(23) + "?";
    String intent = "i".repeat(15) + "#";
    NiftiHeader template =
        NiftiHeader.builder().descrip(descrip).auxFile(aux).intentName(intent).build();
    for (NiftiVersion v : new NiftiVersion[] {NiftiVersion.NIFTI1, NiftiVersion.NIFTI2}) {
      Path f = dir.resolve("s.nii");
      NiftiWriter.builder().template(template).version(v).build().write(f, ramp(Crafted.SHAPE, 1));
      NiftiHeader h = Nifti.readHeader(f);
      assertEquals(descrip, h.descrip(), v.toString());
      assertEquals(aux, h.auxFile(), v.toString());
      assertEquals(intent, h.intentName(), v.toString());
    }
  }
}
