package org.liverseg.models.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.models.metrics.Dice;
import org.liverseg.models.task03.Task03;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;
import org.liverseg.transforms.Compose;
import org.liverseg.transforms.spatial.CropOrPad;
import org.liverseg.transforms.spatial.Resample;

/**
 * A tiny trained model with a plan (fixture {@code tiny-plan-model.zip}: 4/8/16 filters, no batch
 * normalisation, trained by the pipeline on 6 tiny phantoms at about 4 x 4 x 9 mm; see the
 * fixture's README) segments tiny phantoms it never saw, as given and resampled to another voxel
 * size and extent: the mask always has the input's shape and affine, and the liver Dice on the
 * resampled scans stays near the Dice on the originals.
 */
class AcrossVoxelSizesTest {

  @TempDir static Path dir;

  private static SegmentationModel model;

  @BeforeAll
  static void load() throws IOException {
    Path file = dir.resolve("tiny-plan-model.zip");
    try (InputStream in = AcrossVoxelSizesTest.class.getResourceAsStream("tiny-plan-model.zip")) {
      Files.copy(in, file);
    }
    model = SegmentationModel.load(file);
  }

  /** Cases of a seed no training used. */
  private static Subject phantom(int index) {
    return PhantomGenerator.builder().size(PhantomSize.TINY).seed(2024).build().generate(index);
  }

  private static double liverDice(Subject s) {
    ScalarImage ct = s.scalarImage(PhantomGenerator.CT);
    LabelMap truth = s.labelMap(PhantomGenerator.LABEL);
    LabelMap mask = model.segment(ct).mask();
    assertEquals(ct.shape(), mask.shape());
    assertEquals(ct.affine(), mask.affine());
    return Dice.score(s.id(), truth, mask, Task03.CLASSES).dice(Task03.LIVER);
  }

  @Test
  void liverDiceHoldsAtAnotherVoxelSizeAndExtent() {
    double original = 0;
    double resampled = 0;
    int cases = 3;
    StringBuilder report = new StringBuilder();
    for (int i = 0; i < cases; i++) {
      Subject s = phantom(i);
      double[] sp = s.spacing();
      // 0.6x the in-plane spacing and half the slice spacing (about 2.4 x 2.4 x 5 mm: 2-4 times the
      // voxels), then cut or padded to another extent: 70 x 90 x 40 voxels
      Subject other =
          Compose.of(
                  Resample.builder().spacing(0.6 * sp[0], 0.6 * sp[1], 0.5 * sp[2]).build(),
                  CropOrPad.to(Shape.of(70, 90, 40)))
              .apply(s);
      double a = liverDice(s);
      double b = liverDice(other);
      original += a / cases;
      resampled += b / cases;
      report.append(
          String.format(Locale.ROOT, "%s: %.4f -> %.4f (%s); ", s.id(), a, b, other.shape()));
    }
    // Measured when the fixture was made: 0.823 -> 0.822, 0.843 -> 0.828, 0.880 -> 0.871 (means
    // 0.849 and 0.840: the resampled scans lose 0.009, at most 0.015 in a case). The margin of 0.05
    // is about 6 times that, room for another interpolation rule or phantom revision; a mask on
    // the wrong grid scores about 0, and a model that ignored the voxel size lost about half its
    // Dice on the finer scans (0.92 -> 0.43).
    assertTrue(original > 0.75, report.toString());
    assertTrue(resampled > original - 0.05, report.toString());
  }
}
