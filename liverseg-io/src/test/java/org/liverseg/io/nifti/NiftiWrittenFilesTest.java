package org.liverseg.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

/**
 * Files our writer produced were checked by nibabel 5.0 ({@code check_written.py}, which stores
 * what nibabel reads in {@code written/nibabel.json}, with Python warnings turned into errors).
 * This test rewrites the same images and requires the very same bytes, so every file liverseg
 * writes today is one nibabel was seen to read without a warning. After an intended change of the
 * writer, run with {@code -Dliverseg.nifti.regenerate=true} and rerun {@code check_written.py}.
 */
class NiftiWrittenFilesTest {

  @TempDir Path dir;

  static final Affine AFFINE =
      Affine.ofRowMajor(-0.7, 0.1, 0, 90, 0.05, -0.8, 0.02, 100, 0, 0.03, 2.5, -50);

  /** The writers and images of each committed file. */
  static Map<String, Object[]> cases() {
    Map<String, Object[]> m = new LinkedHashMap<>();
    m.put(
        "int16_le.nii",
        new Object[] {
          NiftiWriter.builder()
              .dataType(NiftiDataType.INT16)
              .extensions(
                  List.of(
                      new NiftiExtension(
                          6, "liverseg wrote this".getBytes(StandardCharsets.US_ASCII))))
              .build(),
          image(1, 0)
        });
    m.put(
        "float32_be.nii.gz",
        new Object[] {NiftiWriter.builder().byteOrder(ByteOrder.BIG_ENDIAN).build(), image(2, 1)});
    m.put(
        "uint8_pair.hdr",
        new Object[] {NiftiWriter.builder().dataType(NiftiDataType.UINT8).build(), image(1, 2)});
    m.put(
        "int32_pair_gz.hdr.gz",
        new Object[] {
          NiftiWriter.builder()
              .dataType(NiftiDataType.INT32)
              .byteOrder(ByteOrder.BIG_ENDIAN)
              .build(),
          image(1, 3)
        });
    m.put(
        "nifti2_float64.nii",
        new Object[] {
          NiftiWriter.builder()
              .version(NiftiVersion.NIFTI2)
              .dataType(NiftiDataType.FLOAT64)
              .build(),
          image(1, 4)
        });
    m.put(
        "nifti2_uint16_be.nii.gz",
        new Object[] {
          NiftiWriter.builder()
              .version(NiftiVersion.NIFTI2)
              .byteOrder(ByteOrder.BIG_ENDIAN)
              .dataType(NiftiDataType.UINT16)
              .build(),
          image(3, 5)
        });
    m.put(
        "int16_scaled.nii",
        new Object[] {
          NiftiWriter.builder().dataType(NiftiDataType.INT16).scaling(0.5, -10).build(), image(1, 6)
        });
    return m;
  }

  static ScalarImage image(int channels, int seed) {
    Shape s = Shape.of(6, 5, 4);
    float[] v = new float[(int) s.voxels() * channels];
    for (int i = 0; i < v.length; i++) {
      v[i] =
          (float) ((i * 37 + seed * 11) % 200) / (seed == 1 || seed == 4 ? 7 : seed == 6 ? 2 : 1);
    }
    return ScalarImage.of(new ImageGeometry(s, channels, AFFINE), v);
  }

  static Path resources() {
    return Path.of("src/test/resources/nifti/written");
  }

  @Test
  void writerOutputIsWhatNibabelValidated() throws Exception {
    boolean regenerate = Boolean.getBoolean("liverseg.nifti.regenerate");
    JsonObject nibabel;
    try (Reader r =
        new InputStreamReader(
            getClass().getResourceAsStream("/nifti/written/nibabel.json"),
            StandardCharsets.UTF_8)) {
      nibabel = JsonParser.parseReader(r).getAsJsonObject();
    }
    for (Map.Entry<String, Object[]> e : cases().entrySet()) {
      String name = e.getKey();
      NiftiWriter w = (NiftiWriter) e.getValue()[0];
      ScalarImage img = (ScalarImage) e.getValue()[1];
      Path ours = dir.resolve(name);
      w.write(ours, img);
      NiftiFiles files = NiftiFiles.forWriting(ours);
      for (Path p :
          files.pair() ? List.of(files.header(), files.data()) : List.of(files.header())) {
        Path committed = resources().resolve(p.getFileName());
        if (regenerate) {
          Files.createDirectories(committed.getParent());
          Files.copy(p, committed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertArrayEquals(
            Files.readAllBytes(committed), Files.readAllBytes(p), "bytes of " + p.getFileName());
      }
      if (regenerate) {
        continue;
      }
      JsonObject nb = nibabel.getAsJsonObject(name);
      assertEquals(
          NiftiFixturesTest.sha256(img.voxels()),
          nb.get("sha256").getAsString(),
          name + ": nibabel read other values than we wrote");
      assertEquals(0, nb.getAsJsonArray("warnings").size(), name + ": nibabel warned");
      double[][] a = new double[4][4];
      for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 4; c++) {
          a[r][c] = nb.getAsJsonArray("affine").get(r).getAsJsonArray().get(c).getAsDouble();
        }
      }
      assertTrue(Affine.of(a).isClose(AFFINE, 1e-5), name + " affine in nibabel " + Affine.of(a));
    }
  }
}
