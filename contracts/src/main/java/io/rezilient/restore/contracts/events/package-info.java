/**
 * The capture pipeline's CloudEvents: the envelope and per-type data schemas, typed records for building events,
 * and the partition-key and topic rules that route them to Kafka.
 */
package io.rezilient.restore.contracts.events;
