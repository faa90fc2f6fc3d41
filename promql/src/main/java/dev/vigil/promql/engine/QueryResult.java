package dev.vigil.promql.engine;

import java.util.List;

/**
 * What a query returned: the value, the annotations (each message once, in the order first met)
 * and the statistics.
 */
public record QueryResult(Value value, List<String> warnings, List<String> infos, QueryStats stats) {}
