package dev.vigil.ingest.remotewrite;

/**
 * One block of the snappy format (a varint of the decompressed length, then literals and
 * back-references), the body encoding of remote write: its announced length, the expansion
 * check that refuses a lying length before a buffer is allocated, and decompressing a block
 * whole. The decompression itself is {@link SnappyStream}'s, written for the request path rather
 * than taken from the general library: copies move eight or sixteen bytes at a time through
 * array views instead of {@code sun.misc.Unsafe} (whose memory access is checked on every call
 * since JDK 24), and the output array carries {@value #SLACK} spare bytes so that short literals
 * never need a byte loop at their end and copies from 16 bytes back or more move the longest
 * copy's 64 bytes whatever their length.
 *
 * <p>Every length, offset and the final size are checked: malformed input throws {@link
 * MalformedRequestException} and never reads or writes outside the given arrays. Stateless;
 * thread-safe.
 */
final class SnappyBlock {
  /** Bytes the output array needs beyond the decompressed length. */
  static final int SLACK = 64;

  private SnappyBlock() {}

  /** The decompressed length the block's preamble announces. */
  static int uncompressedLength(byte[] src, int srcLen) {
    long n = 0;
    for (int i = 0, shift = 0; i < 5; i++, shift += 7) {
      if (i >= srcLen) {
        throw new MalformedRequestException("truncated snappy length preamble of " + srcLen
            + " bytes");
      }
      int b = src[i];
      n |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        if (n > Integer.MAX_VALUE) {
          break;
        }
        return (int) n;
      }
    }
    throw new MalformedRequestException("snappy length preamble exceeds 2^31-1 bytes");
  }

  /**
   * Refuses a decompressed length no block of {@code srcLen} bytes can reach: no element expands
   * more than 64 bytes from 3, so a larger claim is a lie, refused before a buffer of that size
   * is allocated.
   */
  static void checkExpansion(int n, int srcLen) {
    if (n > 32L * srcLen) {
      throw new MalformedRequestException("snappy block of " + srcLen
          + " bytes cannot decompress to the " + n + " bytes its preamble says");
    }
  }

  static int preambleBytes(byte[] src) {
    int i = 0;
    while (i < 4 && i < src.length - 1 && src[i] < 0) {
      i++;
    }
    return i + 1;
  }

  /**
   * Decompresses {@code src[0, srcLen)} into {@code dst[0, n)} where {@code n} is {@link
   * #uncompressedLength}; {@code dst} must hold {@code n + }{@value #SLACK} bytes. The bytes of
   * {@code dst} past {@code n} are overwritten with garbage.
   */
  static void decompress(byte[] src, int srcLen, byte[] dst, int n) {
    SnappyStream s = new SnappyStream();
    s.start(src, srcLen, dst, n);
    s.fill(n);
  }
}
