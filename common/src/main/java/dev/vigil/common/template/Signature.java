package dev.vigil.common.template;

import java.util.List;
import java.util.Objects;

/**
 * The declared parameters of a {@link TemplateFunction}: fixed parameters with a basic Go type
 * each, optionally followed by any number of extra arguments of any type (Go's {@code
 * ...interface{}}).
 *
 * @param params the fixed parameters, in order
 * @param variadic whether more arguments than {@code params} are accepted
 */
public record Signature(List<Type> params, boolean variadic) {
  /** Any number of arguments of any type. */
  public static final Signature ANY = new Signature(List.of(), true);

  /** The Go parameter types the engine converts and checks. */
  public enum Type {
    /** interface{}: anything, including nil. */
    ANY("interface {}"),
    /** string. */
    STRING("string"),
    /** float64: float or integer values and number literals, passed as {@link Double}. */
    FLOAT("float64"),
    /** int: integer values and literals, passed as {@link Long}. */
    INT("int"),
    /** bool. */
    BOOL("bool");

    private final String goName;

    Type(String goName) {
      this.goName = goName;
    }

    /** The Go spelling used in error messages. */
    public String goName() {
      return goName;
    }
  }

  public Signature {
    params = List.copyOf(Objects.requireNonNull(params, "params"));
  }

  /** Exactly these parameters. */
  public static Signature of(Type... params) {
    return new Signature(List.of(params), false);
  }

  /** These parameters, then any number of extra arguments of any type. */
  public static Signature variadic(Type... params) {
    return new Signature(List.of(params), true);
  }
}
