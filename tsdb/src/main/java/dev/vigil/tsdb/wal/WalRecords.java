package dev.vigil.tsdb.wal;

import dev.vigil.common.bytes.ByteReader;
import dev.vigil.common.bytes.ByteWriter;
import dev.vigil.common.bytes.DecodeException;
import dev.vigil.model.Exemplar;
import dev.vigil.model.Labels;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.MetricType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Encodes and decodes the head's WAL records (docs/format/wal.md): a type byte, then a uvarint
 * item count, then the items. Samples are delta-encoded against the first sample of the record
 * (series id and timestamp as zig-zag varints, the value as 8 raw bytes so that the staleness NaN
 * survives bit for bit). Stateless; thread-safe.
 */
public final class WalRecords {
  private WalRecords() {}

  /** Starts a series record; follow with {@link #putSeries} calls, count included up front. */
  public static void beginSeries(ByteWriter w, int count) {
    w.putByte(RecordType.SERIES.code()).putUvarint(count);
  }

  public static void putSeries(ByteWriter w, int id, Labels labels) {
    w.putUvarint(Integer.toUnsignedLong(id)).putUvarint(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      w.putString(labels.name(i)).putString(labels.value(i));
    }
  }

  /** Encodes samples [from, to) of the arrays as one record of the given type. */
  public static void putSamples(ByteWriter w, RecordType type, int[] ids, long[] ts, double[] vs,
      int from, int to) {
    assert type == RecordType.SAMPLES || type == RecordType.OOO_SAMPLES;
    w.putByte(type.code()).putUvarint(to - from);
    if (to == from) {
      return;
    }
    int baseId = ids[from];
    long baseT = ts[from];
    w.putUvarint(Integer.toUnsignedLong(baseId)).putVarint(baseT);
    for (int i = from; i < to; i++) {
      w.putVarint((long) ids[i] - baseId).putVarint(ts[i] - baseT).putDouble(vs[i]);
    }
  }

  /** The most bytes {@link #encodeSamples} writes for {@code count} samples. */
  public static int maxSamplesBytes(int count) {
    return 1 + 5 + 5 + 10 + count * (10 + 10 + 8);
  }

