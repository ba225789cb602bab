package org.liverseg.models.metrics;

import java.util.Arrays;

/**
 * Per-class {@link Overlap} of one case (one whole volume).
 *
 * @param caseId   the subject's id
 * @param perClass overlap indexed by class label (index 0 is background)
 */
public record CaseScores(String caseId, Overlap[] perClass) {

    /** Copies the array so the record stays immutable. */
    public CaseScores {
        perClass = perClass.clone();
    }

    /** The overlap of class {@code label}. */
    public Overlap overlap(int label) {
        if (label < 0 || label >= perClass.length) {
            throw new IllegalArgumentException("class " + label + " outside 0.." + (perClass.length - 1)
                    + " for case " + caseId);
        }
        return perClass[label];
    }

    /** Dice of class {@code label} (see {@link Overlap#dice()} for the empty rule). */
    public double dice(int label) {
        return overlap(label).dice();
    }

    @Override
    public Overlap[] perClass() {
        return perClass.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CaseScores c && caseId.equals(c.caseId) && Arrays.equals(perClass, c.perClass);
    }

    @Override
    public int hashCode() {
        return 31 * caseId.hashCode() + Arrays.hashCode(perClass);
    }

    @Override
    public String toString() {
        return "CaseScores[" + caseId + ", " + Arrays.toString(perClass) + "]";
    }
}
