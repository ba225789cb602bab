package org.liverseg.examples;

import com.google.common.collect.Iterables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectsDataset;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.io.phantom.DatasetProgress;
import org.liverseg.io.phantom.PhantomGenerator;
import org.liverseg.io.phantom.PhantomSize;
import org.liverseg.models.UNet3D;
import org.liverseg.sampling.BatchCollator;
import org.liverseg.sampling.GridAggregator;
import org.liverseg.sampling.GridSampler;
import org.liverseg.sampling.LabelSampler;
import org.liverseg.sampling.Patch;
import org.liverseg.sampling.Queue;
import org.liverseg.transforms.Compose;
import org.liverseg.transforms.Transform;
import org.liverseg.transforms.Transforms;
import org.liverseg.transforms.intensity.Clamp;
import org.liverseg.transforms.intensity.RescaleIntensity;
import org.liverseg.transforms.spatial.CropOrPad;
import org.liverseg.transforms.spatial.RandomAffine;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The seed's liver and tumour segmentation, step by step, as plain liverseg calls: subjects,
 * CropOrPad and an HU window, a LabelSampler with p = 0.2 / 0.3 / 0.5, a Queue, a 3D U-Net trained
 * with Adam and tumour-weighted cross-entropy on patches, and whole-volume inference with a
 * GridSampler, batches of patches and a GridAggregator. Small sizes so that it runs on a laptop CPU
 * in a few minutes; {@code liverseg pipeline} is the configurable, reported version of the same.
 *
 * <pre>
 * java -cp liverseg-examples/target/liverseg.jar org.liverseg.examples.LiverTumorSegmentation [DATA_DIR]
 * </pre>
 */
public final class LiverTumorSegmentation {

  private LiverTumorSegmentation() {}

  /** Runs the example; the optional argument is the dataset folder (phantoms are written there if it is new). */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "data/example-phantoms");

    // 1. Subjects: a Task03_Liver-layout folder ("ct" and "label" per case), here synthetic phantoms.
    if (!data.resolve(MsdDataset.DESCRIPTOR).toFile().exists()) {
      PhantomGenerator.builder().size(PhantomSize.SMALL).seed(7).build().writeDataset(data, 12, DatasetProgress.NONE);
    }
    SubjectsDataset all = MsdDataset.open(data).training();
    List<Subject> train = all.subjects().subList(0, 10);
    List<Subject> test = all.subjects().subList(10, 12);

    // 2. Preprocessing: CropOrPad to a fixed shape, then the liver HU window [-100, 400] mapped to [0, 1].
    Transform crop = CropOrPad.builder().target(96, 96, 48).build();
    Transform window = Compose.of(Clamp.builder().min(-100).max(400).build(),
        RescaleIntensity.builder().inMinMax(-100, 400).outMinMax(0, 1).build());
    Transform augment = RandomAffine.builder().scales(0.9, 1.1).degrees(10).p(0.5).build();
    SubjectsDataset trainSet = SubjectsDataset.of(train, Compose.of(crop, window, augment));

    // 3. Patches: a LabelSampler centred on background / liver / tumour with p = 0.2 / 0.3 / 0.5, in a Queue.
    Shape patch = Shape.of(48, 48, 32);
    LabelSampler sampler = new LabelSampler(patch, "label", Map.of(0, 0.2, 1, 0.3, 2, 0.5));

    // 4. The 3D U-Net: Adam, cross-entropy weighted 1 / 1 / 3 for background / liver / tumour.
    ComputationGraph net = UNet3D.builder().filters(8, 16, 32).classWeights(1, 1, 3).learningRate(1e-3).seed(42)
        .build().build();

    // 5. Patch-wise training: batches straight from the queue into ND4J arrays [b, c, z, y, x].
    try (Queue queue = Queue.builder().dataset(trainSet).sampler(sampler).maxLength(40).samplesPerVolume(8)
        .numWorkers(2).seed(42).build()) {
      for (int epoch = 1; epoch <= 8; epoch++) {
        double loss = 0;
        int steps = 0;
        for (List<Patch> batch : Iterables.partition(queue, 4)) {
          INDArray x = Nd4j.create(BatchCollator.collate(batch, "ct"), BatchCollator.shape(batch, List.of("ct")), 'c');
          INDArray y = Nd4j.create(BatchCollator.oneHot(batch, "label", 3), BatchCollator.oneHotShape(batch, 3), 'c');
          net.fit(new DataSet(x, y));
          loss += net.score() / patch.voxels();
          steps++;
        }
        System.out.printf("epoch %d: loss %.4f%n", epoch, loss / steps);
      }
    }

    // 6. Inference: a grid of overlapping patches over the whole volume, in batches, aggregated, arg-max,
    //    then the CropOrPad undone so that the mask lies on the original scan's grid.
    for (Subject original : test) {
      Subject cropped = crop.apply(original);
      GridSampler grid = new GridSampler(window.apply(cropped), patch, new int[] {8});
      GridAggregator aggregator = new GridAggregator(grid, GridAggregator.Mode.HANN);
      for (List<Patch> batch : grid.batches(4)) {
        INDArray x = Nd4j.create(BatchCollator.collate(batch, "ct"), BatchCollator.shape(batch, List.of("ct")), 'c');
        float[] probabilities = net.outputSingle(x).dup('c').data().asFloat();
        aggregator.add(probabilities, batch.stream().map(Patch::location).toList());
      }
      LabelMap mask = argMax(aggregator.output());
      LabelMap onOriginal = Transforms.inverse(cropped.withImage("prediction", mask)).labelMap("prediction");
      Path out = Path.of(original.id() + "_prediction.nii.gz");
      Nifti.write(out, onOriginal);
      System.out.printf("%s: liver Dice %.3f, tumour Dice %.3f -> %s%n", original.id(),
          dice(onOriginal, original.labelMap("label"), 1), dice(onOriginal, original.labelMap("label"), 2), out);
    }
  }

  /** The most probable class per voxel. */
  static LabelMap argMax(ScalarImage probabilities) {
    int n = probabilities.shape().voxelsAsInt();
    float[] p = probabilities.voxels();
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int c = 1; c < probabilities.channels(); c++) {
        if (p[c * n + i] > p[best * n + i]) {
          best = c;
        }
      }
      labels[i] = (byte) best;
    }
    return LabelMap.of(new ImageGeometry(probabilities.shape(), 1, probabilities.affine()), labels);
  }

  /** Dice of the voxels labelled at least {@code label} (1: liver with tumours, 2: tumours). */
  static double dice(LabelMap a, LabelMap b, int label) {
    long both = 0;
    long na = 0;
    long nb = 0;
    for (int i = 0; i < a.labels().length; i++) {
      boolean x = (a.labels()[i] & 0xFF) >= label;
      boolean y = (b.labels()[i] & 0xFF) >= label;
      na += x ? 1 : 0;
      nb += y ? 1 : 0;
      both += x && y ? 1 : 0;
    }
    return na + nb == 0 ? 1 : 2.0 * both / (na + nb);
  }
}
