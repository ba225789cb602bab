package org.liverseg.plan;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.liverseg.io.Subject;
import org.liverseg.io.msd.MsdDataset;

/**
 * A dataset's fingerprint (nnU-Net's term): what a plan needs to know about the training cases,
 * gathered in one parallel pass over them by {@link FingerprintExtractor}.
 *
 * <ul>
 *   <li>per case: id, shape, spacing, orientation and (labelled) voxels per label ({@link
 *       CaseFingerprint});
 *   <li>{@code medianSpacing} and {@code medianShape}: per canonical (RAS) axis, the median over
 *       the cases of the spacing and of the shape, each case first brought to canonical axis order
 *       (see {@link Canonical}); the median of an even count is the mean of the two middle values
 *       (numpy's {@code percentile(.., 50)}, which nnU-Net uses);
 *   <li>{@code foreground}: intensity statistics of the voxels with label &gt; 0 ({@link
 *       IntensityStatistics}); {@code null} for an image-only fingerprint or when no case has
 *       foreground;
 *   <li>{@code classFractions}: per label value, its voxels over all voxels of all cases; {@code
 *       null} for an image-only fingerprint.
 * </ul>
 *
 * <p>The same cases give the same fingerprint whatever the number of threads: per-case results are
 * combined in case order and the foreground sample of a case depends only on {@code seed} and the
 * case id. {@link #toJson()} and {@link #fromJson(String)} round-trip it exactly; the JSON carries
 * {@code version} ({@value #VERSION}), and other versions are rejected.
 *
 * @param version the JSON schema version, {@value #VERSION}
 * @param imageName the name of the image that was read in each subject
 * @param labelName the name of the label map, {@code null} for an image-only fingerprint
 * @param samplesPerCase foreground voxels drawn per case for the percentiles
 * @param seed the seed of those draws
 * @param cases one entry per case, in dataset order
 * @param medianSpacing per canonical axis, the median spacing (mm)
 * @param medianShape per canonical axis, the median shape (voxels)
 * @param foreground foreground intensity statistics, or {@code null}
 * @param classFractions voxel fraction per label value, or {@code null}
 */
