package dev.vigil.server.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.model.FloatHistogram;
import dev.vigil.model.Matcher;
import dev.vigil.promql.ast.AggregateOp;
import dev.vigil.promql.ast.At;
import dev.vigil.promql.ast.BinaryOp;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.FunctionDef;
import dev.vigil.promql.ast.PosRange;
import dev.vigil.promql.ast.Selectors;
import dev.vigil.promql.ast.ValueKind;
import dev.vigil.promql.ast.VectorMatching;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Table tests of the formatting pieces: sample values and statistics numbers as Go writes them,
 * duration parameters as Prometheus parses them, histogram bucket bounds, and the
 * {@code parse_query} tree in translate_ast.go's shape (sorted keys).
 */
class JsonFormatTest {
  private static void value(double v, String want) {
    assertThat(JsonNumbers.sampleValue(v)).as("%s", v).isEqualTo(want);
  }

  @Test
  void sampleValuesAsPrometheusJsonutil() {
    value(1, "1");
    value(0, "0");
    value(-0.0, "-0");
    value(0.1 + 0.2, "0.30000000000000004");
    value(1e-6, "0.000001");
    value(9.99e-7, "9.99e-07");
    value(1e-7, "1e-07");
    value(-2.5e-10, "-2.5e-10");
    value(1e20, "100000000000000000000");
    value(1e21, "1e+21");
    value(1.5e300, "1.5e+300");
    value(123456789012.25, "123456789012.25");
    value(5e-324, "5e-324");
    value(Double.POSITIVE_INFINITY, "+Inf");
    value(Double.NEGATIVE_INFINITY, "-Inf");
    value(Double.NaN, "NaN");
  }

