package org.liverseg.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

@Isolated
class ModelCacheTest {

  private CaseSegmenter model;

  @BeforeEach
  void load() throws IOException {
    ModelCache.clear();
    model = CaseSegmenter.load(TestData.get().model);
  }

  @AfterEach
  void clear() {
    ModelCache.clear();
  }

  @Test
  void aModelIsLoadedOncePerJvmAndEachConcurrentTaskGetsItsOwnCopy() throws IOException {
    AtomicInteger loader = new AtomicInteger();
    ModelCache.Loader load =
        () -> {
          loader.incrementAndGet();
          return model;
        };
    ModelCache.Lease a = ModelCache.borrow("m", load);
    ModelCache.Lease b = ModelCache.borrow("m", load);
    assertNotSame(a.segmenter(), b.segmenter(), "two tasks at once: two instances");
    CaseSegmenter first = a.segmenter();
    a.close();
    ModelCache.Lease c = ModelCache.borrow("m", load);
    assertSame(first, c.segmenter(), "a returned instance is reused");
    assertEquals(1, loader.get());
    assertEquals(1, ModelCache.loads());
    assertEquals(2, ModelCache.copies());
    b.close();
    c.close();
    assertThrows(IllegalStateException.class, c::segmenter);
  }

  @Test
  void atMostTwoModelsAreKept() throws IOException {
    AtomicInteger loads = new AtomicInteger();
    ModelCache.Loader load =
        () -> {
          loads.incrementAndGet();
          return model;
        };
    ModelCache.borrow("1", load).close();
    ModelCache.borrow("2", load).close();
    ModelCache.borrow("1", load).close(); // 1 is now the most recent
    ModelCache.borrow("3", load).close(); // drops 2
    ModelCache.borrow("1", load).close();
    assertEquals(3, loads.get());
    ModelCache.borrow("2", load).close();
    assertEquals(4, loads.get(), "2 was dropped and is loaded again");
  }
}
