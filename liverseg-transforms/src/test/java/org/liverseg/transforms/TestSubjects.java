package org.liverseg.transforms;

import java.util.SplittableRandom;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

/** Small deterministic images and subjects for tests. */
public final class TestSubjects {

  private TestSubjects() {}

  /** An oblique, anisotropic affine with a non-zero origin (LPS-ish). */
  public static Affine obliqueAffine() {
    return Affine.ofRowMajor(-0.8, 0.05, 0.0, 10, 0.02, -0.9, 0.1, -20, 0.0, 0.03, 2.5, 30);
  }

  /** A scalar image whose value encodes its index (value = index + 1), so moves are visible. */
  public static ScalarImage indexImage(Shape shape, Affine affine) {
    float[] v = new float[shape.voxelsAsInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = i + 1;
    }
    return ScalarImage.of(shape, affine, v);
  }

  /** A scalar image of Gaussian noise times 100. */
  public static ScalarImage randomImage(Shape shape, Affine affine, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[shape.voxelsAsInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextDouble() * 200 - 100);
    }
    return ScalarImage.of(shape, affine, v);
  }

  /** A label map of random labels 0..maxLabel. */
  public static LabelMap randomLabels(Shape shape, Affine affine, int maxLabel, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] v = new byte[shape.voxelsAsInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (byte) r.nextInt(maxLabel + 1);
    }
    return LabelMap.of(new ImageGeometry(shape, 1, affine), v);
  }

  /** A subject with a scalar "ct" (index image) and a random "label" map. */
  public static Subject ctAndLabel(Shape shape, Affine affine) {
    return Subject.builder("test")
        .image("ct", indexImage(shape, affine))
        .image("label", randomLabels(shape, affine, 2, 7))
        .build();
  }
}
