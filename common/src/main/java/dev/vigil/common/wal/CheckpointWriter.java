package dev.vigil.common.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a checkpoint: the previous checkpoint and the covered segments, rewritten, into a
 * temporary directory that is fsynced and atomically renamed; then the covered files go.
 */
final class CheckpointWriter {
  private CheckpointWriter() {}

  static long write(Path dir, long segmentSize, int upTo, RecordRewriter rewriter)
      throws IOException {
    int previous = WalFiles.latestCheckpoint(dir);
    if (upTo <= previous) {
      return 0;
    }
    List<WalReader.Source> sources = new ArrayList<>();
    if (previous >= 0) {
      Path cp = dir.resolve(WalFiles.checkpointName(previous));
      for (int n : SegmentFormat.segments(cp)) {
        sources.add(new WalReader.Source(cp.resolve(SegmentFormat.name(n)), n));
      }
    }
    for (int n : SegmentFormat.segments(dir)) {
      if (n > previous && n <= upTo) {
        sources.add(new WalReader.Source(dir.resolve(SegmentFormat.name(n)), n));
      }
    }
    Path tmp = dir.resolve(WalFiles.checkpointName(upTo) + SegmentFormat.TMP_SUFFIX);
    WalFiles.deleteTree(tmp);
    Files.createDirectories(tmp);
    long[] count = {0};
    try (WalReader reader = new WalReader(sources)) {
      CheckpointOutput out = new CheckpointOutput(tmp, segmentSize);
      try {
        RecordSink sink = (b, off, len) -> {
          out.write(b, off, len);
          count[0]++;
        };
        while (reader.next()) {
          rewriter.rewrite(reader.record(), reader.length(), sink);
        }
        rewriter.finish(sink);
        out.finish();
      } finally {
        out.closeQuietly();
      }
    }
    SegmentFormat.syncDir(tmp);
    Path target = dir.resolve(WalFiles.checkpointName(upTo));
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    SegmentFormat.syncDir(dir);
    for (int n : SegmentFormat.segments(dir)) {
      if (n <= upTo) {
        Files.deleteIfExists(dir.resolve(SegmentFormat.name(n)));
      }
    }
    if (previous >= 0) {
      WalFiles.deleteTree(dir.resolve(WalFiles.checkpointName(previous)));
    }
    SegmentFormat.syncDir(dir);
    return count[0];
  }
  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  /** Writes checkpoint records into numbered segments inside the temporary directory. */
  private static final class CheckpointOutput {
    private final Path dir;
    private final long segmentSize;
    private SegmentWriter w;
    private long segBytes = SegmentFormat.HEADER_SIZE;
    private byte[] buf = new byte[256 << 10];
    private int bufLen;

    CheckpointOutput(Path dir, long segmentSize) throws IOException {
      this.dir = dir;
      this.segmentSize = segmentSize;
      this.w = SegmentWriter.create(dir, 1);
    }

    void write(byte[] b, int off, int len) throws IOException {
      int frame = SegmentFormat.FRAME_HEADER_SIZE + len;
      if (segBytes + frame > segmentSize && segBytes > SegmentFormat.HEADER_SIZE) {
        flush();
        w.force();
        w.close();
        w = SegmentWriter.create(dir, w.segment + 1);
        segBytes = SegmentFormat.HEADER_SIZE;
      }
      if (bufLen + frame > buf.length) {
        flush();
        if (frame > buf.length) {
          buf = new byte[frame];
        }
      }
      buf[bufLen] = SegmentFormat.TYPE_FULL;
      putInt(buf, bufLen + 1, len);
      putInt(buf, bufLen + 5, SegmentFormat.crc(SegmentFormat.TYPE_FULL, b, off, len));
      System.arraycopy(b, off, buf, bufLen + SegmentFormat.FRAME_HEADER_SIZE, len);
      bufLen += frame;
      segBytes += frame;
    }

    private void flush() throws IOException {
      w.write(buf, 0, bufLen);
      bufLen = 0;
    }

    void finish() throws IOException {
      flush();
      w.force();
    }

    void closeQuietly() throws IOException {
      buf = new byte[0]; // whatever still refers to this output, the buffer goes now
      w.close();
    }
  }
}
