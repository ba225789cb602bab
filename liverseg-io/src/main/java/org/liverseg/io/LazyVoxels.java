package org.liverseg.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * A thread-safe value computed once on first use, that can tell whether it has been computed
 * (Guava's memoizing supplier cannot). Used for the geometry and voxels of lazy images.
 */
final class LazyVoxels<T> implements Supplier<T> {

  /** An I/O step that may throw. */
  interface Read<T> {
    T read() throws IOException;
  }

  private final Read<T> read;
  private volatile T value;

  private LazyVoxels(Read<T> read) {
    this.read = read;
  }

  static <T> LazyVoxels<T> of(Read<T> read) {
    return new LazyVoxels<>(read);
  }

  static <T> LazyVoxels<T> ofValue(T value) {
    LazyVoxels<T> l = new LazyVoxels<>(() -> value);
    l.value = value;
    return l;
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          try {
            v = read.read();
          } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
          }
          value = v;
        }
      }
    }
    return v;
  }

  boolean isDone() {
    return value != null;
  }

  /** This value if computed, else a new lazy value with the same reader and a cache of its own. */
  LazyVoxels<T> copy() {
    return isDone() ? this : new LazyVoxels<>(read);
  }

  /** Checks that an array read from {@code source} has the length its geometry promises. */
  static void checkLength(int length, ImageGeometry geometry, Object source) {
    if (length != geometry.values()) {
      throw new IllegalStateException(
          source
              + ": read "
              + length
              + " values but the header promises "
              + geometry.values()
              + " ("
              + geometry.shape()
              + " x "
              + geometry.channels()
              + " channels)");
    }
  }
}