public record Fingerprint(
    int version,
    String imageName,
    String labelName,
    int samplesPerCase,
    long seed,
    List<CaseFingerprint> cases,
    Vec3 medianSpacing,
    Vec3 medianShape,
    IntensityStatistics foreground,
    SortedMap<Integer, Double> classFractions) {

  /** The JSON schema version this class writes and reads. */
  public static final int VERSION = 1;

  /** Checks the components, copies the collections and checks the medians against the cases. */
  public Fingerprint {
    checkArgument(
        version == VERSION,
        "fingerprint schema version %s is not supported; this liverseg reads version %s",
        version,
        VERSION);
    requireNonNull(imageName, "imageName");
    requireNonNull(cases, "cases");
    checkArgument(!cases.isEmpty(), "a fingerprint needs at least one case");
    checkArgument(samplesPerCase >= 0, "samplesPerCase must be >= 0, got %s", samplesPerCase);
    cases = ImmutableList.copyOf(cases);
    boolean labelled = labelName != null;
    for (CaseFingerprint c : cases) {
      checkArgument(
          c.isLabelled() == labelled,
          "case %s %s label counts but the fingerprint %s a label map",
          c.id(),
          c.isLabelled() ? "has" : "lacks",
          labelled ? "has" : "has no");
    }
    checkArgument(
        labelled == (classFractions != null),
        "classFractions must be given exactly when labelName is");
    checkArgument(labelled || foreground == null, "an image-only fingerprint has no foreground");
    if (classFractions != null) {
      classFractions = Collections.unmodifiableSortedMap(new TreeMap<>(classFractions));
    }
    Vec3 spacing = medians(cases, true);
    Vec3 shape = medians(cases, false);
    checkArgument(
        spacing.equals(requireNonNull(medianSpacing, "medianSpacing")),
        "medianSpacing %s is not the median of the cases' spacings %s",
        medianSpacing,
        spacing);
    checkArgument(
        shape.equals(requireNonNull(medianShape, "medianShape")),
        "medianShape %s is not the median of the cases' shapes %s",
        medianShape,
        shape);
  }

  /**
   * Fingerprints the training cases of an MSD dataset (images {@value MsdDataset#IMAGE}, labels
   * {@value MsdDataset#LABEL}) with the default {@link FingerprintExtractor}.
   *
   * @throws FingerprintException listing every case that could not be read
   */
  public static Fingerprint of(MsdDataset dataset) {
    return FingerprintExtractor.builder().build().extract(dataset.training().subjects());
  }

  /**
   * Fingerprints subjects that hold an image {@value MsdDataset#IMAGE} and a label map {@value
   * MsdDataset#LABEL} with the default {@link FingerprintExtractor}.
   *
   * @throws FingerprintException listing every case that could not be read
   */
  public static Fingerprint of(List<Subject> subjects) {
    return FingerprintExtractor.builder().build().extract(subjects);
  }

  /**
   * The geometry-only fingerprint of subjects holding an image {@value MsdDataset#IMAGE}: reads
   * headers only (for checks at prediction time); no intensities, no labels.
   */
  public static Fingerprint ofImages(List<Subject> subjects) {
    return FingerprintExtractor.builder().build().headers(subjects);
  }

  /** Whether the fingerprint holds label counts (and so class fractions). */
  public boolean isLabelled() {
    return labelName != null;
  }

  /** The label values found in the cases, ascending (empty for an image-only fingerprint). */
  public List<Integer> labels() {
    return classFractions == null ? List.of() : List.copyOf(classFractions.keySet());
  }

  /** The per-axis median of the cases' canonical spacings ({@code true}) or shapes. */
  static Vec3 medians(List<CaseFingerprint> cases, boolean spacing) {
    double[][] v = new double[3][cases.size()];
    for (int c = 0; c < cases.size(); c++) {
      CaseFingerprint f = cases.get(c);
      for (int a = 0; a < 3; a++) {
        v[a][c] = spacing ? f.canonicalSpacing().get(a) : f.canonicalShape().get(a);
      }
    }
    return new Vec3(Percentiles.median(v[0]), Percentiles.median(v[1]), Percentiles.median(v[2]));
  }

  /** The canonical spacings of the cases along one canonical axis, in case order. */
  double[] spacingsAlong(int axis) {
    return cases.stream().mapToDouble(c -> c.canonicalSpacing().get(axis)).toArray();
  }

  /** The fingerprint as pretty-printed JSON (field names as the record components). */
  public String toJson() {
    return PlanJson.GSON.toJson(this);
  }

  /**
   * Parses a fingerprint.
   *
   * @throws IllegalArgumentException with the reason if the text is not a fingerprint of version
   *     {@value #VERSION}
   */
  public static Fingerprint fromJson(String json) {
    return PlanJson.parse(json, Fingerprint.class, "fingerprint", VERSION);
  }

  /**
   * Writes the JSON to {@code file} atomically (a temporary file in the same folder, then a move).
   *
   * @param overwrite whether an existing file may be replaced
   * @throws java.nio.file.FileAlreadyExistsException if the file exists and {@code overwrite} is
   *     false
   */
  public void write(Path file, boolean overwrite) throws IOException {
    PlanJson.writeAtomically(file, toJson(), overwrite);
  }

  /**
   * Reads a fingerprint file.
   *
   * @throws IOException if the file cannot be read (the message names it)
   * @throws IllegalArgumentException naming the file if it is not a valid fingerprint
   */
  public static Fingerprint read(Path file) throws IOException {
    return PlanJson.read(file, Fingerprint::fromJson);
  }

  /** A few readable lines: cases, medians, foreground statistics and class fractions. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%d cases; median spacing %s mm, median shape %s voxels (canonical RAS axes)%n",
            cases.size(),
            medianSpacing,
            medianShape));
    Vec3 lo = extreme(true);
    Vec3 hi = extreme(false);
    sb.append(String.format(Locale.ROOT, "spacing range %s to %s mm%n", lo, hi));
    if (foreground != null) {
      sb.append(
          String.format(
              Locale.ROOT,
              "foreground intensity: mean %.2f, std %.2f, 0.5%% %.2f, median %.2f, 99.5%% %.2f"
                  + " (%d voxels, %d sampled)%n",
              foreground.mean(),
              foreground.std(),
              foreground.percentile00_5(),
              foreground.median(),
              foreground.percentile99_5(),
              foreground.voxels(),
              foreground.samples()));
    }
    if (classFractions != null) {
      sb.append("class fractions:");
      for (Map.Entry<Integer, Double> e : classFractions.entrySet()) {
        sb.append(String.format(Locale.ROOT, " %d: %.4f", e.getKey(), e.getValue()));
      }
      sb.append(System.lineSeparator());
    }
    return sb.toString();
  }

  /** Per canonical axis, the smallest ({@code true}) or largest spacing over the cases. */
  Vec3 extreme(boolean min) {
    double[] r = new double[3];
    for (int a = 0; a < 3; a++) {
      double[] s = spacingsAlong(a);
      double e = s[0];
      for (double v : s) {
        e = min ? Math.min(e, v) : Math.max(e, v);
      }
      r[a] = e;
    }
    return Vec3.of(r);
  }
}
