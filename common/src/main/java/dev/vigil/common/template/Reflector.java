package dev.vigil.common.template;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds what a Go field or method name ({@code .Labels}, {@code .Unix}) means on a Java object:
 * a record component, a public field, a getter ({@code getLabels}, {@code isLabels}) — all read
 * as fields — or public methods named {@code Name} or {@code name}, which take arguments.
 * Lookups are cached per class; thread-safe.
 */
final class Reflector {
  private Reflector() {}

  /** What a name resolved to. */
  sealed interface Member {}

  /** A field-like member: read without arguments. */
  record Property(Method accessor, Field field) implements Member {
    Object read(Object target) throws ReflectiveOperationException {
      return accessor != null ? accessor.invoke(target) : field.get(target);
    }
  }

  /** Methods callable with arguments (overloads by parameter count). */
  record Methods(String name, List<Method> overloads) implements Member {}

  private static final ClassValue<ConcurrentHashMap<String, Optional<Member>>> CACHE =
      new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Optional<Member>> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  static Member find(Class<?> type, String name) {
    return CACHE.get(type).computeIfAbsent(name, n -> Optional.ofNullable(resolve(type, n))).orElse(null);
  }

  private static Member resolve(Class<?> type, String name) {
    String lower = name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    String upper = name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    if (type.isRecord()) {
      for (RecordComponent c : type.getRecordComponents()) {
        if (c.getName().equals(name) || c.getName().equals(lower)) {
          return property(c.getAccessor(), null);
        }
      }
    }
    List<Method> exact = methods(type, name);
    if (!exact.isEmpty()) {
      return new Methods(name, exact);
    }
    for (String getter : List.of("get" + upper, "is" + upper)) {
      for (Method m : methods(type, getter)) {
        if (m.getParameterCount() == 0 && m.getReturnType() != void.class) {
          return property(m, null);
        }
      }
    }
    List<Method> lowered = methods(type, lower);
    if (!lowered.isEmpty()) {
      return new Methods(name, lowered);
    }
    for (String n : List.of(name, lower)) {
      try {
        Field f = type.getField(n);
        if (!Modifier.isStatic(f.getModifiers())) {
          f.trySetAccessible();
          return new Property(null, f);
        }
      } catch (NoSuchFieldException e) {
        // try the next spelling
      }
    }
    return null;
  }

  private static Property property(Method m, Field f) {
    if (m != null) {
      m.trySetAccessible();
    }
    return new Property(m, f);
  }

  private static List<Method> methods(Class<?> type, String name) {
    List<Method> out = new ArrayList<>();
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name) && !Modifier.isStatic(m.getModifiers()) && !m.isBridge()
          && m.getDeclaringClass() != Object.class) {
        m.trySetAccessible();
        out.add(m);
      }
    }
    return out;
  }

  /** The Go parameter type a Java parameter type is checked as. */
  static Signature.Type goType(Class<?> c) {
    if (c == String.class) {
      return Signature.Type.STRING;
    }
    if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
      return Signature.Type.FLOAT;
    }
    if (c == long.class || c == Long.class || c == int.class || c == Integer.class) {
      return Signature.Type.INT;
    }
    if (c == boolean.class || c == Boolean.class) {
      return Signature.Type.BOOL;
    }
    return Signature.Type.ANY;
  }

  /** Converts a checked value to the exact Java parameter type. */
  static Object convert(Object v, Class<?> c) {
    if (v == null) {
      return null;
    }
    if (c == int.class || c == Integer.class) {
      return ((Number) v).intValue();
    }
    if (c == long.class || c == Long.class) {
      return ((Number) v).longValue();
    }
    if (c == float.class || c == Float.class) {
      return ((Number) v).floatValue();
    }
    if (c == double.class || c == Double.class) {
      return ((Number) v).doubleValue();
    }
    return v;
  }
}
