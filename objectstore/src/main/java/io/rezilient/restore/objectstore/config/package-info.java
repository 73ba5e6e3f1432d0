/**
 * How a component names its object store in the environment, declared once: {@link
 * io.rezilient.restore.objectstore.config.ObjectStoreEnv} holds the variables of one store under a component's
 * prefix and reads them into an {@link io.rezilient.restore.objectstore.config.ObjectStoreLocation}, which opens the
 * store. The indexer's source and the restore service differ only in the prefix, so their rules, messages and retry
 * policy cannot drift apart.
 */
package io.rezilient.restore.objectstore.config;
