package org.liverseg.models.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Subject;
import org.liverseg.phantoms.PhantomGenerator;
import org.liverseg.sampling.Patch;
import org.liverseg.sampling.PatchLocation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

class PatchBatchIteratorTest {

  @Test
  void batchesHoldTheVoxelsInNcdhwOrderAndOneHotLabels() {
    Subject s = Phantoms.withTumours(0, 1).get(0);
    List<Patch> patches =
        List.of(
            Patch.of(s, new PatchLocation(3, 5, 2, 11, 9, 8)),
            Patch.of(s, new PatchLocation(20, 30, 10, 28, 34, 16)),
            Patch.of(s, new PatchLocation(0, 0, 0, 8, 4, 6)));
    PatchBatchIterator it = new PatchBatchIterator(patches, 2, List.of("ct"), "label", 3, true);
    assertTrue(it.hasNext());
    MultiDataSet ds = it.next();
    assertFalse(it.hasNext(), "the third patch is a short batch, dropped");
    assertThrows(NoSuchElementException.class, it::next);

    INDArray x = ds.getFeatures(0);
    INDArray y = ds.getLabels(0);
    assertArrayEquals(new long[] {2, 1, 6, 4, 8}, x.shape());
    assertArrayEquals(new long[] {2, 3, 6, 4, 8}, y.shape());
    ScalarImage ct = s.scalarImage(PhantomGenerator.CT);
    LabelMap label = s.labelMap(PhantomGenerator.LABEL);
    for (int b = 0; b < 2; b++) {
      PatchLocation l = patches.get(b).location();
      for (int z = 0; z < 6; z++) {
        for (int yy = 0; yy < 4; yy++) {
          for (int xx = 0; xx < 8; xx++) {
            assertEquals(ct.get(l.i0() + xx, l.j0() + yy, l.k0() + z), x.getFloat(b, 0, z, yy, xx));
            int c = label.get(l.i0() + xx, l.j0() + yy, l.k0() + z);
            for (int k = 0; k < 3; k++) {
              assertEquals(k == c ? 1f : 0f, y.getFloat(b, k, z, yy, xx));
            }
          }
        }
      }
    }
    it.reset();
    assertTrue(it.hasNext(), "reset starts a new pass");
  }

  @Test
  void keepsAShortLastBatchUnlessAskedToDropIt() {
    Subject s = Phantoms.withTumours(0, 1).get(0);
    List<Patch> patches =
        List.of(
            Patch.of(s, new PatchLocation(0, 0, 0, 4, 4, 4)),
            Patch.of(s, new PatchLocation(4, 0, 0, 8, 4, 4)),
            Patch.of(s, new PatchLocation(8, 0, 0, 12, 4, 4)));
    PatchBatchIterator it = new PatchBatchIterator(patches, 2, List.of("ct"), "label", 3, false);
    assertEquals(2, it.next().getFeatures(0).size(0));
    assertEquals(1, it.next().getFeatures(0).size(0));
    assertFalse(it.hasNext());
  }
}