  /**
   * Encodes samples [from, to) as one record of the given type into {@code dst} at {@code off},
   * byte for byte as {@link #putSamples}; {@code dst} must hold {@link #maxSamplesBytes} bytes
   * from {@code off}. Why a second encoder: the head encodes every accepted sample, and writing
   * straight into an array it sized once avoids a capacity check and a field update per byte.
   *
   * @return the offset after the record
   */
  public static int encodeSamples(byte[] dst, int off, RecordType type, int[] ids, long[] ts,
      double[] vs, int from, int to) {
    assert type == RecordType.SAMPLES || type == RecordType.OOO_SAMPLES;
    int p = off;
    dst[p++] = (byte) type.code();
    p = uvarint(dst, p, to - from);
    if (to == from) {
      return p;
    }
    int baseId = ids[from];
    long baseT = ts[from];
    p = uvarint(dst, p, Integer.toUnsignedLong(baseId));
    p = uvarint(dst, p, zigZag(baseT));
    for (int i = from; i < to; i++) {
      p = uvarint(dst, p, zigZag((long) ids[i] - baseId));
      p = uvarint(dst, p, zigZag(ts[i] - baseT));
      BIG_ENDIAN_LONG.set(dst, p, Double.doubleToRawLongBits(vs[i]));
      p += 8;
    }
    return p;
  }

  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private static long zigZag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static int uvarint(byte[] b, int p, long v) {
    while ((v & ~0x7FL) != 0) {
      b[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    return p;
  }

  public static void beginExemplars(ByteWriter w, int count) {
    w.putByte(RecordType.EXEMPLARS.code()).putUvarint(count);
  }

  public static void putExemplar(ByteWriter w, int id, Exemplar e) {
    w.putUvarint(Integer.toUnsignedLong(id)).putVarint(e.timestamp()).putDouble(e.value());
    w.putByte(e.hasTimestamp() ? 1 : 0).putUvarint(e.labels().size());
    for (int i = 0; i < e.labels().size(); i++) {
      w.putString(e.labels().name(i)).putString(e.labels().value(i));
    }
  }

  public static void beginMetadata(ByteWriter w, int count) {
    w.putByte(RecordType.METADATA.code()).putUvarint(count);
  }

  public static void putMetadata(ByteWriter w, String family, MetricMetadata m) {
    w.putString(family).putByte(m.type().ordinal()).putString(m.unit()).putString(m.help());
  }

  public static void putMinValidTime(ByteWriter w, long t) {
    w.putByte(RecordType.MIN_VALID_TIME.code()).putUvarint(1).putVarint(t);
  }

  /** The record type of an encoded record, or null when empty or unknown. */
  public static RecordType typeOf(byte[] rec, int len) {
    return len == 0 ? null : RecordType.of(rec[0] & 0xFF);
  }

  /**
   * Decodes one record, calling the visitor for each item.
   *
   * @throws DecodeException when the record is malformed (the caller adds file and offset)
   */
  public static void decode(byte[] rec, int len, RecordVisitor v) {
    ByteReader r = new ByteReader(rec, 0, len);
    int code = r.getByte();
    RecordType type = RecordType.of(code);
    if (type == null) {
      throw new DecodeException("unknown wal record type " + code);
    }
    int n = r.getUvarintInt();
    switch (type) {
      case SERIES -> {
        for (int i = 0; i < n; i++) {
          int id = readId(r);
          v.series(id, readLabels(r));
        }
      }
      case SAMPLES, OOO_SAMPLES -> {
        if (n == 0) {
          break;
        }
        boolean ooo = type == RecordType.OOO_SAMPLES;
        int baseId = readId(r);
        long baseT = r.getVarint();
        for (int i = 0; i < n; i++) {
          long id = baseId + r.getVarint();
          if (id < 0 || id > 0xFFFFFFFFL) {
            throw new DecodeException("series id " + id + " out of range in sample " + i);
          }
          long t = baseT + r.getVarint();
          v.sample((int) id, t, r.getDouble(), ooo);
        }
      }
      case EXEMPLARS -> {
        for (int i = 0; i < n; i++) {
          int id = readId(r);
          long t = r.getVarint();
          double value = r.getDouble();
          boolean hasT = r.getByte() != 0;
          v.exemplar(id, new Exemplar(readLabels(r), value, t, hasT));
        }
      }
      case METADATA -> {
        MetricType[] types = MetricType.values();
        for (int i = 0; i < n; i++) {
          String family = r.getString();
          int t = r.getByte();
          if (t >= types.length) {
            throw new DecodeException("unknown metric type " + t + " for " + family);
          }
          String unit = r.getString();
          String help = r.getString();
          v.metadata(family, new MetricMetadata(types[t], help, unit));
        }
      }
      case MIN_VALID_TIME -> {
        for (int i = 0; i < n; i++) {
          v.minValidTime(r.getVarint());
        }
      }
    }
    if (r.hasRemaining()) {
      throw new DecodeException(r.remaining() + " trailing bytes after " + n + " items of a "
          + type + " record");
    }
  }

  private static int readId(ByteReader r) {
    long id = r.getUvarint();
    if (id < 0 || id > 0xFFFFFFFFL) {
      throw new DecodeException("series id " + id + " out of range");
    }
    return (int) id;
  }

  private static Labels readLabels(ByteReader r) {
    int n = r.getUvarintInt();
    if (n > r.remaining()) {
      throw new DecodeException("cannot decode " + n + " labels from " + r.remaining() + " bytes");
    }
    String[] kv = new String[2 * n];
    for (int i = 0; i < kv.length; i++) {
      kv[i] = r.getString();
    }
    for (int i = 2; i < kv.length; i += 2) {
      if (kv[i - 2].compareTo(kv[i]) >= 0) {
        throw new DecodeException("labels not sorted: " + kv[i - 2] + " before " + kv[i]);
      }
    }
    return Labels.wrapSorted(kv);
  }
}
