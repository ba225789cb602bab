package org.liverseg.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDateTime;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liverseg.app.report.OverlayRenderer;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.nifti.Nifti;
import org.liverseg.io.nifti.NiftiDataType;
import org.liverseg.models.metrics.CaseScores;
import org.liverseg.models.task03.Task03;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.phantoms.PhantomSize;

class CaseResultsTest {

  @Test
  void writesAUint8MaskOnTheOriginalGridAndAnOverlay(@TempDir Path dir) throws Exception {
    Subject s = PhantomGenerator.builder().size(PhantomSize.TINY).seed(3).build().generate(0);
    RunFolder f = RunFolder.createTimestamped(dir, LocalDateTime.of(2026, 1, 1, 0, 0));
    CaseResults results = new CaseResults(f, OverlayRenderer.liverWindow(), "ct", "label");
    LabelMap truth = s.labelMap("label");
    CaseScores score = results.write(s, truth);
    assertEquals(1.0, score.dice(Task03.LIVER));
    assertEquals(1.0, score.dice(Task03.TUMOUR));

    Path nii = f.prediction(s.id());
    assertEquals(NiftiDataType.UINT8, Nifti.readHeader(nii).datatype());
    LabelMap back = LabelMap.read(nii);
    assertEquals(truth.shape(), back.shape());
    assertTrue(back.affine().isClose(truth.affine(), 1e-6));
    assertArrayEquals(truth.labels(), back.labels());
    assertNotNull(ImageIO.read(f.overlay(s.id()).toFile()));
  }

  @Test
  void aMaskOnAnotherGridIsRejected(@TempDir Path dir) throws Exception {
    Subject s = PhantomGenerator.builder().size(PhantomSize.TINY).seed(3).build().generate(1);
    RunFolder f = RunFolder.at(dir.resolve("run"));
    CaseResults results = new CaseResults(f, OverlayRenderer.liverWindow(), "ct", "label");
    LabelMap wrong =
        LabelMap.zeros(new org.liverseg.io.ImageGeometry(Shape.of(4, 4, 4), 1, s.affine()));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> results.write(s, wrong));
    assertTrue(e.getMessage().contains("prediction shape 4x4x4"), e.getMessage());
  }
}
