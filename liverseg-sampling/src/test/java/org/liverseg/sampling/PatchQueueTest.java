package org.liverseg.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.liverseg.io.ImageGeometry;
import org.liverseg.io.ImageSource;
import org.liverseg.io.LabelMap;
import org.liverseg.io.ScalarImage;
import org.liverseg.io.Shape;
import org.liverseg.io.Subject;
import org.liverseg.io.SubjectTransform;
import org.liverseg.io.SubjectsDataset;
import org.liverseg.transforms.Transform;

class PatchQueueTest {

  private static final Shape SHAPE = Shape.cube(12);
  private static final Shape PATCH = Shape.cube(4);

  private static List<Subject> subjects(int n) {
    List<Subject> s = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int offset = 7 * i;
      s.add(TestSubjects.subject("s" + i, SHAPE, v -> (v + offset) % 3));
    }
    return s;
  }

  private static PatchQueue.Builder queue(SubjectsDataset dataset) {
    return PatchQueue.builder().dataset(dataset).sampler(new UniformSampler(PATCH)).seed(17);
  }

  private static List<Thread> liveWorkers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("liverseg-queue@") && t.isAlive())
        .toList();
  }

  private static void assertNoWorkerAlive() {
    assertEquals(List.of(), liveWorkers(), "queue worker threads still alive");
  }

  /** What identifies a patch: subject, location and the voxel values it holds. */
  private static String fingerprint(Patch p) {
    return p.subjectId()
        + p.location()
        + Arrays.hashCode(BatchCollator.collate(List.of(p), "ct", "label"));
  }

  private static List<String> epoch(PatchQueue q) {
    List<String> out = new ArrayList<>();
    for (Patch p : q) {
      out.add(fingerprint(p));
    }
    return out;
  }

  /** A random transform that adds a generator-drawn offset to the CT. */
  private static final class RandomOffset implements Transform {
    @Override
    public Subject apply(Subject subject) {
      throw new IllegalStateException("needs a generator");
    }

    @Override
    public Subject apply(Subject subject, RandomGenerator random) {
      ScalarImage ct = subject.scalarImage("ct");
      float offset = random.nextFloat() * 100;
      float[] v = ct.voxels().clone();
      for (int i = 0; i < v.length; i++) {
        v[i] += offset;
      }
      return subject.withImage("ct", ct.withVoxels(v));
    }

    @Override
    public String name() {
      return "RandomOffset";
    }

    @Override
    public boolean isRandom() {
      return true;
    }
  }

  @AfterEach
  void noThreadOutlivesATest() throws InterruptedException {
    for (int t = 0; t < 50 && !liveWorkers().isEmpty(); t++) {
      Thread.sleep(10);
    }
    assertNoWorkerAlive();
  }

  @ParameterizedTest
  @CsvSource({"1, 1, 0", "4, 4, 0", "10, 3, 2", "7, 7, 1", "12, 4, 4", "5, 2, 2"})
  void everyEpochHoldsExactlyEachSubjectsCount(int maxLength, int samplesPerVolume, int workers) {
    SubjectsDataset d = SubjectsDataset.of(subjects(5));
    try (PatchQueue q =
        queue(d)
            .maxLength(maxLength)
            .samplesPerVolume(samplesPerVolume)
            .samplesPerVolume("s3", Math.max(1, samplesPerVolume - 1))
            .numWorkers(workers)
            .build()) {
      int expected = 4 * samplesPerVolume + Math.max(1, samplesPerVolume - 1);
      assertEquals(expected, q.size());
      for (int e = 0; e < 3; e++) {
        Map<String, Integer> counts = new HashMap<>();
        int n = 0;
        for (Patch p : q) {
          counts.merge(p.subjectId(), 1, Integer::sum);
          n++;
        }
        assertEquals(expected, n);
        assertEquals(q.counts(), counts);
      }
    }
  }

  @Test
  void withoutShufflingAnEpochIsEachSubjectInTurn() {
    try (PatchQueue q =
        queue(SubjectsDataset.of(subjects(3)))
            .maxLength(8)
            .samplesPerVolume(4)
            .shuffleSubjects(false)
            .shufflePatches(false)
            .build()) {
      StringBuilder order = new StringBuilder();
      for (Patch p : q) {
        order.append(p.subjectId().charAt(1));
      }
      assertEquals("000011112222", order.toString());
    }
  }

  @Test
  void patchesAreMixedWithinAFillOnly() {
    try (PatchQueue q =
        queue(SubjectsDataset.of(subjects(6)))
            .maxLength(9)
            .samplesPerVolume(3)
            .shuffleSubjects(false)
            .numWorkers(2)
            .build()) {
      List<Set<String>> fills = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (Patch p : q) {
        ids.add(p.subjectId());
      }
      for (int f = 0; f < 2; f++) {
        fills.add(new LinkedHashSet<>(ids.subList(9 * f, 9 * f + 9)));
      }
      assertEquals(Set.of("s0", "s1", "s2"), fills.get(0));
      assertEquals(Set.of("s3", "s4", "s5"), fills.get(1));
      assertNotEquals(
          List.of("s0", "s0", "s0"), ids.subList(0, 3), "the first fill should be shuffled");
    }
  }

  @Test
  void thePatchSequenceIsTheSameForAnyNumberOfWorkers() {
    SubjectsDataset d = SubjectsDataset.of(subjects(7), new RandomOffset());
    List<List<String>> reference = null;
    for (int workers : new int[] {0, 1, 2, 4}) {
      try (PatchQueue q =
          queue(d)
              .maxLength(10)
              .samplesPerVolume(3)
              .samplesPerVolume("s2", 5)
              .numWorkers(workers)
              .build()) {
        List<List<String>> epochs = List.of(epoch(q), epoch(q), epoch(q));
        if (reference == null) {
          reference = epochs;
          assertNotEquals(epochs.get(0), epochs.get(1), "epochs should differ");
        } else {
          assertEquals(reference, epochs, "numWorkers " + workers);
        }
      }
    }
    try (PatchQueue q =
        queue(d).seed(18).maxLength(10).samplesPerVolume(3).samplesPerVolume("s2", 5).build()) {
      assertNotEquals(reference.get(0), epoch(q), "another seed should give other patches");
    }
  }

  /**
   * With maxLength below twice the count, whole-subject fills held one subject each and shuffling
   * mixed nothing; now a visit that does not fit continues in the next fill, as in TorchIO.
   */
  @Test
  void fillsMixSubjectsEvenWhenTwoVisitsDoNotFitInOne() {
    try (PatchQueue q =
        queue(SubjectsDataset.of(subjects(4)))
            .maxLength(10)
            .samplesPerVolume(6)
            .shuffleSubjects(false)
            .build()) {
      List<String> ids = new ArrayList<>();
      q.forEach(p -> ids.add(p.subjectId()));
      // Fills of 10 before shuffling: AAAAAABBBB, BBCCCCCCDD, DDDD.
      assertEquals(Map.of("s0", 6, "s1", 4), counts(ids.subList(0, 10)));
      assertEquals(Map.of("s1", 2, "s2", 6, "s3", 2), counts(ids.subList(10, 20)));
      assertEquals(Map.of("s3", 4), counts(ids.subList(20, 24)));
      // One subject per fill handed out AAAAAA BBBBBB ...: here each run of six mixes two.
      assertTrue(counts(ids.subList(0, 6)).size() >= 2, ids.toString());
      assertTrue(counts(ids.subList(12, 18)).size() >= 2, ids.toString());
    }
    List<List<String>> reference = null;
    for (int workers : new int[] {0, 1, 2, 4}) {
      try (PatchQueue q =
          queue(SubjectsDataset.of(subjects(4), new RandomOffset()))
              .maxLength(10)
              .samplesPerVolume(6)
              .numWorkers(workers)
              .build()) {
        List<List<String>> epochs = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
          List<String> ids = new ArrayList<>();
          List<String> fingerprints = new ArrayList<>();
          for (Patch p : q) {
            ids.add(p.subjectId());
            fingerprints.add(fingerprint(p));
          }
          assertEquals(24, ids.size());
          for (String id : List.of("s0", "s1", "s2", "s3")) {
            assertEquals(6, ids.stream().filter(id::equals).count(), id + " in epoch " + e);
          }
          for (int from : new int[] {0, 12}) {
            Set<String> run = new LinkedHashSet<>(ids.subList(from, from + 6));
            assertTrue(run.size() >= 2, "epoch " + e + " hands out one subject: " + ids);
          }
          epochs.add(fingerprints);
        }
        if (reference == null) {
          reference = epochs;
        } else {
          assertEquals(reference, epochs, "numWorkers " + workers);
        }
      }
    }
  }

  /** Resuming at epoch k needs neither the epochs before it nor a pool of workers for each. */
  @ParameterizedTest
  @ValueSource(ints = {0, 2})
  void anEpochCanBeStartedDirectly(int workers) {
    SubjectsDataset d = SubjectsDataset.of(subjects(5), new RandomOffset());
    List<List<String>> straight = new ArrayList<>();
    try (PatchQueue q = queue(d).maxLength(7).samplesPerVolume(3).numWorkers(workers).build()) {
      for (int e = 0; e < 4; e++) {
        straight.add(epoch(q));
      }
    }
    AtomicInteger loads = new AtomicInteger();
    SubjectTransform counting =
        (s, random) -> {
          loads.incrementAndGet();
          return new RandomOffset().apply(s, random);
        };
    try (PatchQueue q =
        queue(d.withTransform(counting))
            .maxLength(7)
            .samplesPerVolume(3)
            .numWorkers(workers)
            .build()) {
      List<String> third = new ArrayList<>();
      q.iterator(2).forEachRemaining(p -> third.add(fingerprint(p)));
      assertEquals(straight.get(2), third);
      assertEquals(3, q.nextEpoch());
      assertEquals(straight.get(3), epoch(q), "iterator() continues with the next epoch");
      assertTrue(
          loads.get() <= 2 * 5 + 5, loads.get() + " visits: epochs 0 and 1 were not produced");
      assertEquals(straight.get(0), collect(q.iterator(0)), "an earlier epoch again");
      assertEquals(straight.get(1), epoch(q));
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> queue(d).maxLength(7).samplesPerVolume(3).build().iterator(-1));
  }

  private static Map<String, Integer> counts(List<String> ids) {
    Map<String, Integer> out = new HashMap<>();
    ids.forEach(id -> out.merge(id, 1, Integer::sum));
    return out;
  }

  private static List<String> collect(Iterator<Patch> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(p -> out.add(fingerprint(p)));
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2})
  void aFailingTransformSurfacesAsAnExceptionNamingTheSubject(int workers) {
    SubjectTransform failing =
        (s, random) -> {
          if (s.id().equals("s4")) {
            throw new IllegalStateException("scan is corrupt");
          }
          return s;
        };
    try (PatchQueue q =
        queue(SubjectsDataset.of(subjects(6), failing))
            .maxLength(6)
            .samplesPerVolume(2)
            .numWorkers(workers)
            .build()) {
      Iterator<Patch> it = q.iterator();
      PatchQueueException e =
          assertThrows(
              PatchQueueException.class,
              () -> {
                while (it.hasNext()) {
                  it.next();
                }
              });
      assertEquals("s4", e.subjectId());
      assertTrue(
          e.getMessage()
              .startsWith(
                  "PatchQueue: loading, transforming or sampling subject s4 (dataset index 4,"
                      + " epoch 0) failed: java.lang.IllegalStateException: scan is corrupt"),
          e.getMessage());
      assertInstanceOf(IllegalStateException.class, e.getCause());
      assertFalse(it.hasNext());
      assertNoWorkerAlive();
    }
  }

  @Test
  void samplingErrorsSurfaceToo() {
    try (PatchQueue q =
        PatchQueue.builder()
            .dataset(SubjectsDataset.of(subjects(2)))
            .sampler(new UniformSampler(Shape.cube(13)))
            .maxLength(4)
            .samplesPerVolume(2)
            .numWorkers(1)
            .build()) {
      PatchQueueException e = assertThrows(PatchQueueException.class, () -> q.iterator().next());
      assertTrue(
          e.getMessage().contains("patch size 13x13x13 is larger than the spatial shape 12x12x12"),
          e.getMessage());
    }
  }

  @Test
  void closeMidEpochWhileWorkersAreBlockedOnAFullBuffer() throws InterruptedException {
    PatchQueue q =
        queue(SubjectsDataset.of(subjects(30)))
            .maxLength(4)
            .samplesPerVolume(2)
            .numWorkers(3)
            .build();
    Iterator<Patch> it = q.iterator();
    it.next();
    Thread.sleep(200); // the workers fill the buffer and wait for room
    assertEquals(3, liveWorkers().size());
    assertTrue(liveWorkers().stream().allMatch(Thread::isDaemon));
    long start = System.nanoTime();
    q.close();
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 1000, "close took " + millis + " ms");
    assertNoWorkerAlive();
    assertThrows(ConcurrentModificationException.class, it::next);
    assertThrows(IllegalStateException.class, q::iterator);
  }

  @Test
  void closeFromAnotherThreadWakesAWaitingConsumer() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    SubjectTransform slow =
        (s, random) -> {
          loading.countDown();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted", e);
          }
          return s;
        };
    PatchQueue q =
        queue(SubjectsDataset.of(subjects(2), slow))
            .maxLength(4)
            .samplesPerVolume(2)
            .numWorkers(2)
            .build();
    AtomicReference<Throwable> seen = new AtomicReference<>();
    Thread consumer =
        new Thread(
            () -> {
              try {
                q.iterator().next();
              } catch (Throwable t) {
                seen.set(t);
              }
            });
    consumer.start();
    loading.await();
    Thread.sleep(50);
    long start = System.nanoTime();
    q.close();
    consumer.join(2000);
    assertTrue((System.nanoTime() - start) / 1_000_000 < 2000);
    assertFalse(consumer.isAlive());
    assertInstanceOf(IllegalStateException.class, seen.get());
    assertNoWorkerAlive();
  }

  @Test
  void anInterruptedConsumerStopsTheWorkers() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    SubjectTransform slow =
        (s, random) -> {
          if (s.id().equals("s0")) {
            return s;
          }
          loading.countDown();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted", e);
          }
          return s;
        };
    try (PatchQueue q =
        queue(SubjectsDataset.of(subjects(4), slow))
            .maxLength(2)
            .samplesPerVolume(2)
            .numWorkers(2)
            .shuffleSubjects(false)
            .build()) {
      AtomicReference<Throwable> seen = new AtomicReference<>();
      AtomicInteger taken = new AtomicInteger();
      Thread consumer =
          new Thread(
              () -> {
                try {
                  for (Patch p : q) {
                    taken.incrementAndGet();
                  }
                } catch (Throwable t) {
                  seen.set(t);
                }
              });
      consumer.start();
      loading.await();
      for (int t = 0; t < 500 && taken.get() < 2; t++) {
        Thread.sleep(10); // until the consumer has s0's patches and waits for s1, which never comes
      }
      Thread.sleep(50);
      consumer.interrupt();
      consumer.join(2000);
      assertFalse(consumer.isAlive());
      assertEquals(2, taken.get(), "the patches of s0 were handed out");
      assertInstanceOf(PatchQueueException.class, seen.get());
      assertInstanceOf(InterruptedException.class, seen.get().getCause());
      assertTrue(seen.get().getMessage().contains("subject s1"), seen.get().getMessage());
      assertNoWorkerAlive();
    }
  }

  /** Counts the patches a sampler has produced. */
  private static final class CountingSampler implements PatchSampler {
    final AtomicInteger produced = new AtomicInteger();
    final UniformSampler inner = new UniformSampler(PATCH);

    @Override
    public Shape patchSize() {
      return PATCH;
    }

    @Override
    public Iterator<Patch> sample(Subject subject, RandomGenerator random) {
      Iterator<Patch> it = inner.sample(subject, random);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return true;
        }

        @Override
        public Patch next() {
          produced.incrementAndGet();
          return it.next();
        }
      };
    }
  }

  @ParameterizedTest
  @CsvSource({"6, 2, 1", "6, 3, 3", "10, 5, 2"})
  void atMostMaxLengthPatchesAreBufferedPlusOneSubjectPerWorker(int maxLength, int spv, int workers)
      throws InterruptedException {
    CountingSampler sampler = new CountingSampler();
    try (PatchQueue q =
        PatchQueue.builder()
            .dataset(SubjectsDataset.of(subjects(12)))
            .sampler(sampler)
            .maxLength(maxLength)
            .samplesPerVolume(spv)
            .numWorkers(workers)
            .build()) {
      int consumed = 0;
      int mostAhead = 0;
      for (int e = 0; e < 2; e++) {
        for (Patch p : q) {
          consumed++;
          Thread.sleep(2);
          int ahead = sampler.produced.get() - consumed;
          mostAhead = Math.max(mostAhead, ahead);
          assertTrue(
              ahead <= maxLength + workers * spv, ahead + " patches sampled ahead of the consumer");
        }
      }
      assertTrue(mostAhead >= spv, "the workers should sample ahead, got " + mostAhead);
    }
  }

  @Test
  void startingANewEpochAbandonsTheOldOne() {
    try (PatchQueue q =
        queue(SubjectsDataset.of(subjects(4)))
            .maxLength(4)
            .samplesPerVolume(2)
            .numWorkers(2)
            .build()) {
      Iterator<Patch> first = q.iterator();
      first.next();
      List<String> second = new ArrayList<>();
      q.forEach(p -> second.add(p.subjectId()));
      assertEquals(8, second.size());
      assertThrows(ConcurrentModificationException.class, first::next);
      assertEquals(2, q.nextEpoch());
    }
  }

  @Test
  void builderChecksNameWhatIsWrong() {
    SubjectsDataset d = SubjectsDataset.of(subjects(3));
    IllegalArgumentException big =
        assertThrows(
            IllegalArgumentException.class,
            () -> queue(d).maxLength(4).samplesPerVolume(2).samplesPerVolume("s1", 5).build());
    assertEquals(
        "subject s1 gives 5 patches per epoch, more than maxLength 4: the patches of one visit must"
            + " fit in the queue",
        big.getMessage());
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> queue(d).maxLength(4).samplesPerVolume(2).samplesPerVolume("x", 1).build());
    assertEquals(
        "samplesPerVolume was set for subject x, which is not in the dataset",
        unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> queue(d).samplesPerVolume(2).build());
    assertThrows(IllegalArgumentException.class, () -> PatchQueue.builder().maxLength(0));
    assertThrows(IllegalArgumentException.class, () -> PatchQueue.builder().numWorkers(-1));
  }

  @Test
  void memoryEstimateIsTorchiosAndNoThreadStartsBeforeTheFirstEpoch() {
    Subject two =
        Subject.builder("m")
            .image("ct", TestSubjects.indexImage(SHAPE, 2))
            .image("label", TestSubjects.labels(SHAPE, i -> 0))
            .build();
    try (PatchQueue q =
        queue(SubjectsDataset.of(List.of(two)))
            .maxLength(40)
            .samplesPerVolume(5)
            .numWorkers(2)
            .build()) {
      assertEquals(64L * 3 * 4 * 40, q.maxMemory());
      assertNoWorkerAlive();
    }
  }

  @Test
  void viewsModeHandsOutViewsOfTheTransformedSubject() {
    try (PatchQueue q =
        queue(SubjectsDataset.of(subjects(2)))
            .maxLength(4)
            .samplesPerVolume(2)
            .copyPatches(false)
            .numWorkers(1)
            .build()) {
      for (Patch p : q) {
        assertFalse(p.isDetached());
        assertEquals(SHAPE, p.subject().shape());
      }
    }
    try (PatchQueue q =
        queue(SubjectsDataset.of(subjects(2))).maxLength(4).samplesPerVolume(2).build()) {
      for (Patch p : q) {
        assertTrue(p.isDetached());
        assertEquals(PATCH, p.subject().shape());
      }
    }
  }

  /** An in-memory "file" that counts how often its voxels are read. */
  private static final class CountingSource implements ImageSource {
    final AtomicInteger reads = new AtomicInteger();
    final ScalarImage image;

    CountingSource(ScalarImage image) {
      this.image = image;
    }

    @Override
    public Path path() {
      return Path.of("counting.nii");
    }

    @Override
    public ImageGeometry readGeometry() {
      return image.geometry();
    }

    @Override
    public float[] readFloats() {
      reads.incrementAndGet();
      return image.voxels().clone();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2})
  void lazySubjectsAreReadPerVisitAndStayUnloadedInTheDataset(int workers) {
    List<CountingSource> sources = new ArrayList<>();
    List<Subject> subjects = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      CountingSource ct = new CountingSource(TestSubjects.indexImage(SHAPE, 1));
      CountingSource label =
          new CountingSource(
              ScalarImage.of(SHAPE, TestSubjects.AFFINE, new float[SHAPE.voxelsAsInt()]));
      sources.add(ct);
      sources.add(label);
      subjects.add(
          Subject.builder("lazy" + i)
              .image("ct", ScalarImage.lazy(ct))
              .image("label", LabelMap.lazy(label))
              .build());
    }
    SubjectsDataset d = SubjectsDataset.of(subjects);
    try (PatchQueue q = queue(d).maxLength(4).samplesPerVolume(2).numWorkers(workers).build()) {
      epoch(q);
      epoch(q);
    }
    for (Subject s : subjects) {
      s.images()
          .values()
          .forEach(image -> assertFalse(image.isLoaded(), s.id() + " was loaded in the dataset"));
    }
    // Each epoch reads each file once; workers may also have prefetched up to maxLength /
    // samplesPerVolume
    // buffered visits plus one per worker of the next epochs (two files per visit).
    sources.forEach(src -> assertTrue(src.reads.get() >= 2, src.reads.get() + " reads"));
    int extra = sources.stream().mapToInt(src -> src.reads.get()).sum() - 2 * sources.size();
    assertTrue(workers == 0 ? extra == 0 : extra <= 2 * (4 / 2 + workers), extra + " extra reads");
  }

  @Test
  void everyMissingOrBadOptionIsNamed() {
    SubjectsDataset d = SubjectsDataset.of(subjects(2));
    UniformSampler u = new UniformSampler(PATCH);
    assertEquals(
        "PatchQueue needs a dataset",
        assertThrows(
                IllegalArgumentException.class,
                () -> PatchQueue.builder().sampler(u).maxLength(4).samplesPerVolume(2).build())
            .getMessage());
    assertEquals(
        "PatchQueue needs a dataset with at least one subject",
        assertThrows(
                IllegalArgumentException.class,
                () -> queue(SubjectsDataset.of(List.of())).maxLength(4).samplesPerVolume(2).build())
            .getMessage());
    assertEquals(
        "PatchQueue needs a sampler",
        assertThrows(
                IllegalArgumentException.class,
                () -> PatchQueue.builder().dataset(d).maxLength(4).samplesPerVolume(2).build())
            .getMessage());
    assertEquals(
        "PatchQueue needs maxLength",
        assertThrows(IllegalArgumentException.class, () -> queue(d).samplesPerVolume(2).build())
            .getMessage());
    assertEquals(
        "PatchQueue needs samplesPerVolume",
        assertThrows(IllegalArgumentException.class, () -> queue(d).maxLength(4).build())
            .getMessage());
    assertEquals(
        "samplesPerVolume must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> queue(d).samplesPerVolume(0))
            .getMessage());
    assertEquals(
        "samplesPerVolume of subject s1 must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> queue(d).samplesPerVolume("s1", 0))
            .getMessage());
    try (PatchQueue q = queue(d).maxLength(4).samplesPerVolume(2).numWorkers(1).build()) {
      assertEquals(4, q.maxLength());
      assertEquals(1, q.numWorkers());
      assertSame(d, q.dataset());
      assertEquals("UniformSampler(4x4x4)", q.sampler().toString());
      assertEquals(
          "PatchQueue(2 subjects, 4 patches per epoch, maxLength 4, 1 workers, UniformSampler(4x4x4))",
          q.toString());
    }
  }

  @Test
  void anEpochIteratorSaysWhyItEnded() {
    try (PatchQueue q =
        queue(SubjectsDataset.of(subjects(2))).maxLength(4).samplesPerVolume(2).build()) {
      Iterator<Patch> drained = q.iterator();
      while (drained.hasNext()) {
        drained.next();
      }
      assertEquals(
          "epoch drained", assertThrows(NoSuchElementException.class, drained::next).getMessage());
      Iterator<Patch> first = q.iterator();
      first.next();
      q.iterator(5);
      assertEquals(
          "epoch 1 was abandoned: a newer epoch was started",
          assertThrows(ConcurrentModificationException.class, first::next).getMessage());
      Iterator<Patch> last = q.iterator();
      q.close();
      assertEquals(
          "the queue was closed",
          assertThrows(ConcurrentModificationException.class, last::next).getMessage());
    }
    SubjectTransform failing =
        (s, random) -> {
          throw new IllegalStateException("unreadable");
        };
    try (PatchQueue q =
        queue(SubjectsDataset.of(subjects(2), failing)).maxLength(4).samplesPerVolume(2).build()) {
      Iterator<Patch> it = q.iterator();
      assertThrows(PatchQueueException.class, it::next);
      assertEquals(
          "epoch 0 failed", assertThrows(NoSuchElementException.class, it::next).getMessage());
    }
  }
}
