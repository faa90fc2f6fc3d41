package dev.vigil.tsdb.block;

import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.model.Labels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32C;
import org.roaringbitmap.RoaringBitmap;

/**
 * Writes a block's index file (docs/format/index.md) from series sorted by labels and their chunk
 * metas. Series are numbered by their position (the series id used in postings). Sections are
 * streamed to the file through a small buffer; each gets a length prefix and a CRC32C suffix.
 * Single use, not thread-safe.
 */
final class IndexWriter {
  private static final int FLUSH_AT = 1 << 14;

  private final FileChannel ch;
  private final ByteWriter buf = new ByteWriter(FLUSH_AT + 1024);
  private final CRC32C crc = new CRC32C();
  private final long[] sectionOffsets = new long[BlockFormat.SECTIONS.length];
  private long flushed; // bytes written to the file
  private long sectionStart;
  private int crcFrom; // position in buf from where bytes still need to enter the crc

  private IndexWriter(FileChannel ch) {
    this.ch = ch;
  }

  /**
   * @param series labels of each series, strictly increasing
   * @param chunkMetas (minT, maxT, ref) triples of all series' chunks, in series order
   * @param chunkStarts index of each series' first triple, plus one final entry (total count)
   */
  static void write(Path file, List<Labels> series, long[] chunkMetas, int[] chunkStarts)
      throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      new IndexWriter(ch).writeAll(series, chunkMetas, chunkStarts);
      ch.force(true);
    }
  }

  // One method per section, and the loops' bodies in methods of their own: as one method this
  // was compiled by C2 as a single 70 KB on-stack-replacement compilation (~250 ms of CPU on the
  // first block cut) that every loop in it re-entered; small methods compile separately, fast.
  private void writeAll(List<Labels> series, long[] chunkMetas, int[] chunkStarts)
      throws IOException {
    buf.putInt(BlockFormat.INDEX_MAGIC).putByte(BlockFormat.INDEX_VERSION);

    // Symbols, and postings of every label pair keyed by name then value.
    TreeSet<String> symbolSet = new TreeSet<>();
    TreeMap<String, TreeMap<String, RoaringBitmap>> postings = new TreeMap<>();
    for (int id = 0; id < series.size(); id++) {
      collect(id, series.get(id), symbolSet, postings);
    }
    Map<String, Integer> refs = writeSymbols(symbolSet);
    int[] seriesOffsets = writeSeries(series, chunkMetas, chunkStarts, refs);
    writeSeriesOffsets(seriesOffsets);
    List<int[]> table = writePostings(postings, refs);
    writePostingsTable(postings, refs, table);

    int tocStart = buf.length();
    for (long off : sectionOffsets) {
      buf.putLong(off);
    }
    buf.putInt(buf.crc32c(tocStart));
    flush();
  }

  private static void collect(int id, Labels ls, TreeSet<String> symbolSet,
      TreeMap<String, TreeMap<String, RoaringBitmap>> postings) {
    for (int i = 0; i < ls.size(); i++) {
      symbolSet.add(ls.name(i));
      symbolSet.add(ls.value(i));
      postings.computeIfAbsent(ls.name(i), k -> new TreeMap<>())
          .computeIfAbsent(ls.value(i), k -> new RoaringBitmap()).add(id);
    }
  }

  /** Writes the symbols section and returns each symbol's reference. */
  private Map<String, Integer> writeSymbols(TreeSet<String> symbolSet) throws IOException {
    Map<String, Integer> refs = new HashMap<>(symbolSet.size() * 2);
    beginSection(BlockFormat.SYMBOLS);
    buf.putUvarint(symbolSet.size());
    for (String s : symbolSet) {
      refs.put(s, refs.size());
      buf.putString(s);
      maybeFlush();
    }
    endSection();
    return refs;
  }

  /** Writes the series section and returns each series' offset in it. */
  private int[] writeSeries(List<Labels> series, long[] chunkMetas, int[] chunkStarts,
      Map<String, Integer> refs) throws IOException {
    int[] seriesOffsets = new int[series.size()];
    beginSection(BlockFormat.SERIES);
    long payloadStart = sectionStart + 4;
    for (int id = 0; id < series.size(); id++) {
      long off = flushed + buf.length() - payloadStart;
      if (off > Integer.MAX_VALUE) {
        throw new IOException("series section exceeds 2 GiB at series " + id);
      }
      seriesOffsets[id] = (int) off;
      putSeries(series.get(id), refs, chunkMetas, chunkStarts[id], chunkStarts[id + 1]);
      maybeFlush();
    }
    endSection();
    return seriesOffsets;
  }

  private void putSeries(Labels ls, Map<String, Integer> refs, long[] chunkMetas, int from,
      int to) {
    buf.putUvarint(ls.size());
    for (int i = 0; i < ls.size(); i++) {
      buf.putUvarint(refs.get(ls.name(i))).putUvarint(refs.get(ls.value(i)));
    }
    buf.putUvarint(to - from);
    long prevMaxT = 0;
    long prevRef = 0;
    for (int c = from; c < to; c++) {
      long minT = chunkMetas[3 * c];
      long maxT = chunkMetas[3 * c + 1];
      long ref = chunkMetas[3 * c + 2];
      if (c == from) {
        buf.putVarint(minT);
        buf.putUvarint(ref);
      } else {
        buf.putVarint(minT - prevMaxT);
        buf.putVarint(ref - prevRef);
      }
      buf.putUvarint(maxT - minT);
      prevMaxT = maxT;
      prevRef = ref;
    }
  }

  private void writeSeriesOffsets(int[] seriesOffsets) throws IOException {
    beginSection(BlockFormat.SERIES_OFFSETS);
    buf.putInt(seriesOffsets.length);
    for (int off : seriesOffsets) {
      buf.putInt(off);
      maybeFlush();
    }
    endSection();
  }

  /**
   * Writes the postings section in table order (so the table needs only lengths) and returns
   * [nameRef, valueRef, length] per label pair.
   */
  private List<int[]> writePostings(TreeMap<String, TreeMap<String, RoaringBitmap>> postings,
      Map<String, Integer> refs) throws IOException {
    List<int[]> table = new ArrayList<>();
    beginSection(BlockFormat.POSTINGS);
    for (var byName : postings.entrySet()) {
      int nameRef = refs.get(byName.getKey());
      for (var byValue : byName.getValue().entrySet()) {
        RoaringBitmap bm = byValue.getValue();
        bm.runOptimize();
        int len = bm.serializedSizeInBytes();
        int at = buf.length();
        buf.putBytes(new byte[len]);
        bm.serialize(ByteBuffer.wrap(buf.array(), at, len).slice());
        table.add(new int[] {nameRef, refs.get(byValue.getKey()), len});
        maybeFlush();
      }
    }
    endSection();
    return table;
  }

  private void writePostingsTable(TreeMap<String, TreeMap<String, RoaringBitmap>> postings,
      Map<String, Integer> refs, List<int[]> table) throws IOException {
    beginSection(BlockFormat.POSTINGS_TABLE);
    buf.putUvarint(postings.size());
    int i = 0;
    for (var byName : postings.entrySet()) {
      buf.putUvarint(refs.get(byName.getKey())).putUvarint(byName.getValue().size());
      int prevValue = 0;
      for (int v = 0; v < byName.getValue().size(); v++, i++) {
        int[] e = table.get(i);
        buf.putUvarint(e[1] - prevValue).putUvarint(e[2]);
        prevValue = e[1];
      }
      maybeFlush();
    }
    endSection();
  }

  private void beginSection(int section) {
    sectionStart = flushed + buf.length();
    sectionOffsets[section] = sectionStart;
    buf.putInt(0); // length, patched in endSection
    crc.reset();
    crcFrom = buf.length();
  }

  private void endSection() throws IOException {
    crc.update(buf.array(), crcFrom, buf.length() - crcFrom);
    long length = flushed + buf.length() - sectionStart - 4;
    if (length > Integer.MAX_VALUE) {
      throw new IOException("index section exceeds 2 GiB: " + length + " bytes");
    }
    buf.putInt((int) crc.getValue());
    if (sectionStart >= flushed) {
      buf.setInt((int) (sectionStart - flushed), (int) length);
    } else {
      ByteBuffer len = ByteBuffer.allocate(4).putInt(0, (int) length);
      ch.write(len, sectionStart);
    }
  }

  private void maybeFlush() throws IOException {
    if (buf.length() >= FLUSH_AT) {
      crc.update(buf.array(), crcFrom, buf.length() - crcFrom);
      flush();
    }
  }

  private void flush() throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(buf.array(), 0, buf.length());
    while (bb.hasRemaining()) {
      flushed += ch.write(bb, flushed);
    }
    buf.reset();
    crcFrom = 0;
  }
}
