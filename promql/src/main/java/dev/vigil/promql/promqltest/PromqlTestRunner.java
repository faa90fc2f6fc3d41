package dev.vigil.promql.promqltest;

import dev.vigil.model.AppendException;
import dev.vigil.model.Appender;
import dev.vigil.model.Labels;
import dev.vigil.model.SampleIterator;
import dev.vigil.model.Storage;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.promql.engine.PromqlEngine;
import dev.vigil.promql.engine.QueryEngine;
import dev.vigil.promql.parser.ParserOptions;
import dev.vigil.promql.promqltest.Command.Eval;
import dev.vigil.promql.promqltest.Command.Load;
import dev.vigil.promql.promqltest.Command.LoadSeries;
import dev.vigil.testkit.MemoryStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs Prometheus test scripts ({@code promql/promqltest/testdata/*.test}) against a {@link
 * QueryEngine} exactly as Prometheus's harness runs them: a fresh store per script and per
 * {@code clear}, samples at {@code i * interval} from Unix time 0, each instant eval re-run with
 * {@code @} pinned ({@link AtModifierCases}) and as a range query around its time ({@link
 * EvalExecutor}), floats compared with relative tolerance 1e-6.
 *
 * <p>Evals that select or expect native histograms are run (their failures are also counted
 * apart, as native-histogram evaluation is still growing) or, {@link #withNativeHistograms} off,
 * skipped. {@code @st} start timestamps are appended with their samples ({@link
 * Appender#appendWithStartTimestamp}), as Prometheus's harness does, for an engine that uses them
 * ({@link EngineOptions#useStartTimestamps()}, on in {@link #harnessOptions}); with {@link
 * #withStartTimestamps} off they are not loaded and the evals over such series are skipped.
 * Skipped evals never count as passed. Not thread-safe: one runner per thread (the engine may be
 * shared).
 */
public final class PromqlTestRunner {
  private final QueryEngine engine;
  private final ExprSyntax syntax;
  private final Supplier<? extends Storage> newStorage;
  private final boolean nativeHistograms;
  private final boolean startTimestamps;

  /**
   * @param parserOptions what the runner parses expressions with for its own rewrites and
   *     selector analysis; should match the engine's
   * @param newStorage a fresh empty store per script and per {@code clear}
   */
  public PromqlTestRunner(
      QueryEngine engine, ParserOptions parserOptions, Supplier<? extends Storage> newStorage) {
    this(engine, ExprSyntax.of(requireNonNull(parserOptions)), newStorage);
  }

  PromqlTestRunner(QueryEngine engine, ExprSyntax syntax, Supplier<? extends Storage> newStorage) {
    this(engine, syntax, newStorage, true, true);
  }

  private PromqlTestRunner(QueryEngine engine, ExprSyntax syntax,
      Supplier<? extends Storage> newStorage, boolean nativeHistograms, boolean startTimestamps) {
    if (engine == null || syntax == null || newStorage == null) {
      throw new IllegalArgumentException("engine, parser options and storage supplier required");
    }
    this.engine = engine;
    this.syntax = syntax;
    this.newStorage = newStorage;
    this.nativeHistograms = nativeHistograms;
    this.startTimestamps = startTimestamps;
  }

  /**
   * Whether native histograms (and the series {@code load_with_nhcb} derives) are loaded and
   * the evals that involve them run (the default; the store must accept {@link
   * dev.vigil.model.Appender#appendHistogram}), or not loaded and those evals skipped.
   */
  public PromqlTestRunner withNativeHistograms(boolean on) {
    return new PromqlTestRunner(engine, syntax, newStorage, on, startTimestamps);
  }

  /**
   * Whether {@code @st} start timestamps are loaded with their samples and the evals over such
   * series run (the default), or not loaded and those evals skipped (for a store or engine that
   * does not use start timestamps).
   */
  public PromqlTestRunner withStartTimestamps(boolean on) {
    return new PromqlTestRunner(engine, syntax, newStorage, nativeHistograms, on);
  }

  private static ParserOptions requireNonNull(ParserOptions o) {
    if (o == null) {
      throw new IllegalArgumentException("parser options required");
    }
    return o;
  }

  /**
   * The engine settings of Prometheus's test engine: lookback 5m, at most 10,000 samples, timeout
   * 100s, subquery default step 1m, delayed {@code __name__} removal on, start timestamps used;
   * experimental syntax all on or all off.
   */
  public static EngineOptions harnessOptions(boolean experimental) {
    return new EngineOptions(300_000, 10_000, Duration.ofSeconds(100), 4, 60_000,
        experimental ? ParserOptions.ALL_EXPERIMENTAL : ParserOptions.DEFAULT, true, true);
  }

  /** A runner over Vigil's {@link PromqlEngine} with {@link #harnessOptions} and memory stores. */
  public static PromqlTestRunner withPromqlEngine(boolean experimental) {
    EngineOptions o = harnessOptions(experimental);
    return new PromqlTestRunner(new PromqlEngine(o), o.parser(), MemoryStorage::new);
  }

  public FileReport run(Path file) throws IOException {
    return run(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Runs one script; {@code name} prefixes its failure lines. */
  public FileReport run(String name, String text) {
    Tally tally = new Tally(name);
    List<Command> cmds;
    try {
      cmds = ScriptParser.parse(text);
    } catch (ScriptException e) {
      tally.fail(e.line(), lineText(text, e.line()), e.getMessage());
      return tally.report();
    }
    Storage storage = newStorage.get();
    SeriesKinds kinds = new SeriesKinds();
    EvalExecutor exec = new EvalExecutor(engine, syntax, !nativeHistograms);
    try {
      for (Command cmd : cmds) {
        switch (cmd) {
          case Command.Clear c -> {
            storage.close();
            storage = newStorage.get();
            kinds = new SeriesKinds();
          }
          case Load l -> load(storage, l, kinds, tally, text, nativeHistograms, startTimestamps);
          case Eval ev -> {
            EvalExecutor.Outcome o = exec.run(ev, storage::querier, kinds);
            switch (o.kind()) {
              case PASSED -> tally.passed++;
              case FAILED -> {
                if (o.histograms()) {
                  tally.failedHistograms++;
                }
                tally.fail(ev.line(), ev.text(), o.message()
                    + (o.histograms() ? " [native histograms]" : ""));
              }
              case SKIPPED_NATIVE_HISTOGRAMS -> {
                tally.skippedHistograms++;
                tally.skip(ev, "native histograms");
              }
              case SKIPPED_START_TIMESTAMPS -> {
                tally.skippedStart++;
                tally.skip(ev, "start timestamps");
              }
            }
          }
        }
      }
    } finally {
      storage.close();
    }
    return tally.report();
  }

  private static String lineText(String text, int line) {
    String[] lines = text.split("\n", -1);
    return line >= 1 && line <= lines.length ? lines[line - 1].strip() : "";
  }

  private static void load(Storage storage, Load l, SeriesKinds kinds, Tally tally, String text,
      boolean histograms, boolean startTimestamps) {
    Appender app = storage.appender();
    try {
      for (LoadSeries s : l.series()) {
        long ref = 0;
        for (int i = 0; i < s.values().size(); i++) {
          SequenceValue v = s.values().get(i);
          if (v.omitted()) {
            continue;
          }
          long t = i * l.intervalMs();
          long st = startTimestamps ? startTimestamp(s, i, t) : SampleIterator.NO_START_TIMESTAMP;
          if (v.histogram() == null) {
            ref = app.appendWithStartTimestamp(ref, s.labels(), t, st, v.value());
          } else {
            kinds.histograms.add(s.labels());
            if (histograms) {
              ref = app.appendHistogramWithStartTimestamp(ref, s.labels(), t, st, v.histogram());
            }
          }
        }
        if (s.hasStartTimestamps() && !startTimestamps) {
          kinds.startTimestamps.add(s.labels());
        }
        if (l.withNhcb()) {
          Labels base = NhcbSeries.baseOf(s.labels());
          if (base != null) {
            kinds.histograms.add(base);
          }
        }
      }
      if (l.withNhcb() && histograms) {
        for (var e : NhcbSeries.convert(l.series(), l.intervalMs()).entrySet()) {
          long ref = 0;
          for (var h : e.getValue().entrySet()) {
            ref = app.appendHistogram(ref, e.getKey(), h.getKey(), h.getValue());
          }
        }
      }
      app.commit();
    } catch (AppendException | ScriptException e) {
      app.rollback();
      tally.fail(l.line(), lineText(text, l.line()), "cannot load: " + e.getMessage());
    }
  }

  /**
   * The start timestamp of value {@code i} at time {@code t}: its {@code @st} offset added to
   * {@code t}, or none where the line gives none (an offset landing on 0 is none as well, as 0 is
   * Prometheus's "no start timestamp").
   */
  private static long startTimestamp(LoadSeries s, int i, long t) {
    if (i >= s.startOffsets().size() || s.startOffsets().get(i).omitted()) {
      return SampleIterator.NO_START_TIMESTAMP;
    }
    return t + (long) s.startOffsets().get(i).value();
  }

  /** Every {@code .test} file under the given files and directories, in name order per directory. */
  public static List<Path> expand(List<Path> paths) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".test"))
              .sorted()
              .forEach(out::add);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new IOException("no such file or directory: " + p);
      }
    }
    return out;
  }

  /** Runs every script in {@code paths} (files or directories). */
  public SuiteResult runAll(List<Path> paths) throws IOException {
    List<FileReport> reports = new ArrayList<>();
    for (Path f : expand(paths)) {
      reports.add(run(f));
    }
    return new SuiteResult(reports);
  }

  /** Mutable counters of one script run. */
  private static final class Tally {
    final String name;
    int passed;
    int failed;
    int failedHistograms;
    int skippedHistograms;
    int skippedStart;
    final List<String> failures = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();

    Tally(String name) {
      this.name = name;
    }

    void fail(int line, String text, String message) {
      failed++;
      failures.add(name + ":" + line + ": " + text + ": " + message);
    }

    void skip(Eval ev, String why) {
      skipped.add(name + ":" + ev.line() + ": " + ev.text() + ": skipped (" + why + ")");
    }

    FileReport report() {
      return new FileReport(name, passed, failed, failedHistograms, skippedHistograms,
          skippedStart, failures, skipped);
    }
  }
}
