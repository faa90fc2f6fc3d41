package dev.vigil.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SnappyStream} filled a piece at a time must produce exactly what decompressing the block
 * whole produces ({@link SnappyBlock}, itself tested against the snappy library), whatever the
 * pieces: the same bytes, back-references reaching far behind the current piece (4-byte offsets
 * past 64 KiB included), and for a malformed block the same exception at whatever piece it
 * surfaces, repeated on every later call. Every random test prints its seed.
 */
class SnappyStreamTest {
  @Test
  void randomBlocksFilledInRandomPiecesRoundTrip() {
    long seed = System.nanoTime();
    System.out.println("SnappyStreamTest.roundTrip seed=" + seed);
    Random rnd = new Random(seed);
    SnappyStream s = new SnappyStream();
    for (int i = 0; i < 300; i++) {
      byte[] raw = SnappyTestData.randomData(rnd, rnd.nextInt(i < 250 ? 5000 : 300_000));
      byte[] block = WriteRequestEncoder.snappy(raw);
      assertThat(fillInPieces(s, block, rnd)).as("seed %d block %d of %d bytes", seed, i,
          raw.length).isEqualTo(raw);
    }
  }

  /**
   * Copies with 4-byte offsets (kind 3) up to the block's start and 2-byte ones up to 65535
   * back, read while the stream is filled a few bytes at a time: every byte they reach must
   * still be there.
   */
  @Test
  void longBackReferencesReachTheWholeBlock() {
    long seed = System.nanoTime();
    System.out.println("SnappyStreamTest.longReferences seed=" + seed);
    Random rnd = new Random(seed);
    byte[] head = new byte[200_000];
    rnd.nextBytes(head);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] w = Arrays.copyOf(head, 300_000);
    int size = head.length;
    literal(out, head);
    for (int i = 0; i < 400; i++) {
      int len = 1 + rnd.nextInt(64);
      int offset;
      if (rnd.nextBoolean()) {
        offset = 1 + rnd.nextInt(size); // 4-byte offset, anywhere back
        out.write((len - 1) << 2 | 3);
        for (int k = 0; k < 4; k++) {
          out.write(offset >>> 8 * k);
        }
      } else {
        offset = 1 + rnd.nextInt(Math.min(65535, size));
        out.write((len - 1) << 2 | 2);
        out.write(offset);
        out.write(offset >>> 8);
      }
      for (int k = 0; k < len; k++, size++) {
        w[size] = w[size - offset]; // overlapping copies repeat, as the format says
      }
      if (rnd.nextInt(4) == 0) {
        byte[] lit = new byte[1 + rnd.nextInt(20)];
        rnd.nextBytes(lit);
        literal(out, lit);
        System.arraycopy(lit, 0, w, size, lit.length);
        size += lit.length;
      }
    }
    byte[] want = Arrays.copyOf(w, size);
    byte[] block = withPreamble(want.length, out.toByteArray());
    assertThat(whole(block)).as("seed %d", seed).isEqualTo(want);
    for (int round = 0; round < 5; round++) {
      assertThat(fillInPieces(new SnappyStream(), block, rnd)).as("seed %d", seed)
          .isEqualTo(want);
    }
  }

  @Test
  void corruptBlocksFailAsWhenDecompressedWhole() {
    long seed = System.nanoTime();
    System.out.println("SnappyStreamTest.corrupt seed=" + seed);
    Random rnd = new Random(seed);
    SnappyStream s = new SnappyStream();
    int refused = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] c = WriteRequestEncoder.snappy(SnappyTestData.randomData(rnd, 1 + rnd.nextInt(20_000)));
      byte[] bad = rnd.nextBoolean() ? Arrays.copyOf(c, 1 + rnd.nextInt(c.length)) : SnappyTestData.mutate(rnd, c);
      String wantError = null;
      byte[] want = null;
      try {
        want = whole(bad);
      } catch (MalformedRequestException e) {
        wantError = e.getMessage();
        refused++;
      }
      String gotError = null;
      byte[] got = null;
      try {
        SnappyBlock.uncompressedLength(bad, bad.length);
      } catch (MalformedRequestException e) {
        assertThat(e.getMessage()).as("seed %d iteration %d", seed, i).isEqualTo(wantError);
        continue; // refused before a stream starts
      }
      try {
        got = fillInPieces(s, bad, rnd);
      } catch (MalformedRequestException e) {
        gotError = e.getMessage();
        // the stream remembers: asking again gives the same answer
        String again = e.getMessage();
        assertThatThrownBy(() -> s.fill(Integer.MAX_VALUE)).hasMessage(again);
      }
      assertThat(gotError).as("seed %d iteration %d", seed, i).isEqualTo(wantError);
      assertThat(got).as("seed %d iteration %d", seed, i).isEqualTo(want);
    }
    assertThat(refused).as("seed %d", seed).isGreaterThan(1000);
  }

  /** Input left over once the announced length is out is refused, piece by piece or whole. */
  @Test
  void inputPastTheAnnouncedLengthIsRefused() {
    byte[] block = {1, 0, 'a', 0, 'b'}; // 1 byte announced; a second literal follows
    assertThatThrownBy(() -> whole(block)).hasMessageContaining("overruns");
    SnappyStream s = new SnappyStream();
    s.start(block, block.length, new byte[1 + SnappyBlock.SLACK], 1);
    assertThatThrownBy(() -> s.fill(1)).hasMessageContaining("literal of 1 bytes overruns");
  }

  /** Fills in random steps, checking after each that what it says is final matches the whole. */
  private static byte[] fillInPieces(SnappyStream s, byte[] block, Random rnd) {
    int n = SnappyBlock.uncompressedLength(block, block.length);
    byte[] dst = new byte[n + SnappyBlock.SLACK];
    s.start(block, block.length, dst, n);
    while (s.produced() < n) {
      int want = s.produced() + 1 + rnd.nextInt(rnd.nextBoolean() ? 16 : 40_000);
      s.fill(want);
      assertThat(s.produced()).isGreaterThanOrEqualTo(Math.min(want, n));
    }
    s.fill(n); // the end of the input is checked even when the output is already complete
    return Arrays.copyOf(dst, n);
  }

  private static byte[] whole(byte[] block) {
    int n = SnappyBlock.uncompressedLength(block, block.length);
    byte[] out = new byte[n + SnappyBlock.SLACK];
    SnappyBlock.decompress(block, block.length, out, n);
    return Arrays.copyOf(out, n);
  }

  private static void literal(ByteArrayOutputStream out, byte[] lit) {
    int l = lit.length - 1;
    if (l < 60) {
      out.write(l << 2);
    } else {
      out.write(62 << 2); // three length bytes follow
      out.write(l);
      out.write(l >>> 8);
      out.write(l >>> 16);
    }
    out.writeBytes(lit);
  }

  private static byte[] withPreamble(int n, byte[] elements) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int v = n; ; v >>>= 7) {
      if (v < 0x80) {
        b.write(v);
        break;
      }
      b.write(v & 0x7f | 0x80);
    }
    b.writeBytes(elements);
    return b.toByteArray();
  }
}