  /** The fast paths agree with the general conversion (shortest digits, Go's notation). */
  @Test
  void fastPathsAgreeWithTheGeneralConversion() {
    long seed = System.nanoTime();
    System.out.println("sample value seed " + seed);
    java.util.Random rnd = new java.util.Random(seed);
    for (int i = 0; i < 200_000; i++) {
      double v = switch (i % 4) {
        case 0 -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(30) - 10);
        case 1 -> Math.rint(rnd.nextGaussian() * 1e6) / 100;
        case 2 -> (double) rnd.nextLong(-(1L << 52), 1L << 52);
        default -> Double.longBitsToDouble(rnd.nextLong());
      };
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        continue;
      }
      double abs = Math.abs(v);
      String want = abs != 0 && (abs < 1e-6 || abs >= 1e21)
          ? dev.vigil.server.exposition.TextFormat.formatFloat(v)
          : dev.vigil.server.exposition.TextFormat.formatPlainFloat(v);
      assertThat(JsonNumbers.sampleValue(v)).as("%s (seed %d)", v, seed).isEqualTo(want);
    }
  }

  @Test
  void statisticsNumbersAsGoEncodingJson() {
    assertThat(JsonNumbers.goJsonFloat(0.000112019)).isEqualTo("0.000112019");
    assertThat(JsonNumbers.goJsonFloat(2e-7)).isEqualTo("2e-7");
    assertThat(JsonNumbers.goJsonFloat(1.5e-12)).isEqualTo("1.5e-12");
    assertThat(JsonNumbers.goJsonFloat(1435781451.781)).isEqualTo("1435781451.781");
    assertThat(JsonNumbers.goJsonFloat(3e21)).isEqualTo("3e+21");
  }

  private static void duration(String in, long wantNanos) {
    assertThat(QueryParams.durationNanos(in)).as(in).isEqualTo(wantNanos);
  }

  @Test
  void durationsAsPrometheusParseDuration() {
    duration("15", 15_000_000_000L);
    duration("0.5", 500_000_000L);
    duration("1e1", 10_000_000_000L);
    duration("-3", -3_000_000_000L);
    duration("0x1p4", 16_000_000_000L);
    duration("15s", 15_000_000_000L);
    duration("1m30s", 90_000_000_000L);
    duration("1h", 3_600_000_000_000L);
    duration("2d", 172_800_000_000_000L);
    duration("100ms", 100_000_000L);
    duration("NaN", Long.MIN_VALUE);
    assertThatThrownBy(() -> QueryParams.durationNanos("Inf"))
        .hasMessage("cannot parse \"Inf\" to a valid duration. It overflows int64");
    assertThatThrownBy(() -> QueryParams.durationNanos("1e10"))
        .hasMessage("cannot parse \"1e10\" to a valid duration. It overflows int64");
    for (String bad : new String[] {"", "s", "5x", "-5s", "1.5m", "abc", " 5", "0x10"}) {
      assertThatThrownBy(() -> QueryParams.durationNanos(bad)).as(bad)
          .hasMessage("cannot parse \"" + bad + "\" to a valid duration");
    }
  }

  @Test
  void customBucketHistogram() throws IOException {
    FloatHistogram h = new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
        FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 6, 7, new int[] {0, 4},
        new double[] {1, 2, 0, 3}, null, null, new double[] {0.5, 1, 5});
    assertThat(bytes(j -> HistogramJson.write(j, h))).isEqualTo("{'count':'6','sum':'7',"
        + "'buckets':[[3,'-Inf','0.5','1'],[0,'0.5','1','2'],[0,'5','+Inf','3']]}");
  }

  private interface ByteWriting {
    void write(JsonBytes j) throws IOException;
  }

  /** Written with a tiny buffer, so that every write also crosses buffer boundaries. */
  private static String bytes(ByteWriting w) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonBytes j = new JsonBytes(out, 7);
    w.write(j);
    j.flush();
    return out.toString(StandardCharsets.UTF_8).replace('"', '\'');
  }

  @Test
  void byteWriterEscapesStringsAsTheGoEscapingGenerator() throws IOException {
    long seed = System.nanoTime();
    java.util.Random r = new java.util.Random(seed);
    char[] pool = {'a', 'Z', '0', ' ', '"', '\\', '/', '<', '>', '&', '\n', '\r', '\t', '\b',
        '\f', 0, 1, 0x1f, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x2028, 0x2029, 0x20ac, 0xfffd, 0xffff};
    for (int n = 0; n < 2000; n++) {
      StringBuilder sb = new StringBuilder();
      int len = r.nextInt(40);
      for (int i = 0; i < len; i++) {
        sb.append(pool[r.nextInt(pool.length)]);
      }
      String str = sb.toString();
      assertThat(bytes(j -> j.string(str))).as("%s (seed %d)", str, seed)
          .isEqualTo(json(g -> g.writeString(str)));
    }
    // Characters beyond the BMP as their UTF-8 bytes, as Go writes them (Jackson escapes the
    // two surrogates instead).
    String emoji = new StringBuilder("x").appendCodePoint(0x1f600).appendCodePoint(0x10ffff)
        .toString();
    assertThat(bytes(j -> j.string(emoji))).isEqualTo("'" + emoji + "'");
    // Go writes invalid UTF-16 (a lone surrogate) as the replacement character.
    assertThat(bytes(j -> j.string("a\ud800b\udc00"))).isEqualTo("'a\ufffdb\ufffd'");
  }

  @Test
  void byteWriterNumbersAgreeWithTheStringConversions() throws IOException {
    long seed = System.nanoTime();
    java.util.Random r = new java.util.Random(seed);
    double[] fixed = {0, -0.0, 1, -1, 1e15, 1e15 - 1, -1e15 + 1, 999999999999999.0, 0.5, 1e-7,
        1e21, 123456789012.25, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, Double.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
    for (int n = 0; n < 20_000; n++) {
      double v = n < fixed.length ? fixed[n] : switch (r.nextInt(4)) {
        case 0 -> (double) (r.nextLong() >> r.nextInt(64));
        case 1 -> Math.round(r.nextDouble() * 1e6) / 100.0;
        case 2 -> Double.longBitsToDouble(r.nextLong());
        default -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
      };
      assertThat(bytes(j -> j.sampleValue(v))).as("%s (seed %d)", v, seed)
          .isEqualTo("'" + JsonNumbers.sampleValue(v) + "'");
      long ms = n < 8 ? new long[] {0, 1, -1, 999, -1001, 1000, Long.MAX_VALUE, Long.MIN_VALUE}[n]
          : r.nextLong() >> r.nextInt(64);
      assertThat(bytes(j -> j.timestamp(ms))).as("%d (seed %d)", ms, seed)
          .isEqualTo(dev.vigil.server.api.ApiJson.timestamp(ms).text());
      long l = r.nextLong() >> r.nextInt(64);
      assertThat(bytes(j -> j.number(l))).isEqualTo(Long.toString(l));
    }
    assertThat(bytes(j -> j.number(Long.MIN_VALUE))).isEqualTo(Long.toString(Long.MIN_VALUE));
  }

  /**
   * Values of up to 17 significant digits at every magnitude of plain notation, and their
   * neighbours one unit in the last place away (which need the general conversion): the byte
   * writer's short-decimal path writes what the string conversion writes.
   */
  @Test
  void shortDecimalsAndTheirNeighboursAsTheStringConversion() throws IOException {
    long seed = System.nanoTime();
    java.util.Random r = new java.util.Random(seed);
    for (int n = 0; n < 100_000; n++) {
      int digits = 1 + r.nextInt(17);
      long m = (long) (r.nextDouble() * Math.pow(10, digits));
      double v = Double.parseDouble(m + "e" + (r.nextInt(28) - 12 - digits / 2));
      if (r.nextBoolean()) {
        v = -v;
      }
      double[] vs = {v, Math.nextUp(v), Math.nextDown(v), v / 3, v * 1.1};
      for (double w : vs) {
        assertThat(bytes(j -> j.sampleValue(w))).as("%s (seed %d)", w, seed)
            .isEqualTo("'" + JsonNumbers.sampleValue(w) + "'");
      }
    }
    for (double w : new double[] {1e-6, 1.5e-6, 9.99999999999999e-7, 0.1, 0.3, 12.35,
        9999999999999.5, 1e13 - 0.5, 1e13 + 0.5, 0.30000000000000004, 123456.78901234,
        1.2345678901234e-6, -0.5}) {
      assertThat(bytes(j -> j.sampleValue(w))).as("%s", w)
          .isEqualTo("'" + JsonNumbers.sampleValue(w) + "'");
    }
  }

  /** A range answer writes the same timestamps for every series: the repeats read the same. */
  @Test
  void repeatedStringsAsTheFirstTime() throws IOException {
    long seed = System.nanoTime();
    java.util.Random r = new java.util.Random(seed);
    char[] pool = {'a', 'b', '"', '<', '\n', 0xe9, 0x2028, 0x20ac};
    // a pool of strings, some long enough to pass the cache's limit, plus equal copies and
    // strings that share a hash ("Aa" and "BB")
    List<String> strings = new java.util.ArrayList<>(List.of("Aa", "BB", "AaAa", "BBBB", "AaBB",
        "", "job", "__name__", "x".repeat(200), "<".repeat(30)));
    for (int n = 0; n < 300; n++) {
      StringBuilder sb = new StringBuilder();
      int len = r.nextInt(12);
      for (int i = 0; i < len; i++) {
        sb.append(pool[r.nextInt(pool.length)]);
      }
      strings.add(sb.toString());
    }
    List<String> written = new java.util.ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      String s = strings.get(r.nextInt(strings.size()));
      written.add(r.nextBoolean() ? s : new String(s.toCharArray())); // equal, not identical
    }
    StringBuilder want = new StringBuilder();
    for (String s : written) {
      want.append(json(g -> g.writeString(s))).append(',');
    }
    for (int size : new int[] {7, 100, 8192}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JsonBytes j = new JsonBytes(out, size);
      for (String s : written) {
        j.string(s).ch(',');
      }
      j.flush();
      assertThat(out.toString(StandardCharsets.UTF_8).replace('"', '\''))
          .as("buffer %d, seed %d", size, seed).isEqualTo(want.toString());
    }
  }

  @Test
  void repeatedTimestampsAsTheFirstTime() throws IOException {
    long seed = System.nanoTime();
    java.util.Random r = new java.util.Random(seed);
    long[] ts = new long[2000];
    long start = 1_700_000_000_123L - r.nextInt(1_000_000);
    for (int i = 0; i < ts.length; i++) {
      ts[i] = i < 1000 ? start + i * 30_000L : r.nextLong() >> r.nextInt(64);
    }
    StringBuilder want = new StringBuilder();
    for (int pass = 0; pass < 3; pass++) {
      for (long t : ts) {
        want.append(dev.vigil.server.api.ApiJson.timestamp(t).text()).append(',');
      }
    }
    assertThat(bytes(j -> {
      for (int pass = 0; pass < 3; pass++) {
        for (long t : ts) {
          j.timestamp(t).ch(',');
        }
      }
    })).as("seed %d", seed).isEqualTo(want.toString());
  }

  /**
   * A series' points written in one call read as point by point: integers (the inline path),
   * other values, signs and special values, with timestamps repeated from series to series (the
   * remembered ones) and new ones, through a buffer that fills mid-point.
   */
  @Test
  void floatPointsAsPointByPoint() throws IOException {
    long seed = System.nanoTime();
    java.util.Random r = new java.util.Random(seed);
    long start = 1_700_000_000_000L - r.nextInt(1_000_000);
    double[] special = {0, -0.0, -1, 1e15, -1e15 + 1, 999999999999999.0, 0.5, Double.NaN,
        Double.POSITIVE_INFINITY, Long.MIN_VALUE, Double.MIN_VALUE};
    StringBuilder want = new StringBuilder();
    List<long[]> tss = new java.util.ArrayList<>();
    List<double[]> vss = new java.util.ArrayList<>();
    for (int s = 0; s < 40; s++) {
      // most series share their predecessor's timestamps array, as a range answer's do
      boolean shared = s % 5 != 0 && s % 7 != 6;
      int n = shared ? tss.get(s - 1).length : r.nextInt(300);
      long[] ts = shared ? tss.get(s - 1) : new long[n];
      double[] vs = new double[n];
      for (int i = 0; i < n; i++) {
        if (!shared) {
          ts[i] = s % 7 == 6 ? r.nextLong() >> r.nextInt(64) : start + i * 30_000L;
        }
        vs[i] = i < special.length && s == 1 ? special[i] : switch (r.nextInt(3)) {
          case 0 -> (double) (r.nextLong() >> r.nextInt(64));
          case 1 -> Math.round(r.nextDouble() * 1e6) / 100.0;
          default -> r.nextGaussian() * 1e6;
        };
        want.append(i == 0 ? "[" : ",[").append(dev.vigil.server.api.ApiJson.timestamp(ts[i])
            .text()).append(",'").append(JsonNumbers.sampleValue(vs[i])).append("']");
      }
      want.append(';');
      tss.add(ts);
      vss.add(vs);
    }
    assertThat(bytes(j -> {
      for (int s = 0; s < tss.size(); s++) {
        j.floatPoints(tss.get(s), vss.get(s)).ch(';');
      }
    })).as("seed %d", seed).isEqualTo(want.toString());
  }

  private interface Writing {
    void write(JsonGenerator g) throws IOException;
  }

  private static String json(Writing w) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = QueryJson.generator(out)) {
      w.write(g);
    }
    return out.toString(StandardCharsets.UTF_8).replace('"', '\'');
  }

  private static final PosRange P = PosRange.NONE;

  private static Expr.VectorSelector selector(String name, At at, long offset) {
    return new Expr.VectorSelector(name, List.of(Matcher.eq("job", "a<b"),
        Matcher.eq("__name__", name)), offset, null, at, false, false, P);
  }

  @Test
  void parseQueryTreeInTranslateAstShape() throws IOException {
    Expr.MatrixSelector ms = new Expr.MatrixSelector(selector("http_requests_total",
        At.start(), -300_000), 300_000, null, P);
    FunctionDef rate = new FunctionDef("rate", List.of(ValueKind.MATRIX), 0, ValueKind.VECTOR,
        false);
    Expr.AggregateExpr sum = new Expr.AggregateExpr(AggregateOp.SUM,
        new Expr.Call(rate, List.of(ms), P), null, List.of("job"), false, P);
    Expr.BinaryExpr div = new Expr.BinaryExpr(BinaryOp.DIV, sum,
        new Expr.ParenExpr(new Expr.UnaryExpr(true, selector("up", At.at(1_700_000_000_123L), 0),
            P), P),
        new VectorMatching(VectorMatching.Cardinality.MANY_TO_ONE, List.of("job"), true,
            List.of(), null, 2.5), false, P);
    assertThat(json(g -> AstJson.write(g, div))).isEqualTo("{'bool':false,"
        + "'lhs':{'expr':{'args':[{'anchored':false,'matchers':["
        + "{'name':'job','type':'=','value':'a\\u003cb'},"
        + "{'name':'__name__','type':'=','value':'http_requests_total'}],"
        + "'name':'http_requests_total','offset':-300000,'range':300000,'smoothed':false,"
        + "'startOrEnd':'start','timestamp':null,'type':'matrixSelector'}],"
        + "'func':{'argTypes':['matrix'],'name':'rate','returnType':'vector','variadic':0},"
        + "'type':'call'},'grouping':['job'],'op':'sum','param':null,'type':'aggregation',"
        + "'without':false},"
        + "'matching':{'card':'many-to-one','fillValues':{'lhs':null,'rhs':2.5},'include':[],"
        + "'labels':['job'],'on':true},'op':'/',"
        + "'rhs':{'expr':{'expr':{'anchored':false,'matchers':["
        + "{'name':'job','type':'=','value':'a\\u003cb'},{'name':'__name__','type':'=',"
        + "'value':'up'}],'name':'up','offset':0,'smoothed':false,'startOrEnd':null,"
        + "'timestamp':1700000000123,'type':'vectorSelector'},'op':'-','type':'unaryExpr'},"
        + "'type':'parenExpr'},'type':'binaryExpr'}");
    Expr sub = new Expr.SubqueryExpr(new Expr.NumberLiteral(Double.POSITIVE_INFINITY, P),
        600_000, null, 0, null, 60_000, null, At.end(), P);
    assertThat(json(g -> AstJson.write(g, sub))).isEqualTo("{'expr':{'type':'numberLiteral',"
        + "'val':'+Inf'},'offset':60000,'range':600000,'startOrEnd':'end','step':0,"
        + "'timestamp':null,'type':'subquery'}");
    assertThat(json(g -> AstJson.write(g, new Expr.StringLiteral("x\ny", P))))
        .isEqualTo("{'type':'stringLiteral','val':'x\\ny'}");
  }

  @Test
  void selectorsAreCollectedDepthFirst() {
    Expr.VectorSelector a = selector("a", null, 0);
    Expr.VectorSelector b = selector("b", null, 0);
    Expr.VectorSelector c = selector("c", null, 0);
    Expr e = new Expr.BinaryExpr(BinaryOp.ADD,
        new Expr.AggregateExpr(AggregateOp.TOPK, a, new Expr.Call(new FunctionDef("scalar",
            List.of(ValueKind.VECTOR), 0, ValueKind.SCALAR, false), List.of(b), P), List.of(),
            false, P),
        new Expr.SubqueryExpr(new Expr.MatrixSelector(c, 60_000, null, P), 0, null, 0, null, 0,
            null, null, P), null, false, P);
    assertThat(Selectors.of(e)).containsExactly(a.matchers(), b.matchers(), c.matchers());
  }
}
