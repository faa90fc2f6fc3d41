package dev.vigil.common.bytes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BitWriterTest {
  /** The obvious bit-at-a-time writer the word-at-a-time one must match byte for byte. */
  private static final class Reference {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    int cur;
    int used;
    int bits;

    void bit(boolean b) {
      cur = (cur << 1) | (b ? 1 : 0);
      bits++;
      if (++used == 8) {
        out.write(cur);
        cur = 0;
        used = 0;
      }
    }

    byte[] bytes() {
      ByteArrayOutputStream copy = new ByteArrayOutputStream();
      copy.writeBytes(out.toByteArray());
      if (used > 0) {
        copy.write(cur << (8 - used));
      }
      return copy.toByteArray();
    }
  }

  @Test
  void writesTheSameBytesAsBitByBitForEveryWidthAndAlignment() {
    long seed = System.nanoTime();
    System.out.println("BitWriterTest seed " + seed);
    Random r = new Random(seed);
    for (int round = 0; round < 300; round++) {
      BitWriter w = new BitWriter(r.nextInt(1, 20));
      Reference ref = new Reference();
      int ops = r.nextInt(1, 400);
      for (int op = 0; op < ops; op++) {
        if (r.nextInt(5) == 0) {
          boolean b = r.nextBoolean();
          w.writeBit(b);
          ref.bit(b);
        } else {
          int n = r.nextInt(65);
          long v = r.nextLong();
          w.writeBits(v, n);
          for (int i = n - 1; i >= 0; i--) {
            ref.bit(((v >>> i) & 1) != 0);
          }
        }
        assertThat(w.bitLength()).as("seed %d round %d op %d", seed, round, op)
            .isEqualTo(ref.bits);
      }
      assertThat(w.toByteArray()).as("seed %d round %d", seed, round).isEqualTo(ref.bytes());
      assertThat(w.byteLength()).isEqualTo(ref.bytes().length);
    }
  }

  @Test
  void continuesAfterExistingContent() {
    BitWriter w = new BitWriter(new byte[] {(byte) 0b1010_0000}, 3);
    w.writeBits(0b11111, 5);
    w.writeBits(-1L, 64);
    byte[] b = w.toByteArray();
    assertThat(b[0]).isEqualTo((byte) 0b1011_1111);
    assertThat(b).hasSize(9);
    for (int i = 1; i < 9; i++) {
      assertThat(b[i]).isEqualTo((byte) 0xFF);
    }
  }

  /** A reset writer, whether it kept or replaced its buffer, writes what a new one writes. */
  @Test
  void resetWritesLikeANewWriter() {
    long seed = System.nanoTime();
    System.out.println("BitWriterTest reset seed " + seed);
    Random r = new Random(seed);
    BitWriter reused = new BitWriter(128);
    for (int round = 0; round < 500; round++) {
      reused.reset();
      BitWriter fresh = new BitWriter(128);
      int n = r.nextInt(r.nextBoolean() ? 8 : 400); // small and large contents alternate
      for (int i = 0; i < n; i++) {
        int width = r.nextInt(65);
        long v = r.nextLong();
        reused.writeBits(v, width);
        fresh.writeBits(v, width);
        if (r.nextInt(10) == 0) {
          boolean b = r.nextBoolean();
          reused.writeBit(b);
          fresh.writeBit(b);
        }
      }
      assertThat(reused.bitLength()).isEqualTo(fresh.bitLength());
      assertThat(reused.toByteArray()).as("seed %d round %d", seed, round)
          .isEqualTo(fresh.toByteArray());
    }
  }
}
