package org.liverseg.io.nifti;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip encoder that compresses 1 MiB blocks in parallel, as pigz does, into one ordinary gzip
 * member: each block is deflated on its own with the previous block's last 32 KiB as preset
 * dictionary (so the ratio stays that of one stream) and ends with a sync flush, the last block
 * with the final flag. The output depends only on the data and the level, never on the thread
 * count.
 *
 * <p>Header as Python's gzip module (and so nibabel) writes it: no file name, mtime 0, XFL 4 at
 * level 1 or 2 at level 9, OS 255. {@link #finish()} completes the stream; closing stops the worker
 * threads and leaves the underlying stream open (the caller syncs and closes it).
 */
final class GzipOutput extends OutputStream {

  /** Uncompressed bytes per independently compressed block. */
  static final int BLOCK = 1 << 20;

  private static final int DICTIONARY = 1 << 15;

  private final OutputStream out;
  private final int level;
  private final int threads;
  private final CRC32 crc = new CRC32();
  private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
  private byte[] block = new byte[BLOCK];
  private int fill;
  private byte[] dictionary;
  private long size;
  private long blocks;
  private boolean finished;
  private ExecutorService pool;

  GzipOutput(OutputStream out, int level, int threads) throws IOException {
    this.out = out;
    this.level = level;
    this.threads = Math.max(1, threads);
    int xfl = level == 1 ? 4 : level == 9 ? 2 : 0;
    out.write(new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, (byte) xfl, (byte) 0xFF});
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    crc.update(b, off, len);
    size += len;
    while (len > 0) {
      int n = Math.min(len, BLOCK - fill);
      System.arraycopy(b, off, block, fill, n);
      fill += n;
      off += n;
      len -= n;
      if (fill == BLOCK) {
        submit(false);
      }
    }
  }

  private void submit(boolean last) throws IOException {
    byte[] data = block;
    int n = fill;
    byte[] dict = dictionary;
    dictionary = n >= DICTIONARY ? Arrays.copyOfRange(data, n - DICTIONARY, n) : null;
    block = new byte[BLOCK];
    fill = 0;
    if (threads == 1) {
      out.write(compress(data, n, dict, last, level));
      return;
    }
    if (pool == null) {
      pool =
          Executors.newFixedThreadPool(
              threads - 1,
              r -> {
                Thread t = new Thread(r, "liverseg-gzip");
                t.setDaemon(true);
                return t;
              });
    }
    // every threads-th block is compressed by the caller, so that we never run more threads than
    // asked for and the caller does not sit idle while the workers compress (it matters on a busy
    // machine)
    if (blocks++ % threads == threads - 1) {
      pending.add(CompletableFuture.completedFuture(compress(data, n, dict, last, level)));
    } else {
      pending.add(pool.submit(() -> compress(data, n, dict, last, level)));
    }
    while (!pending.isEmpty() && (pending.peek().isDone() || pending.size() > threads || last)) {
      out.write(take(pending.poll()));
    }
  }

  private static byte[] take(Future<byte[]> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing");
    } catch (ExecutionException e) {
      throw new IOException("gzip compression failed", e.getCause());
    }
  }

  /** Deflates one block: sync flush at the end, or the final flag for the last block. */
  static byte[] compress(byte[] data, int n, byte[] dictionary, boolean last, int level) {
    Deflater d = new Deflater(level, true);
    try {
      if (dictionary != null) {
        d.setDictionary(dictionary);
      }
      d.setInput(data, 0, n);
      ByteArrayOutputStream bos = new ByteArrayOutputStream(n / 2 + 64);
      byte[] buf = new byte[1 << 16];
      if (last) {
        d.finish();
        while (!d.finished()) {
          int k = d.deflate(buf, 0, buf.length, Deflater.NO_FLUSH);
          bos.write(buf, 0, k);
        }
      } else {
        int k;
        do {
          k = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
          bos.write(buf, 0, k);
        } while (k == buf.length);
      }
      return bos.toByteArray();
    } finally {
      d.end();
    }
  }

  /** Compresses what is left, writes the trailer; the underlying stream stays open. */
  void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    submit(true);
    long c = crc.getValue();
    out.write(
        new byte[] {
          (byte) c,
          (byte) (c >> 8),
          (byte) (c >> 16),
          (byte) (c >> 24),
          (byte) size,
          (byte) (size >> 8),
          (byte) (size >> 16),
          (byte) (size >> 24)
        });
  }

  /**
   * Stops the workers. Without a {@link #finish()} before, the gzip stream is abandoned unfinished
   * (what a failed write wants). The underlying stream stays open.
   */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
