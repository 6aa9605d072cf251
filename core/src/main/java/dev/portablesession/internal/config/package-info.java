/**
 * Configuration of the session filter: {@link dev.portablesession.internal.config.Settings}, loaded from
 * system properties, environment variables, filter init-params, context-params, the filter's
 * builder and {@code web.xml <session-config>} through
 * {@link dev.portablesession.internal.config.SettingSources}, with every setting listed in
 * {@link dev.portablesession.internal.config.Setting}. Depends on nothing outside the JDK.
 */
package dev.portablesession.internal.config;
