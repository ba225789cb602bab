package org.liverseg.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.liverseg.io.Affine;
import org.liverseg.io.LabelMap;
import org.liverseg.io.Shape;
import org.liverseg.models.metrics.CaseScores;
import org.liverseg.models.metrics.Dice;
import org.liverseg.models.task03.Task03;

class EvaluationTest {

  private static LabelMap labels(int... values) {
    byte[] b = new byte[8];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return LabelMap.of(Shape.of(2, 2, 2), Affine.identity(), b);
  }

  /**
   * {@code Evaluation.score} takes truth then prediction, as the library's {@code Dice.score} does
   * (they used to take them in opposite orders): the counts land on the right side.
   */
  @Test
  void truthComesFirstAsInDiceScore() {
    LabelMap truth = labels(1, 1, 2);
    LabelMap prediction = labels(1);
    CaseScores s = Evaluation.score("c", truth, prediction, "here");
    assertEquals(3, s.overlap(Task03.LIVER).truthVoxels());
    assertEquals(1, s.overlap(Task03.LIVER).predictedVoxels());
    assertEquals(1, s.overlap(Task03.TUMOUR).truthVoxels());
    assertEquals(0, s.overlap(Task03.TUMOUR).predictedVoxels());
    assertEquals(Dice.score("c", truth, prediction, Task03.CLASSES), s);
  }
}
