/** Capture: writes REC-compatible artifacts and manifests with encrypted record snapshots to an object store. */
package io.rezilient.restore.capture;
