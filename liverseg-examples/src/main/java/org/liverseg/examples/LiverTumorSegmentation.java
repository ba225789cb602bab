package org.liverseg.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectsDataset;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.models.UNet3D;
import org.liverseg.models.batch.PatchBatches;
import org.liverseg.models.metrics.CaseScores;
import org.liverseg.models.metrics.Dice;
import org.liverseg.models.prediction.SegmentationPredictor;
import org.liverseg.models.task03.Task03;
import org.liverseg.phantoms.DatasetProgress;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;
import org.liverseg.sampling.GridAggregator;
import org.liverseg.sampling.LabelSampler;
import org.liverseg.sampling.PatchQueue;
import org.liverseg.transforms.Compose;
import org.liverseg.transforms.Transform;
import org.liverseg.transforms.Transforms;
import org.liverseg.transforms.intensity.Clamp;
import org.liverseg.transforms.intensity.RescaleIntensity;
import org.liverseg.transforms.spatial.CropOrPad;
import org.liverseg.transforms.spatial.RandomAffine;

/**
 * The seed's liver and tumour segmentation, step by step, as plain liverseg calls: subjects,
 * CropOrPad and an HU window, a LabelSampler with p = 0.2 / 0.3 / 0.5, a PatchQueue, a 3D U-Net
 * trained with Adam and tumour-weighted cross-entropy on patches, and whole-volume inference with a
 * {@link SegmentationPredictor} (GridSampler, batches of patches, GridAggregator), scored with
 * Task03's Dice (liver = labels 1 and 2, tumour = label 2). Small sizes so that it runs on a laptop
 * CPU in a few minutes; {@code liverseg pipeline} is the configurable, reported version of the
 * same, and {@code SegmentationTrainer} wraps the training loop of step 5 with validation and
 * checkpoints.
 *
 * <pre>
 * mvn -B -pl liverseg-examples -am package -DskipTests   # once: the jar and target/lib/
 * java -cp liverseg-examples/target/liverseg-examples-0.1.0-SNAPSHOT.jar org.liverseg.examples.LiverTumorSegmentation [DATA_DIR]
 * </pre>
 */
public final class LiverTumorSegmentation {

  /**
   * How big a run is (the tests use a tiny one).
   *
   * @param phantoms size of the phantoms written into a new data folder
   * @param trainCases cases to train on (the first ones)
   * @param testCases cases to segment and score (the next ones)
   * @param crop the shape CropOrPad gives every scan
   * @param patch training and inference patch size
   * @param filters U-Net filters per level
   * @param epochs training epochs
   * @param patchesPerCase patches per training case and epoch
   */
  record Sizes(
      PhantomSize phantoms,
      int trainCases,
      int testCases,
      Shape crop,
      Shape patch,
      int[] filters,
      int epochs,
      int patchesPerCase) {

    /** The example's own sizes: 12 small phantoms, 96x96x48, patches 48x48x32, 8 epochs. */
    static final Sizes EXAMPLE =
        new Sizes(
            PhantomSize.SMALL,
            10,
            2,
            Shape.of(96, 96, 48),
            Shape.of(48, 48, 32),
            new int[] {8, 16, 32},
            8,
            8);
  }

  private LiverTumorSegmentation() {}

