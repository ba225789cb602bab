package org.liverseg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.nifti.Nifti;

class ScalarImageFinitenessTest {

  /**
   * The first non-finite voxel is reported at its (x, y, z, channel), whatever the shape, channel
   * count and position, with the count of all of them.
   */
  @Property(tries = 200)
  void theFirstBadVoxelIsReportedWhereItIs(
      @ForAll @IntRange(min = 1, max = 7) int x,
      @ForAll @IntRange(min = 1, max = 7) int y,
      @ForAll @IntRange(min = 1, max = 7) int z,
      @ForAll @IntRange(min = 1, max = 3) int channels,
      @ForAll @IntRange(min = 0, max = 1_000_000) int where,
      @ForAll @IntRange(min = 0, max = 2) int kind,
      @ForAll @IntRange(min = 0, max = 3) int more) {
    Shape s = Shape.of(x, y, z);
    int n = s.voxelsAsInt() * channels;
    int first = where % n;
    float bad =
        kind == 0 ? Float.NaN : kind == 1 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
    float[] v = new float[n];
    Arrays.fill(v, 1.5f);
    v[first] = bad;
    int count = 1;
    for (int m = 1; m <= more && first + m < n; m++) {
      v[first + m] = Float.NaN;
      count++;
    }
    ScalarImage image = ScalarImage.of(new ImageGeometry(s, channels, Affine.identity()), v);
    NonFiniteVoxelsException e = assertThrows(NonFiniteVoxelsException.class, image::requireFinite);
    int c = first / s.voxelsAsInt();
    int r = first % s.voxelsAsInt();
    int[] expected = {r % x, (r / x) % y, r / (x * y), c};
    assertEquals(Arrays.toString(expected), Arrays.toString(e.voxel()));
    assertEquals(count, e.count());
    assertEquals(Float.floatToIntBits(bad), Float.floatToIntBits(e.value()));
    String where3 = expected[0] + ", " + expected[1] + ", " + expected[2];
    String at = channels == 1 ? where3 : where3 + ", channel " + c;
    assertEquals(
        "in-memory image: "
            + count
            + " of "
            + n
            + (n == 1 ? " voxel " : " voxels ")
            + (count == 1 ? "is" : "are")
            + " not finite; the first is voxel ("
            + at
            + ") = "
            + bad,
        e.getMessage());
  }

  @Test
  void aFiniteImageIsReturnedAndAFileIsNamed(@TempDir Path dir) throws IOException {
    ScalarImage ok = ScalarImage.of(Shape.of(2, 2, 1), Affine.identity(), new float[4]);
    assertSame(ok, ok.requireFinite());
    Path f = dir.resolve("ct.nii");
    Nifti.write(
        f, ScalarImage.of(Shape.of(2, 2, 1), Affine.identity(), new float[] {0, 1, 2, Float.NaN}));
    NonFiniteVoxelsException e =
        assertThrows(NonFiniteVoxelsException.class, () -> ScalarImage.read(f).requireFinite());
    assertEquals(
        f + ": 1 of 4 voxels is not finite; the first is voxel (1, 1, 0) = NaN", e.getMessage());
    assertEquals(f, e.file().orElseThrow());
    // a lazy image is read to be checked, and names its file too
    assertThrows(NonFiniteVoxelsException.class, () -> ScalarImage.lazy(f).requireFinite());
  }

  @Test
  void contextIsPutInFrontAndTheFindingKept() {
    ScalarImage img =
        ScalarImage.of(
            new ImageGeometry(Shape.of(2, 1, 1), 2, Affine.identity()),
            new float[] {0, 1, Float.NEGATIVE_INFINITY, 2});
    NonFiniteVoxelsException e = assertThrows(NonFiniteVoxelsException.class, img::requireFinite);
    assertEquals(
        "in-memory image: 1 of 4 voxels is not finite; the first is voxel (0, 0, 0, channel 1) ="
            + " -Infinity",
        e.getMessage());
    NonFiniteVoxelsException inImage = e.in("image 'ct'");
    NonFiniteVoxelsException inSubject = inImage.in("subject liver_3");
    assertEquals("subject liver_3: image 'ct': " + e.getMessage(), inSubject.getMessage());
    assertSame(inImage, inSubject.getCause());
    assertSame(e, inImage.getCause());
    assertEquals(1, inSubject.count());
    assertEquals(Float.NEGATIVE_INFINITY, inSubject.value());
    assertEquals(java.util.List.of(0, 0, 0, 1), Arrays.stream(inSubject.voxel()).boxed().toList());
    assertEquals(java.util.Optional.empty(), inSubject.file());
  }
}
