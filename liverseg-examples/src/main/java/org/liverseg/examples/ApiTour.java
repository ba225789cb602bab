package org.liverseg.examples;

import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectsDataset;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.models.UNet3D;
import org.liverseg.models.batch.PatchBatches;
import org.liverseg.models.metrics.Dice;
import org.liverseg.models.prediction.SegmentationPredictor;
import org.liverseg.models.task03.Task03;
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
 * The README's "API tour", as code that compiles and runs: an MSD Task03_Liver folder, crop and HU
 * window, random affine augmentation, a label sampler in a patch queue, one epoch of a 3D U-Net,
 * whole-volume prediction mapped back onto the scan's grid, and the tumour Dice of case 11. The
 * README shows the lines between the {@code tour} markers (its test checks that they agree); {@link
 * LiverTumorSegmentation} is the longer, printed version.
 *
 * <pre>
 * java -cp ... org.liverseg.examples.ApiTour [TASK03_DIR]   (default data/Task03_Liver, 12+ cases)
 * </pre>
 */
public final class ApiTour {

  private ApiTour() {}

  /** Runs the tour on the given dataset folder (default {@code data/Task03_Liver}). */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "data/Task03_Liver");
    System.out.printf("liver_11: tumour Dice %.3f%n", tour(data));
  }

  /**
   * The tour: trains on the first 10 cases of the MSD folder {@code data}, segments case 11, writes
   * its mask next to the folder ({@code liver_11_mask.nii.gz}) and returns its tumour Dice.
   */
  static double tour(Path data) throws Exception {
    // tour:start
    SubjectsDataset all = MsdDataset.open(data).training(); // lazy "ct" + "label"
    Transform crop = CropOrPad.to(96, 96, 48);
    Transform window =
        Compose.of(Clamp.of(-100, 400), RescaleIntensity.builder().inMinMax(-100, 400).build());
    Transform augment = RandomAffine.builder().scales(0.9, 1.1).degrees(10).p(0.5).build();
    SubjectsDataset train =
        all.select(all.ids().subList(0, 10)).withTransform(Compose.of(crop, window, augment));
    Shape patch = Shape.of(48, 48, 16);
    LabelSampler sampler = new LabelSampler(patch, "label", Map.of(0, 0.2, 1, 0.3, 2, 0.5));
    ComputationGraph net =
        UNet3D.builder().filters(8, 16, 32).classWeights(1, 1, 3).build().newNetwork();
    try (PatchQueue queue =
        PatchQueue.builder()
            .dataset(train)
            .sampler(sampler)
            .maxLength(40)
            .samplesPerVolume(4)
            .numWorkers(2)
            .seed(42)
            .build()) {
      net.fit(PatchBatches.over(queue).batchSize(4).inputs("ct").oneHot("label", 3)); // one epoch
    }
    SegmentationPredictor predictor =
        SegmentationPredictor.builder()
            .network(net)
            .patchSize(patch)
            .keepLargestLiver(true)
            .build();
    Subject cropped = crop.apply(all.get(11)); // only the crop is undone below
    LabelMap onGrid = predictor.predict(window.apply(cropped)).labels(); // grid of patches, Hann
    LabelMap mask = Transforms.inverse(cropped.withImage("mask", onGrid)).labelMap("mask");
    Nifti.write(data.resolveSibling("liver_11_mask.nii.gz"), mask); // the scan's shape and affine
    double tumourDice =
        Dice.score("liver_11", all.get(11).labelMap("label"), mask, 3).dice(Task03.TUMOUR);
    // tour:end
    return tumourDice;
  }
}
