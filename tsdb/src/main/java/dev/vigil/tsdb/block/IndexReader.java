package dev.vigil.tsdb.block;

import dev.vigil.common.bytes.ByteReader;
import dev.vigil.common.bytes.DecodeException;
import dev.vigil.model.Labels;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

/**
 * A memory-mapped block index (docs/format/index.md). Opening checks the header, the table of
 * contents and the CRC32C of every section, so later reads see verified bytes; bounds are still
 * checked on every decode. Symbols and the postings table are decoded to the heap (they are small
 * next to series and postings, which stay mapped). Immutable after construction; thread-safe
 * while the arena is open.
 */
final class IndexReader {
  private final Path file;
  private final MemorySegment seg;
  private final String[] symbols;
  private final long seriesStart; // payload bounds of the series section
  private final long seriesEnd;
  private final long offsetsStart; // first series offset entry
  private final int numSeries;
  // Postings table: label names (sorted) and per name its values' symbol refs (sorted) with the
  // absolute file offset and length of each postings bitmap.
  private final String[] names;
  private final int[][] valueRefs;
  private final long[][] postingOffsets;
  private final int[][] postingLengths;

  IndexReader(Path file, Arena arena) throws IOException {
    this.file = file;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
    }
    long size = seg.byteSize();
    if (size < BlockFormat.INDEX_HEADER_SIZE + BlockFormat.TOC_SIZE) {
      throw corrupt("header", 0, "file of " + size + " bytes is too short for an index");
    }
    int magic = seg.get(SegmentReader.INT_BE, 0);
    if (magic != BlockFormat.INDEX_MAGIC) {
      throw corrupt("header", 0, "bad magic 0x" + Integer.toHexString(magic));
    }
    int version = seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 4);
    if (version != BlockFormat.INDEX_VERSION) {
      throw corrupt("header", 4, "unsupported index version " + version);
    }
    long tocAt = size - BlockFormat.TOC_SIZE;
    int tocCrc = crc(tocAt, BlockFormat.TOC_SIZE - 4);
    if (tocCrc != seg.get(SegmentReader.INT_BE, tocAt + BlockFormat.TOC_SIZE - 4)) {
      throw corrupt("toc", tocAt, "crc32c mismatch");
    }
    int n = BlockFormat.SECTIONS.length;
    long[] start = new long[n];
    long[] end = new long[n];
    long expect = BlockFormat.INDEX_HEADER_SIZE;
    for (int i = 0; i < n; i++) {
      long off = seg.get(SegmentReader.LONG_BE, tocAt + 8L * i);
      String name = BlockFormat.SECTIONS[i];
      if (off != expect || off + 8 > tocAt) {
        throw corrupt("toc", tocAt + 8L * i, "section " + name + " offset " + off
            + " is not where the previous one ended (" + expect + ")");
      }
      long len = Integer.toUnsignedLong(seg.get(SegmentReader.INT_BE, off));
      if (off + 4 + len + 4 > tocAt) {
        throw corrupt(name, off, "length " + len + " runs past the table of contents at " + tocAt);
      }
      int stored = seg.get(SegmentReader.INT_BE, off + 4 + len);
      if (crc(off + 4, len) != stored) {
        throw corrupt(name, off, "crc32c mismatch over " + len + " bytes");
      }
      start[i] = off + 4;
      end[i] = off + 4 + len;
      expect = end[i] + 4;
    }
    if (expect != tocAt) {
      throw corrupt("toc", tocAt, (tocAt - expect) + " unaccounted bytes before the table");
    }
    try {
      symbols = readSymbols(start[BlockFormat.SYMBOLS], end[BlockFormat.SYMBOLS]);
    } catch (DecodeException e) {
      throw corrupt("symbols", start[BlockFormat.SYMBOLS], e.getMessage());
    }
    seriesStart = start[BlockFormat.SERIES];
    seriesEnd = end[BlockFormat.SERIES];
    long offs = start[BlockFormat.SERIES_OFFSETS];
    if (end[BlockFormat.SERIES_OFFSETS] - offs < 4) {
      throw corrupt("series offsets", offs, "section too short");
    }
    numSeries = seg.get(SegmentReader.INT_BE, offs);
    if (numSeries < 0 || 4 + 4L * numSeries != end[BlockFormat.SERIES_OFFSETS] - offs) {
      throw corrupt("series offsets", offs, "count " + numSeries + " does not match length "
          + (end[BlockFormat.SERIES_OFFSETS] - offs));
    }
    offsetsStart = offs + 4;
    long tableAt = start[BlockFormat.POSTINGS_TABLE];
    SegmentReader r = new SegmentReader(seg, tableAt, end[BlockFormat.POSTINGS_TABLE]);
    try {
      int numNames = r.getUvarintInt();
      names = new String[numNames];
      valueRefs = new int[numNames][];
      postingOffsets = new long[numNames][];
      postingLengths = new int[numNames][];
      long pos = start[BlockFormat.POSTINGS];
      for (int i = 0; i < numNames; i++) {
        names[i] = symbol(r.getUvarintInt());
        int nv = r.getUvarintInt();
        valueRefs[i] = new int[Math.min(nv, symbols.length)];
        postingOffsets[i] = new long[valueRefs[i].length];
        postingLengths[i] = new int[valueRefs[i].length];
        int ref = 0;
        for (int v = 0; v < nv; v++) {
          ref += r.getUvarintInt();
          symbol(ref);
          valueRefs[i][v] = ref;
          postingOffsets[i][v] = pos;
          postingLengths[i][v] = r.getUvarintInt();
          pos += postingLengths[i][v];
        }
      }
      if (pos != end[BlockFormat.POSTINGS]) {
        throw new DecodeException("postings lengths sum to " + (pos - start[BlockFormat.POSTINGS])
            + ", section holds " + (end[BlockFormat.POSTINGS] - start[BlockFormat.POSTINGS]));
      }
    } catch (DecodeException | ArrayIndexOutOfBoundsException e) {
      throw corrupt("postings table", r.position(), e.getMessage());
    }
  }

  private String[] readSymbols(long from, long to) {
    SegmentReader r = new SegmentReader(seg, from, to);
    int n = r.getUvarintInt();
    if (n > to - from) {
      throw new DecodeException("symbol count " + n + " exceeds section length " + (to - from));
    }
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = r.getString();
      if (i > 0 && out[i - 1].compareTo(out[i]) >= 0) {
        throw new DecodeException("symbols not sorted at " + i);
      }
    }
    return out;
  }

  private int crc(long off, long len) {
    CRC32C c = new CRC32C();
    c.update(seg.asSlice(off, len).asByteBuffer());
    return (int) c.getValue();
  }

  BlockCorruptedException corrupt(String section, long offset, String problem) {
    return new BlockCorruptedException(file, section, offset, problem);
  }

  private String symbol(int ref) {
    if (ref < 0 || ref >= symbols.length) {
      throw new DecodeException("symbol ref " + ref + " out of range (" + symbols.length + ")");
    }
    return symbols[ref];
  }

  int numSeries() {
    return numSeries;
  }

  long sizeBytes() {
    return seg.byteSize();
  }

  List<String> labelNames() {
    return List.of(names);
  }

  /** Index of a label name in the postings table, negative when absent. */
  int nameIndex(String name) {
    return Arrays.binarySearch(names, name);
  }

  int valueCount(int nameIdx) {
    return valueRefs[nameIdx].length;
  }

  String value(int nameIdx, int valueIdx) {
    return symbols[valueRefs[nameIdx][valueIdx]];
  }

  /** Position of {@code value} among the values of a name, negative when absent. */
  int valueIndex(int nameIdx, String value) {
    int ref = Arrays.binarySearch(symbols, value);
    return ref < 0 ? -1 : Arrays.binarySearch(valueRefs[nameIdx], ref);
  }

  /** Position of the first value of a name that is &gt;= {@code value} (may equal count). */
  int valueCeiling(int nameIdx, String value) {
    int ref = Arrays.binarySearch(symbols, value);
    int sym = ref >= 0 ? ref : -ref - 1;
    int i = Arrays.binarySearch(valueRefs[nameIdx], sym);
    return i >= 0 ? i : -i - 1;
  }

  /** The postings bitmap of a label pair, read in place from the mapping. */
  ImmutableRoaringBitmap postings(int nameIdx, int valueIdx) {
    long off = postingOffsets[nameIdx][valueIdx];
    int len = postingLengths[nameIdx][valueIdx];
    try {
      return new ImmutableRoaringBitmap(seg.asSlice(off, len).asByteBuffer());
    } catch (RuntimeException e) {
      throw corrupt("postings", off, "cannot decode bitmap of " + len + " bytes: " + e);
    }
  }

  /**
   * Decodes series {@code id}: its labels and (minT, maxT, ref) triples of its chunks.
   *
   * <p>The entry is copied out of the mapping in one bulk read (entries are contiguous, so the
   * next entry's offset bounds it) and decoded from the heap copy: a query decodes thousands of
   * entries, and per-byte reads of the mapped segment each pay bounds and liveness checks.
   *
   * @throws BlockCorruptedException when the entry does not decode within bounds
   */
  SeriesEntry series(int id) {
    if (id < 0 || id >= numSeries) {
      throw corrupt("postings", 0, "series id " + id + " out of range (" + numSeries + ")");
    }
    long off = Integer.toUnsignedLong(seg.get(SegmentReader.INT_BE, offsetsStart + 4L * id));
    long size = seriesEnd - seriesStart;
    long to = size;
    if (id + 1 < numSeries) {
      long next = Integer.toUnsignedLong(
          seg.get(SegmentReader.INT_BE, offsetsStart + 4L * (id + 1)));
      if (next > off && next <= size) {
        to = next;
      }
    }
    if (off >= size) {
      throw corrupt("series", seriesStart + off, "series " + id + ": offset " + off
          + " is past the section's " + size + " bytes");
    }
    byte[] b = new byte[(int) Math.min(to - off, Integer.MAX_VALUE - 16)];
    MemorySegment.copy(seg, java.lang.foreign.ValueLayout.JAVA_BYTE, seriesStart + off, b, 0,
        b.length);
    ByteReader r = new ByteReader(b); // reading past the copied entry is a decode error
    try {
      int nl = r.getUvarintInt();
      if (nl > b.length) {
        throw new DecodeException("label count " + nl + " exceeds the entry's " + b.length
            + " bytes");
      }
      String[] kv = new String[2 * nl];
      int prevName = -1;
      for (int i = 0; i < 2 * nl; i++) {
        int ref = r.getUvarintInt();
        kv[i] = symbol(ref);
        if ((i & 1) == 0) {
          // the symbol table is sorted and free of duplicates (checked on open), so names
          // sort as their references do: no string comparisons per series
          if (ref <= prevName) {
            throw new DecodeException("label names not sorted in series " + id);
          }
          prevName = ref;
        }
      }
      int nc = r.getUvarintInt();
      if (nc > b.length) {
        throw new DecodeException("chunk count " + nc + " exceeds the entry's " + b.length
            + " bytes");
      }
      long[] chunks = new long[3 * nc];
      long prevMaxT = 0;
      long prevRef = 0;
      for (int c = 0; c < nc; c++) {
        long minT;
        long ref;
        if (c == 0) {
          minT = r.getVarint();
          ref = r.getUvarint();
        } else {
          minT = prevMaxT + r.getVarint();
          ref = prevRef + r.getVarint();
        }
        long maxT = minT + r.getUvarint();
        chunks[3 * c] = minT;
        chunks[3 * c + 1] = maxT;
        chunks[3 * c + 2] = ref;
        prevMaxT = maxT;
        prevRef = ref;
      }
      return new SeriesEntry(Labels.wrapSorted(kv), chunks);
    } catch (DecodeException e) {
      throw corrupt("series", seriesStart + off + r.position(), "series " + id + ": " + e.getMessage());
    }
  }

  /** A decoded series entry; {@code chunks} holds (minT, maxT, ref) triples. */
  record SeriesEntry(Labels labels, long[] chunks) {}
}