  /**
   * Runs the example; the optional argument is the dataset folder (phantoms are written there if it
   * is new).
   */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "data/example-phantoms");
    run(data, Path.of(""), Sizes.EXAMPLE);
  }

  /**
   * The example itself.
   *
   * @param data the dataset folder (phantoms are written there if it has no dataset.json)
   * @param out where the predicted masks go
   * @return the scores of the test cases
   */
  static List<CaseScores> run(Path data, Path out, Sizes sizes) throws Exception {
    // 1. Subjects: a Task03_Liver-layout folder ("ct" and "label" per case), here synthetic
    // phantoms.
    int cases = sizes.trainCases() + sizes.testCases();
    if (!data.resolve(MsdDataset.DESCRIPTOR).toFile().exists()) {
      PhantomGenerator.builder()
          .size(sizes.phantoms())
          .seed(7)
          .build()
          .writeDataset(data, cases, DatasetProgress.NONE);
    }
    SubjectsDataset all = MsdDataset.open(data).training();
    SubjectsDataset train = all.select(all.ids().subList(0, sizes.trainCases()));
    SubjectsDataset test = all.select(all.ids().subList(sizes.trainCases(), cases));

    // 2. Preprocessing: CropOrPad to a fixed shape, then the liver HU window [-100, 400] mapped to
    // [0, 1].
    Transform crop = CropOrPad.to(sizes.crop());
    Transform window =
        Compose.of(
            Clamp.of(-100, 400),
            RescaleIntensity.builder().inMinMax(-100, 400).outMinMax(0, 1).build());
    Transform augment = RandomAffine.builder().scales(0.9, 1.1).degrees(10).p(0.5).build();
    SubjectsDataset trainSet = train.withTransform(Compose.of(crop, window, augment));

    // 3. Patches: a LabelSampler centred on background / liver / tumour with p = 0.2 / 0.3 / 0.5,
    // in a PatchQueue.
    Shape patch = sizes.patch();
    LabelSampler sampler = new LabelSampler(patch, "label", Map.of(0, 0.2, 1, 0.3, 2, 0.5));

    // 4. The 3D U-Net: Adam, cross-entropy weighted 1 / 1 / 3 for background / liver / tumour.
    ComputationGraph net =
        UNet3D.builder()
            .filters(sizes.filters())
            .classWeights(1, 1, 3)
            .learningRate(1e-3)
            .seed(42)
            .build()
            .newNetwork();

    // 5. Patch-wise training: PatchBatches turns each queue epoch into DL4J data sets, the
    // patches collated into ND4J arrays [b, c, z, y, x] and the labels one-hot encoded.
    try (PatchQueue queue =
        PatchQueue.builder()
            .dataset(trainSet)
            .sampler(sampler)
            .maxLength(40)
            .samplesPerVolume(sizes.patchesPerCase())
            .numWorkers(2)
            .seed(42)
            .build()) {
      PatchBatches batches = PatchBatches.over(queue).batchSize(4).inputs("ct").oneHot("label", 3);
      for (int epoch = 1; epoch <= sizes.epochs(); epoch++) {
        double loss = 0;
        int steps = 0;
        batches.reset(); // the next pass is the queue's next epoch
        while (batches.hasNext()) {
          net.fit(batches.next());
          // DL4J's score: summed over a patch's voxels, averaged over the batch
          loss += net.score() / patch.voxels();
          steps++;
        }
        System.out.printf("epoch %d: loss %.4f%n", epoch, loss / steps);
      }
    }

    // 6. Inference: a grid of overlapping patches over the whole volume, in batches, aggregated
    // with a Hann
    //    window, arg-max, the largest connected liver kept; then the CropOrPad undone so that the
    // mask lies on
    //    the original scan's grid, and Task03's Dice: liver = labels 1 and 2, tumour = label 2.
    SegmentationPredictor predictor =
        SegmentationPredictor.builder()
            .network(net)
            .inputImages("ct")
            .patchSize(patch)
            .overlap(8)
            .batchSize(4)
            .mode(GridAggregator.Mode.HANN)
            .keepLargestLiver(true)
            .build();
    List<CaseScores> scores = new ArrayList<>();
    for (Subject original : test) {
      Subject cropped = crop.apply(original);
      LabelMap mask = predictor.predict(window.apply(cropped)).labels();
      LabelMap onOriginal =
          Transforms.inverse(cropped.withImage("prediction", mask)).labelMap("prediction");
      Path file = out.resolve(original.id() + "_prediction.nii.gz");
      SegmentationPredictor.writeNifti(onOriginal, file);
      CaseScores s = Dice.score(original.id(), original.labelMap("label"), onOriginal, 3);
      System.out.printf(
          "%s: liver Dice %.3f, tumour Dice %.3f -> %s%n",
          original.id(), s.dice(Task03.LIVER), s.dice(Task03.TUMOUR), file);
      scores.add(s);
    }
    return scores;
  }
}
