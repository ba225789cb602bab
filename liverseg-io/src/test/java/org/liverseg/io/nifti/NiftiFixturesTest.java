package org.liverseg.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.liverseg.io.Affine;
import org.liverseg.io.ScalarImage;

/**
 * Reads every fixture written by nibabel 5.0 (and nifti_tool) in {@code src/test/resources/nifti}
 * and compares with the values nibabel reported, stored in {@code expected.json} by {@code
 * make_fixtures.py}: shape, datatype, affine (1e-6), statistics and the SHA-256 of the scaled data
 * as float32 little-endian, x fastest.
 */
class NiftiFixturesTest {

  static Path fixture(String name) {
    try {
      return Path.of(NiftiFixturesTest.class.getResource("/nifti/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonObject expected() throws IOException {
    try (Reader r =
        new InputStreamReader(
            NiftiFixturesTest.class.getResourceAsStream("/nifti/expected.json"),
            StandardCharsets.UTF_8)) {
      return JsonParser.parseReader(r).getAsJsonObject();
    }
  }

  static String sha256(float[] values) throws NoSuchAlgorithmException {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureMatchesNibabel() throws IOException {
    JsonObject all = expected();
    assertTrue(all.size() >= 20, "expected.json lists " + all.size() + " fixtures");
    return all.entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey(), () -> check(e.getKey(), e.getValue().getAsJsonObject())));
  }

  private static void check(String name, JsonObject exp) throws Exception {
    Path file = fixture(name);
    NiftiHeader h = Nifti.readHeader(file);
    JsonArray shape = exp.getAsJsonArray("shape");
    long[] expShape = new long[shape.size()];
    for (int i = 0; i < expShape.length; i++) {
      expShape[i] = shape.get(i).getAsLong();
    }
    assertArrayEquals(expShape, h.shape(), name + " shape");
    assertEquals(exp.get("dtype").getAsString(), h.datatype().numpyName(), name + " dtype");
    assertEquals(
        exp.get("byteorder").getAsString().equals("big")
            ? ByteOrder.BIG_ENDIAN
            : ByteOrder.LITTLE_ENDIAN,
        h.byteOrder(),
        name + " byte order");
    JsonArray aff = exp.getAsJsonArray("affine");
    double[][] rows = new double[4][4];
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        rows[r][c] = aff.get(r).getAsJsonArray().get(c).getAsDouble();
      }
    }
    Affine expected = Affine.of(rows);
    ScalarImage img = ScalarImage.read(file);
    assertTrue(
        img.affine().isClose(expected, 1e-6),
        name + ": affine " + img.affine() + " vs nibabel " + expected);
    float[] v = img.voxels();
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float f : v) {
      sum += f;
      min = Math.min(min, f);
      max = Math.max(max, f);
    }
    // statistics are of float32 values here, of float64 in nibabel: compare to float precision
    double scale =
        Math.max(
            1, Math.abs(exp.get("max").getAsDouble()) + Math.abs(exp.get("min").getAsDouble()));
    assertEquals(exp.get("min").getAsDouble(), min, scale * 1e-6, name + " min");
    assertEquals(exp.get("max").getAsDouble(), max, scale * 1e-6, name + " max");
    assertEquals(exp.get("mean").getAsDouble(), sum / v.length, scale * 1e-6, name + " mean");
    assertEquals(exp.get("sha256").getAsString(), sha256(v), name + " data hash");
    JsonArray ext = exp.getAsJsonArray("extensions");
    assertEquals(ext.size(), h.extensions().size(), name + " extension count");
    for (int i = 0; i < ext.size(); i++) {
      assertEquals(
          ext.get(i).getAsJsonArray().get(0).getAsInt(),
          h.extensions().get(i).code(),
          name + " ecode");
    }
  }

  @Test
  void lazyImageReadsNothingUntilUsed() throws IOException {
    ScalarImage lazy = ScalarImage.lazy(fixture("int16_sform.nii.gz"));
    assertTrue(!lazy.isLoaded());
    assertEquals(
        List.of(20, 16, 12), List.of(lazy.shape().x(), lazy.shape().y(), lazy.shape().z()));
    assertTrue(!lazy.isLoaded());
    assertEquals("LPS", lazy.orientation());
    assertEquals(20 * 16 * 12, lazy.voxels().length);
    assertTrue(lazy.isLoaded());
  }

  @Test
  void extensionsAreReadWithTheirContent() throws IOException {
    NiftiHeader h = Nifti.readHeader(fixture("extensions.nii"));
    String comment = new String(h.extensions().get(0).content(), StandardCharsets.ISO_8859_1);
    assertTrue(comment.startsWith("liverseg fixture: comment extension"), comment);
    assertEquals(6, h.extensions().get(0).code());
    assertEquals(44, h.extensions().get(1).code());
  }

  @Test
  void rgbIsReadAsThreeChannels() throws IOException {
    ScalarImage rgb = ScalarImage.read(fixture("rgb24.nii"));
    assertEquals(3, rgb.channels());
    Map<String, JsonElement> unused = Map.of();
    assertTrue(unused.isEmpty());
  }
}
