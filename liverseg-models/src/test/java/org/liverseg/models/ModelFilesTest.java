package org.liverseg.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModelFilesTest {

  private static final PreprocessingSpec PRE =
      PreprocessingSpec.of(new int[] {96, 96, 48}, -100, 250, new int[] {32, 32, 32}, 3);

  @Test
  void roundTripKeepsWeightsUpdaterStateAndSpec(@TempDir Path dir) throws IOException {
    UNet3D u = UNet3D.builder().filters(2, 4).norm(Norm.BATCH).build();
    ComputationGraph net = u.newNetwork();
    INDArray x = Nd4j.rand(DataType.FLOAT, 1, 1, 4, 4, 4);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 1, 3, 4, 4, 4);
    y.get(
            org.nd4j.linalg.indexing.NDArrayIndex.all(),
            org.nd4j.linalg.indexing.NDArrayIndex.point(1))
        .assign(1);
    net.fit(new INDArray[] {x}, new INDArray[] {y});
    ModelSpec spec = new ModelSpec("tiny", u.toString(), PRE);
    Path f = dir.resolve("sub/model.zip");
    ModelFiles.save(net, spec, f, true, Map.of("liverseg-extra.json", "{\"epoch\": 3}"));

    ModelFiles.Loaded back = ModelFiles.load(f, true);
    assertEquals(spec, back.spec());
    assertEquals(net.params(), back.network().params());
    assertEquals(
        net.getUpdater().getStateViewArray(), back.network().getUpdater().getStateViewArray());
    assertEquals(net.outputSingle(x), back.network().outputSingle(x));
    assertEquals("{\"epoch\": 3}", ModelFiles.readEntry(f, "liverseg-extra.json").orElseThrow());
    try (var files = Files.list(f.getParent())) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void replacingAnExistingFileLeavesAValidModel(@TempDir Path dir) throws IOException {
    ComputationGraph net = UNet3D.builder().filters(2).build().newNetwork();
    Path f = dir.resolve("m.zip");
    ModelSpec spec = new ModelSpec("a", "x", PRE);
    ModelFiles.save(net, spec, f, false);
    ModelFiles.save(net, new ModelSpec("b", "x", PRE), f, false);
    assertEquals("b", ModelFiles.readSpec(f).name());
  }

  @Test
  void aSaveThatFailsHalfwayLeavesThePreviousFileIntact(@TempDir Path dir) throws IOException {
    ComputationGraph net = UNet3D.builder().filters(2).build().newNetwork();
    Path f = dir.resolve("m.zip");
    ModelFiles.save(net, new ModelSpec("old", "x", PRE), f, false);
    // A bad entry name is refused before anything is written.
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ModelFiles.save(
                net, new ModelSpec("new", "x", PRE), f, false, Map.of("a/b.json", "{}")));
    assertEquals("old", ModelFiles.load(f, false).spec().name());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "the temporary file is removed");
    }
  }

  @Test
  void anotherPreprocessingIsRefusedNamingTheDifferences() {
    ModelSpec spec = new ModelSpec("m", "x", PRE);
    spec.requireCompatible(
        PreprocessingSpec.of(new int[] {96, 96, 48}, -100, 250, new int[] {32, 32, 32}, 3));
    var e =
        assertThrows(
            IllegalStateException.class,
            () ->
                spec.requireCompatible(
                    PreprocessingSpec.of(
                        new int[] {96, 96, 48}, -200, 250, new int[] {48, 48, 48}, 3)));
    assertTrue(e.getMessage().contains("[-100.0, 250.0] vs [-200.0, 250.0]"), e.getMessage());
    assertTrue(e.getMessage().contains("patchSize [32, 32, 32] vs [48, 48, 48]"), e.getMessage());
  }

  @Test
  void aPlainDl4jZipIsNotTakenForAModel(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("plain.zip");
    ModelSerializer.writeModel(UNet3D.builder().filters(2).build().newNetwork(), f.toFile(), false);
    var e = assertThrows(IOException.class, () -> ModelFiles.load(f, false));
    assertTrue(e.getMessage().contains(ModelFiles.SPEC_ENTRY), e.getMessage());
  }

  @Test
  void invalidSpecsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PreprocessingSpec.of(new int[] {96, 96, 48}, 250, -100, new int[] {32, 32, 32}, 3));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PreprocessingSpec.of(new int[] {96, 0, 48}, -100, 250, new int[] {32, 32, 32}, 3));
    assertTrue(e.getMessage().contains("[96, 0, 48]"), e.getMessage());
  }

  /**
   * On a full disk a save fails with one message naming the file, and leaves neither the target nor
   * any temporary file (DL4J's and zipfs's included); the previous model stays.
   */
  @Test
  void aFullDiskLeavesThePreviousModelAndNoTemporaryFile() throws IOException {
    ComputationGraph net = UNet3D.builder().filters(2, 4).build().newNetwork();
    try (FileSystem fs =
        Jimfs.newFileSystem(
            Configuration.unix().toBuilder().setBlockSize(1024).setMaxSize(64 * 1024).build())) {
      Path dir = Files.createDirectories(fs.getPath("/run"));
      Path f = dir.resolve("model.zip");
      Files.writeString(f, "previous");
      Files.write(fs.getPath("/filler"), new byte[61 * 1024]);
      IOException e =
          assertThrows(
              IOException.class, () -> ModelFiles.save(net, new ModelSpec("m", "x", PRE), f, true));
      assertEquals("cannot write " + f + ": out of disk space", e.getMessage());
      try (var files = Files.list(dir)) {
        assertEquals(List.of(f), files.toList());
      }
      assertEquals("previous", Files.readString(f));
    }
  }

  /** Saving and loading work on any file system, not only the default one. */
  @Test
  void modelsRoundTripOnAnotherFileSystem() throws IOException {
    ComputationGraph net = UNet3D.builder().filters(2).build().newNetwork();
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path f = fs.getPath("/m.zip");
      ModelFiles.save(net, new ModelSpec("m", "x", PRE), f, true, Map.of("e.json", "{}"));
      assertEquals("{}", ModelFiles.readEntry(f, "e.json").orElseThrow());
      assertEquals(net.params(), ModelFiles.load(f, true).network().params());
    }
  }

  /** Every error about a model file names the file. */
  @Test
  void errorsNameTheFile(@TempDir Path dir) throws IOException {
    Path text = Files.writeString(dir.resolve("notes.zip"), "not a zip");
    IOException e = assertThrows(IOException.class, () -> ModelFiles.load(text, false));
    assertEquals(text + ": not a model file (not a zip archive)", e.getMessage());
    e = assertThrows(IOException.class, () -> ModelFiles.readEntry(text, "x"));
    assertEquals(text + ": not a model file (not a zip archive)", e.getMessage());

    Path missing = dir.resolve("missing.zip");
    e = assertThrows(IOException.class, () -> ModelFiles.load(missing, false));
    assertTrue(e.getMessage().startsWith(missing + ": "), e.getMessage());

    // a model whose network entries are cut off: the spec reads, the network does not
    Path good = dir.resolve("good.zip");
    ModelFiles.save(
        UNet3D.builder().filters(2).build().newNetwork(),
        new ModelSpec("m", "x", PRE),
        good,
        false);
    Path cut = dir.resolve("cut.zip");
    rezipWithout(good, cut, "coefficients.bin");
    e = assertThrows(IOException.class, () -> ModelFiles.load(cut, false));
    assertTrue(e.getMessage().startsWith(cut + ": cannot load the network: "), e.getMessage());
  }

  private static void rezipWithout(Path from, Path to, String entry) throws IOException {
    try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(from));
        var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(to))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (!e.getName().equals(entry)) {
          out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
          in.transferTo(out);
          out.closeEntry();
        }
      }
    }
  }
}
