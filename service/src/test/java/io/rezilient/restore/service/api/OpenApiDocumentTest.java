package io.rezilient.restore.service.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiDocumentTest {
    @Test
    void thePackagedDocumentListsItsOperationsAsMethodAndPath() {
        OpenApiDocument document = OpenApiDocument.load();
        assertThat(document.operations()).contains("GET /v1/health", "GET /readyz", "GET /openapi.json")
                .allMatch(operation -> operation.matches("(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS) /\\S*"));
    }

    @Test
    void callersGetACopyTheyCannotUseToChangeWhatIsServed() {
        OpenApiDocument document = OpenApiDocument.load();
        ((com.fasterxml.jackson.databind.node.ObjectNode) document.json()).remove("paths");
        assertThat(document.json().has("paths")).isTrue();
    }
}
