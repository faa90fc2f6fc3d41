package dev.vigil.common.template;

/**
 * A {@link java.util.Map} (or {@link TypedMap}) that knows its Go element type's zero value, read
 * for a missing key under {@code missingkey=zero} and by {@code index}. Plain maps behave like
 * Go's {@code map[string]interface{}} (zero value nil). A map class outside the JDK may also
 * declare methods, which templates call before looking keys up ({@code .SortedPairs}), as Go
 * does for map types with methods.
 */
public interface GoMap {
  /** The value of a missing key: {@code ""} for map[string]string, null for interface values. */
  Object zeroValue();
}
