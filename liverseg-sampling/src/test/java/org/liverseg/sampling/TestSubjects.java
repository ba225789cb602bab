package org.liverseg.sampling;

import java.util.function.IntUnaryOperator;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;

/** In-memory subjects for tests: voxel values that reveal where each voxel came from. */
final class TestSubjects {

  static final Affine AFFINE = Affine.ofRowMajor(-0.8, 0, 0, 10, 0, -0.9, 0, -20, 0, 0, 2.5, 30);

  private TestSubjects() {}

  /** Channel c of voxel (x, y, z) holds {@code 1000 * c + linear index}, as floats. */
  static ScalarImage indexImage(Shape shape, int channels) {
    int n = shape.voxelsAsInt();
    float[] v = new float[n * channels];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < n; i++) {
        v[c * n + i] = 1_000_000f * c + i;
      }
    }
    return ScalarImage.of(new ImageGeometry(shape, channels, AFFINE), v);
  }

  /** A label map whose label at linear index i is {@code label.applyAsInt(i)}. */
  static LabelMap labels(Shape shape, IntUnaryOperator label) {
    byte[] b = new byte[shape.voxelsAsInt()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) label.applyAsInt(i);
    }
    return LabelMap.of(shape, AFFINE, b);
  }

  /** A subject with an index image "ct" and a label map "label". */
  static Subject subject(String id, Shape shape, IntUnaryOperator label) {
    return Subject.builder(id)
        .image("ct", indexImage(shape, 1))
        .image("label", labels(shape, label))
        .build();
  }

  /** A subject with only an index image "ct" of {@code channels} channels. */
  static Subject scalar(String id, Shape shape, int channels) {
    return Subject.builder(id).image("ct", indexImage(shape, channels)).build();
  }

  /** Label of a voxel in a box [lo, hi) per axis, else 0. */
  static IntUnaryOperator box(
      Shape shape, int label, int x0, int y0, int z0, int x1, int y1, int z1) {
    return i -> {
      int x = i % shape.x();
      int y = (i / shape.x()) % shape.y();
      int z = i / (shape.x() * shape.y());
      return x >= x0 && x < x1 && y >= y0 && y < y1 && z >= z0 && z < z1 ? label : 0;
    };
  }
}
