package org.liverseg.sampling;

import com.google.common.collect.ImmutableList;
import java.util.random.RandomGenerator;

/**
 * What a {@link Queue} does in each epoch, as a pure function of its settings: the order in which
 * subjects are visited (a new permutation per epoch when shuffling) and how consecutive visits are
 * grouped into fills (whole subjects only, greedily, at most {@code maxLength} patches each; a fill
 * never crosses an epoch). Visits are also numbered globally across epochs ({@code sequence = epoch
 * * subjects + position}), the order in which workers take them.
 */
final class EpochPlan {

  /** One visit of one subject. */
  record Visit(long sequence, long epoch, int position, int subjectIndex, int count) {}

  /** Consecutive visits {@code [from, to)} of an epoch's order whose patches are mixed together. */
  record Fill(int from, int to, int patches) {}

  /** One epoch: the subject order and its fills. */
  record Epoch(long number, int[] order, ImmutableList<Fill> fills) {}

  private final int[] counts;
  private final int maxLength;
  private final boolean shuffleSubjects;
  private final long seed;

  EpochPlan(int[] counts, int maxLength, boolean shuffleSubjects, long seed) {
    this.counts = counts.clone();
    this.maxLength = maxLength;
    this.shuffleSubjects = shuffleSubjects;
    this.seed = seed;
  }

  int subjects() {
    return counts.length;
  }

  int count(int subjectIndex) {
    return counts[subjectIndex];
  }

  /** The epoch's subject order and fills. */
  Epoch epoch(long epoch) {
    int n = counts.length;
    int[] order = new int[n];
    for (int t = 0; t < n; t++) {
      order[t] = t;
    }
    if (shuffleSubjects) {
      shuffle(order, Seeds.generator(seed, epoch, 0, Seeds.SUBJECT_ORDER));
    }
    ImmutableList.Builder<Fill> fills = ImmutableList.builder();
    int from = 0;
    int patches = 0;
    for (int t = 0; t < n; t++) {
      int c = counts[order[t]];
      if (patches + c > maxLength && t > from) {
        fills.add(new Fill(from, t, patches));
        from = t;
        patches = 0;
      }
      patches += c;
    }
    if (n > from) {
      fills.add(new Fill(from, n, patches));
    }
    return new Epoch(epoch, order, fills.build());
  }

  /** The visit with global number {@code sequence}. */
  Visit visit(long sequence) {
    int n = counts.length;
    long e = sequence / n;
    int position = (int) (sequence % n);
    int subject = epoch(e).order()[position];
    return new Visit(sequence, e, position, subject, counts[subject]);
  }

  /** The visit at {@code position} of {@code epoch}. */
  Visit visit(Epoch epoch, int position) {
    int subject = epoch.order()[position];
    return new Visit(
        epoch.number() * counts.length + position,
        epoch.number(),
        position,
        subject,
        counts[subject]);
  }

  /** Fisher-Yates with {@code nextInt(i + 1)} from the top. */
  static void shuffle(int[] a, RandomGenerator random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
