package dev.vigil.ingest.remotewrite;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decompresses one block of the snappy format (a varint of the decompressed length, then literals
 * and back-references), the body encoding of remote write. Written for the request path rather
 * than taken from the general library: copies move eight or sixteen bytes at a time through array
 * views instead of {@code sun.misc.Unsafe} (whose memory access is checked on every call since JDK
 * 24), and the output array carries {@value #SLACK} spare bytes so that short literals never need
 * a byte loop at their end and copies from 16 bytes back or more move the longest copy's 64 bytes
 * whatever their length.
 *
 * <p>Every length, offset and the final size are checked: malformed input throws {@link
 * MalformedRequestException} and never reads or writes outside the given arrays. Stateless;
 * thread-safe.
 */
final class SnappyBlock {
  /** Bytes the output array needs beyond the decompressed length. */
  static final int SLACK = 64;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * For each tag byte of a copy element (tag kinds 1, 2 and 3): its length in bits 0-6 and the
   * offset's high bits the tag itself carries (kind 1 only) from bit 11 on. Entries of literal
   * tags (kind 0) are unused.
   */
  private static final int[] COPIES = new int[256];

  static {
    for (int tag = 0; tag < 256; tag++) {
      COPIES[tag] = switch (tag & 3) {
        case 1 -> (((tag >>> 2) & 7) + 4) | (tag >>> 5) << 8 << 11;
        case 2, 3 -> (tag >>> 2) + 1;
        default -> 0;
      };
    }
  }

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

  private static int preambleBytes(byte[] src) {
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
    if (dst.length - SLACK < n) {
      throw new IllegalArgumentException(
          "output of " + dst.length + " bytes cannot take " + n + " + " + SLACK + " bytes");
    }
    checkExpansion(n, srcLen);
    int ip = preambleBytes(src);
    int op = 0;
    while (ip < srcLen) {
      int tag = src[ip++] & 0xFF;
      if ((tag & 3) == 0) {
        int len = (tag >>> 2) + 1;
        if (len > 60) {
          int extra = len - 60;
          if (srcLen - ip < extra) {
            throw malformed("truncated literal length", ip, op);
          }
          long l = 0;
          for (int i = 0; i < extra; i++) {
            l |= (long) (src[ip + i] & 0xFF) << (8 * i);
          }
          ip += extra;
          if (l + 1 > n - op) {
            throw malformed("literal of " + (l + 1) + " bytes overruns the output", ip, op);
          }
          len = (int) l + 1;
        }
        if (len > srcLen - ip || len > n - op) {
          throw malformed("literal of " + len + " bytes overruns the input or output", ip, op);
        }
        if (len <= 16 && srcLen - ip >= 16) {
          LONGS.set(dst, op, (long) LONGS.get(src, ip));
          LONGS.set(dst, op + 8, (long) LONGS.get(src, ip + 8));
        } else {
          System.arraycopy(src, ip, dst, op, len);
        }
        ip += len;
        op += len;
        continue;
      }
      // A copy: its length comes from one table lookup rather than a branch per kind, and its
      // offset's bytes are read as one little-endian word and masked.
      int element = COPIES[tag];
      int len = element & 0x7F;
      // offset bytes (1, 2 or 4 for kinds 1, 2, 3) computed from the tag rather than loaded from
      // the table: the next element's position waits on this, and arithmetic is quicker than a load
      int extra = 0x4210 >>> ((tag & 3) << 2) & 7;
      int offset;
      if (srcLen - ip >= 4) {
        offset = ((int) INTS.get(src, ip) & -1 >>> 32 - 8 * extra) | element >>> 11;
      } else {
        if (srcLen - ip < extra) {
          throw malformed("truncated copy", ip, op);
        }
        offset = element >>> 11;
        for (int i = 0; i < extra; i++) {
          offset |= (src[ip + i] & 0xFF) << 8 * i;
        }
      }
      ip += extra;
      if (offset <= 0 || offset > op) {
        throw malformed("copy offset " + Integer.toUnsignedString(offset) + " out of range",
            ip, op);
      }
      if (len > n - op) {
        throw malformed("copy of " + len + " bytes overruns the output", ip, op);
      }
      int from = op - offset;
      if (offset >= 16) {
        // 64 bytes, the longest copy, without a loop: a loop's trip count follows the copy's
        // length, which varies at random from element to element, and mispredicting its end cost
        // more than the spare moves. Each 16 bytes read were written at least one step before,
        // and what lands past the copy's end (in the slack or the next elements' place) is
        // overwritten before anything reads it.
        for (int i = 0; i < 64; i += 16) {
          long a = (long) LONGS.get(dst, from + i);
          long b = (long) LONGS.get(dst, from + i + 8);
          LONGS.set(dst, op + i, a);
          LONGS.set(dst, op + i + 8, b);
        }
      } else if (offset >= 8) {
        for (int i = 0; i < len; i += 8) {
          LONGS.set(dst, op + i, (long) LONGS.get(dst, from + i));
        }
      } else {
        for (int i = 0; i < len; i++) {
          dst[op + i] = dst[from + i]; // a repeating pattern shorter than a word
        }
      }
      op += len;
    }
    if (op != n) {
      throw new MalformedRequestException(
          "snappy block decompressed to " + op + " bytes, its preamble says " + n);
    }
  }

  private static MalformedRequestException malformed(String what, int ip, int op) {
    return new MalformedRequestException(
        "malformed snappy block: " + what + " at input offset " + ip + ", output offset " + op);
  }
}
