package org.liverseg.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.models.metrics.CaseScores;
import org.liverseg.models.task03.Task03;
import org.liverseg.phantoms.PhantomSize;

/**
 * The step-by-step example, end to end, on tiny phantoms and a tiny network (quality is not
 * asserted).
 */
class LiverTumorSegmentationTest {

  @Test
  @Timeout(120)
  void runsEveryStepOnTinyPhantoms(@TempDir Path dir) throws Exception {
    LiverTumorSegmentation.Sizes tiny =
        new LiverTumorSegmentation.Sizes(
            PhantomSize.TINY,
            2,
            1,
            Shape.of(48, 48, 24),
            Shape.of(32, 32, 16),
            new int[] {4, 8},
            1,
            2);
    Path data = dir.resolve("data");
    List<CaseScores> scores = LiverTumorSegmentation.run(data, dir, tiny);

    assertEquals(List.of("liver_2"), scores.stream().map(CaseScores::caseId).toList());
    for (CaseScores s : scores) {
      double liver = s.dice(Task03.LIVER);
      double tumour = s.dice(Task03.TUMOUR);
      assertTrue(Double.isFinite(liver) && liver >= 0 && liver <= 1, s.toString());
      assertTrue(Double.isFinite(tumour) && tumour >= 0 && tumour <= 1, s.toString());
      LabelMap mask = LabelMap.read(dir.resolve(s.caseId() + "_prediction.nii.gz"));
      ScalarImage ct = ScalarImage.read(data.resolve("imagesTr").resolve(s.caseId() + ".nii.gz"));
      assertEquals(ct.shape(), mask.shape(), "the mask lies on the original scan's grid");
      assertTrue(mask.affine().isClose(ct.affine(), 1e-6), mask.affine() + " vs " + ct.affine());
    }
  }
}
