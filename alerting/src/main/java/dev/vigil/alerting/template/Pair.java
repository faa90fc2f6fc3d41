package dev.vigil.alerting.template;

/** One label or annotation as templates see it ({@code .Name}, {@code .Value}). */
public record Pair(String name, String value) {}
