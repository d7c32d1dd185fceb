/**
 * The operator's metrics: Micrometer meters in the Prometheus text format, served on a loopback-only listener
 * ({@link org.mailv2.server.metrics.MetricsEndpoint}) when {@code metrics.port} is configured.
 */
package org.mailv2.server.metrics;
