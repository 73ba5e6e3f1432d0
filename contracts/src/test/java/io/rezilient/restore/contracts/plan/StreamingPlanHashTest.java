package io.rezilient.restore.contracts.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.contracts.validation.ParseResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamingPlanHashTest {
    private static final Path VECTORS = Path.of(System.getProperty("rez.shared.dir"), "conformance", "vectors");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void streamingEveryValidVectorGivesTheReferenceHash() throws IOException {
        JsonNode file = JSON.readTree(VECTORS.resolve("plan_hash.json").toFile());
        int compared = 0;
        for (JsonNode vectorCase : file.get("cases")) {
            if (!vectorCase.has("expected")) {
                continue;
            }
            ParseResult parsed = PlanHashInputSchema.SCHEMA.parse(vectorCase.get("input"));
            ObjectNode head = ((ObjectNode) parsed.valueOrThrow()).deepCopy();
            JsonNode rows = head.remove("rows");
            StreamingPlanHash hash = new StreamingPlanHash(head);
            rows.forEach(hash::addRow);

            assertThat(hash.finish()).as(vectorCase.get("name").asText())
                    .isEqualTo(vectorCase.at("/expected/plan_hash").asText());
            assertThat(hash.rowCount()).isEqualTo(rows.size());
            compared++;
        }
        assertThat(compared).isGreaterThan(10);
    }

    @Test
    void aPlanWithoutRowsHashesLikeTheWholeInput() throws IOException {
        JsonNode file = JSON.readTree(VECTORS.resolve("plan_hash.json").toFile());
        ObjectNode input = (ObjectNode) PlanHashInputSchema.SCHEMA.parse(file.at("/cases/0/input")).valueOrThrow();
        ObjectNode empty = input.deepCopy();
        empty.putArray("rows");
        ObjectNode head = input.deepCopy();
        head.remove("rows");

        assertThat(new StreamingPlanHash(head).finish()).isEqualTo(PlanHash.ofParsed(empty).planHash());
    }

    @Test
    void rowsOutOfOrderOrRepeatedAreRefused() {
        ObjectNode head = JSON.createObjectNode().put("contract_version", "restore.contracts.v1");
        StreamingPlanHash hash = new StreamingPlanHash(head);
        hash.addRow(JSON.createObjectNode().put("row_id", "row.b"));

        assertThatThrownBy(() -> hash.addRow(JSON.createObjectNode().put("row_id", "row.b")))
                .hasMessage(PlanHashInputSchema.ROWS_UNIQUE_MESSAGE);
        assertThatThrownBy(() -> hash.addRow(JSON.createObjectNode().put("row_id", "row.a")))
                .hasMessage(PlanHashInputSchema.ROWS_SORTED_MESSAGE);
    }

    @Test
    void aHeadThatStillHoldsRowsIsRefused() {
        ObjectNode head = JSON.createObjectNode();
        head.putArray("rows");

        assertThatThrownBy(() -> new StreamingPlanHash(head)).isInstanceOf(IllegalArgumentException.class);
    }
}
