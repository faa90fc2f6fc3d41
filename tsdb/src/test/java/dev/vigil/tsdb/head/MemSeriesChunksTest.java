package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A series' full-chunk references in their packed layout (32-bit offsets from a base) and the
 * wide fallback: seeded random chunks with ordinary gaps, gaps past 49 days, negative and extreme
 * times, interleaved with truncations, always read back exactly as added.
 */
class MemSeriesChunksTest {
  @Test
  void packedAndWideLayoutsReadBackWhatWasAdded() {
    long seed = System.nanoTime();
    System.out.println("MemSeriesChunksTest seed " + seed);
    Random rnd = new Random(seed);
    for (int round = 0; round < 2000; round++) {
      MemSeries s = new MemSeries(1, Labels.of("a", "b"));
      List<long[]> want = new ArrayList<>();
      long t = switch (rnd.nextInt(4)) {
        case 0 -> Long.MIN_VALUE + rnd.nextInt(1000);
        case 1 -> Long.MAX_VALUE - (1L << 40);
        case 2 -> -rnd.nextLong(1L << 45);
        default -> rnd.nextLong(1L << 41);
      };
      int n = rnd.nextInt(12);
      for (int i = 0; i < n; i++) {
        long mint = t + 1 + (rnd.nextInt(20) == 0 ? rnd.nextLong(1L << 34) : rnd.nextInt(60_000));
        long maxt = mint + (rnd.nextInt(20) == 0 ? rnd.nextLong(1L << 33) : rnd.nextInt(7_200_000));
        t = maxt;
        long ref = rnd.nextLong();
        s.addMmapped(ref, mint, maxt);
        want.add(new long[] {ref, mint, maxt});
        check(s, want, seed, round);
        if (rnd.nextInt(5) == 0 && !want.isEmpty()) {
          int drop = rnd.nextInt(want.size() + 1);
          long cut = drop == 0 ? Long.MIN_VALUE : want.get(drop - 1)[2] + 1;
          s.truncateBefore(cut);
          want.subList(0, drop).clear();
          check(s, want, seed, round);
        }
      }
      if (!s.mmWide && s.mmCount() > 0) {
        assertThat(s.mm).hasSize(1 + 2 * s.mmCount()); // exactly sized, 16 bytes a chunk
      }
    }
  }

  private static void check(MemSeries s, List<long[]> want, long seed, int round) {
    assertThat(s.mmCount()).as("seed %d round %d", seed, round).isEqualTo(want.size());
    for (int i = 0; i < want.size(); i++) {
      assertThat(new long[] {s.mmRef(i), s.mmMint(i), s.mmMaxt(i)})
          .as("seed %d round %d chunk %d wide %b", seed, round, i, s.mmWide)
          .containsExactly(want.get(i));
    }
  }
}
