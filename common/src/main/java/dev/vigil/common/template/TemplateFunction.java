package dev.vigil.common.template;

import java.util.List;
import java.util.Objects;

/**
 * A function callable from templates, the Java form of an entry in Go's {@code FuncMap}.
 *
 * <p>Arguments arrive as Go-like Java values (see {@link GoFormat}): {@link Long} for integer
 * literals, {@link Double} for float literals, {@link String}, {@link Boolean}, null for nil, or
 * whatever data and other functions produced. An exception thrown by {@link #call} stops the
 * execution with Go's {@code error calling NAME: MESSAGE}. The {@link #signature()} lets the
 * engine check argument counts and basic types before the call, with Go's messages ({@code wrong
 * number of args for NAME: want 1 got 2}, {@code wrong type for value; expected string; got
 * int}); a plain lambda accepts any number of arguments of any type. Implementations must be
 * thread-safe: one function map is shared by all executions of a template set.
 */
@FunctionalInterface
public interface TemplateFunction {
  /** Calls the function; the list is never null and may contain nulls. */
  Object call(List<Object> args) throws Exception;

  /** The parameters the engine checks before calling; by default any arguments. */
  default Signature signature() {
    return Signature.ANY;
  }

  /** A function with the given signature. */
  static TemplateFunction of(Signature signature, TemplateFunction body) {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(body, "body");
    return new TemplateFunction() {
      @Override
      public Object call(List<Object> args) throws Exception {
        return body.call(args);
      }

      @Override
      public Signature signature() {
        return signature;
      }
    };
  }
}
