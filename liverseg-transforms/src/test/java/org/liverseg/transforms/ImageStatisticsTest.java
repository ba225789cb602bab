package org.liverseg.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;

/** numpy's min, max, mean, median and percentile, on scalar images and label maps. */
class ImageStatisticsTest {

  private static final Shape SHAPE = Shape.of(3, 2, 1);

  @Test
  void labelMapsCountUnsignedLabels() {
    LabelMap l =
        LabelMap.of(SHAPE, Affine.identity(), new byte[] {(byte) 200, 3, 3, 7, (byte) 255, 10});
    assertEquals(3, ImageStatistics.min(l));
    assertEquals(255, ImageStatistics.max(l));
    assertEquals((200 + 3 + 3 + 7 + 255 + 10) / 6.0, ImageStatistics.mean(l), 1e-12);
    assertEquals((7 + 10) / 2.0, ImageStatistics.median(l)); // 3 3 7 | 10 200 255
    LabelMap odd = LabelMap.of(Shape.of(5, 1, 1), Affine.identity(), new byte[] {9, 1, 4, 4, 2});
    assertEquals(4, ImageStatistics.median(odd));
  }

  @Test
  void scalarImagesUseNumpysDefinitions() {
    ScalarImage s = ScalarImage.of(SHAPE, Affine.identity(), new float[] {4, -2, 8, 1, 0, 5});
    assertEquals(-2, ImageStatistics.min(s));
    assertEquals(8, ImageStatistics.max(s));
    assertEquals(16 / 6.0, ImageStatistics.mean(s), 1e-12);
    assertEquals(2.5, ImageStatistics.median(s));
    float[] sorted = {-2, 0, 1, 4, 5, 8};
    assertEquals(-2, ImageStatistics.percentileOfSorted(sorted, 0));
    assertEquals(8, ImageStatistics.percentileOfSorted(sorted, 100));
    assertEquals(0.5, ImageStatistics.percentileOfSorted(sorted, 30)); // position 1.5
    assertEquals(4.25, ImageStatistics.percentileOfSorted(sorted, 65)); // position 3.25
    assertEquals(7.25, ImageStatistics.percentileOfSorted(sorted, 95)); // position 4.75
    assertThrows(
        IllegalArgumentException.class, () -> ImageStatistics.percentileOfSorted(sorted, -1));
    assertThrows(
        IllegalArgumentException.class, () -> ImageStatistics.percentileOfSorted(sorted, 100.5));
    assertThrows(
        IllegalArgumentException.class, () -> ImageStatistics.percentileOfSorted(new float[0], 5));
  }

  @Test
  void minimaPerChannel() {
    ScalarImage s =
        ScalarImage.of(
            new ImageGeometry(SHAPE, 2, Affine.identity()),
            new float[] {4, -2, 8, 1, 0, 5, 9, 7, 11, 12, 8, 30});
    assertArrayEquals(new double[] {-2, 7}, ImageStatistics.minPerChannel(s));
    LabelMap l =
        LabelMap.of(
            new ImageGeometry(SHAPE, 2, Affine.identity()),
            new byte[] {(byte) 250, 3, 9, 4, 5, 6, (byte) 200, (byte) 201, (byte) 255, 7, 8, 9});
    assertArrayEquals(new double[] {3, 7}, ImageStatistics.minPerChannel(l));
  }
}
