/**
 * Opening plan rows' encrypted values and sealing target before-images, with the tenant keyring and the
 * AES-256-GCM envelope of the {@code capture} module (one keyring format and one envelope for every value the
 * platform encrypts; see {@link io.rezilient.restore.agent.crypto.BeforeImageSealer}).
 */
package io.rezilient.restore.agent.crypto;
