package org.liverseg.spark;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models of this JVM (a Spark executor, or the driver in local mode), by the SHA-256 of their
 * file: each model is deserialised once per JVM and reused by every task that runs there.
 *
 * <p>This is global state on purpose: an executor JVM outlives its tasks, and reading and
 * initialising a network per task (or per partition) would cost more than a small volume's
 * segmentation. A network must not run two forward passes at once, so concurrent tasks of one
 * executor (several task slots) each borrow their own instance: the deserialised model is kept
 * aside as the prototype, each instance a task borrows is an in-memory copy of its weights (made
 * once per concurrent task slot), and instances return to the pool when their task ends. At most
 * {@value #MAX_MODELS} models are kept; the least recently borrowed is dropped when a third arrives
 * (instances in use are released when their task ends).
 */
final class ModelCache {

  /** Models kept per JVM. */
  static final int MAX_MODELS = 2;

  private static final Map<String, Pool> POOLS = new LinkedHashMap<>(4, 0.75f, true);
  private static final AtomicInteger LOADS = new AtomicInteger();

  private ModelCache() {}

  /** Deserialises a model (called at most once per model and JVM while it stays cached). */
  @FunctionalInterface
  interface Loader {
    /** The freshly loaded model. */
    CaseSegmenter load() throws IOException;
  }

  /**
   * An instance of the model {@code sha256} for the calling task alone, loaded with {@code loader}
   * if this JVM does not hold the model yet. Close the lease when the task ends.
   */
  static Lease borrow(String sha256, Loader loader) throws IOException {
    return pool(sha256).lease(loader);
  }

  /**
   * Puts an already loaded model into the cache (the driver's check load, in local mode, where the
   * driver is the executor), unless the model is already there.
   */
  static void seed(String sha256, CaseSegmenter loaded) {
    Pool p = pool(sha256);
    synchronized (p) {
      if (p.prototype == null) {
        p.prototype = loaded;
        LOADS.incrementAndGet();
      }
    }
  }

  /** Whether this JVM holds the model {@code sha256}. */
  static boolean contains(String sha256) {
    synchronized (POOLS) {
      Pool p = POOLS.get(sha256);
      if (p == null) {
        return false;
      }
      synchronized (p) {
        return p.prototype != null;
      }
    }
  }

  /** How many times this JVM deserialised a model (for tests and logs). */
  static int loads() {
    return LOADS.get();
  }

  /** Instances handed out beyond the prototypes, i.e. in-memory copies made (for tests). */
  static int copies() {
    synchronized (POOLS) {
      return POOLS.values().stream().mapToInt(p -> p.copies).sum();
    }
  }

  /** Forgets every model (tests). */
  static void clear() {
    synchronized (POOLS) {
      POOLS.values().forEach(Pool::evict);
      POOLS.clear();
      LOADS.set(0);
    }
  }

  private static Pool pool(String sha256) {
    synchronized (POOLS) {
      Pool p = POOLS.computeIfAbsent(sha256, k -> new Pool());
      Iterator<Map.Entry<String, Pool>> it = POOLS.entrySet().iterator();
      while (POOLS.size() > MAX_MODELS && it.hasNext()) {
        Map.Entry<String, Pool> eldest = it.next();
        if (eldest.getValue() != p) {
          eldest.getValue().evict();
          it.remove();
        }
      }
      return p;
    }
  }

  /** The instances of one model. */
  private static final class Pool {
    private CaseSegmenter prototype;
    private final Deque<CaseSegmenter> idle = new ArrayDeque<>();
    private boolean evicted;
    private int copies;

    synchronized Lease lease(Loader loader) throws IOException {
      if (prototype == null) {
        prototype = loader.load();
        LOADS.incrementAndGet();
      }
      CaseSegmenter s = idle.poll();
      if (s == null) {
        s = prototype.copy();
        copies++;
      }
      return new Lease(this, s);
    }

    synchronized void release(CaseSegmenter s) {
      if (!evicted) {
        idle.push(s);
      }
    }

    synchronized void evict() {
      evicted = true;
      idle.clear();
      prototype = null;
    }
  }

  /** One task's instance of a model; closing returns it to its pool. */
  static final class Lease implements AutoCloseable {
    private final Pool pool;
    private CaseSegmenter segmenter;

    private Lease(Pool pool, CaseSegmenter segmenter) {
      this.pool = pool;
      this.segmenter = segmenter;
    }

    /** The instance, for this task only. */
    CaseSegmenter segmenter() {
      if (segmenter == null) {
        throw new IllegalStateException("the model lease was closed");
      }
      return segmenter;
    }

    @Override
    public void close() {
      if (segmenter != null) {
        pool.release(segmenter);
        segmenter = null;
      }
    }
  }
}
