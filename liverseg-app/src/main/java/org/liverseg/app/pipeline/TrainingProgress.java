package org.liverseg.app.pipeline;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.liverseg.models.training.EpochReport;
import org.liverseg.models.training.TrainingProgressListener;

/**
 * Shows training progress: one progress bar per epoch with the epoch, iteration, running loss,
 * patches per second and the estimated time left for the whole training, plus a summary line when
 * the epoch ends. With bars disabled (not a terminal, tests, CI logs) only the summary lines are
 * printed. It listens to a {@code SegmentationTrainer}.
 */
public final class TrainingProgress implements TrainingProgressListener, AutoCloseable {

  private final int epochs;
  private final long iterationsPerEpoch;
  private final int batchSize;
  private final PrintStream out;
  private final boolean bars;
  private final long t0 = System.nanoTime();

  private ProgressBar bar;
  private int epoch;
  private long iterationsDone;
  private long epochStart;
  private long iterationInEpoch;
  private double lossSum;
  private long lossCount;

  /**
   * @param epochs epochs planned
   * @param iterationsPerEpoch optimisation steps per epoch
   * @param batchSize patches per step (for patches/s)
   * @param out where to print (usually stderr)
   * @param bars whether to draw bars (false: summary lines only)
   */
  public TrainingProgress(
      int epochs, long iterationsPerEpoch, int batchSize, PrintStream out, boolean bars) {
    this.epochs = epochs;
    this.iterationsPerEpoch = iterationsPerEpoch;
    this.batchSize = batchSize;
    this.out = out;
    this.bars = bars;
  }

  /** Starts epoch {@code e} (from 1). */
  @Override
  public synchronized void epochStarted(int e) {
    closeBar();
    epoch = e;
    epochStart = System.nanoTime();
    iterationInEpoch = 0;
    lossSum = 0;
    lossCount = 0;
    if (bars) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", e, epochs))
              .setInitialMax(iterationsPerEpoch)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(500)
              .setConsumer(new ConsoleProgressBarConsumer(out))
              .setUnit(" it", 1)
              .continuousUpdate()
              .build();
    }
  }

  /** One optimisation step of the current epoch finished with this loss. */
  @Override
  public synchronized void iterationDone(int e, long iteration, double loss) {
    iterationInEpoch++;
    iterationsDone++;
    if (Double.isFinite(loss)) {
      lossSum += loss;
      lossCount++;
    }
    if (bar != null) {
      bar.stepTo(iterationInEpoch);
      bar.setExtraMessage(
          String.format(
              Locale.ROOT,
              " loss %.4f | %.1f patches/s | ETA total %s",
              meanLoss(),
              patchesPerSecond(),
              eta()));
    }
  }

  /** The mean loss of the current epoch so far. */
  public synchronized double meanLoss() {
    return lossCount == 0 ? Double.NaN : lossSum / lossCount;
  }

  /** Training patches per second in the current epoch. */
  public synchronized double patchesPerSecond() {
    double s = (System.nanoTime() - epochStart) / 1e9;
    return s <= 0 ? 0 : iterationInEpoch * batchSize / s;
  }

  /** Ends the epoch and prints its summary line. */
  @Override
  public synchronized void epochDone(EpochReport m) {
    closeBar();
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "epoch %d/%d: loss %.4f, %.1f patches/s, %.0f s",
                m.epoch(),
                epochs,
                m.meanLoss(),
                m.patchesPerSecond(),
                m.seconds()));
    if (m.validated()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "; validation Dice liver %.3f, tumour %.3f",
              m.liverDice(),
              m.tumourDice()));
    }
    sb.append(", ETA total ").append(eta());
    out.println(sb);
    out.flush();
  }

  /** Estimated time left for all epochs, from the average step time so far in this process. */
  private String eta() {
    if (iterationsDone == 0) {
      return "?";
    }
    // Iterations still to run: the rest of this epoch and the epochs after it (a resumed run starts
    // late).
    long remaining =
        (epochs - epoch) * iterationsPerEpoch + Math.max(0, iterationsPerEpoch - iterationInEpoch);
    double perIt = (System.nanoTime() - t0) / 1e9 / iterationsDone;
    long left = Math.max(0, Math.round(perIt * remaining));
    Duration d = Duration.ofSeconds(left);
    return String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  @Override
  public synchronized void close() {
    closeBar();
  }
}
