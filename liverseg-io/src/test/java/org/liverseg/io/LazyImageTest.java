package org.liverseg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.nifti.Nifti;

class LazyImageTest {

  /** A fake file that counts how often its header and voxels are read. */
  static final class CountingSource implements ImageSource {
    final AtomicInteger headers = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    final ImageGeometry geometry;
    final float[] values;
    final boolean fail;

    CountingSource(ImageGeometry geometry, float[] values, boolean fail) {
      this.geometry = geometry;
      this.values = values;
      this.fail = fail;
    }

    @Override
    public Path path() {
      return Path.of("/data/liver_9.nii.gz");
    }

    @Override
    public ImageGeometry readGeometry() {
      headers.incrementAndGet();
      return geometry;
    }

    @Override
    public float[] readFloats() throws IOException {
      reads.incrementAndGet();
      if (fail) {
        throw new IOException(path() + ": truncated data");
      }
      return values.clone();
    }
  }

  private static final ImageGeometry G =
      new ImageGeometry(Shape.of(3, 2, 2), 1, Affine.diagonal(-1, -1, 2));

  @Test
  void readsNothingUntilNeededAndEachPartOnce() {
    float[] v = new float[12];
    v[5] = 7;
    CountingSource src = new CountingSource(G, v, false);
    ScalarImage img = ScalarImage.lazy(src);
    assertEquals(0, src.headers.get() + src.reads.get(), "creating a lazy image must read nothing");
    assertFalse(img.isLoaded());
    assertEquals(Path.of("/data/liver_9.nii.gz"), img.path().orElseThrow());
    assertEquals(G.shape(), img.shape());
    assertEquals("LPS", img.orientation());
    assertEquals(1, src.headers.get());
    assertEquals(0, src.reads.get(), "geometry must not read the voxels");
    // many threads at once still read the voxels exactly once
    IntStream.range(0, 16).parallel().forEach(t -> assertEquals(7f, img.get(2, 1, 0)));
    assertEquals(1, src.reads.get());
    assertTrue(img.isLoaded());
    assertEquals(1, src.headers.get());
  }

  @Test
  void failuresNameTheFileAndWrongLengthsAreCaught() {
    ScalarImage broken = ScalarImage.lazy(new CountingSource(G, new float[12], true));
    UncheckedIOException e = assertThrows(UncheckedIOException.class, broken::voxels);
    assertTrue(e.getMessage().contains("liver_9.nii.gz: truncated data"), e.getMessage());
    ScalarImage shortRead = ScalarImage.lazy(new CountingSource(G, new float[11], false));
    IllegalStateException s = assertThrows(IllegalStateException.class, shortRead::voxels);
    assertTrue(
        s.getMessage().contains("liver_9.nii.gz") && s.getMessage().contains("11"), s.getMessage());
  }

  @Test
  void lazyLabelMapsRejectNonLabelValuesNamingThem() {
    float[] v = new float[12];
    v[4] = 2.5f;
    LabelMap l = LabelMap.lazy(new CountingSource(G, v, false));
    // ImageSource's default readLabels() rejects the value with an IOException, which the lazy
    // image rethrows unchecked
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> l.get(0, 0, 0));
    String m = e.getMessage();
    assertTrue(m.contains("2.5") && m.contains("index 4") && m.contains("liver_9.nii.gz"), m);
    float[] ok = new float[12];
    ok[11] = 255;
    LabelMap good = LabelMap.lazy(new CountingSource(G, ok, false));
    assertEquals(255, good.get(2, 1, 1));
    assertEquals(11, good.histogram()[0]);
  }

  @Test
  void withAffineKeepsLazinessAndVoxels() {
    CountingSource src = new CountingSource(G, new float[12], false);
    ScalarImage img = ScalarImage.lazy(src);
    ScalarImage moved = img.withAffine(Affine.identity());
    assertEquals("RAS", moved.orientation());
    assertEquals(0, src.reads.get());
    moved.load();
    assertTrue(img.isLoaded(), "both views share one lazily read array");
    assertEquals(1, src.reads.get());
  }

  @Test
  void lazyImagesFromFiles(@TempDir Path dir) throws IOException {
    float[] v = new float[12];
    for (int i = 0; i < v.length; i++) {
      v[i] = i * 10 - 30;
    }
    Path f = dir.resolve("ct.nii.gz");
    Nifti.write(f, ScalarImage.of(G, v));
    ScalarImage lazy = ScalarImage.lazy(f);
    assertFalse(lazy.isLoaded());
    assertEquals(G.affine(), lazy.affine());
    assertFalse(lazy.isLoaded());
    assertArrayEquals(v, lazy.voxels());
    ScalarImage missing = ScalarImage.lazy(dir.resolve("none.nii.gz"));
    assertThrows(UncheckedIOException.class, missing::shape);
    assertEquals(
        List.of("ct.nii.gz"),
        List.of(Files.list(dir).map(p -> p.getFileName().toString()).toArray()));
  }
}
