package org.liverseg.models.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.Box;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectsDataset;
import org.liverseg.sampling.Patch;
import org.liverseg.sampling.PatchQueue;
import org.liverseg.sampling.UniformSampler;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class PatchBatchesTest {

  private static final Shape SHAPE = Shape.of(20, 16, 12);
  private static final Shape PATCH = Shape.of(8, 4, 6);

  /** CT values that encode the voxel index; labels 0, 1, 2 in slabs along x. */
  private static Subject subject(String id) {
    float[] ct = new float[SHAPE.voxelsAsInt()];
    byte[] labels = new byte[ct.length];
    for (int i = 0; i < ct.length; i++) {
      ct[i] = i * 0.5f + id.hashCode() % 7;
      labels[i] = (byte) ((i % SHAPE.x()) / 7);
    }
    return Subject.builder(id)
        .image("ct", ScalarImage.of(SHAPE, Affine.identity(), ct))
        .image("label", LabelMap.of(new ImageGeometry(SHAPE, 1, Affine.identity()), labels))
        .build();
  }

  private static PatchQueue queue(int subjects, int workers) {
    List<Subject> s = new ArrayList<>();
    for (int i = 0; i < subjects; i++) {
      s.add(subject("s" + i));
    }
    return PatchQueue.builder()
        .dataset(SubjectsDataset.of(s))
        .sampler(new UniformSampler(PATCH))
        .maxLength(6)
        .samplesPerVolume(3)
        .numWorkers(workers)
        .seed(3)
        .build();
  }

  @Test
  void batchesHoldTheVoxelsInNcdhwOrderAndOneHotLabels() {
    Subject s = subject("a");
    List<Patch> patches =
        List.of(
            Patch.of(s, new Box(3, 5, 2, 11, 9, 8)),
            Patch.of(s, new Box(12, 10, 4, 20, 14, 10)),
            Patch.of(s, new Box(0, 0, 0, 8, 4, 6)));
    PatchBatches it =
        PatchBatches.over(patches).batchSize(2).inputs("ct").oneHot("label", 3).dropLast(true);
    assertTrue(it.hasNext());
    PatchBatch batch = it.nextBatch();
    assertFalse(it.hasNext(), "the third patch is a short batch, dropped");
    assertThrows(NoSuchElementException.class, it::next);

    INDArray x = batch.features();
    INDArray y = batch.labels();
    assertArrayEquals(new long[] {2, 1, 6, 4, 8}, x.shape());
    assertArrayEquals(new long[] {2, 3, 6, 4, 8}, y.shape());
    assertEquals(List.of(patches.get(0).location(), patches.get(1).location()), batch.locations());
    ScalarImage ct = s.scalarImage("ct");
    LabelMap label = s.labelMap("label");
    for (int b = 0; b < 2; b++) {
      Box l = patches.get(b).location();
      for (int z = 0; z < 6; z++) {
        for (int yy = 0; yy < 4; yy++) {
          for (int xx = 0; xx < 8; xx++) {
            assertEquals(ct.get(l.x0() + xx, l.y0() + yy, l.z0() + z), x.getFloat(b, 0, z, yy, xx));
            int c = label.get(l.x0() + xx, l.y0() + yy, l.z0() + z);
            for (int k = 0; k < 3; k++) {
              assertEquals(k == c ? 1f : 0f, y.getFloat(b, k, z, yy, xx));
            }
          }
        }
      }
    }
    DataSet ds = batch.toDataSet();
    assertEquals(x, ds.getFeatures());
    assertEquals(y, ds.getLabels());
    batch.close();
    it.reset();
    assertTrue(it.hasNext(), "reset starts a new pass");
  }

  @Test
  void keepsAShortLastBatchUnlessAskedToDropItAndCarriesNoLabelsWithoutOneHot() {
    Subject s = subject("a");
    List<Patch> patches =
        List.of(
            Patch.of(s, Box.of(0, 0, 0, PATCH)),
            Patch.of(s, Box.of(4, 0, 0, PATCH)),
            Patch.of(s, Box.of(8, 0, 0, PATCH)));
    PatchBatches it = PatchBatches.over(patches).batchSize(2).inputs("ct", "label");
    DataSet first = it.next();
    assertArrayEquals(new long[] {2, 2, 6, 4, 8}, first.getFeatures().shape(), "ct and label");
    assertNull(first.getLabels());
    assertEquals(1, it.next().getFeatures().size(0));
    assertFalse(it.hasNext());
    assertEquals(2, it.inputColumns());
    assertEquals(0, it.totalOutcomes());
    assertNull(it.getLabels());
  }

  /** ComputationGraph.fit(iterator) resets an exhausted iterator: one queue epoch per call. */
  @Test
  void fitTrainsOneQueueEpochPerCall() {
    ComputationGraph net = tinyNetwork();
    try (PatchQueue q = queue(4, 1)) {
      PatchBatches batches = PatchBatches.over(q).batchSize(4).inputs("ct").oneHot("label", 3);
      assertFalse(batches.asyncSupported());
      assertTrue(batches.resetSupported());
      assertEquals(4, batches.batch());
      assertEquals(3, batches.totalOutcomes());
      assertEquals(List.of("0", "1", "2"), batches.getLabels());
      INDArray before = net.params().dup();
      net.fit(batches);
      assertEquals(1, q.nextEpoch());
      assertEquals(3, net.getIterationCount(), "12 patches in batches of 4");
      assertFalse(before.equals(net.params()), "the network trained");
      net.fit(batches, 2);
      assertEquals(3, q.nextEpoch());
      assertEquals(9, net.getIterationCount());
    }
  }

  /** A pass is a queue epoch; startEpoch(k) gives the pass an uninterrupted run has k-th. */
  @Test
  void startEpochBeginsAtThatEpochOfTheQueue() {
    List<List<Box>> straight = new ArrayList<>();
    try (PatchQueue q = queue(5, 2)) {
      PatchBatches batches = PatchBatches.over(q).batchSize(3).inputs("ct");
      for (int e = 0; e < 4; e++) {
        straight.add(locations(batches));
        batches.reset();
      }
    }
    try (PatchQueue q = queue(5, 2)) {
      PatchBatches batches = PatchBatches.over(q).batchSize(3).inputs("ct").startEpoch(2);
      assertEquals(straight.get(2), locations(batches));
      assertEquals(3, q.nextEpoch(), "epochs 0 and 1 were never started");
      batches.reset();
      batches.reset(); // a second reset before the pass started changes nothing
      assertEquals(straight.get(3), locations(batches));
    }
    List<List<Box>> lists = new ArrayList<>();
    Iterable<Patch> counting =
        () -> {
          List<Patch> one = List.of(Patch.of(subject("c" + lists.size()), Box.of(0, 0, 0, PATCH)));
          lists.add(List.of(one.get(0).location()));
          return one.iterator();
        };
    PatchBatches other = PatchBatches.over(counting).inputs("ct").startEpoch(2);
    other.nextBatch();
    assertEquals(3, lists.size(), "another source is fast-forwarded by two passes");
  }

  private static List<Box> locations(PatchBatches batches) {
    List<Box> out = new ArrayList<>();
    while (batches.hasNext()) {
      try (PatchBatch b = batches.nextBatch()) {
        out.addAll(b.locations());
      }
    }
    return out;
  }

  @Test
  void optionsMakeNewIteratorsAndBadOnesSayWhatIsWrong() {
    PatchBatches base = PatchBatches.over(List.of(Patch.of(subject("a"), Box.of(12, 0, 0, PATCH))));
    PatchBatches withInputs = base.inputs("ct");
    assertNotSame(base, withInputs);
    assertEquals(List.of(), base.inputs());
    assertEquals(List.of("ct"), withInputs.inputs());
    IllegalStateException noInputs = assertThrows(IllegalStateException.class, base::nextBatch);
    assertEquals(
        "PatchBatches needs inputs(...): the images to feed the network", noInputs.getMessage());
    assertThrows(IllegalArgumentException.class, () -> base.batchSize(0));
    assertThrows(IllegalArgumentException.class, () -> base.inputs(new String[0]));
    assertThrows(IllegalArgumentException.class, () -> base.oneHot("label", 1));
    assertThrows(IllegalArgumentException.class, () -> base.startEpoch(-1));
    IllegalArgumentException badLabel =
        assertThrows(
            IllegalArgumentException.class, () -> withInputs.oneHot("label", 2).nextBatch());
    assertTrue(badLabel.getMessage().contains("subject a has label 2"), badLabel.getMessage());
    List<String> seen = new ArrayList<>();
    PatchBatches pre = withInputs.batchSize(1);
    pre.setPreProcessor(ds -> seen.add("pre " + ds.getFeatures().size(0)));
    pre.next();
    assertEquals(List.of("pre 1"), seen);
  }

  /** One 1x1x1 convolution to 3 classes with softmax cross-entropy. */
  private static ComputationGraph tinyNetwork() {
    ComputationGraphConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(1)
            .updater(new Sgd(0.1))
            .graphBuilder()
            .addInputs("in")
            .addLayer(
                "conv",
                new Convolution3D.Builder(1, 1, 1)
                    .nIn(1)
                    .nOut(3)
                    .convolutionMode(ConvolutionMode.Same)
                    .dataFormat(Convolution3D.DataFormat.NCDHW)
                    .activation(Activation.IDENTITY)
                    .build(),
                "in")
            .addLayer(
                "out",
                new Cnn3DLossLayer.Builder(Convolution3D.DataFormat.NCDHW)
                    .lossFunction(LossFunctions.LossFunction.MCXENT)
                    .activation(Activation.SOFTMAX)
                    .build(),
                "conv")
            .setOutputs("out")
            .setInputTypes(
                InputType.convolutional3D(
                    Convolution3D.DataFormat.NCDHW, PATCH.z(), PATCH.y(), PATCH.x(), 1))
            .build();
    ComputationGraph net = new ComputationGraph(conf);
    net.init();
    return net;
  }
}
