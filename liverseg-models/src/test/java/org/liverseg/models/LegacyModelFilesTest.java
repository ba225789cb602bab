package org.liverseg.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Model files written before the architecture registry existed still load and predict the same. */
class LegacyModelFilesTest {

  private static final String BASE = "legacy/unet3d-cpu-small-2filters";

  @Test
  void aModelFileFromBeforeTheZooLoadsAndPredictsTheSameNumbers(@TempDir Path dir)
      throws IOException {
    Path file = copy(BASE + ".zip", dir);
    ModelFiles.Loaded loaded = ModelFiles.load(file, true);
    assertEquals("liverseg-cpu-small", loaded.spec().name());
    assertEquals(List.of(16, 16, 16), loaded.spec().preprocessing().patchSize());
    assertEquals(1491, loaded.network().numParams());
    INDArray x = npy(BASE + "-input.npy");
    INDArray expected = npy(BASE + "-output.npy");
    INDArray out = loaded.network().outputSingle(false, x);
    assertArrayEquals(expected.shape(), out.shape());
    assertEquals(0, expected.sub(out).amaxNumber().doubleValue(), 1e-6);
  }

  static Path copy(String resource, Path dir) throws IOException {
    Path f = dir.resolve(Path.of(resource).getFileName().toString());
    try (InputStream in = LegacyModelFilesTest.class.getResourceAsStream(resource)) {
      Files.copy(in, f);
    }
    return f;
  }

  static INDArray npy(String resource) throws IOException {
    try (InputStream in = LegacyModelFilesTest.class.getResourceAsStream(resource)) {
      return Nd4j.createNpyFromByteArray(in.readAllBytes());
    }
  }
}
