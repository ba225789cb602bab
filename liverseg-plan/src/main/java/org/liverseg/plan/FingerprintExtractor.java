package org.liverseg.plan;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.hash.Hashing;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.liverseg.io.Image;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Subject;
import org.liverseg.io.msd.MsdDataset;

/**
 * Computes {@link Fingerprint}s.
 *
 * <p><b>Reading.</b> {@link #extract} reads every case once, on a fixed pool of {@code threads}
 * workers (default: the available processors), each worker holding one case (image and label map)
 * at a time; the lazy images of the given subjects are read through {@link Image#lazyCopy()}, so
 * the subjects stay unloaded and at most {@code threads} volumes are in memory at once. The pool is
 * created and shut down by each call. Every case is attempted; those that fail (unreadable file,
 * more than one channel, a NaN or infinite voxel) are reported together in one {@link
 * FingerprintException}.
 *
 * <p><b>Foreground sample.</b> For the percentiles, each case with foreground contributes {@code
 * samplesPerCase} (default 10,000) foreground voxels drawn uniformly <i>with replacement</i>, as
 * nnU-Net's {@code collect_foreground_intensities} does (so that every case weighs the same,
 * whatever its foreground size; nnU-Net v2 draws {@code 10^8 / cases} per case, 10,000 is its
 * function's default). The draws come from a {@link SplittableRandom} seeded with the 64-bit
 * murmur3 hash of {@code seed} (default 1234, nnU-Net's) and the case id, so a case's sample
 * depends on nothing else: not the thread count, not the case order, not the other cases. The
 * percentiles (0.5, 50, 99.5) are numpy's linear percentiles of the pooled sample. Mean, standard
 * deviation, min and max are exact over all foreground voxels (nnU-Net takes them from the sample).
 *
 * <p><b>Headers only.</b> {@link #headers} builds the image-only fingerprint (geometry of the image
 * of each subject), reading nothing but headers, for checks at prediction time.
 *
 * <pre>{@code
 * Fingerprint fp = FingerprintExtractor.builder().threads(2).build()
 *     .extract(MsdDataset.open(dir).training().subjects());
 * }</pre>
 */
public final class FingerprintExtractor {

  /** Receives progress, on the calling thread, once per finished case. */
  @FunctionalInterface
  public interface Progress {
    /** Case {@code id} is done; {@code done} of {@code total} are. */
    void caseDone(String id, int done, int total);
  }

  /** Default foreground voxels drawn per case. */
  public static final int DEFAULT_SAMPLES_PER_CASE = 10_000;

  /** Default seed of the foreground draws (nnU-Net's). */
  public static final long DEFAULT_SEED = 1234;

  private final int threads;
  private final int samplesPerCase;
  private final long seed;
  private final String imageName;
  private final String labelName;
  private final Progress progress;

  private FingerprintExtractor(BuilderImpl b) {
    this.threads = b.threads;
    this.samplesPerCase = b.samplesPerCase;
    this.seed = b.seed;
    this.imageName = b.imageName;
    this.labelName = b.labelName;
    this.progress = b.progress;
  }

  /** Starts a builder with the defaults. */
  public static Builder builder() {
    return new BuilderImpl();
  }

  /** The number of worker threads. */
  public int threads() {
    return threads;
  }

