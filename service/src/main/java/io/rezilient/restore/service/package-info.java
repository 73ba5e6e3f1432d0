/**
 * The restore service: the HTTP API that plans, runs and proves restores (service-spec, architecture §2). Packages
 * follow the domain: {@code http} (server, errors, request bodies), {@code config} (environment), {@code health},
 * {@code api} (the OpenAPI document), {@code auth} (bearer tokens, admin authentication, scope), {@code registry}
 * (source mappings), {@code index} (the restore index and its freshness), {@code plans} (dry-run planning),
 * {@code jobs}, {@code locks} (scope lock queues) and {@code queue} (their administration); execution, evidence and
 * media arrive with their issues.
 */
package io.rezilient.restore.service;
