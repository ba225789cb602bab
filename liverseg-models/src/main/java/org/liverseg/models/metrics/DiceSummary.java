package org.liverseg.models.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Dice over a set of cases, two ways: the mean of per-case Dice (each case counts once, the usual MSD
 * ranking) and the global Dice of all voxels pooled (large livers weigh more).
 *
 * <p>Cases where a class is absent from truth and prediction count with Dice 1 in the per-case mean (see
 * {@link Overlap}); they add nothing to the global counts.
 */
public final class DiceSummary {

    private final int classes;
    private final List<CaseScores> cases = new ArrayList<>();
    private final Overlap[] global;

    /** An empty summary for {@code classes} classes. */
    public DiceSummary(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, got " + classes);
        }
        this.classes = classes;
        this.global = new Overlap[classes];
        Arrays.fill(global, Overlap.EMPTY);
    }

    /** Adds one case. */
    public void add(CaseScores c) {
        if (c.perClass().length != classes) {
            throw new IllegalArgumentException("case " + c.caseId() + " has " + c.perClass().length
                    + " classes, summary has " + classes);
        }
        cases.add(c);
        for (int k = 0; k < classes; k++) {
            global[k] = global[k].plus(c.overlap(k));
        }
    }

    /** The cases added so far, in order. */
    public List<CaseScores> cases() {
        return List.copyOf(cases);
    }

    /** Mean over cases of the per-case Dice of {@code label}; NaN when no case was added. */
    public double meanDice(int label) {
        return cases.stream().mapToDouble(c -> c.dice(label)).average().orElse(Double.NaN);
    }

    /** Pooled overlap of {@code label} over all cases. */
    public Overlap global(int label) {
        return global[label];
    }

    /** Dice of the pooled counts of {@code label}. */
    public double globalDice(int label) {
        return global[label].dice();
    }
}
