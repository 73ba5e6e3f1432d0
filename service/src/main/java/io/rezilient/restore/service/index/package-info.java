/**
 * Read side of the restore index ({@code rez_restore_index}, written by the indexer): the scoped point-in-time
 * candidate lookup (service-spec §4.3, indexer-spec §9) and authoritative watermarks with their freshness
 * (service-spec §4.7). Reads only, as {@code rez_restore_service_ro}; never imports the indexer module.
 */
package io.rezilient.restore.service.index;
