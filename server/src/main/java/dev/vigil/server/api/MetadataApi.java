package dev.vigil.server.api;

import dev.vigil.model.Exemplar;
import dev.vigil.model.Matcher;
import dev.vigil.model.MetricMetadata;
import dev.vigil.model.SeriesExemplars;
import dev.vigil.model.Storage;
import dev.vigil.promql.ast.Selectors;
import dev.vigil.promql.engine.PromqlException;
import dev.vigil.promql.parser.Parser;
import dev.vigil.promql.parser.ParserOptions;
import dev.vigil.server.query.JsonNumbers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/metadata} and {@code /api/v1/query_exemplars} over a {@link Storage}.
 * Thread-safe.
 */
public final class MetadataApi {
  private final Storage storage;
  private final ParserOptions parser;

  /** @param parser the PromQL syntax {@code query_exemplars} accepts (the server's features) */
  public MetadataApi(Storage storage, ParserOptions parser) {
    this.storage = storage;
    this.parser = parser;
  }

  /** {@code limit} (families), {@code limit_per_metric}, {@code metric}; -1 means no limit. */
  public ApiResult metadata(ApiRequest r) {
    int limit = number(r, "limit");
    int perMetric = number(r, "limit_per_metric");
    String metric = r.param("metric");
    Map<String, List<MetricMetadata>> found =
        storage.metadata(metric.isEmpty() ? null : metric, limit);
    Map<String, List<Map<String, String>>> out = new LinkedHashMap<>();
    for (var e : found.entrySet()) {
      if (limit >= 0 && out.size() >= limit) {
        break;
      }
      List<Map<String, String>> list = new ArrayList<>();
      for (MetricMetadata m : e.getValue()) {
        if (perMetric > 0 && list.size() >= perMetric) {
          break;
        }
        Map<String, String> one = new LinkedHashMap<>();
        one.put("type", m.type().wireName());
        one.put("help", m.help());
        one.put("unit", m.unit());
        list.add(one);
      }
      out.put(e.getKey(), list);
    }
    return ApiResult.of(out);
  }

  private static int number(ApiRequest r, String name) {
    String s = r.param(name);
    if (s.isEmpty()) {
      return -1;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw ApiException.badData(name + " must be a number");
    }
  }

  /**
   * {@code query}, {@code start}, {@code end}: the exemplars of the series that the query's
   * vector selectors select, as Prometheus collects them ({@code parser.ExtractSelectors}); a
   * query without selectors answers 204.
   */
  public ApiResult exemplars(ApiRequest r) {
    long start = TimeParams.time(r, "start", TimeParams.MIN_TIME);
    long end = TimeParams.time(r, "end", TimeParams.MAX_TIME);
    if (end < start) {
      throw ApiException.badData("end timestamp must not be before start timestamp");
    }
    List<List<Matcher>> sets;
    try {
      sets = Selectors.of(Parser.parse(r.param("query"), parser));
    } catch (PromqlException e) {
      throw ApiException.badData(e.getMessage());
    }
    if (sets.isEmpty()) {
      return ApiResult.of(null);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (SeriesExemplars se : storage.exemplars(start, end, sets)) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (Exemplar e : se.exemplars()) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("labels", e.labels());
        one.put("value", JsonNumbers.sampleValue(e.value()));
        one.put("timestamp", ApiJson.timestamp(e.timestamp()));
        list.add(one);
      }
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("seriesLabels", se.seriesLabels());
      s.put("exemplars", list);
      out.add(s);
    }
    return ApiResult.of(out);
  }

}
