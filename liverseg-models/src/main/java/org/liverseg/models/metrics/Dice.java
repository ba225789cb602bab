package org.liverseg.models.metrics;

/**
 * Counts per-class overlaps of a predicted label volume against the ground truth.
 *
 * <p>Labels are unsigned bytes (0 background, 1 liver, 2 tumour for Task03_Liver); voxels with a label
 * at or above {@code classes} in either volume are an error.
 */
public final class Dice {

    /** Label of the liver in Task03_Liver. */
    public static final int LIVER = 1;
    /** Label of the tumour in Task03_Liver. */
    public static final int TUMOUR = 2;

    private Dice() {
    }

    /**
     * Per-class overlap of {@code prediction} against {@code truth}.
     *
     * @param caseId     name used in the result and in error messages
     * @param truth      ground-truth labels, one per voxel (read as unsigned)
     * @param prediction predicted labels in the same voxel order
     * @param classes    number of classes (3 for background, liver, tumour)
     */
    public static CaseScores score(String caseId, byte[] truth, byte[] prediction, int classes) {
        if (truth.length != prediction.length) {
            throw new IllegalArgumentException("case " + caseId + ": truth has " + truth.length
                    + " voxels but prediction has " + prediction.length);
        }
        if (classes < 1 || classes > 256) {
            throw new IllegalArgumentException("classes must be in 1..256, got " + classes);
        }
        long[][] joint = new long[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            int t = truth[i] & 0xff;
            int p = prediction[i] & 0xff;
            if (t >= classes || p >= classes) {
                throw new IllegalArgumentException("case " + caseId + ": voxel " + i + " has label "
                        + (t >= classes ? "truth " + t : "prediction " + p) + ", but only " + classes + " classes");
            }
            joint[t][p]++;
        }
        Overlap[] out = new Overlap[classes];
        for (int c = 0; c < classes; c++) {
            long tp = joint[c][c];
            long predicted = 0;
            long actual = 0;
            for (int k = 0; k < classes; k++) {
                predicted += joint[k][c];
                actual += joint[c][k];
            }
            out[c] = new Overlap(tp, predicted - tp, actual - tp);
        }
        return new CaseScores(caseId, out);
    }
}
