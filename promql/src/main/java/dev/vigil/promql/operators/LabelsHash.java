package dev.vigil.promql.operators;

import dev.vigil.model.Labels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The label-set hash Prometheus's {@code limit_ratio} samples by: XXH64 (seed 0) over the label
 * set in Prometheus's default in-memory encoding (each name and value preceded by its byte length,
 * one byte below 255, else 255 and three little-endian bytes). Reproducing it exactly makes
 * {@code limit_ratio} pick the same series Prometheus picks. Stateless.
 */
final class LabelsHash {
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;
  private static final double MAX_UINT64 = 18446744073709551615.0;

  private LabelsHash() {}

  /** The offset in [0, 1] Prometheus derives from the hash of {@code labels}. */
  static double sampleOffset(Labels labels) {
    return unsignedToDouble(hash(labels)) / MAX_UINT64;
  }

  static long hash(Labels labels) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    for (int i = 0; i < labels.size(); i++) {
      writeString(out, labels.name(i));
      writeString(out, labels.value(i));
    }
    return xxh64(out.toByteArray());
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length < 255) {
      out.write(b.length);
    } else {
      out.write(255);
      out.write(b.length & 0xff);
      out.write((b.length >>> 8) & 0xff);
      out.write((b.length >>> 16) & 0xff);
    }
    out.write(b, 0, b.length);
  }

  static double unsignedToDouble(long h) {
    if (h >= 0) {
      return (double) h;
    }
    // Halve keeping the sticky low bit so that the conversion rounds like Go's uint64 -> float64.
    return ((double) ((h >>> 1) | (h & 1))) * 2.0;
  }

  static long xxh64(byte[] b) {
    int len = b.length;
    int p = 0;
    long h;
    if (len >= 32) {
      long v1 = P1 + P2;
      long v2 = P2;
      long v3 = 0;
      long v4 = -P1;
      int limit = len - 32;
      do {
        v1 = round(v1, readLong(b, p));
        v2 = round(v2, readLong(b, p + 8));
        v3 = round(v3, readLong(b, p + 16));
        v4 = round(v4, readLong(b, p + 24));
        p += 32;
      } while (p <= limit);
      h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12)
          + Long.rotateLeft(v4, 18);
      h = mergeRound(h, v1);
      h = mergeRound(h, v2);
      h = mergeRound(h, v3);
      h = mergeRound(h, v4);
    } else {
      h = P5;
    }
    h += len;
    while (p + 8 <= len) {
      h ^= round(0, readLong(b, p));
      h = Long.rotateLeft(h, 27) * P1 + P4;
      p += 8;
    }
    if (p + 4 <= len) {
      h ^= (readInt(b, p) & 0xffffffffL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      p += 4;
    }
    while (p < len) {
      h ^= (b[p] & 0xffL) * P5;
      h = Long.rotateLeft(h, 11) * P1;
      p++;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  private static long round(long acc, long input) {
    acc += input * P2;
    acc = Long.rotateLeft(acc, 31);
    return acc * P1;
  }

  private static long mergeRound(long acc, long val) {
    acc ^= round(0, val);
    return acc * P1 + P4;
  }

  private static long readLong(byte[] b, int p) {
    return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16
        | (b[p + 3] & 0xffL) << 24 | (b[p + 4] & 0xffL) << 32 | (b[p + 5] & 0xffL) << 40
        | (b[p + 6] & 0xffL) << 48 | (b[p + 7] & 0xffL) << 56;
  }

  private static int readInt(byte[] b, int p) {
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16
        | (b[p + 3] & 0xff) << 24;
  }
}
