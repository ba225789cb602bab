package org.liverseg.spark;

import com.google.common.collect.Iterators;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.models.NativeThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one {@link SegmentationJob} task: its cases, one at a time. The returned iterator
 * segments a case only when Spark asks for its row, so a partition's volumes are never in memory
 * together.
 *
 * <p>Per task: ND4J's OpenMP threads are set to the task's CPUs ({@code spark.task.cpus}), and the
 * model is borrowed from the JVM's {@link ModelCache} on the first case that needs it (a rerun
 * whose cases are all complete loads no model) and returned when the task ends, whether it
 * succeeded or not.
 *
 * <p>Per case: a complete mask of the same model and input is kept ({@code skipped}, or {@code ok}
 * when an earlier attempt of this same run made it: a retried task reports what the first attempt
 * did); otherwise the scan is checked, segmented, scored, and the mask and its sidecar are written
 * ({@link MaskStore}). Anything that goes wrong with the case (missing, truncated or non-NIfTI
 * file, NaN voxels, a 2D image, a label on another grid...) makes a {@code failed} row; only a
 * model that cannot be loaded fails the task (and, after Spark's retries, the job), because then no
 * case of the job can succeed.
 */
final class SegmentCases implements FlatMapFunction<Iterator<CaseInput>, Row> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SegmentCases.class);

  private final Settings settings;
  private final CollectionAccumulator<CaseResult> finished;

  /**
   * What every task of a job needs.
   *
   * @param runId the run's id (names temporary files, marks sidecars)
   * @param masks the masks folder (absolute)
   * @param model where the model comes from
   */
  record Settings(String runId, String masks, ModelSource model) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * @param finished told about every finished case (for driver-side progress), or null
   */
  SegmentCases(Settings settings, CollectionAccumulator<CaseResult> finished) {
    this.settings = settings;
    this.finished = finished;
  }

  @Override
  public Iterator<Row> call(Iterator<CaseInput> cases) {
    TaskContext tc = TaskContext.get();
    int cpus = tc == null ? 1 : Math.max(1, tc.cpus());
    NativeThreads.apply(cpus);
    Worker w = new Worker(settings, cpus);
    if (tc != null) {
      tc.addTaskCompletionListener((TaskCompletionListener) ctx -> w.close());
    }
    return Iterators.transform(
        cases,
        c -> {
          CaseResult r = w.process(c);
          if (finished != null) {
            finished.add(r);
          }
          return r.toRow();
        });
  }

  /** Thrown when the model cannot be loaded: fails the task instead of the case. */
  static final class ModelUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ModelUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** One task's state: the masks folder and, once needed, its model instance. */
  static final class Worker implements AutoCloseable {
    private final Settings settings;
    private final MaskStore store;
    private final int cpus;
    private ModelCache.Lease lease;

    Worker(Settings settings, int cpus) {
      this.settings = settings;
      this.store = new MaskStore(Path.of(settings.masks()), settings.runId());
      this.cpus = cpus;
    }

    /** The row of case {@code c}; never throws for a problem of the case itself. */
    CaseResult process(CaseInput c) {
      long t0 = System.nanoTime();
      ImageGeometry geometry = null;
      try {
        String sha = settings.model().sha256();
        Optional<MaskRecord> done = store.completed(c, sha);
        if (done.isPresent()) {
          return kept(c, done.get(), t0);
        }
        Path image = Path.of(c.image());
        geometry = ScalarImage.lazy(image).geometry(); // header only: the row's shape and spacing
        if (c.label() != null) { // a label on another grid fails before the costly part
          MaskStats.requireSameGrid(
              c.caseId(), LabelMap.lazy(Path.of(c.label())).geometry(), geometry);
        }
        long inputBytes = Files.size(image);
        long inputModified = Files.getLastModifiedTime(image).toMillis();
        long t1 = System.nanoTime();
        CaseSegmenter.Segmentation s = segmenter().segment(c.caseId(), image);
        long t2 = System.nanoTime();
        LabelMap truth = c.label() == null ? null : LabelMap.read(Path.of(c.label()));
        MaskStats stats = MaskStats.of(c.caseId(), s.mask(), truth);
        long t3 = System.nanoTime();
        MaskStore.Written written = store.writeMask(c.caseId(), s.mask(), cpus);
        FaultInjection.afterMaskWritten(c.caseId());
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (LOG.isDebugEnabled()) {
          LOG.debug(
              String.format(
                  Locale.ROOT,
                  "case %s: checks %.3f s, model %.3f s (read %.3f, segment %.3f), stats %.3f s,"
                      + " mask %.3f s",
                  c.caseId(),
                  (t1 - t0) / 1e9,
                  (t2 - t1) / 1e9,
                  s.readSeconds(),
                  s.segmentSeconds(),
                  (t3 - t2) / 1e9,
                  seconds - (t3 - t0) / 1e9));
        }
        store.writeRecord(
            new MaskRecord(
                c.caseId(),
                c.image(),
                inputBytes,
                inputModified,
                settings.model().fileName(),
                sha,
                written.sha256(),
                written.bytes(),
                settings.runId(),
                seconds,
                Instant.now().toString()));
        return CaseResult.done(c, store.mask(c.caseId()), s.scan(), stats, seconds, CaseStatus.OK);
      } catch (FaultInjection.InjectedFault | ModelUnavailableException e) {
        throw e;
      } catch (Exception | OutOfMemoryError e) {
        return CaseResult.failed(c, geometry, (System.nanoTime() - t0) / 1e9, e);
      }
    }

    /** The row of a case whose complete mask is already there. */
    private CaseResult kept(CaseInput c, MaskRecord rec, long t0) throws IOException {
      LabelMap mask = LabelMap.read(store.mask(c.caseId()));
      LabelMap truth = c.label() == null ? null : LabelMap.read(Path.of(c.label()));
      MaskStats stats = MaskStats.of(c.caseId(), mask, truth);
      boolean thisRun = rec.runId().equals(settings.runId());
      return CaseResult.done(
          c,
          store.mask(c.caseId()),
          mask.geometry(),
          stats,
          thisRun ? rec.seconds() : (System.nanoTime() - t0) / 1e9,
          thisRun ? CaseStatus.OK : CaseStatus.SKIPPED);
    }

    private CaseSegmenter segmenter() {
      if (lease == null) {
        ModelSource m = settings.model();
        try {
          lease = ModelCache.borrow(m.sha256(), m::load);
        } catch (IOException | RuntimeException e) {
          throw new ModelUnavailableException(
              "cannot load the model on this executor: " + Errors.oneLine(e), e);
        }
      }
      return lease.segmenter();
    }

    @Override
    public void close() {
      if (lease != null) {
        lease.close();
        lease = null;
      }
    }
  }
}
