package dev.vigil.bench.jmh;

import dev.vigil.model.SampleIterator;
import dev.vigil.model.ValueType;
import dev.vigil.tsdb.chunk.PackedChunk;
import dev.vigil.tsdb.chunk.TimestampColumn;
import dev.vigil.tsdb.chunk.ValueChunk;
import dev.vigil.tsdb.chunk.XorChunk;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode speed of a persisted block chunk of 480 scrape samples (one in ten scrapes a few ms
 * late), per sample: the packed chunk (encoding 2, blocks before value chunks) against the value
 * chunk with a shared timestamp column (encodings 4 and 3), read sample by sample, in bulk
 * ({@code readFloats}), and as an instant query does (seek to the last 20 samples, read them).
 * {@code value*} benchmarks start from decoded timestamps, as a block reader does for every series
 * after the first of a target; {@code valueWithColumn*} decode the column too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BlockChunkBenchmark {
  static final int SAMPLES = 480;
  static final int TAIL = 20;

  @Param({"counter", "gauge", "constant", "float"})
  public String shape;

  long[] ts = new long[SAMPLES];
  double[] vs = new double[SAMPLES];
  byte[] packed;
  byte[] xor;
  byte[] column;
  byte[] values;
  long[] decodedTs;
  long[] outTs = new long[SAMPLES];
  double[] outVs = new double[SAMPLES];

  @Setup
  public void setup() {
    Random r = new Random(42);
    long t = 1_700_000_000_000L;
    double v = 1000;
    for (int i = 0; i < SAMPLES; i++) {
      t += 15_000;
      ts[i] = t + (r.nextInt(10) == 0 ? r.nextInt(3, 40) : 0);
      v = switch (shape) {
        case "counter" -> v + r.nextInt(5000);
        case "gauge" -> r.nextInt(10) < 3 ? v : Math.round(v * 100 + r.nextGaussian() * 500) / 100.0;
        case "constant" -> 1;
        default -> r.nextInt(10) < 3 ? v : v * (1 + 0.002 * r.nextGaussian());
      };
      vs[i] = v;
    }
    packed = PackedChunk.encode(ts, vs, SAMPLES);
    XorChunk x = new XorChunk();
    for (int i = 0; i < SAMPLES; i++) {
      x.append(ts[i], vs[i]);
    }
    xor = x.bytes();
    column = TimestampColumn.encode(ts, SAMPLES);
    values = ValueChunk.encode(vs, SAMPLES);
    decodedTs = TimestampColumn.decode(column);
  }

  private SampleIterator old() {
    return packed != null ? PackedChunk.iterator(packed) : XorChunk.iterator(xor);
  }

  private static double drain(SampleIterator it) {
    double sum = 0;
    while (it.next() == ValueType.FLOAT) {
      sum += it.atV() + it.atT();
    }
    return sum;
  }

  private static double tail(SampleIterator it, long from) {
    double sum = 0;
    for (ValueType vt = it.seek(from); vt == ValueType.FLOAT; vt = it.next()) {
      sum += it.atV() + it.atT();
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public double packedNext() {
    return drain(old());
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public double valueNext() {
    return drain(ValueChunk.iterator(values, 0, decodedTs));
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public double valueWithColumnNext() {
    return drain(ValueChunk.iterator(values, 0, TimestampColumn.decode(column)));
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public int valueBulk() {
    SampleIterator it = ValueChunk.iterator(values, 0, decodedTs);
    it.next();
    return it.readFloats(Long.MAX_VALUE, outTs, outVs, 0, SAMPLES);
  }

  /** Per call, not per sample: an instant query's read of one series' chunk. */
  @Benchmark
  public double packedSeekTail() {
    return tail(old(), ts[SAMPLES - TAIL]);
  }

  @Benchmark
  public double valueSeekTail() {
    return tail(ValueChunk.iterator(values, 0, decodedTs), ts[SAMPLES - TAIL]);
  }
}
