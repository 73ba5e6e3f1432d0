/** The embedded default object store: one file per object under a root directory. */
package io.rezilient.restore.objectstore.fs;
