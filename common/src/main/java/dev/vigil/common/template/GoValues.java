package dev.vigil.common.template;

import java.lang.reflect.Array;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How Java values stand in for Go values: kinds, type names, truth, lengths and key order.
 *
 * <p>Go int is {@link Long} (also {@link Integer}, {@link Short}, {@link Byte}), float64 is
 * {@link Double}, float32 is {@link Float}, string is {@link String}, bool is {@link Boolean},
 * slices are {@link List}, other collections and arrays, maps are {@link Map} or {@link
 * TypedMap}, nil is null. Anything else is a struct-like object (records, beans).
 */
final class GoValues {
  private GoValues() {}

  enum Kind {
    INVALID,
    BOOL,
    INT,
    FLOAT,
    STRING,
    OTHER
  }

  static Kind kind(Object v) {
    return switch (v) {
      case null -> Kind.INVALID;
      case Boolean b -> Kind.BOOL;
      case Long l -> Kind.INT;
      case Integer i -> Kind.INT;
      case Short s -> Kind.INT;
      case Byte b -> Kind.INT;
      case BigInteger b -> Kind.INT;
      case Double d -> Kind.FLOAT;
      case Float f -> Kind.FLOAT;
      case String s -> Kind.STRING;
      default -> Kind.OTHER;
    };
  }

  static boolean isInt(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
  }

  /** Slices: collections, arrays and other iterables (taken in iteration order). */
  static boolean isSequence(Object v) {
    return (v instanceof Iterable<?> && !(v instanceof Map<?, ?>)) || (v != null && v.getClass().isArray());
  }

  static boolean isMap(Object v) {
    return v instanceof Map<?, ?> || v instanceof TypedMap;
  }

  /** Elements of a list, collection or array. */
  static List<Object> elements(Object v) {
    if (v instanceof List<?> l) {
      @SuppressWarnings("unchecked")
      List<Object> cast = (List<Object>) l;
      return cast;
    }
    if (v instanceof Collection<?> c) {
      return new ArrayList<>(c);
    }
    if (v instanceof Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      it.forEach(out::add);
      return out;
    }
    int n = Array.getLength(v);
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Array.get(v, i));
    }
    return out;
  }

  static Map<?, ?> mapEntries(Object v) {
    return v instanceof TypedMap t ? t.entries() : (Map<?, ?>) v;
  }

  /** Keys of a map in Go's fmtsort order. */
  static List<Object> sortedKeys(Object map) {
    List<Object> keys = new ArrayList<>(mapEntries(map).keySet());
    keys.sort(KEY_ORDER);
    return keys;
  }

  static final Comparator<Object> KEY_ORDER =
      (a, b) -> {
        Kind ka = kind(a);
        Kind kb = kind(b);
        if (ka == kb) {
          switch (ka) {
            case INT:
              return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
            case FLOAT: {
              double x = ((Number) a).doubleValue();
              double y = ((Number) b).doubleValue();
              if (Double.isNaN(x) || Double.isNaN(y)) {
                return Boolean.compare(!Double.isNaN(x), !Double.isNaN(y));
              }
              return Double.compare(x, y);
            }
            case STRING:
              return compareStrings((String) a, (String) b);
            case BOOL:
              return Boolean.compare((Boolean) a, (Boolean) b);
            case INVALID:
              return 0;
            default:
              return compareStrings(String.valueOf(a), String.valueOf(b));
          }
        }
        return Integer.compare(ka.ordinal(), kb.ordinal());
      };

  /** Byte-wise (UTF-8) order, which is code point order. */
  static int compareStrings(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Go's truth: zero values and empty collections are false, everything else true. */
  static boolean isTrue(Object v) {
    return switch (v) {
      case null -> false;
      case Boolean b -> b;
      case String s -> !s.isEmpty();
      case Double d -> d != 0;
      case Float f -> f != 0;
      case BigInteger b -> b.signum() != 0;
      case Number n -> n.longValue() != 0;
      case Map<?, ?> m -> !m.isEmpty();
      case TypedMap t -> t.size() > 0;
      case Collection<?> c -> !c.isEmpty();
      case Iterable<?> it -> it.iterator().hasNext();
      default -> !v.getClass().isArray() || Array.getLength(v) > 0;
    };
  }

  /** The Go type name used in messages and by %T. */
  static String typeName(Object v) {
    return switch (v) {
      case null -> "<nil>";
      case GoTyped g -> g.goTypeName();
      case String s -> "string";
      case Long l -> "int";
      case Integer i -> "int";
      case Short s -> "int16";
      case Byte b -> "int8";
      case BigInteger b -> "*big.Int";
      case Double d -> "float64";
      case Float f -> "float32";
      case Boolean b -> "bool";
      case TypedMap t -> t.goType();
      case Map<?, ?> m -> "map[string]interface {}";
      case Iterable<?> c -> "[]interface {}";
      case TemplateFunction f -> "func(...interface {}) (interface {}, error)";
      default -> {
        Class<?> c = v.getClass();
        if (c.isArray()) {
          yield "[]" + componentName(c.getComponentType());
        }
        yield c.getSimpleName().isEmpty() ? c.getName() : c.getSimpleName();
      }
    };
  }

  private static String componentName(Class<?> c) {
    if (c == String.class) {
      return "string";
    }
    if (c == long.class || c == int.class || c == Long.class || c == Integer.class) {
      return "int";
    }
    if (c == double.class || c == Double.class) {
      return "float64";
    }
    if (c == boolean.class || c == Boolean.class) {
      return "bool";
    }
    if (c == byte.class) {
      return "uint8";
    }
    if (c == Object.class) {
      return "interface {}";
    }
    return c.getSimpleName();
  }

  /** Length in Go terms: UTF-8 bytes for strings, elements otherwise; -1 if no length. */
  static int length(Object v) {
    return switch (v) {
      case String s -> utf8Length(s);
      case Map<?, ?> m -> m.size();
      case TypedMap t -> t.size();
      case Collection<?> c -> c.size();
      case Iterable<?> it -> elements(it).size();
      case null -> -1;
      default -> v.getClass().isArray() ? Array.getLength(v) : -1;
    };
  }

  static int utf8Length(CharSequence s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
