package dev.vigil.ingest.remotewrite;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads a {@code Sample{value=1 double, timestamp=2 int64}} message, which remote-write 1.0 and 2.0
 * encode identically (2.0's start timestamp, field 3, is skipped like any unknown field), into
 * reusable fields so that decoding allocates nothing per sample. Not thread-safe: one per decoder.
 */
final class SampleMessage {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final byte VALUE_TAG = (1 << 3) | ProtoReader.FIXED64;
  private static final byte TIMESTAMP_TAG = (2 << 3) | ProtoReader.VARINT;

  double value;
  long timestamp;

  /** Reads the message from {@code in.pos} up to {@code limit}; absent fields read as zero. */
  void read(ProtoReader in, int limit) {
    value = 0;
    timestamp = 0;
    byte[] b = in.buf;
    int p = in.pos;
    // Fast path for the order every sender writes: value (tag 0x09, 8 bytes), then timestamp
    // (tag 0x10, varint). What follows, or any other layout, goes through the general loop.
    if (limit - p >= 10 && b[p] == VALUE_TAG) {
      value = Double.longBitsToDouble((long) LONGS.get(b, p + 1));
      in.pos = p + 9;
      if (b[p + 9] == TIMESTAMP_TAG) {
        in.pos = p + 10;
        timestamp = in.varint(limit);
      }
    }
    while (in.pos < limit) {
      int tag = in.tag(limit);
      switch (tag >>> 3) {
        case 1 -> {
          ProtoReader.expect(tag, ProtoReader.FIXED64, "Sample.value (1)");
          value = in.fixed64Double(limit);
        }
        case 2 -> {
          ProtoReader.expect(tag, ProtoReader.VARINT, "Sample.timestamp (2)");
          timestamp = in.varint(limit);
        }
        default -> in.skip(tag & 7, limit);
      }
    }
  }
}
