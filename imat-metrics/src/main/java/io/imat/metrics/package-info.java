/** imat-metrics. */
package io.imat.metrics;
