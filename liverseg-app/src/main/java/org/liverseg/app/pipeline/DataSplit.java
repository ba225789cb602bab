package org.liverseg.app.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.liverseg.io.AtomicFiles;

/**
 * A seeded partition of case ids into training, validation and test sets, written to a run folder
 * as {@code split.json}. The same ids, fractions and seed always give the same split, whatever
 * order the ids came in (they are sorted before shuffling).
 *
 * @param seed seed of the shuffle
 * @param train ids used for training
 * @param validation ids used to validate during training
 * @param test held-out ids evaluated at the end
 */
public record DataSplit(long seed, List<String> train, List<String> validation, List<String> test) {

  /** Checks that the three sets are disjoint and training is not empty. */
  public DataSplit {
    train = List.copyOf(requireNonNull(train, "train"));
    validation = List.copyOf(requireNonNull(validation, "validation"));
    test = List.copyOf(requireNonNull(test, "test"));
    checkArgument(!train.isEmpty(), "the training set is empty");
    checkArgument(!test.isEmpty(), "the test set is empty");
    Set<String> seen = new HashSet<>();
    for (List<String> part : List.of(train, validation, test)) {
      for (String id : part) {
        checkArgument(seen.add(id), "case '%s' appears twice in the split", id);
      }
    }
  }

  /**
   * Splits {@code ids}: {@code round(n * fraction)} cases each for test and validation, at least
   * one for test and at least one for validation when its fraction is positive, the rest for
   * training.
   *
   * @throws IllegalArgumentException if there are too few cases to leave one for training
   */
  public static DataSplit of(List<String> ids, RunConfig.Split config) {
    List<String> sorted = new ArrayList<>(new TreeSet<>(ids));
    checkArgument(sorted.size() == ids.size(), "case ids are not unique: %s", ids);
    int n = sorted.size();
    int nTest = Math.max(1, (int) Math.round(n * config.testFraction()));
    int nVal =
        config.validationFraction() > 0
            ? Math.max(1, (int) Math.round(n * config.validationFraction()))
            : 0;
    checkArgument(
        n - nTest - nVal >= 1,
        "%s cases are too few for %s test and %s validation cases and at least one training case",
        n,
        nTest,
        nVal);
    Collections.shuffle(sorted, new Random(config.seed()));
    return new DataSplit(
        config.seed(),
        sorted.subList(nTest + nVal, n),
        sorted.subList(nTest, nTest + nVal),
        sorted.subList(0, nTest));
  }

  /** Writes the split as JSON. */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, RunConfigJson.gson().toJson(this) + "\n");
  }

  /**
   * Reads a split written by {@link #write}.
   *
   * @throws IllegalArgumentException naming the file if it is not a valid split
   */
  public static DataSplit read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      DataSplit s = RunConfigJson.gson().fromJson(text, DataSplit.class);
      if (s == null) {
        throw new IllegalArgumentException("empty file");
      }
      return s;
    } catch (RuntimeException e) {
      Throwable r = e;
      while (r.getCause() != null) {
        r = r.getCause();
      }
      throw new IllegalArgumentException(file + " is not a valid split: " + r.getMessage(), e);
    }
  }
}
