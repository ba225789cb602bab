package org.liverseg.spark;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Prints a job's progress, one line per finished case, and its summary: what {@code liverseg
 * spark-predict} and {@link SegmentationApp} show.
 *
 * <pre>
 * [3/8] liver_2 ok 4.1 s: liver 1234.6 mL, tumour 12.3 mL in 2 tumours (burden 1.0%)
 * [7/8] truncated failed 0.1 s: /data/truncated.nii.gz: file ends after 1048 of 2048 bytes
 * 8 cases in 35.2 s: 6 ok, 0 skipped, 2 failed
 * </pre>
 */
public final class ConsoleProgress implements CaseListener {

  private final PrintWriter out;

  /** Prints to {@code out} (flushed after every line). */
  public ConsoleProgress(PrintWriter out) {
    this.out = requireNonNull(out, "out");
  }

  @Override
  public synchronized void caseFinished(CaseResult r, int finished, int total) {
    out.println("[" + finished + "/" + total + "] " + line(r));
    out.flush();
  }

  /** One case in words. */
  public static String line(CaseResult r) {
    String head =
        String.format(Locale.ROOT, "%s %s %.1f s", r.caseId(), r.status().label(), r.seconds());
    if (r.status() == CaseStatus.FAILED) {
      return head + ": " + r.error();
    }
    MaskStats s = r.stats();
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s: liver %.1f mL, tumour %.1f mL in %d tumour%s",
                head,
                s.liverMl(),
                s.tumourMl(),
                s.tumours(),
                s.tumours() == 1 ? "" : "s"));
    if (s.tumourBurdenPct() != null) {
      b.append(String.format(Locale.ROOT, " (burden %.1f%%)", s.tumourBurdenPct()));
    }
    if (s.diceLiver() != null) {
      b.append(
          String.format(
              Locale.ROOT, ", Dice liver %.4f, tumour %.4f", s.diceLiver(), s.diceTumour()));
    }
    return b.toString();
  }

  /** The summary line of a finished job. */
  public static String summary(List<CaseResult> results, double seconds) {
    long ok = results.stream().filter(r -> r.status() == CaseStatus.OK).count();
    long skipped = results.stream().filter(r -> r.status() == CaseStatus.SKIPPED).count();
    long failed = results.stream().filter(r -> r.status() == CaseStatus.FAILED).count();
    return String.format(
        Locale.ROOT,
        "%d cases in %.1f s: %d ok, %d skipped, %d failed",
        results.size(),
        seconds,
        ok,
        skipped,
        failed);
  }
}
