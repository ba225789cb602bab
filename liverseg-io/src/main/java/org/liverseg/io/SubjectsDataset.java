package org.liverseg.io;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * An ordered set of subjects with unique ids and an optional {@link SubjectTransform} applied each
 * time a subject is handed out (TorchIO's {@code SubjectsDataset}).
 *
 * <pre>{@code
 * SubjectsDataset all = MsdDataset.open(Path.of("data/Task03_Liver")).training();
 * SubjectsDataset train = all.select(all.ids().subList(0, 10)).withTransform(augment);
 * Subject first = train.get(0);                       // loaded lazily, transformed
 * }</pre>
 *
 * <p>Subjects usually hold lazy images, so a dataset of many scans costs nothing until a subject is
 * used, and nothing but {@link #get(int)}, {@link #get(int, RandomGenerator)} and iteration loads
 * or transforms one: {@link #raw(int)}, {@link #subjects()}, {@link #ids()}, {@link #select},
 * {@link #equals}, {@link #hashCode} and {@link #toString} only look at the stored subjects.
 *
 * <p><b>Randomness.</b> {@link #get(int)} applies the transform with a generator derived from the
 * dataset's {@link #seed()} (default 0, see {@link #withSeed(long)}) and the index: {@code new
 * SplittableRandom(h)}, {@code h} the SplitMix64 finaliser of the seed and the index mixed. So
 * {@code get(i)} of a dataset with a random transform works without any set-up and gives the same
 * subject on every call, and two indices get independent draws. For new draws per epoch, as
 * training wants, use {@link #get(int, RandomGenerator)} or a patch queue, which derives a
 * generator per (seed, epoch, subject).
 *
 * <p><b>Iteration</b> hands out {@code get(0), get(1), ...} lazily: each subject is loaded and
 * transformed only when the iterator reaches it. The dataset is deliberately not a {@code
 * java.util.List}: a list's {@code equals}, {@code hashCode}, {@code toString} and {@code contains}
 * would load and transform every scan.
 *
 * <p><b>Equality</b> compares the stored subjects (with {@link Subject}'s {@code equals}, which is
 * identity), the transform (its {@code equals}; identity for liverseg's transforms and for lambdas)
 * and the seed: two datasets are equal when they would hand out the same subjects. Nothing is
 * loaded.
 *
 * <p>Immutable and thread-safe (as long as the transform is).
 */
public final class SubjectsDataset implements Iterable<Subject> {

  /** How many ids {@link #toString()} shows. */
  private static final int IDS_SHOWN = 3;

  private final ImmutableList<Subject> subjects;
  private final ImmutableMap<String, Integer> indexById;
  private final SubjectTransform transform;
  private final long seed;

  private SubjectsDataset(List<Subject> subjects, SubjectTransform transform, long seed) {
    this.subjects = ImmutableList.copyOf(subjects);
    this.indexById = index(this.subjects);
    this.transform = transform;
    this.seed = seed;
  }

  /**
   * A dataset without a transform.
   *
   * @throws IllegalArgumentException if two subjects have the same id (naming it and both indices)
   */
  public static SubjectsDataset of(List<Subject> subjects) {
    return new SubjectsDataset(subjects, null, 0);
  }

  /**
   * A dataset whose subjects pass through {@code transform} when handed out.
   *
   * @throws IllegalArgumentException if two subjects have the same id (naming it and both indices)
   */
  public static SubjectsDataset of(List<Subject> subjects, SubjectTransform transform) {
    return new SubjectsDataset(subjects, requireNonNull(transform, "transform"), 0);
  }

  private static ImmutableMap<String, Integer> index(List<Subject> subjects) {
    Map<String, Integer> byId = new HashMap<>();
    ImmutableMap.Builder<String, Integer> b = ImmutableMap.builderWithExpectedSize(subjects.size());
    for (int i = 0; i < subjects.size(); i++) {
      String id = requireNonNull(subjects.get(i), "subject").id();
      Integer earlier = byId.put(id, i);
      checkArgument(
          earlier == null,
          "subject id %s occurs twice in the dataset (indices %s and %s)",
          id,
          earlier,
          i);
      b.put(id, i);
    }
    return b.build();
  }

  /** The same subjects and seed with another transform. */
  public SubjectsDataset withTransform(SubjectTransform newTransform) {
    return new SubjectsDataset(subjects, requireNonNull(newTransform, "transform"), seed);
  }

  /** The same subjects and transform; {@link #get(int)} derives its generators from {@code s}. */
  public SubjectsDataset withSeed(long s) {
    return new SubjectsDataset(subjects, transform, s);
  }

  /** The transform applied when a subject is handed out, if any. */
  public Optional<SubjectTransform> transform() {
    return Optional.ofNullable(transform);
  }

  /** The seed {@link #get(int)} derives its generators from (default 0). */
  public long seed() {
    return seed;
  }

  /** The number of subjects. */
  public int size() {
    return subjects.size();
  }

  /** Whether the dataset has no subject. */
  public boolean isEmpty() {
    return subjects.isEmpty();
  }

  /**
   * The subject at {@code index} with the transform applied, its random choices drawn from the
   * generator derived from the seed and the index (see the class description).
   *
   * @throws IndexOutOfBoundsException if there is no such index (saying the size)
   */
  public Subject get(int index) {
    return get(index, transform == null ? null : generator(seed, index));
  }

  /**
   * The subject at {@code index} with the transform applied, every random choice drawn from {@code
   * random} (which may be null only if there is no transform).
   *
   * @throws IndexOutOfBoundsException if there is no such index (saying the size)
   */
  public Subject get(int index, RandomGenerator random) {
    Subject s = raw(index);
    return transform == null ? s : transform.apply(s, requireNonNull(random, "random"));
  }

  /**
   * The subject at {@code index} as stored, without the transform.
   *
   * @throws IndexOutOfBoundsException if there is no such index (saying the size)
   */
  public Subject raw(int index) {
    checkElementIndex(index, subjects.size(), "subject index");
    return subjects.get(index);
  }

  /** The stored subjects, in order, without the transform. */
  public ImmutableList<Subject> subjects() {
    return subjects;
  }

  /** The subjects' ids, in order. */
  public ImmutableList<String> ids() {
    return indexById.keySet().asList();
  }

  /**
   * The index of the subject with this id.
   *
   * @throws IllegalArgumentException if no subject has it (naming it and a few ids there are)
   */
  public int indexOf(String id) {
    Integer i = indexById.get(requireNonNull(id, "id"));
    if (i == null) {
      throw new IllegalArgumentException(
          "no subject with id "
              + id
              + " in the dataset of "
              + size()
              + " subjects ("
              + shownIds()
              + ")");
    }
    return i;
  }

  /**
   * A dataset of the subjects with these ids, in the given order, with the same transform and seed.
   *
   * @throws IllegalArgumentException if an id is not in the dataset (naming it) or given twice
   */
  public SubjectsDataset select(List<String> ids) {
    ImmutableList.Builder<Subject> b = ImmutableList.builderWithExpectedSize(ids.size());
    for (String id : ids) {
      b.add(subjects.get(indexOf(id)));
    }
    return new SubjectsDataset(b.build(), transform, seed);
  }

  /** {@link #select(List)} of the given ids. */
  public SubjectsDataset select(String... ids) {
    return select(Arrays.asList(ids));
  }

  /** {@code get(0)}, {@code get(1)}, ...: each subject loaded and transformed when reached. */
  @Override
  public Iterator<Subject> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < subjects.size();
      }

      @Override
      public Subject next() {
        if (!hasNext()) {
          throw new NoSuchElementException("all " + subjects.size() + " subjects were handed out");
        }
        return get(next++);
      }
    };
  }

  /** Equal when the stored subjects, the transform and the seed are (see the class description). */
  @Override
  public boolean equals(Object o) {
    return o instanceof SubjectsDataset d
        && seed == d.seed
        && subjects.equals(d.subjects)
        && Objects.equals(transform, d.transform);
  }

  @Override
  public int hashCode() {
    return Objects.hash(subjects, transform, seed);
  }

  /** The count and the first few ids, e.g. {@code SubjectsDataset(40 subjects: liver_0, ...)}. */
  @Override
  public String toString() {
    return "SubjectsDataset("
        + size()
        + (size() == 1 ? " subject" : " subjects")
        + (isEmpty() ? "" : ": " + shownIds())
        + (transform == null ? "" : ", transformed")
        + ")";
  }

  private String shownIds() {
    String shown = String.join(", ", ids().subList(0, Math.min(IDS_SHOWN, size())));
    return size() > IDS_SHOWN ? shown + ", ..." : shown;
  }

  /** The generator of {@link #get(int)}: SplitMix64's finaliser of the seed and the index mixed. */
  static RandomGenerator generator(long seed, int index) {
    long h = fmix(seed + 0x9E3779B97F4A7C15L);
    h = fmix(h ^ (index + 0xD1B54A32D192ED03L));
    return new SplittableRandom(h);
  }

  private static long fmix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
