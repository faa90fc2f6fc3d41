package dev.vigil.tsdb.chunk;

import dev.vigil.common.bytes.DecodeException;
import dev.vigil.model.SampleIterator;

/** Chooses chunk encodings and opens any encoded chunk by its encoding byte. */
public final class Chunks {
  private Chunks() {}

  /** An encoded chunk: its encoding byte and bytes. */
  public record Encoded(byte encoding, byte[] data) {}

  /**
   * Encodes samples for an immutable block: the packed encoding when the values allow it, XOR
   * otherwise. XOR chunks hold at most 65535 samples.
   */
  public static Encoded encodeImmutable(long[] ts, double[] vs, int n) {
    byte[] packed = PackedChunk.encode(ts, vs, n);
    if (packed != null) {
      return new Encoded(PackedChunk.ENCODING, packed);
    }
    XorChunk x = new XorChunk();
    for (int i = 0; i < n; i++) {
      x.append(ts[i], vs[i]);
    }
    return new Encoded(XorChunk.ENCODING, x.bytes());
  }

  public static SampleIterator iterator(byte encoding, byte[] data) {
    return switch (encoding) {
      case XorChunk.ENCODING -> XorChunk.iterator(data);
      case PackedChunk.ENCODING -> PackedChunk.iterator(data);
      case ValueChunk.ENCODING -> throw new DecodeException(
          "a value chunk (encoding 4) needs its timestamp column: read it through its block");
      default -> throw new DecodeException("unknown chunk encoding " + encoding);
    };
  }
}
