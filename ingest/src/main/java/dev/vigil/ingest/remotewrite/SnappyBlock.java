package dev.vigil.ingest.remotewrite;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decompresses one block of the snappy format (a varint of the decompressed length, then literals
 * and back-references), the body encoding of remote write. Written for the request path rather
 * than taken from the general library: copies move eight bytes at a time through array views
 * instead of {@code sun.misc.Unsafe} (whose memory access is checked on every call since JDK 24),
 * and the output array carries {@value #SLACK} spare bytes so that short literals and copies never
 * need a byte loop at their end.
 *
 * <p>Every length, offset and the final size are checked: malformed input throws {@link
 * MalformedRequestException} and never reads or writes outside the given arrays. Stateless;
 * thread-safe.
 */
final class SnappyBlock {
  /** Bytes the output array needs beyond the decompressed length. */
  static final int SLACK = 16;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

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
      int len;
      int offset;
      switch (tag & 3) {
        case 1 -> {
          if (ip >= srcLen) {
            throw malformed("truncated copy", ip, op);
          }
          len = ((tag >>> 2) & 7) + 4;
          offset = (tag >>> 5) << 8 | (src[ip++] & 0xFF);
        }
        case 2 -> {
          if (srcLen - ip < 2) {
            throw malformed("truncated copy", ip, op);
          }
          len = (tag >>> 2) + 1;
          offset = (src[ip] & 0xFF) | (src[ip + 1] & 0xFF) << 8;
          ip += 2;
        }
        default -> {
          if (srcLen - ip < 4) {
            throw malformed("truncated copy", ip, op);
          }
          len = (tag >>> 2) + 1;
          offset = (int) INTS.get(src, ip);
          ip += 4;
        }
      }
      if (offset <= 0 || offset > op) {
        throw malformed("copy offset " + Integer.toUnsignedString(offset) + " out of range",
            ip, op);
      }
      if (len > n - op) {
        throw malformed("copy of " + len + " bytes overruns the output", ip, op);
      }
      int from = op - offset;
      if (offset >= 8) {
        // eight bytes at a time: each read ends before the bytes this copy has yet to write,
        // and the last write may spill up to 7 bytes into the slack or the next element's place
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
