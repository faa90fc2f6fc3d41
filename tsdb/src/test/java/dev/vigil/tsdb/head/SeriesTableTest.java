package dev.vigil.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.common.index.PostingsIndex;
import dev.vigil.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The series table's chained stripes: seeded random inserts, lookups and removals (enough series
 * to grow every stripe's bucket array several times) agree with a plain list of what should be
 * there, by labels and by id.
 */
class SeriesTableTest {
  @Test
  void insertsFindsAndRemovesAcrossResizes() {
    long seed = System.nanoTime();
    System.out.println("SeriesTableTest seed " + seed);
    Random rnd = new Random(seed);
    SeriesTable table = new SeriesTable(new PostingsIndex());
    AtomicInteger ids = new AtomicInteger(1);
    List<MemSeries> live = new ArrayList<>();
    for (int i = 0; i < 40_000; i++) {
      Labels l = Labels.of("__name__", "m" + rnd.nextInt(50), "i", Integer.toString(i));
      MemSeries m = table.getOrCreate(l, SeriesTable.hash(l), ids::getAndIncrement);
      assertThat(table.getOrCreate(l, SeriesTable.hash(l), ids::getAndIncrement)).isSameAs(m);
      live.add(m);
      if (rnd.nextInt(4) == 0) {
        MemSeries gone = live.remove(rnd.nextInt(live.size()));
        assertThat(table.removeIf(gone, s -> true)).as("seed %d", seed).isTrue();
        assertThat(table.byLabels(gone.labels, SeriesTable.hash(gone.labels))).isNull();
        assertThat(table.byId(gone.id)).isNull();
      }
    }
    assertThat(table.size()).isEqualTo(live.size());
    for (MemSeries m : live) {
      assertThat(table.byLabels(m.labels, SeriesTable.hash(m.labels))).as("seed %d", seed)
          .isSameAs(m);
      assertThat(table.byId(m.id)).isSameAs(m);
    }
    // the same labels after removal make a new series
    MemSeries first = live.get(0);
    table.removeIf(first, s -> true);
    MemSeries again = table.putIfAbsent(ids.getAndIncrement(), first.labels);
    assertThat(again).isNotSameAs(first);
    assertThat(table.byLabels(first.labels, SeriesTable.hash(first.labels))).isSameAs(again);
  }
}
