package org.liverseg.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

/**
 * The elastic deformation and the Otsu pad value against ITK 5.2 itself, called the way TorchIO
 * 0.20 calls SimpleITK (src/test/itk/itk_anchor.cxx wrote the fixture).
 */
class ItkAnchorTest {

  private static final Map<String, double[]> FIXTURE = load();

  private static Map<String, double[]> load() {
    try (InputStream in = ItkAnchorTest.class.getResourceAsStream("/fixtures/itk.txt")) {
      Map<String, double[]> m = new LinkedHashMap<>();
      new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.startsWith("#"))
          .forEach(
              l -> {
                String[] p = l.split(" : ");
                m.put(
                    p[0],
                    Arrays.stream(p[1].trim().split(" "))
                        .mapToDouble(Double::parseDouble)
                        .toArray());
              });
      return m;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void elasticDeformationMatchesItksBsplineTransform() {
    for (String name : List.of("oblique", "permuted", "ras")) {
      double[] sh = FIXTURE.get(name + ".shape");
      Shape shape = Shape.of((int) sh[0], (int) sh[1], (int) sh[2]);
      Affine affine = Affine.ofRowMajor(FIXTURE.get(name + ".affine"));
      double[] in = FIXTURE.get(name + ".input");
      float[] voxels = new float[in.length];
      for (int i = 0; i < in.length; i++) {
        voxels[i] = (float) in[i];
      }
      double[] cp = FIXTURE.get(name + ".control_points");
      int points = (int) (cp[0] * cp[1] * cp[2]);
      double[] flat = FIXTURE.get(name + ".field");
      double[][] field = new double[3][];
      for (int d = 0; d < 3; d++) {
        field[d] = Arrays.copyOfRange(flat, d * points, (d + 1) * points);
      }
      Subject s = Subject.builder(name).image("ct", ScalarImage.of(shape, affine, voxels)).build();
      RandomElasticDeformation t =
          RandomElasticDeformation.builder()
              .numControlPoints((int) cp[0], (int) cp[1], (int) cp[2])
              .lockedBorders(0)
              .build();
      float[] got = t.apply(s, field).scalarImage("ct").voxels();
      double[] expected = FIXTURE.get(name + ".deformed");
      double range = Arrays.stream(in).max().orElseThrow() - Arrays.stream(in).min().orElseThrow();
      int moved = 0;
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], got[i], 1e-5 * range, name + " voxel " + i);
        moved += Math.abs(expected[i] - in[i]) > 1e-3 * range ? 1 : 0;
      }
      assertTrue(moved > expected.length / 2, name + ": the field moves most voxels");
    }
  }

  @Test
  void otsuThresholdMatchesItk() {
    for (String name :
        List.of("three", "border", "mixed", "skewed", "edge", "equal", "unit", "tiny")) {
      double[] v = FIXTURE.get("otsu." + name + ".values");
      float[] values = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        values[i] = (float) v[i];
      }
      assertEquals(
          (float) FIXTURE.get("otsu." + name + ".threshold")[0],
          BorderStatistics.otsuThreshold(values),
          name);
    }
  }
}
