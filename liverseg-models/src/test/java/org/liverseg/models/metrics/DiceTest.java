package org.liverseg.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DiceTest {

    @Test
    void countsAHandWorkedExample() {
        byte[] truth = {0, 1, 1, 1, 2, 2, 0, 0};
        byte[] pred = {0, 1, 1, 0, 2, 1, 1, 0};
        CaseScores s = Dice.score("c1", truth, pred, 3);
        assertEquals(new Overlap(2, 2, 1), s.overlap(Dice.LIVER));
        assertEquals(4.0 / 7, s.dice(Dice.LIVER), 1e-12);
        assertEquals(0.5, s.overlap(Dice.LIVER).precision(), 1e-12);
        assertEquals(2.0 / 3, s.overlap(Dice.LIVER).recall(), 1e-12);
        assertEquals(new Overlap(1, 0, 1), s.overlap(Dice.TUMOUR));
        assertEquals(2.0 / 3, s.dice(Dice.TUMOUR), 1e-12);
    }

    @Test
    void noTumourInTruthAndPredictionCountsAsPerfect() {
        byte[] truth = {0, 1, 1, 0};
        CaseScores s = Dice.score("tumour-free", truth, truth.clone(), 3);
        assertTrue(s.overlap(Dice.TUMOUR).bothEmpty());
        assertEquals(1.0, s.dice(Dice.TUMOUR));
        assertEquals(1.0, s.overlap(Dice.TUMOUR).precision());
        assertEquals(1.0, s.overlap(Dice.TUMOUR).recall());
    }

    @Test
    void aTumourOnOnlyOneSideScoresZero() {
        byte[] truth = {0, 1, 2, 0};
        byte[] pred = {0, 1, 1, 0};
        assertEquals(0.0, Dice.score("missed", truth, pred, 3).dice(Dice.TUMOUR));
        assertEquals(0.0, Dice.score("invented", pred, truth, 3).dice(Dice.TUMOUR));
    }

    @Test
    void summaryAveragesCasesAndPoolsVoxels() {
        DiceSummary sum = new DiceSummary(3);
        sum.add(new CaseScores("a", new Overlap[] {Overlap.EMPTY, new Overlap(9, 1, 0), Overlap.EMPTY}));
        sum.add(new CaseScores("b", new Overlap[] {Overlap.EMPTY, new Overlap(1, 1, 0), new Overlap(0, 1, 0)}));
        assertEquals((18.0 / 19 + 2.0 / 3) / 2, sum.meanDice(Dice.LIVER), 1e-12);
        assertEquals(20.0 / 22, sum.globalDice(Dice.LIVER), 1e-12);
        assertEquals(0.5, sum.meanDice(Dice.TUMOUR), 1e-12); // 1 (both empty) and 0
        assertEquals(0.0, sum.globalDice(Dice.TUMOUR), 1e-12);
    }

    @Test
    void badInputsNameTheCaseAndTheValue() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Dice.score("x7", new byte[] {0, 3}, new byte[] {0, 0}, 3));
        assertTrue(e.getMessage().contains("x7") && e.getMessage().contains("truth 3"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> Dice.score("x8", new byte[2], new byte[3], 3));
        assertTrue(e2.getMessage().contains("x8"), e2.getMessage());
    }

    @Provide
    Arbitrary<byte[]> labels() {
        return Arbitraries.bytes().between((byte) 0, (byte) 2).array(byte[].class).ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 200)
    void diceIsSymmetricBoundedAndOneForIdenticalVolumes(@ForAll("labels") byte[] truth, @ForAll long seed) {
        java.util.Random r = new java.util.Random(seed);
        byte[] pred = new byte[truth.length];
        for (int i = 0; i < pred.length; i++) {
            pred[i] = (byte) r.nextInt(3);
        }
        CaseScores ab = Dice.score("ab", truth, pred, 3);
        CaseScores ba = Dice.score("ba", pred, truth, 3);
        CaseScores same = Dice.score("aa", truth, truth, 3);
        long total = 0;
        for (int c = 0; c < 3; c++) {
            assertEquals(ab.dice(c), ba.dice(c), 1e-12);
            assertEquals(ab.overlap(c).precision(), ba.overlap(c).recall(), 1e-12);
            assertTrue(ab.dice(c) >= 0 && ab.dice(c) <= 1);
            assertEquals(1.0, same.dice(c));
            total += ab.overlap(c).truePositives() + ab.overlap(c).falseNegatives();
        }
        assertEquals(truth.length, total);
    }
}
