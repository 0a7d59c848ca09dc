/** Public surface of metrics/: the app's Prometheus metrics. prom-client stays inside this folder. */
export { createMetrics, type GitHubRequestSeen, type Metrics, type MetricsSources, type ScanOutcome } from './metrics.js';
