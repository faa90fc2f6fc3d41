package dev.vigil.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares two Prometheus API answers to the same query: the same status and error type, the same
 * result type, the same series (by label set, order ignored where Prometheus does not define
 * one), the same timestamps, and values equal within a relative tolerance of 1e-6 (an absolute
 * 1e-9 near zero; NaN equals NaN). Returns the differences as text, empty when they agree.
 */
final class ResultComparison {
  static final double RELATIVE = 1e-6;
  static final double ABSOLUTE = 1e-9;

  private ResultComparison() {}

  static List<String> diff(ParityPeers.Answer want, ParityPeers.Answer got) {
    List<String> out = new ArrayList<>();
    if (want.status() != got.status()) {
      out.add("status " + got.status() + " (" + cut(got.body()) + "), want " + want.status()
          + " (" + cut(want.body()) + ")");
      return out;
    }
    JsonNode w = want.json();
    JsonNode g = got.json();
    if (!w.path("status").asText().equals("success")) {
      if (!w.path("errorType").equals(g.path("errorType"))) {
        out.add("errorType " + g.path("errorType") + ", want " + w.path("errorType"));
      }
      return out;
    }
    String type = w.at("/data/resultType").asText();
    if (!type.equals(g.at("/data/resultType").asText())) {
      out.add("resultType " + g.at("/data/resultType") + ", want " + type);
      return out;
    }
    JsonNode wr = w.at("/data/result");
    JsonNode gr = g.at("/data/result");
    switch (type) {
      case "scalar", "string" -> point("", wr, gr, out, type.equals("string"));
      case "vector" -> {
        Map<String, JsonNode> ws = byLabels(wr);
        Map<String, JsonNode> gs = byLabels(gr);
        sameKeys(ws, gs, out);
        for (var e : ws.entrySet()) {
          JsonNode o = gs.get(e.getKey());
          if (o != null) {
            point(e.getKey(), e.getValue().get("value"), o.get("value"), out, false);
          }
        }
      }
      case "matrix" -> {
        Map<String, JsonNode> ws = byLabels(wr);
        Map<String, JsonNode> gs = byLabels(gr);
        sameKeys(ws, gs, out);
        for (var e : ws.entrySet()) {
          JsonNode o = gs.get(e.getKey());
          if (o == null) {
            continue;
          }
          JsonNode wv = e.getValue().path("values");
          JsonNode gv = o.path("values");
          if (wv.size() != gv.size()) {
            out.add(e.getKey() + ": " + gv.size() + " points, want " + wv.size() + " (first: "
                + gv.path(0) + " vs " + wv.path(0) + ")");
            continue;
          }
          for (int i = 0; i < wv.size(); i++) {
            point(e.getKey(), wv.get(i), gv.get(i), out, false);
          }
        }
      }
      default -> out.add("unknown result type " + type);
    }
    return out;
  }

  private static void sameKeys(Map<String, JsonNode> want, Map<String, JsonNode> got,
      List<String> out) {
    for (String k : want.keySet()) {
      if (!got.containsKey(k)) {
        out.add("missing series " + k);
      }
    }
    for (String k : got.keySet()) {
      if (!want.containsKey(k)) {
        out.add("extra series " + k);
      }
    }
  }

  private static void point(String series, JsonNode want, JsonNode got, List<String> out,
      boolean text) {
    if (want == null || got == null || want.size() != 2 || got.size() != 2) {
      out.add(series + ": point " + got + ", want " + want);
      return;
    }
    if (Math.round(want.get(0).asDouble() * 1000) != Math.round(got.get(0).asDouble() * 1000)) {
      out.add(series + ": time " + got.get(0) + ", want " + want.get(0));
      return;
    }
    String ws = want.get(1).asText();
    String gs = got.get(1).asText();
    if (text ? !ws.equals(gs) : !close(value(ws), value(gs))) {
      out.add(series + " @" + want.get(0) + ": " + gs + ", want " + ws);
    }
  }

  private static String cut(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }

  static boolean close(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    if (a == b) {
      return true;
    }
    double diff = Math.abs(a - b);
    return diff <= ABSOLUTE || diff <= RELATIVE * Math.max(Math.abs(a), Math.abs(b));
  }

  static double value(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }

  private static Map<String, JsonNode> byLabels(JsonNode result) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode s : result) {
      Map<String, String> l = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = s.path("metric").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        l.put(e.getKey(), e.getValue().asText());
      }
      out.put(l.toString(), s);
    }
    return out;
  }
}
