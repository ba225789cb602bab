package org.liverseg.examples.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;

class DiceTest {

  private static LabelMap labels(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return LabelMap.of(Shape.of(v.length, 1, 1), Affine.identity(), b);
  }

  @Test
  void liverCountsTumourVoxelsAndTumourIsLabelTwo() {
    LabelMap truth = labels(0, 1, 1, 2, 2, 0);
    LabelMap pred = labels(0, 1, 2, 2, 0, 1);
    CaseScore s = Dice.score("c", pred, truth);
    // liver: truth {1,2,3,4}, pred {1,2,3,5}: 2*3/8
    assertEquals(0.75, s.diceLiver(), 1e-12);
    // tumour: truth {3,4}, pred {2,3}: 2*1/4
    assertEquals(0.5, s.diceTumour(), 1e-12);
    assertEquals(4, s.truthLiverVoxels());
    assertEquals(2, s.truthTumourVoxels());
    assertEquals(2, s.predictedTumourVoxels());
  }

  @Test
  void emptyAndEmptyIsOneAndOneSidedEmptyIsZero() {
    assertEquals(1.0, Dice.score("c", labels(0, 1), labels(0, 1)).diceTumour());
    assertEquals(0.0, Dice.score("c", labels(2, 1), labels(1, 1)).diceTumour());
    assertEquals(0.0, Dice.score("c", labels(1, 1), labels(2, 1)).diceTumour());
  }

  @Test
  void meansSeparateCasesWithTumours() {
    List<CaseScore> s = List.of(new CaseScore("a", 0.9, 0.5, 10, 5, 10, 5), new CaseScore("b", 0.8, 1.0, 10, 0, 10, 0));
    assertEquals(0.85, CaseScore.meanLiver(s), 1e-12);
    assertEquals(0.75, CaseScore.meanTumour(s), 1e-12);
    assertEquals(0.5, CaseScore.meanTumourWithTumour(s), 1e-12);
  }

  @Test
  void shapeMismatchIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> Dice.score("c", labels(0, 1), labels(0, 1, 2)));
  }
}
