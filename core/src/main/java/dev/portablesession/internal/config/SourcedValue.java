package dev.portablesession.internal.config;

/**
 * A raw setting value and where it came from.
 *
 * @param text the value, stripped of surrounding whitespace; never blank
 * @param origin the source in words, such as {@code "init-param redis.url"}, for error messages
 */
record SourcedValue(String text, String origin) {
}
