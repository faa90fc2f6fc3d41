package dev.vigil.ingest.remotewrite;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decompresses one snappy block (see {@link SnappyBlock}) a piece at a time, so that a decoder
 * can read each piece while it is still in the CPU's nearest caches. Why: a remote-write request
 * decompresses to a few hundred KiB; decompressed whole and then decoded, its first bytes had left
 * the L1 and L2 caches by the time the decoder came back for them. Asked for a few KiB more at a
 * time ({@link #fill}), the decoder reads bytes written microseconds before.
 *
 * <p>The output array holds the whole block, so back-references reach any distance the format
 * allows (4-byte offsets up to the block's start), exactly as decompressing it whole; only the
 * order of work changes. Bytes at and past {@link #produced} are garbage until produced.
 *
 * <p>Every length, offset and the final size are checked as in {@link SnappyBlock}: malformed
 * input throws {@link MalformedRequestException} and never reads or writes outside the arrays.
 * Once it has thrown, every later {@link #fill} throws the same exception, so a caller that
 * stopped on a decoding error can still tell whether the block itself was bad. Not thread-safe;
 * reusable block after block.
 */
final class SnappyStream {
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

  private byte[] src;
  private int srcLen;
  private byte[] dst;
  private int n;
  private int ip;
  private int op;
  private MalformedRequestException error;

  /**
   * Starts on the block {@code src[0, srcLen)} whose preamble announces {@code n} bytes ({@link
   * SnappyBlock#uncompressedLength}); {@code dst} must hold {@code n + }{@value SnappyBlock#SLACK}
   * bytes.
   */
  void start(byte[] src, int srcLen, byte[] dst, int n) {
    if (dst.length - SnappyBlock.SLACK < n) {
      throw new IllegalArgumentException("output of " + dst.length + " bytes cannot take " + n
          + " + " + SnappyBlock.SLACK + " bytes");
    }
    try {
      SnappyBlock.checkExpansion(n, srcLen);
      error = null;
    } catch (MalformedRequestException e) {
      error = e; // a later fill refuses too, rather than continuing the previous block
      throw e;
    }
    this.src = src;
    this.srcLen = srcLen;
    this.dst = dst;
    this.n = n;
    this.ip = SnappyBlock.preambleBytes(src);
    this.op = 0;
  }

  /** Bytes of output ready: {@code dst[0, produced())} is final. */
  int produced() {
    return op;
  }

  /** The decompressed length the block announced. */
  int length() {
    return n;
  }

  /** Forgets the arrays, so that a pooled stream does not keep a large body alive. */
  void release() {
    src = null;
    dst = null;
  }

  /**
   * Decompresses until at least {@code min(want, length())} bytes are out (a few more may come:
   * elements are not split). Reaching the end of the input checks that the block produced exactly
   * its announced length.
   *
   * @throws MalformedRequestException when the block is malformed, now or on an earlier call
   */
  void fill(int want) {
    if (error != null) {
      throw error;
    }
    try {
      run(Math.min(want, n));
    } catch (MalformedRequestException e) {
      error = e;
      throw e;
    }
  }

  private void run(int want) {
    byte[] src = this.src;
    byte[] dst = this.dst;
    int srcLen = this.srcLen;
    int n = this.n;
    int ip = this.ip;
    int op = this.op;
    // Once the output is complete, input left over is read on: its next element overruns the
    // output and is refused, as when the block is decompressed whole.
    while (ip < srcLen && (op < want || op == n)) {
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
    this.ip = ip;
    this.op = op;
    if (ip >= srcLen && op != n) {
      throw new MalformedRequestException(
          "snappy block decompressed to " + op + " bytes, its preamble says " + n);
    }
  }

  private static MalformedRequestException malformed(String what, int ip, int op) {
    return new MalformedRequestException(
        "malformed snappy block: " + what + " at input offset " + ip + ", output offset " + op);
  }
}
