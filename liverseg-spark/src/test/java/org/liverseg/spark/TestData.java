package org.liverseg.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.models.ModelFiles;
import org.liverseg.models.ModelSpec;
import org.liverseg.models.PreprocessingSpec;
import org.liverseg.models.UNet3D;
import org.liverseg.models.task03.CropOrPadModel;
import org.liverseg.phantoms.DatasetProgress;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the Spark tests segment, made once per JVM: a tiny model file in the format {@code liverseg
 * train} writes (a 2-level U-Net with 2/4 filters, a few training steps), an MSD dataset of 6 tiny
 * phantoms with labels, a truncated scan and a scan with one NaN voxel.
 */
final class TestData {

  static final int PHANTOMS = 6;

  private static TestData instance;

  final Path root;
  final Path model;
  final Path dataset;
  final Path truncated;
  final Path withNaN;

  private TestData(Path root) throws IOException {
    this.root = root;
    this.model = root.resolve("model.zip");
    this.dataset = root.resolve("Task03_Liver");
    this.truncated = root.resolve("bad/truncated.nii.gz");
    this.withNaN = root.resolve("bad/nan.nii");
    PhantomGenerator.builder()
        .size(PhantomSize.TINY)
        .seed(13)
        .threads(1)
        .build()
        .writeDataset(dataset, PHANTOMS, DatasetProgress.NONE);
    writeModel(model);
    Files.createDirectories(truncated.getParent());
    byte[] ct = Files.readAllBytes(dataset.resolve("imagesTr/liver_0.nii.gz"));
    Files.write(truncated, java.util.Arrays.copyOf(ct, ct.length / 2), StandardOpenOption.CREATE);
    ScalarImage one = ScalarImage.read(dataset.resolve("imagesTr/liver_1.nii.gz"));
    float[] v = one.voxels().clone();
    v[v.length / 2 + 7] = Float.NaN;
    Nifti.write(withNaN, one.withVoxels(v));
  }

  /** The data, made on first use; deleted when the JVM exits. */
  static synchronized TestData get() {
    if (instance == null) {
      try {
        Path root = Files.createTempDirectory("liverseg-spark-test");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root)));
        instance = new TestData(root);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  /** The inputs of the standard job: the dataset and the two bad files. */
  List<Path> inputs() {
    return List.of(dataset.resolve("dataset.json"), truncated, withNaN);
  }

  /**
   * A model file as the app writes it: network, spec and the run configuration's preprocess,
   * inference and train sections (what {@link CropOrPadModel} reads).
   */
  static void writeModel(Path file) throws IOException {
    ComputationGraph net =
        UNet3D.builder().filters(2, 4).seed(5).learningRate(1e-2).build().newNetwork();
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 8, 16, 16);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 2, 3, 8, 16, 16);
    y.get(
            org.nd4j.linalg.indexing.NDArrayIndex.all(),
            org.nd4j.linalg.indexing.NDArrayIndex.point(1))
        .assign(1);
    for (int i = 0; i < 3; i++) {
      net.fit(new INDArray[] {x}, new INDArray[] {y});
    }
    String config =
        "{\"preset\": \"spark-test\","
            + " \"preprocess\": {\"targetShape\": [40, 40, 24], \"clampMin\": -100.0,"
            + " \"clampMax\": 400.0, \"rescaleMin\": 0.0, \"rescaleMax\": 1.0},"
            + " \"inference\": {\"patchOverlap\": 4, \"batchSize\": 4, \"aggregation\": \"hann\","
            + " \"keepLargestLiverComponent\": false, \"decision\": \"argmax\","
            + " \"tumourThreshold\": 0.0, \"minTumourVoxels\": 0},"
            + " \"train\": {\"threads\": 1}}";
    ModelFiles.save(
        net,
        new ModelSpec(
            "spark-test",
            "UNet3D 2/4",
            PreprocessingSpec.of(new int[] {40, 40, 24}, -100, 400, new int[] {16, 16, 8}, 3)),
        file,
        false,
        Map.of(CropOrPadModel.CONFIG_ENTRY, config));
  }

  static void deleteQuietly(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
