package dev.vigil.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlift.compress.snappy.SnappyDecompressor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SnappyBlock} against the snappy library the encoder uses: seeded random round trips over
 * data of every compressibility, and truncated or corrupted blocks that must be refused with
 * {@link MalformedRequestException} (never another exception, never a wrong length). Every test
 * prints its seed.
 */
class SnappyBlockTest {
  @Test
  void randomBlocksRoundTrip() {
    long seed = System.nanoTime();
    System.out.println("SnappyBlockTest.roundTrip seed=" + seed);
    Random rnd = new Random(seed);
    for (int i = 0; i < 500; i++) {
      byte[] raw = SnappyTestData.randomData(rnd, rnd.nextInt(i < 450 ? 3000 : 200_000));
      byte[] c = WriteRequestEncoder.snappy(raw);
      assertThat(decompress(c)).as("seed %d block %d of %d bytes", seed, i, raw.length)
          .isEqualTo(raw);
    }
  }

  @Test
  void handWrittenElementsDecode() {
    // preamble 12; literal "abc"; copy offset 3 length 4 (tag kind 1); copy offset 1 length 5
    // (kind 2, overlapping: a run)
    byte[] block = {12, (byte) (2 << 2), 'a', 'b', 'c', (byte) ((0 << 2) | 1), 3,
        (byte) ((4 << 2) | 2), 1, 0};
    assertThat(new String(decompress(block), java.nio.charset.StandardCharsets.ISO_8859_1))
        .isEqualTo("abcabcaaaaaa");
    // a literal with a two-byte length (tag 61 << 2): 300 bytes
    byte[] lit = new byte[2 + 1 + 2 + 300];
    lit[0] = (byte) (300 & 0x7f | 0x80);
    lit[1] = (byte) (300 >>> 7);
    lit[2] = (byte) (61 << 2);
    lit[3] = (byte) (299 & 0xff);
    lit[4] = (byte) (299 >>> 8);
    Arrays.fill(lit, 5, lit.length, (byte) 7);
    byte[] want = new byte[300];
    Arrays.fill(want, (byte) 7);
    assertThat(decompress(lit)).isEqualTo(want);
  }

  /**
   * A copy of every length at offsets around the decoder's word and block sizes, ending exactly
   * at the output's end: the fast copies move more bytes than asked into the slack, and must
   * neither leave them in the output nor write past the slack.
   */
  @Test
  void copiesOfEveryLengthEndingAtTheOutputsEnd() {
    Random rnd = new Random(7);
    for (int offset : new int[] {1, 2, 7, 8, 9, 15, 16, 17, 31, 63, 64, 65, 1000}) {
      for (int len = 4; len <= 64; len++) {
        byte[] prefix = new byte[offset];
        rnd.nextBytes(prefix);
        byte[] want = new byte[offset + len];
        System.arraycopy(prefix, 0, want, 0, offset);
        for (int i = offset; i < want.length; i++) {
          want[i] = want[i - offset];
        }
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int v = want.length; ; v >>>= 7) { // preamble
          if (v < 0x80) {
            b.write(v);
            break;
          }
          b.write(v & 0x7f | 0x80);
        }
        if (offset <= 60) {
          b.write((offset - 1) << 2);
        } else {
          b.write(61 << 2);
          b.write((offset - 1) & 0xff);
          b.write((offset - 1) >>> 8);
        }
        b.writeBytes(prefix);
        b.write((len - 1) << 2 | 2); // a copy with a two-byte offset
        b.write(offset & 0xff);
        b.write(offset >>> 8);
        assertThat(decompress(b.toByteArray())).as("offset %d length %d", offset, len)
            .isEqualTo(want);
      }
    }
  }

  @Test
  void malformedBlocksAreRefused() {
    check(new byte[] {}, "truncated snappy length preamble");
    check(new byte[] {(byte) 0x80}, "truncated snappy length preamble");
    check(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f},
        "exceeds 2^31-1");
    check(new byte[] {(byte) 0xff, (byte) 0x7f, 0}, "cannot decompress to the 16383 bytes");
    check(new byte[] {3, (byte) (2 << 2), 'a'}, "literal of 3 bytes overruns");
    check(new byte[] {4, 0, 'a', (byte) ((0 << 2) | 1), 2}, "copy offset 2 out of range");
    check(new byte[] {4, 0, 'a', (byte) ((0 << 2) | 1), 0}, "copy offset 0 out of range");
    check(new byte[] {4, 0, 'a', 2, 1}, "truncated copy");
    check(new byte[] {4, 0, 'a', 3, 1, 0, 0}, "truncated copy");
    check(new byte[] {4, 0, 'a', (byte) ((7 << 2) | 1), 1}, "copy of 11 bytes overruns");
    check(new byte[] {5, 0, 'a'}, "decompressed to 1 bytes, its preamble says 5");
    check(new byte[] {1, (byte) (60 << 2)}, "truncated literal length");
    check(new byte[] {1, (byte) (63 << 2), (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        "literal of 4294967296 bytes overruns");
  }

  @Test
  void truncatedAndCorruptedBlocksNeverEscapeAsOtherErrors() {
    long seed = System.nanoTime();
    System.out.println("SnappyBlockTest.corrupt seed=" + seed);
    Random rnd = new Random(seed);
    SnappyDecompressor reference = new SnappyDecompressor();
    int refused = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] c = WriteRequestEncoder.snappy(SnappyTestData.randomData(rnd, 1 + rnd.nextInt(2000)));
      byte[] bad = rnd.nextBoolean()
          ? Arrays.copyOf(c, rnd.nextInt(c.length))
          : SnappyTestData.mutate(rnd, c);
      byte[] ours;
      try {
        ours = decompress(bad);
      } catch (MalformedRequestException e) {
        refused++;
        continue;
      }
      // accepted: the reference library must agree byte for byte
      byte[] ref = new byte[SnappyDecompressor.getUncompressedLength(bad, 0)];
      int n = reference.decompress(bad, 0, bad.length, ref, 0, ref.length);
      assertThat(ours).as("seed %d iteration %d", seed, i).isEqualTo(Arrays.copyOf(ref, n));
    }
    assertThat(refused).as("seed %d", seed).isGreaterThan(1000);
  }

  private static void check(byte[] block, String message) {
    assertThatThrownBy(() -> decompress(block)).isInstanceOf(MalformedRequestException.class)
        .hasMessageContaining(message);
  }

  private static byte[] decompress(byte[] block) {
    int n = SnappyBlock.uncompressedLength(block, block.length);
    byte[] out = new byte[n + SnappyBlock.SLACK];
    SnappyBlock.decompress(block, block.length, out, n);
    return Arrays.copyOf(out, n);
  }
}
