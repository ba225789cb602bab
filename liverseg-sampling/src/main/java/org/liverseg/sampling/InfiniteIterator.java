package org.liverseg.sampling;

import java.util.Iterator;

/** An iterator of patches that never ends. */
abstract class InfiniteIterator implements Iterator<Patch> {

  @Override
  public final boolean hasNext() {
    return true;
  }
}