  /**
   * Fingerprints labelled subjects: each needs a scalar image and a label map under the configured
   * names, both with one channel.
   *
   * @throws FingerprintException listing every case that failed, each with its id and file
   * @throws IllegalArgumentException if {@code subjects} is empty
   */
  public Fingerprint extract(List<Subject> subjects) {
    checkArgument(!subjects.isEmpty(), "no subjects to fingerprint");
    int n = subjects.size();
    CaseResult[] results = new CaseResult[n];
    String[] problems = new String[n];
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(threads, n),
            new ThreadFactoryBuilder().setNameFormat("fingerprint-%d").setDaemon(true).build());
    try {
      CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
      for (int i = 0; i < n; i++) {
        int index = i;
        done.submit(
            () -> {
              try {
                results[index] = analyse(subjects.get(index));
              } catch (RuntimeException | OutOfMemoryError e) {
                problems[index] = problem(subjects.get(index), e);
              }
              return index;
            });
      }
      for (int finished = 1; finished <= n; finished++) {
        int i = done.take().get();
        if (progress != null) {
          progress.caseDone(subjects.get(i).id(), finished, n);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fingerprinting", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a fingerprint worker failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    List<String> failed = Arrays.stream(problems).filter(p -> p != null).toList();
    if (!failed.isEmpty()) {
      throw new FingerprintException(n, failed);
    }
    return combine(results);
  }

  /**
   * The image-only fingerprint: shape, spacing and orientation of each subject's image (headers
   * only), medians, no intensities and no labels.
   *
   * @throws FingerprintException listing every subject whose header could not be read
   */
  public Fingerprint headers(List<Subject> subjects) {
    checkArgument(!subjects.isEmpty(), "no subjects to fingerprint");
    List<CaseFingerprint> cases = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Subject s : subjects) {
      try {
        Image im = s.image(imageName);
        checkChannels(s, imageName, im);
        cases.add(geometry(s.id(), im, null));
      } catch (RuntimeException e) {
        problems.add(problem(s, e));
      }
    }
    if (!problems.isEmpty()) {
      throw new FingerprintException(subjects.size(), problems);
    }
    return new Fingerprint(
        Fingerprint.VERSION,
        imageName,
        null,
        samplesPerCase,
        seed,
        cases,
        Fingerprint.medians(cases, true),
        Fingerprint.medians(cases, false),
        null,
        null);
  }

  private static CaseFingerprint geometry(String id, Image im, SortedMap<Integer, Long> counts) {
    return new CaseFingerprint(
        id, im.shape(), Vec3.of(im.spacing()), im.affine().orientation(), counts);
  }

  /** One line naming the case: the first line of the innermost message that says something. */
  private static String problem(Subject s, Throwable t) {
    Throwable e = t;
    while (e.getCause() != null && (e instanceof UncheckedIOException || e.getMessage() == null)) {
      e = e.getCause();
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return "case " + s.id() + ": " + m.lines().findFirst().orElse(m);
  }

  private static void checkChannels(Subject s, String name, Image im) {
    if (im.channels() != 1) {
      throw new IllegalArgumentException(
          String.format(
              "image '%s'%s has %d channels; a fingerprint reads single-channel 3D images",
              name, im.path().map(p -> " (" + p + ")").orElse(""), im.channels()));
    }
  }

  /** One case: label counts, exact foreground moments and the foreground sample. */
  private CaseResult analyse(Subject s) {
    ScalarImage image = s.scalarImage(imageName).lazyCopy();
    LabelMap label = s.labelMap(labelName).lazyCopy();
    checkChannels(s, imageName, image);
    checkChannels(s, labelName, label);
    float[] v = image.voxels();
    byte[] l = label.labels();
    long[] counts = new long[LabelMap.MAX_LABEL + 1];
    double sum = 0;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < v.length; i++) {
      float x = v[i];
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException(
            String.format(
                "image '%s'%s has a non-finite voxel (%s) at index %d",
                imageName, image.path().map(p -> " (" + p + ")").orElse(""), x, i));
      }
      int lab = l[i] & 0xFF;
      counts[lab]++;
      if (lab != 0) {
        sum += x;
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
    }
    long fg = v.length - counts[0];
    SortedMap<Integer, Long> present = new TreeMap<>();
    for (int lab = 0; lab < counts.length; lab++) {
      if (counts[lab] > 0) {
        present.put(lab, counts[lab]);
      }
    }
    CaseFingerprint geometry = geometry(s.id(), image, present);
    if (fg == 0) {
      return new CaseResult(geometry, 0, 0, 0, 0, 0, new float[0]);
    }
    double mean = sum / fg;
    // Draw ranks among the foreground voxels, then pick them in one ordered pass.
    SplittableRandom random = new SplittableRandom(caseSeed(seed, s.id()));
    long[] ranks = new long[samplesPerCase];
    for (int t = 0; t < ranks.length; t++) {
      ranks[t] = random.nextLong(fg);
    }
    Arrays.sort(ranks);
    float[] sample = new float[samplesPerCase];
    double m2 = 0;
    long k = 0;
    int next = 0;
    for (int i = 0; i < v.length; i++) {
      if (l[i] == 0) {
        continue;
      }
      double d = v[i] - mean;
      m2 += d * d;
      while (next < ranks.length && ranks[next] == k) {
        sample[next++] = v[i];
      }
      k++;
    }
    return new CaseResult(geometry, fg, mean, m2, min, max, sample);
  }

  /** The seed of a case's foreground draws: murmur3 of the extractor seed and the case id. */
  static long caseSeed(long seed, String id) {
    return Hashing.murmur3_128()
        .newHasher()
        .putLong(seed)
        .putString(id, StandardCharsets.UTF_8)
        .hash()
        .asLong();
  }

  /** Combines the per-case results in case order. */
  private Fingerprint combine(CaseResult[] results) {
    List<CaseFingerprint> cases = new ArrayList<>(results.length);
    long n = 0;
    double mean = 0;
    double m2 = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long[] labelTotals = new long[LabelMap.MAX_LABEL + 1];
    long allVoxels = 0;
    int pooled = 0;
    for (CaseResult r : results) {
      cases.add(r.geometry());
      r.geometry().classVoxels().forEach((lab, c) -> labelTotals[lab] += c);
      allVoxels += r.geometry().shape().voxels();
      pooled += r.sample().length;
      if (r.voxels() == 0) {
        continue;
      }
      // Chan et al.'s pairwise update of count, mean and sum of squared deviations.
      long total = n + r.voxels();
      double delta = r.mean() - mean;
      mean += delta * r.voxels() / total;
      m2 += r.m2() + delta * delta * ((double) n * r.voxels() / total);
      n = total;
      min = Math.min(min, r.min());
      max = Math.max(max, r.max());
    }
    IntensityStatistics foreground = null;
    if (n > 0) {
      double[] sample = new double[pooled];
      int at = 0;
      for (CaseResult r : results) {
        for (float x : r.sample()) {
          sample[at++] = x;
        }
      }
      Arrays.sort(sample);
      foreground =
          new IntensityStatistics(
              n,
              mean,
              Math.sqrt(m2 / n),
              min,
              max,
              pooled,
              Percentiles.ofSorted(sample, 0.5),
              Percentiles.ofSorted(sample, 50),
              Percentiles.ofSorted(sample, 99.5));
    }
    SortedMap<Integer, Double> fractions = new TreeMap<>();
    for (int lab = 0; lab < labelTotals.length; lab++) {
      if (labelTotals[lab] > 0) {
        fractions.put(lab, (double) labelTotals[lab] / allVoxels);
      }
    }
    return new Fingerprint(
        Fingerprint.VERSION,
        imageName,
        labelName,
        samplesPerCase,
        seed,
        cases,
        Fingerprint.medians(cases, true),
        Fingerprint.medians(cases, false),
        foreground,
        fractions);
  }

  private record CaseResult(
      CaseFingerprint geometry,
      long voxels,
      double mean,
      double m2,
      double min,
      double max,
      float[] sample) {}

  /** Configures a {@link FingerprintExtractor}. */
  public interface Builder {
    /** Worker threads, at least 1 (default: the available processors). */
    Builder threads(int threads);

    /** Foreground voxels drawn per case for the percentiles, at least 1 (default 10,000). */
    Builder samplesPerCase(int samples);

    /** Seed of the foreground draws (default 1234). */
    Builder seed(long seed);

    /** Name of the image in each subject (default {@value MsdDataset#IMAGE}). */
    Builder imageName(String name);

    /** Name of the label map in each subject (default {@value MsdDataset#LABEL}). */
    Builder labelName(String name);

    /** Called on the calling thread after each case (default: nothing). */
    Builder progress(Progress progress);

    /** The extractor. */
    FingerprintExtractor build();
  }

  private static final class BuilderImpl implements Builder {
    private int threads = Runtime.getRuntime().availableProcessors();
    private int samplesPerCase = DEFAULT_SAMPLES_PER_CASE;
    private long seed = DEFAULT_SEED;
    private String imageName = MsdDataset.IMAGE;
    private String labelName = MsdDataset.LABEL;
    private Progress progress;

    @Override
    public Builder threads(int t) {
      checkArgument(t >= 1, "threads must be at least 1, got %s", t);
      this.threads = t;
      return this;
    }

    @Override
    public Builder samplesPerCase(int samples) {
      checkArgument(samples >= 1, "samplesPerCase must be at least 1, got %s", samples);
      this.samplesPerCase = samples;
      return this;
    }

    @Override
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    @Override
    public Builder imageName(String name) {
      this.imageName = requireNonNull(name, "imageName");
      return this;
    }

    @Override
    public Builder labelName(String name) {
      this.labelName = requireNonNull(name, "labelName");
      return this;
    }

    @Override
    public Builder progress(Progress p) {
      this.progress = requireNonNull(p, "progress");
      return this;
    }

    @Override
    public FingerprintExtractor build() {
      checkArgument(
          !imageName.equals(labelName),
          "image and label names must differ, both are '%s'",
          imageName);
      return new FingerprintExtractor(this);
    }
  }
}
