/**
 * Who is calling and what they may see (service-spec §2, architecture §6). {@link
 * io.rezilient.restore.service.auth.TokenVerifier} turns an {@code Authorization: Bearer} header into a {@link
 * io.rezilient.restore.service.auth.Principal} or a {@link io.rezilient.restore.service.auth.TokenRejectedException}
 * carrying the reference's 401 reason code; {@link io.rezilient.restore.service.auth.ScopeGuard} makes a foreign
 * resource indistinguishable from a missing one; {@link io.rezilient.restore.service.auth.AdminAuthenticator} opens
 * {@code /v1/admin/*}; {@link io.rezilient.restore.service.auth.DevTokenIssuer} mints tokens for development and tests.
 * Nothing here knows about HTTP: the server maps the exceptions to responses.
 */
package io.rezilient.restore.service.auth;
