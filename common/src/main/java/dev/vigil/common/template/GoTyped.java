package dev.vigil.common.template;

/**
 * A value that names its Go type, for messages ({@code can't evaluate field x in type
 * template.queryResult}) and {@code %T}. Unless it is a collection, it prints like a Go
 * {@code fmt.Stringer}: with its {@link Object#toString()} (so a record implementing it prints its
 * own text, not its fields).
 */
public interface GoTyped {
  /** The Go type name, e.g. {@code *template.sample}. */
  String goTypeName();
}
