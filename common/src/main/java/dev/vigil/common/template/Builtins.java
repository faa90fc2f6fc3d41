package dev.vigil.common.template;

import dev.vigil.common.template.GoValues.Kind;
import dev.vigil.common.template.Signature.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Go's predefined template functions. {@code and}, {@code or} and {@code call} are evaluated by
 * the executor (they short-circuit or need the argument's source text); their entries here only
 * declare them. Errors are thrown as {@link IllegalArgumentException} with Go's message, which
 * the executor wraps as {@code error calling NAME: MESSAGE}.
 */
final class Builtins {
  private Builtins() {}

  private static final Map<String, TemplateFunction> FUNCS =
      Map.ofEntries(
          Map.entry("and", TemplateFunction.of(Signature.variadic(Type.ANY), a -> null)),
          Map.entry("or", TemplateFunction.of(Signature.variadic(Type.ANY), a -> null)),
          Map.entry("call", TemplateFunction.of(Signature.variadic(Type.ANY), a -> null)),
          Map.entry("not", TemplateFunction.of(Signature.of(Type.ANY), a -> !GoValues.isTrue(a.getFirst()))),
          Map.entry("len", TemplateFunction.of(Signature.of(Type.ANY), a -> length(a.getFirst()))),
          Map.entry("index", TemplateFunction.of(Signature.variadic(Type.ANY), Builtins::index)),
          Map.entry("slice", TemplateFunction.of(Signature.variadic(Type.ANY), Builtins::slice)),
          Map.entry("print", GoFormat::sprintArgs),
          Map.entry("println", GoFormat::sprintlnArgs),
          Map.entry(
              "printf",
              TemplateFunction.of(
                  Signature.variadic(Type.STRING),
                  a -> GoFormat.sprintfArgs((String) a.getFirst(), a.subList(1, a.size())))),
          Map.entry("html", a -> htmlEscape(evalArgs(a))),
          Map.entry("js", a -> jsEscape(evalArgs(a))),
          Map.entry("urlquery", a -> queryEscape(evalArgs(a))),
          Map.entry("eq", TemplateFunction.of(Signature.variadic(Type.ANY), Builtins::eq)),
          Map.entry("ne", TemplateFunction.of(Signature.of(Type.ANY, Type.ANY), a -> !eq(a))),
          Map.entry("lt", TemplateFunction.of(Signature.of(Type.ANY, Type.ANY), a -> lt(a.get(0), a.get(1)))),
          Map.entry("le", TemplateFunction.of(Signature.of(Type.ANY, Type.ANY), a -> le(a.get(0), a.get(1)))),
          Map.entry("gt", TemplateFunction.of(Signature.of(Type.ANY, Type.ANY), a -> !le(a.get(0), a.get(1)))),
          Map.entry("ge", TemplateFunction.of(Signature.of(Type.ANY, Type.ANY), a -> !lt(a.get(0), a.get(1)))));

  static boolean isBuiltin(String name) {
    return FUNCS.containsKey(name);
  }

  static TemplateFunction get(String name) {
    return FUNCS.get(name);
  }

  private static IllegalArgumentException fail(String msg) {
    return new IllegalArgumentException(msg);
  }

  static long length(Object v) {
    if (v == null) {
      // Go's len reaches reflect with an untyped nil and reports reflect's panic.
      throw fail("reflect: call of reflect.Value.Type on zero Value");
    }
    int n = GoValues.length(v);
    if (n < 0) {
      throw fail("len of type " + GoValues.typeName(v));
    }
    return n;
  }

  private static Object index(List<Object> a) {
    Object item = a.getFirst();
    if (item == null) {
      throw fail("index of untyped nil");
    }
    for (Object idx : a.subList(1, a.size())) {
      if (item == null) {
        throw fail("index of nil pointer");
      }
      if (item instanceof String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int x = indexArg(idx, b.length);
        if (x == b.length) {
          throw fail("index out of range: " + x);
        }
        item = (long) (b[x] & 0xff);
      } else if (GoValues.isSequence(item)) {
        List<Object> elems = GoValues.elements(item);
        int x = indexArg(idx, elems.size());
        if (x == elems.size()) {
          throw fail("index out of range: " + x);
        }
        item = elems.get(x);
      } else if (GoValues.isMap(item)) {
        Map<?, ?> m = GoValues.mapEntries(item);
        checkKeyType(item, m, idx);
        Object key = mapKey(m, idx);
        if (m.containsKey(key)) {
          item = m.get(key);
        } else {
          item = item instanceof GoMap g ? g.zeroValue() : null;
        }
      } else {
        throw fail("can't index item of type " + GoValues.typeName(item));
      }
    }
    return item;
  }

  /**
   * Go's prepareArg for map keys: a map known to have string keys (a map[string]... TypedMap, or a
   * plain map whose keys are strings) refuses other key types.
   */
  private static void checkKeyType(Object map, Map<?, ?> m, Object key) {
    boolean stringKeys = map instanceof TypedMap t
        ? t.goType().startsWith("map[string]")
        : !m.isEmpty() && m.keySet().iterator().next() instanceof String;
    if (!stringKeys) {
      return;
    }
    if (key == null) {
      throw fail("value is nil; should be of type string");
    }
    if (!(key instanceof String)) {
      throw fail("value has type " + GoValues.typeName(key) + "; should be string");
    }
  }

  /** The key as stored in the map: integer keys match across Java's boxed integer types. */
  static Object mapKey(Map<?, ?> m, Object key) {
    if (key == null || m.containsKey(key) || !GoValues.isInt(key)) {
      return key;
    }
    long v = ((Number) key).longValue();
    for (Object k : m.keySet()) {
      if (GoValues.isInt(k) && ((Number) k).longValue() == v) {
        return k;
      }
    }
    return key;
  }

  private static int indexArg(Object index, int cap) {
    if (index == null) {
      throw fail("cannot index slice/array with nil");
    }
    if (!GoValues.isInt(index)) {
      throw fail("cannot index slice/array with type " + GoValues.typeName(index));
    }
    long x = ((Number) index).longValue();
    if (x < 0 || x > cap) {
      throw fail("index out of range: " + x);
    }
    return (int) x;
  }

  private static Object slice(List<Object> a) {
    Object item = a.getFirst();
    List<Object> indexes = a.subList(1, a.size());
    if (item == null) {
      throw fail("slice of untyped nil");
    }
    if (indexes.size() > 3) {
      throw fail("too many slice indexes: " + indexes.size());
    }
    int cap;
    byte[] bytes = null;
    List<Object> elems = null;
    if (item instanceof String s) {
      if (indexes.size() == 3) {
        throw fail("cannot 3-index slice a string");
      }
      bytes = s.getBytes(StandardCharsets.UTF_8);
      cap = bytes.length;
    } else if (GoValues.isSequence(item)) {
      elems = GoValues.elements(item);
      cap = elems.size();
    } else {
      throw fail("can't slice item of type " + GoValues.typeName(item));
    }
    int[] idx = {0, cap, cap};
    for (int i = 0; i < indexes.size(); i++) {
      idx[i] = indexArg(indexes.get(i), cap);
    }
    if (idx[0] > idx[1]) {
      throw fail("invalid slice index: " + idx[0] + " > " + idx[1]);
    }
    if (indexes.size() == 3 && idx[1] > idx[2]) {
      throw fail("invalid slice index: " + idx[1] + " > " + idx[2]);
    }
    if (bytes != null) {
      return new String(bytes, idx[0], idx[1] - idx[0], StandardCharsets.UTF_8);
    }
    return new ArrayList<>(elems.subList(idx[0], idx[1]));
  }

  // ---- comparison

  private static final String BAD_TYPE = "invalid type for comparison";
  private static final String BAD_COMPARISON = "incompatible types for comparison";

  static boolean eq(List<Object> a) {
    Object arg1 = a.getFirst();
    if (a.size() < 2) {
      throw fail("missing argument for comparison");
    }
    Kind k1 = GoValues.kind(arg1);
    for (Object arg : a.subList(1, a.size())) {
      Kind k2 = GoValues.kind(arg);
      boolean truth;
      if (k1 != k2) {
        if (arg1 != null && arg != null) {
          throw fail(BAD_COMPARISON);
        }
        truth = false;
      } else {
        truth = switch (k1) {
          case BOOL -> arg1.equals(arg);
          case INT -> ((Number) arg1).longValue() == ((Number) arg).longValue();
          case FLOAT -> ((Number) arg1).doubleValue() == ((Number) arg).doubleValue();
          case STRING -> arg1.equals(arg);
          case INVALID -> true;
          default -> {
            if (!comparable(arg1) || !comparable(arg)) {
              throw fail("non-comparable type " + GoFormat.sprint(arg) + ": " + GoValues.typeName(arg));
            }
            yield arg1.equals(arg);
          }
        };
      }
      if (truth) {
        return true;
      }
    }
    return false;
  }

  private static boolean comparable(Object v) {
    return !(GoValues.isSequence(v) || GoValues.isMap(v) || v instanceof TemplateFunction);
  }

  static boolean lt(Object a, Object b) {
    Kind k1 = basicKind(a);
    Kind k2 = basicKind(b);
    if (k1 != k2) {
      throw fail(BAD_COMPARISON);
    }
    return switch (k1) {
      case INT -> ((Number) a).longValue() < ((Number) b).longValue();
      case FLOAT -> ((Number) a).doubleValue() < ((Number) b).doubleValue();
      case STRING -> GoValues.compareStrings((String) a, (String) b) < 0;
      default -> throw fail(BAD_TYPE);
    };
  }

  static boolean le(Object a, Object b) {
    return lt(a, b) || eq(List.of(a, b));
  }

  private static Kind basicKind(Object v) {
    Kind k = GoValues.kind(v);
    if (k == Kind.INVALID || k == Kind.OTHER) {
      throw fail(BAD_TYPE);
    }
    return k;
  }

  // ---- escaping

  /** Go's evalArgs: a lone string as is, anything else printed with fmt.Sprint. */
  static String evalArgs(List<Object> a) {
    if (a.size() == 1 && a.getFirst() instanceof String s) {
      return s;
    }
    // A nil argument is printed as Go prints a missing value.
    List<Object> printable = new ArrayList<>(a.size());
    for (Object o : a) {
      printable.add(o == null ? "<no value>" : o);
    }
    return GoFormat.sprintArgs(printable);
  }

  static String htmlEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("&#34;");
        case '\'' -> sb.append("&#39;");
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case 0 -> sb.append('\uFFFD');
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** html/template's escaping of text and quoted attribute values, which also escapes '+'. */
  static String htmlTemplateEscape(String s) {
    return htmlEscape(s).replace("+", "&#43;");
  }

  static String jsEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int r = s.codePointAt(i);
      i += Character.charCount(r);
      switch (r) {
        case '\\' -> sb.append("\\\\");
        case '\'' -> sb.append("\\'");
        case '"' -> sb.append("\\\"");
        case '<' -> sb.append("\\u003C");
        case '>' -> sb.append("\\u003E");
        case '&' -> sb.append("\\u0026");
        case '=' -> sb.append("\\u003D");
        default -> {
          if (r < ' ') {
            sb.append(String.format("\\u%04X", r));
          } else if (r < 0x80 || GoQuote.isPrint(r)) {
            sb.appendCodePoint(r);
          } else {
            sb.append(String.format("\\u%04X", r));
          }
        }
      }
    }
    return sb.toString();
  }

  /** url.QueryEscape. */
  static String queryEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        sb.append((char) c);
      } else if (c == ' ') {
        sb.append('+');
      } else {
        sb.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
      }
    }
    return sb.toString();
  }
}
