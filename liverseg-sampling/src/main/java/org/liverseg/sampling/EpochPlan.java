package org.liverseg.sampling;

import java.util.random.RandomGenerator;

/**
 * What a {@link PatchQueue} does in each epoch, as a pure function of its settings: the order in
 * which subjects are visited (a new permutation per epoch when shuffling) and how the epoch's
 * patches, the visits' patches one after the other, are cut into fills of {@code maxLength} patches
 * (the last fill of an epoch holds the rest; a fill never crosses an epoch, but a visit's patches
 * may straddle two fills, as in TorchIO). Visits are also numbered globally across epochs ({@code
 * sequence = epoch * subjects + position}), the order in which workers take them.
 */
final class EpochPlan {

  /** One visit of one subject. */
  record Visit(long sequence, long epoch, int position, int subjectIndex, int count) {}

  /** One epoch: its number and the subject order. */
  record Epoch(long number, int[] order) {}

  private final int[] counts;
  private final int maxLength;
  private final boolean shuffleSubjects;
  private final long seed;
  private final int total;
  private final int maxCount;

  EpochPlan(int[] counts, int maxLength, boolean shuffleSubjects, long seed) {
    this.counts = counts.clone();
    this.maxLength = maxLength;
    this.shuffleSubjects = shuffleSubjects;
    this.seed = seed;
    int sum = 0;
    int most = 0;
    for (int c : counts) {
      sum += c;
      most = Math.max(most, c);
    }
    this.total = sum;
    this.maxCount = most;
  }

  int subjects() {
    return counts.length;
  }

  int count(int subjectIndex) {
    return counts[subjectIndex];
  }

  /** Patches per epoch. */
  int total() {
    return total;
  }

  /** Fills per epoch. */
  int fills() {
    return (total + maxLength - 1) / maxLength;
  }

  /** The number of patches of fill {@code fill}: {@code maxLength}, or the rest for the last. */
  int fillSize(int fill) {
    return Math.min(maxLength, total - fill * maxLength);
  }

  /**
   * Whether a visit's patches can straddle two fills: unless an epoch is one fill, or every subject
   * gives the same count and {@code maxLength} is a multiple of it.
   */
  boolean splitsVisits() {
    if (total <= maxLength) {
      return false;
    }
    for (int c : counts) {
      if (c != maxCount) {
        return true;
      }
    }
    return maxLength % maxCount != 0;
  }

  /**
   * The most patches the visits of one fill hold together with the rest of a visit straddling into
   * the next fill: {@code maxLength}, plus {@code largest count - 1} when visits can straddle. A
   * queue's workers may get that far ahead without ever blocking the consumer.
   */
  int capacity() {
    return splitsVisits() ? maxLength + maxCount - 1 : maxLength;
  }

  /** The epoch's subject order. */
  Epoch epoch(long epoch) {
    int n = counts.length;
    int[] order = new int[n];
    for (int t = 0; t < n; t++) {
      order[t] = t;
    }
    if (shuffleSubjects) {
      shuffle(order, Seeds.generator(seed, epoch, 0, Seeds.SUBJECT_ORDER));
    }
    return new Epoch(epoch, order);
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
