/**
 * JSON as the JavaScript reference sees it: one Jackson configuration, canonical JSON (key order by ICU collation,
 * {@code JSON.stringify} quoting, ECMAScript number formatting) and the helpers that reproduce JavaScript's reading of
 * numbers, strings and property order.
 */
package io.rezilient.restore.contracts.json;
