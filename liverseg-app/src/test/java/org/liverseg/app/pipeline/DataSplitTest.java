package org.liverseg.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSplitTest {

  private static List<String> ids(int n) {
    return IntStream.range(0, n).mapToObj(i -> "liver_" + i).toList();
  }

  @Property(tries = 200)
  void partitionCoversEveryCaseOnceWhateverTheInputOrder(
      @ForAll @IntRange(min = 3, max = 150) int n,
      @ForAll @DoubleRange(min = 0.0, max = 0.3) double val,
      @ForAll @DoubleRange(min = 0.01, max = 0.3) double test,
      @ForAll long seed) {
    RunConfig.Split cfg = new RunConfig.Split(val, test, seed);
    List<String> shuffled = new ArrayList<>(ids(n));
    Collections.shuffle(shuffled, new Random(seed ^ 99));
    DataSplit a = DataSplit.of(ids(n), cfg);
    DataSplit b = DataSplit.of(shuffled, cfg);
    assertEquals(a, b);
    Set<String> all = new HashSet<>();
    all.addAll(a.train());
    all.addAll(a.validation());
    all.addAll(a.test());
    assertEquals(new HashSet<>(ids(n)), all);
    assertEquals(n, a.train().size() + a.validation().size() + a.test().size());
  }

  @Test
  void sizesFollowTheFractions() {
    DataSplit s = DataSplit.of(ids(24), new RunConfig.Split(0.125, 0.25, 1));
    assertEquals(6, s.test().size());
    assertEquals(3, s.validation().size());
    assertEquals(15, s.train().size());
    DataSplit small = DataSplit.of(ids(3), new RunConfig.Split(0.1, 0.1, 1));
    assertEquals(1, small.test().size());
    assertEquals(1, small.validation().size());
  }

  @Test
  void seedChangesTheSplit() {
    assertNotEquals(
        DataSplit.of(ids(30), new RunConfig.Split(0.1, 0.2, 1)).test(),
        DataSplit.of(ids(30), new RunConfig.Split(0.1, 0.2, 2)).test());
  }

  @Test
  void tooFewCasesIsAClearError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DataSplit.of(ids(2), new RunConfig.Split(0.1, 0.1, 1)));
    assertEquals(
        "2 cases are too few for 1 test and 1 validation cases and at least one training case",
        e.getMessage());
  }

  @Test
  void jsonRoundTrip(@TempDir Path dir) throws Exception {
    DataSplit s = DataSplit.of(ids(10), new RunConfig.Split(0.2, 0.2, 5));
    Path f = dir.resolve("split.json");
    s.write(f);
    assertEquals(s, DataSplit.read(f));
  }
}
