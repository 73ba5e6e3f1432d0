/**
 * The restore service: the HTTP API that plans, runs and proves restores (service-spec, architecture §2). Packages
 * follow the domain: {@code http} (server, errors, request bodies), {@code config} (environment), {@code health},
 * {@code auth} (bearer tokens, admin authentication, scope), later {@code plans}, {@code jobs}, {@code locks}, …
 */
package io.rezilient.restore.service;
