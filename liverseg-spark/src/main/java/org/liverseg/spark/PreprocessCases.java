package org.liverseg.spark;

import com.google.common.collect.Iterators;
import com.google.common.hash.Hashing;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.SplittableRandom;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Subject;
import org.liverseg.io.msd.MsdDataset;
import org.liverseg.io.nifti.NiftiWriter;
import org.liverseg.transforms.Transform;

/**
 * The work of one {@link PreprocessJob} task: its cases one at a time (a lazy iterator, as in
 * {@link SegmentCases}). Each case is read (scan as {@link MsdDataset#IMAGE}, label as {@link
 * MsdDataset#LABEL}), checked ({@link ScanChecks}), transformed with a generator seeded by the
 * job's seed and the case id (so the output does not depend on how cases fall into tasks), and
 * written atomically (scan as float32, label as uint8). A case that cannot be processed is a {@code
 * failed} row.
 */
final class PreprocessCases implements FlatMapFunction<Iterator<CaseInput>, Row> {

  private static final long serialVersionUID = 1L;

  private final Settings settings;

  /**
   * What every task needs.
   *
   * @param runId the run's id (names temporary files)
   * @param output the output folder (absolute)
   * @param transform makes the transform
   * @param seed the job's seed
   */
  record Settings(String runId, String output, TransformFactory transform, long seed)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  PreprocessCases(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Iterator<Row> call(Iterator<CaseInput> cases) {
    Transform t = settings.transform().create();
    TaskContext tc = TaskContext.get();
    int cpus = tc == null ? 1 : Math.max(1, tc.cpus());
    NiftiWriter writer = NiftiWriter.builder().threads(cpus).build();
    Path out = Path.of(settings.output());
    return Iterators.transform(cases, c -> process(c, t, writer, out).toRow());
  }

  /** The generator of case {@code caseId} in a job seeded with {@code seed}. */
  static SplittableRandom random(long seed, String caseId) {
    return new SplittableRandom(
        Hashing.murmur3_128()
            .newHasher()
            .putLong(seed)
            .putString(caseId, StandardCharsets.UTF_8)
            .hash()
            .asLong());
  }

  private PreprocessResult process(CaseInput c, Transform t, NiftiWriter writer, Path out) {
    long t0 = System.nanoTime();
    try {
      Path image = Path.of(c.image());
      ScalarImage scan = ScalarImage.read(image);
      ScanChecks.requireVolume(scan);
      Subject.Builder b = Subject.builder(c.caseId()).image(MsdDataset.IMAGE, scan);
      if (c.label() != null) {
        b.image(MsdDataset.LABEL, LabelMap.read(Path.of(c.label())));
      }
      Subject done = t.apply(b.build(), random(settings.seed(), c.caseId()));
      String file = c.caseId() + ".nii.gz";
      Path outImage =
          out.resolve(c.label() == null ? MsdDataset.IMAGES_TS : MsdDataset.IMAGES_TR)
              .resolve(file);
      Path outLabel = c.label() == null ? null : out.resolve(MsdDataset.LABELS_TR).resolve(file);
      ScalarImage img = done.scalarImage(MsdDataset.IMAGE);
      RunFiles.write(outImage, settings.runId(), tmp -> writer.write(tmp, img));
      if (outLabel != null) {
        LabelMap lab = done.labelMap(MsdDataset.LABEL);
        RunFiles.write(outLabel, settings.runId(), tmp -> writer.write(tmp, lab));
      }
      return PreprocessResult.ok(
          c,
          outImage.toString(),
          outLabel == null ? null : outLabel.toString(),
          img.geometry(),
          (System.nanoTime() - t0) / 1e9);
    } catch (Exception | OutOfMemoryError e) {
      return PreprocessResult.failed(c, (System.nanoTime() - t0) / 1e9, e);
    }
  }
}
