package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.SampleIterator;
import dev.vigil.model.ValueType;
import dev.vigil.tsdb.chunk.XorChunk;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The head's inlined chunk encoder writes exactly {@link XorChunk}'s bytes: seeded random series
 * (regular and jittery intervals, huge gaps, constant, counter-like, random and special values)
 * encoded by both and compared, then decoded back; buffers are reused across chunks as the head
 * does ({@link OpenChunk#restartChunk} after a chunk of any size, or after a dropped chunk).
 */
class OpenChunkTest {
  private static final class Encoder extends OpenChunk {}

  @Test
  void encodesExactlyAsXorChunk() {
    long seed = System.nanoTime();
    System.out.println("OpenChunkTest seed " + seed);
    Random rnd = new Random(seed);
    Encoder e = new Encoder();
    for (int round = 0; round < 3000; round++) {
      int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 300);
      long[] ts = new long[n];
      double[] vs = new double[n];
      long t = rnd.nextLong(-1L << 40, 1L << 40);
      double v = rnd.nextInt(100);
      int style = rnd.nextInt(6);
      for (int i = 0; i < n; i++) {
        t += switch (rnd.nextInt(8)) {
          case 0 -> 1 + rnd.nextLong(1L << 40); // wild gaps: the 64-bit delta-of-delta bucket
          case 1, 2 -> 1 + rnd.nextInt(100_000);
          default -> 15_000 + (style == 0 ? rnd.nextInt(7) - 3 : 0);
        };
        v = switch (style) {
          case 0 -> v; // constant
          case 1 -> v + rnd.nextInt(1000); // counter
          case 2 -> rnd.nextGaussian() * 1e6;
          case 3 -> Double.longBitsToDouble(rnd.nextLong());
          case 4 -> switch (rnd.nextInt(4)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> -0.0;
            default -> rnd.nextDouble();
          };
          default -> rnd.nextInt(3) == 0 ? v : v * 1.5 + 0.25;
        };
        ts[i] = t;
        vs[i] = v;
      }
      XorChunk want = new XorChunk();
      // restartChunk keeps the previous chunk's buffer (dirty past what it clears only if the
      // clearing were wrong), as the head's cut does
      switch (rnd.nextInt(3)) {
        case 0 -> e.startChunk(OpenChunk.INITIAL_BYTES);
        case 1 -> e.startChunk(24 + rnd.nextInt(400));
        default -> e.restartChunk();
      }
      for (int i = 0; i < n; i++) {
        want.append(ts[i], vs[i]);
        e.encode(ts[i], Double.doubleToRawLongBits(vs[i]));
        assertThat(e.chunkSamples()).isEqualTo(i + 1);
        assertThat(e.lastT).isEqualTo(ts[i]);
      }
      assertThat(e.chunkBytes()).as("seed %d round %d", seed, round).isEqualTo(want.bytes());
      assertThat(e.chunkByteSize()).isEqualTo(want.byteSize());
      assertThat(e.chunkMint()).as("seed %d round %d", seed, round).isEqualTo(ts[0]);
      if (rnd.nextInt(4) == 0) { // what a cut writes out: the buffer itself, count patched in
        assertThat(Arrays.copyOf(e.sealedBuffer(), e.chunkByteSize())).isEqualTo(want.bytes());
      }
      SampleIterator it = XorChunk.iterator(e.chunkBytes());
      for (int i = 0; i < n; i++) {
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(ts[i]);
        assertThat(Double.doubleToRawLongBits(it.atV()))
            .isEqualTo(Double.doubleToRawLongBits(vs[i]));
      }
      assertThat(it.next()).isEqualTo(ValueType.NONE);
      if (rnd.nextInt(10) == 0) {
        e.dropChunk();
        assertThat(e.chunkSamples()).isZero();
        assertThat(e.lastT).isEqualTo(ts[n - 1]); // kept for order checks
      }
    }
  }

  @Test
  void restartKeepsTheBuffer() {
    Encoder e = new Encoder();
    e.restartChunk(); // no buffer yet: a new one
    assertThat(e.buf).hasSize(OpenChunk.INITIAL_BYTES);
    for (int i = 0; i < 120; i++) {
      e.encode(1000L * i, Double.doubleToRawLongBits(i * 1.5));
    }
    byte[] grown = e.buf;
    assertThat(grown.length).isGreaterThan(OpenChunk.INITIAL_BYTES);
    e.restartChunk();
    assertThat(e.buf).isSameAs(grown);
    assertThat(e.chunkSamples()).isZero();
    e.encode(500_000, Double.doubleToRawLongBits(7.0));
    XorChunk want = new XorChunk();
    want.append(500_000, 7.0);
    assertThat(e.chunkBytes()).isEqualTo(want.bytes());
  }

  @Test
  void snapshotIsACopy() {
    Encoder e = new Encoder();
    e.startChunk(24);
    e.encode(1000, Double.doubleToRawLongBits(1.0));
    byte[] before = e.chunkBytes();
    e.encode(2000, Double.doubleToRawLongBits(2.0));
    assertThat(XorChunk.iterator(before).next()).isEqualTo(ValueType.FLOAT);
    assertThat(before[1]).isEqualTo((byte) 1);
    assertThat(e.chunkBytes()[1]).isEqualTo((byte) 2);
  }
}
