package org.liverseg.transforms.intensity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.transforms.AppliedTransform;
import org.liverseg.transforms.TestSubjects;

/**
 * RandomNoise, RandomGamma and RandomBlur against their draws worked out by hand: TorchIO draws the
 * parameters once per image (gamma once per channel), in the subject's image order.
 */
class RandomIntensityTest {

  private static final Shape SHAPE = Shape.of(6, 5, 4);

  /** Two identical scalar images and a label map. */
  private static Subject twins(Affine affine, float value) {
    float[] v = new float[SHAPE.voxelsAsInt()];
    java.util.Arrays.fill(v, value);
    return Subject.builder("twins")
        .image("t1", ScalarImage.of(SHAPE, affine, v))
        .image("seg", TestSubjects.randomLabels(SHAPE, affine, 2, 3))
        .image("t2", ScalarImage.of(SHAPE, affine, v.clone()))
        .build();
  }

  private static Map<?, ?> recorded(Subject s, String key) {
    return (Map<?, ?>) ((AppliedTransform) s.history().get(0)).parameters().get(key);
  }

  @Test
  void noiseDrawsMeanStdAndSeedPerImageInOrder() {
    Subject s = twins(Affine.identity(), 10);
    Subject out = RandomNoise.builder().mean(3).std(0.5).build().apply(s, new SplittableRandom(11));
    SplittableRandom r = new SplittableRandom(11);
    for (String name : List.of("t1", "t2")) {
      double mean = -3 + 6 * r.nextDouble(); // one mean m: U(-m, m)
      double std = 0.5 * r.nextDouble(); // one std d: U(0, d)
      long seed = r.nextLong();
      assertEquals(mean, recorded(out, "mean").get(name));
      assertEquals(std, recorded(out, "std").get(name));
      assertEquals(seed, recorded(out, "seed").get(name));
      float[] v = out.scalarImage(name).voxels();
      int slice = SHAPE.x() * SHAPE.y();
      for (int k = 0; k < SHAPE.z(); k++) {
        SplittableRandom g = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (k + 1)));
        for (int i = k * slice; i < (k + 1) * slice; i++) {
          assertEquals((float) (10 + (mean + std * g.nextGaussian())), v[i], name + " " + i);
        }
      }
    }
    assertFalse(
        java.util.Arrays.equals(out.scalarImage("t1").voxels(), out.scalarImage("t2").voxels()),
        "identical images must get independent noise");
    assertSame(s.image("seg"), out.image("seg"));
    assertEquals(List.of("t1", "t2"), List.copyOf(recorded(out, "mean").keySet()));
  }

  @Test
  void noiseWithAFixedMeanAndStdHasThoseMoments() {
    Shape shape = Shape.of(64, 64, 16);
    Subject s =
        Subject.builder("n")
            .image("ct", ScalarImage.of(shape, Affine.identity(), new float[shape.voxelsAsInt()]))
            .build();
    RandomNoise t = RandomNoise.builder().std(0.5, 0.5).mean(2, 2).build();
    float[] v = t.apply(s, new SplittableRandom(1)).scalarImage("ct").voxels();
    double mean = 0;
    for (float x : v) {
      mean += x;
    }
    mean /= v.length;
    double ss = 0;
    for (float x : v) {
      ss += (x - mean) * (x - mean);
    }
    assertEquals(2, mean, 0.01);
    assertEquals(0.5, Math.sqrt(ss / (v.length - 1)), 0.01);
    assertArrayEquals(v, t.apply(s, new SplittableRandom(1)).scalarImage("ct").voxels());
    Subject byDefault = RandomNoise.builder().build().apply(s, new SplittableRandom(2));
    assertEquals(0.0, recorded(byDefault, "mean").get("ct"));
    double std = (Double) recorded(byDefault, "std").get("ct");
    SplittableRandom r = new SplittableRandom(2);
    r.nextDouble();
    assertEquals(0.25 * r.nextDouble(), std);
  }

  @Test
  void noiseRangesFollowTorchio() {
    assertThrows(IllegalArgumentException.class, () -> RandomNoise.builder().mean(-1));
    assertThrows(IllegalArgumentException.class, () -> RandomNoise.builder().std(-0.1));
    assertThrows(IllegalArgumentException.class, () -> RandomNoise.builder().std(-0.1, 1));
    assertThrows(IllegalArgumentException.class, () -> RandomNoise.builder().std(0.5, 0.2));
    assertThrows(IllegalArgumentException.class, () -> RandomNoise.builder().mean(1, 2, 3));
  }

  @Test
  void gammaDrawsOnePowerPerImageAndChannel() {
    float[] two = new float[2 * SHAPE.voxelsAsInt()];
    float[] one = new float[SHAPE.voxelsAsInt()];
    for (int i = 0; i < two.length; i++) {
      two[i] = 0.01f * (i + 1);
    }
    for (int i = 0; i < one.length; i++) {
      one[i] = i % 7 - 3; // negative values: sign(v) |v|^gamma
    }
    Subject s =
        Subject.builder("g")
            .image("mr", ScalarImage.of(new ImageGeometry(SHAPE, 2, Affine.identity()), two))
            .image("ct", ScalarImage.of(SHAPE, Affine.identity(), one))
            .build();
    Subject out = RandomGamma.builder().logGamma(0.5).build().apply(s, new SplittableRandom(5));
    SplittableRandom r = new SplittableRandom(5);
    double g0 = Math.exp(-0.5 + r.nextDouble());
    double g1 = Math.exp(-0.5 + r.nextDouble());
    double g2 = Math.exp(-0.5 + r.nextDouble());
    assertEquals(List.of(g0, g1), recorded(out, "gamma").get("mr"));
    assertEquals(List.of(g2), recorded(out, "gamma").get("ct"));
    float[] mr = out.scalarImage("mr").voxels();
    int n = SHAPE.voxelsAsInt();
    for (int i = 0; i < two.length; i++) {
      assertEquals((float) Math.pow(two[i], i < n ? g0 : g1), mr[i], "mr " + i);
    }
    float[] ct = out.scalarImage("ct").voxels();
    for (int i = 0; i < one.length; i++) {
      double x = one[i];
      assertEquals((float) (Math.signum(x) * Math.pow(Math.abs(x), g2)), ct[i], "ct " + i);
    }
  }

  @Test
  void gammaRangesFollowTorchio() {
    // TorchIO rejects a negative single log_gamma; a single x >= 0 means (-x, x)
    assertThrows(IllegalArgumentException.class, () -> RandomGamma.builder().logGamma(-0.5));
    assertThrows(IllegalArgumentException.class, () -> RandomGamma.builder().logGamma(0.5, 0.1));
    Subject s = TestSubjects.ctAndLabel(Shape.of(3, 3, 3), Affine.identity());
    Subject out =
        RandomGamma.builder().logGamma(-0.2, -0.1).build().apply(s, new SplittableRandom(8));
    double gamma = (Double) ((List<?>) recorded(out, "gamma").get("ct")).get(0);
    assertEquals(Math.exp(-0.2 + 0.1 * new SplittableRandom(8).nextDouble()), gamma, 1e-15);
  }

  @Test
  void blurDrawsOneStdTripletPerImageAndUsesTheSpacing() {
    Affine a = Affine.diagonal(2, 1, 0.5);
    Subject s =
        Subject.builder("b")
            .image("t1", TestSubjects.randomImage(SHAPE, a, 1))
            .image("seg", TestSubjects.randomLabels(SHAPE, a, 2, 3))
            .image("t2", TestSubjects.randomImage(SHAPE, a, 2))
            .build();
    Subject out = RandomBlur.builder().std(1, 2, 3).build().apply(s, new SplittableRandom(3));
    SplittableRandom r = new SplittableRandom(3);
    for (String name : List.of("t1", "t2")) {
      double[] mm = {r.nextDouble(), 2 * r.nextDouble(), 3 * r.nextDouble()};
      assertEquals(List.of(mm[0], mm[1], mm[2]), recorded(out, "std").get(name));
      float[] expected =
          RandomBlur.blur(
              s.scalarImage(name).voxels(),
              SHAPE,
              1,
              new double[] {mm[0] / 2, mm[1] / 1, mm[2] / 0.5});
      assertArrayEquals(expected, out.scalarImage(name).voxels(), name);
    }
    assertSame(s.image("seg"), out.image("seg"));
  }

  @Test
  void blurRangesFollowTorchio() {
    Subject s = TestSubjects.ctAndLabel(Shape.of(4, 4, 4), Affine.identity());
    Subject two = RandomBlur.builder().std(1, 1.5).build().apply(s, new SplittableRandom(3));
    Subject six =
        RandomBlur.builder().std(1, 1.5, 1, 1.5, 1, 1.5).build().apply(s, new SplittableRandom(3));
    assertEquals(recorded(two, "std"), recorded(six, "std"));
    SplittableRandom r = new SplittableRandom(3);
    assertEquals(
        List.of(1 + 0.5 * r.nextDouble(), 1 + 0.5 * r.nextDouble(), 1 + 0.5 * r.nextDouble()),
        recorded(two, "std").get("ct"));
    Subject one = RandomBlur.builder().std(2).build().apply(s, new SplittableRandom(4));
    r = new SplittableRandom(4);
    assertEquals(
        List.of(2 * r.nextDouble(), 2 * r.nextDouble(), 2 * r.nextDouble()),
        recorded(one, "std").get("ct"));
    assertThrows(IllegalArgumentException.class, () -> RandomBlur.builder().std(-1));
    assertThrows(IllegalArgumentException.class, () -> RandomBlur.builder().std(2, 1));
    assertThrows(IllegalArgumentException.class, () -> RandomBlur.builder().std(1, 2, 3, 4));
    assertThrows(IllegalArgumentException.class, () -> RandomBlur.builder().std(1, -2, 3));
  }

  @Test
  void blurFiltersEveryChannelOnItsOwn() {
    Shape shape = Shape.of(5, 4, 6);
    int n = shape.voxelsAsInt();
    float[] a = TestSubjects.randomImage(shape, Affine.identity(), 8).voxels();
    float[] b = TestSubjects.randomImage(shape, Affine.identity(), 9).voxels();
    float[] both = new float[2 * n];
    System.arraycopy(a, 0, both, 0, n);
    System.arraycopy(b, 0, both, n, n);
    double[] sigma = {0.8, 1.3, 0.6};
    float[] got = RandomBlur.blur(both, shape, 2, sigma);
    float[] ea = RandomBlur.blur(a, shape, 1, sigma);
    float[] eb = RandomBlur.blur(b, shape, 1, sigma);
    for (int i = 0; i < n; i++) {
      assertEquals(ea[i], got[i], "channel 0 voxel " + i);
      assertEquals(eb[i], got[n + i], "channel 1 voxel " + i);
    }
  }
}
