package org.liverseg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.LazyImageTest.CountingSource;
import org.liverseg.io.nifti.Nifti;

/** Scalar images and label maps: construction checks, voxel access, copies, descriptions. */
class ImagesTest {

  private static final Affine LPS = Affine.diagonal(-0.7, -0.7, 2.5).withOrigin(90, 110, -300);
  private static final ImageGeometry TWO = new ImageGeometry(Shape.of(4, 3, 2), 2, LPS);

  /** Value {@code c x y z} as a number: 1000c + 100x + 10y + z. */
  private static float code(int c, int x, int y, int z) {
    return 1000 * c + 100 * x + 10 * y + z;
  }

  private static float[] coded(ImageGeometry g) {
    Shape s = g.shape();
    float[] v = new float[g.values()];
    for (int c = 0; c < g.channels(); c++) {
      for (int z = 0; z < s.z(); z++) {
        for (int y = 0; y < s.y(); y++) {
          for (int x = 0; x < s.x(); x++) {
            v[x + s.x() * (y + s.y() * (z + s.z() * c))] = code(c, x, y, z);
          }
        }
      }
    }
    return v;
  }

  @Test
  void valueAtReadsChannelAndVoxelInTheLayout() {
    ScalarImage img = ScalarImage.of(TWO, coded(TWO));
    byte[] labels = new byte[TWO.values()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) (200 + i % 50); // above 127: read unsigned
    }
    LabelMap map = LabelMap.of(TWO, labels);
    for (int c = 0; c < 2; c++) {
      for (int z = 0; z < 2; z++) {
        for (int y = 0; y < 3; y++) {
          for (int x = 0; x < 4; x++) {
            assertEquals(code(c, x, y, z), img.valueAt(c, x, y, z));
            int i = x + 4 * (y + 3 * (z + 2 * c));
            assertEquals(200 + i % 50, map.valueAt(c, x, y, z));
          }
        }
      }
    }
    assertEquals(code(0, 3, 2, 1), img.get(3, 2, 1));
  }

  @Test
  void arraysOfTheWrongLengthAreRejectedNamingBothLengths() {
    IllegalStateException s =
        assertThrows(IllegalStateException.class, () -> ScalarImage.of(TWO, new float[23]));
    assertEquals(
        "voxel array: read 23 values but the header promises 48 (4x3x2 x 2 channels)",
        s.getMessage());
    IllegalStateException l =
        assertThrows(IllegalStateException.class, () -> LabelMap.of(TWO, new byte[49]));
    assertEquals(
        "label array: read 49 values but the header promises 48 (4x3x2 x 2 channels)",
        l.getMessage());
    // a lazy label map whose source returns too few labels says so on first use
    LabelMap lazy = LabelMap.lazy(new CountingSource(TWO, new float[47], false));
    IllegalStateException e = assertThrows(IllegalStateException.class, lazy::labels);
    assertEquals(
        "/data/liver_9.nii.gz: read 47 values but the header promises 48 (4x3x2 x 2 channels)",
        e.getMessage());
  }

  @Test
  void zerosAndDerivedImagesKeepTheGeometry() {
    ScalarImage zeros = ScalarImage.zeros(TWO);
    assertEquals(TWO, zeros.geometry());
    assertArrayEquals(new float[48], zeros.voxels());
    float[] v = coded(TWO);
    ScalarImage withVoxels = zeros.withVoxels(v);
    assertSame(v, withVoxels.voxels(), "ownership passes: no copy");
    assertEquals(TWO, withVoxels.geometry());

    LabelMap none = LabelMap.zeros(TWO);
    assertEquals(TWO, none.geometry());
    assertArrayEquals(new byte[48], none.labels());
    byte[] l = new byte[48];
    l[47] = 3;
    LabelMap withLabels = none.withLabels(l);
    assertSame(l, withLabels.labels());
    assertEquals(3, withLabels.valueAt(1, 3, 2, 1));
    LabelMap moved = withLabels.withAffine(Affine.identity());
    assertEquals(Affine.identity(), moved.affine());
    assertEquals(TWO.shape(), moved.shape());
    assertEquals(2, moved.channels());
    assertSame(l, moved.labels(), "the labels are shared");
  }

  @Test
  void spacingOriginAndDescriptions(@TempDir Path dir) throws IOException {
    ScalarImage img = ScalarImage.of(TWO, coded(TWO));
    assertArrayEquals(new double[] {0.7, 0.7, 2.5}, img.spacing(), 1e-12);
    assertArrayEquals(new double[] {90, 110, -300}, img.origin());
    assertEquals(
        "ScalarImage(shape=4x3x2, channels=2, spacing=(0.700, 0.700, 2.50), orientation=LPS)",
        img.toString());
    Path f = dir.resolve("seg.nii.gz");
    Nifti.write(f, LabelMap.of(TWO, new byte[48]));
    LabelMap read = LabelMap.read(f);
    assertEquals(Optional.of(f), read.path());
    assertEquals(
        "LabelMap(shape=4x3x2, channels=2, spacing=(0.700, 0.700, 2.50), orientation=LPS, path="
            + f
            + ")",
        read.toString());
    assertEquals(Optional.empty(), LabelMap.zeros(TWO).path());
  }

  @Test
  void lazyCopiesReadAgainUntilLoadedAndLoadReturnsTheImage(@TempDir Path dir) throws IOException {
    CountingSource src = new CountingSource(TWO, coded(TWO), false);
    ScalarImage lazy = ScalarImage.lazy(src);
    ScalarImage copy = lazy.lazyCopy();
    assertNotSame(lazy, copy);
    assertSame(copy, copy.load(), "load returns the image itself");
    assertTrue(copy.isLoaded());
    assertFalse(lazy.isLoaded(), "a lazy copy has a cache of its own");
    assertEquals(1, src.reads.get());
    assertSame(lazy, lazy.load());
    assertSame(lazy, lazy.lazyCopy(), "a loaded image is its own lazy copy");

    Path f = dir.resolve("seg.nii");
    Nifti.write(f, LabelMap.of(TWO, new byte[48]));
    LabelMap map = LabelMap.lazy(f);
    assertFalse(map.isLoaded());
    LabelMap mapCopy = map.lazyCopy();
    assertNotSame(map, mapCopy);
    assertSame(mapCopy, mapCopy.load());
    assertTrue(mapCopy.isLoaded());
    assertFalse(map.isLoaded());
    assertSame(mapCopy, mapCopy.lazyCopy());
  }

  @Test
  void geometriesCheckChannelsAndSize() {
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class, () -> new ImageGeometry(Shape.cube(2), 0, LPS));
    assertEquals("channels must be positive, got 0", none.getMessage());
    assertEquals(8, new ImageGeometry(Shape.cube(2), 1, LPS).values());
    // the largest array Java allocates: Integer.MAX_VALUE - 8 values, on one channel or split
    Shape most = Shape.of(Integer.MAX_VALUE - 8, 1, 1);
    assertEquals(Integer.MAX_VALUE - 8, new ImageGeometry(most, 1, LPS).values());
    IllegalArgumentException big =
        assertThrows(IllegalArgumentException.class, () -> new ImageGeometry(most, 2, LPS));
    assertEquals(
        "image of " + most + " voxels x 2 channels is too large for one Java array",
        big.getMessage());
    Shape half = Shape.of((Integer.MAX_VALUE - 8) / 2 + 1, 1, 1);
    assertThrows(IllegalArgumentException.class, () -> new ImageGeometry(half, 2, LPS));
  }
}
