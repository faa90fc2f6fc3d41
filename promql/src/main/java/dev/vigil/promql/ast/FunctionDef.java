package dev.vigil.promql.ast;

import java.util.List;

/**
 * A PromQL function's signature, as the parser type-checks calls against it.
 *
 * @param argTypes declared argument types, in order
 * @param variadic 0: exactly argTypes; n &gt; 0: the last n declared arguments are optional; -1: the
 *     last declared type repeats without bound (label_join, sort_by_label)
 * @param experimental parses only with the experimental-functions feature on
 */
public record FunctionDef(
    String name,
    List<ValueKind> argTypes,
    int variadic,
    ValueKind returnType,
    boolean experimental) {}
