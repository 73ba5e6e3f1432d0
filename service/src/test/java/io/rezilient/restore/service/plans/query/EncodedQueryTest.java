package io.rezilient.restore.service.plans.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncodedQueryTest {
    private static final String INCIDENT_A = "46d44a5b2f3a6110b0e7d6e12c99b6a3";
    private static final String INCIDENT_B = "9c573169c611228700193229fff72400";
    private static final String INCIDENT_C = "e8caedcbc0a80164017df472f39eaed1";

    /** An update of incident A on 2026-02-16, the ninth change of the record. */
    private static final RecordFacts A_UPDATE = new RecordFacts(INCIDENT_A, "incident", "2026-02-16 11:42:07", 9,
            "U", "cdc.write");
    private static final RecordFacts B_INSERT = new RecordFacts(INCIDENT_B, "incident", "2026-01-30 08:00:00", 0,
            "I", "cdc.write");
    private static final RecordFacts C_DELETE = new RecordFacts(INCIDENT_C, "x_app_ticket", "2026-02-17 09:15:00",
            12, "D", "cdc.delete");
    /** A version whose event carried none of the optional metadata. */
    private static final RecordFacts BARE = new RecordFacts(INCIDENT_A, "incident", null, null, null, null);

    private static boolean matches(String query, RecordFacts facts) {
        return EncodedQuery.parse(query).matches(facts);
    }

    @Test
    void equalsComparesTheWholeValue() {
        assertThat(matches("sys_id=" + INCIDENT_A, A_UPDATE)).isTrue();
        assertThat(matches("sys_id=" + INCIDENT_A, B_INSERT)).isFalse();
        assertThat(matches("sys_id=" + INCIDENT_A.substring(0, 31), A_UPDATE)).isFalse();
        assertThat(matches("table=incident", A_UPDATE)).isTrue();
        assertThat(matches("table=incident", C_DELETE)).isFalse();
        assertThat(matches("event_type=cdc.delete", C_DELETE)).isTrue();
        assertThat(matches("sys_updated_on=2026-02-16 11:42:07", A_UPDATE)).isTrue();
        assertThat(matches("sys_updated_on=2026-02-16 11:42:08", A_UPDATE)).isFalse();
    }

    @Test
    void comparisonsAreCaseSensitive() {
        assertThat(matches("table=Incident", A_UPDATE)).isFalse();
        assertThat(matches("sys_id=" + INCIDENT_A.toUpperCase(), A_UPDATE)).isFalse();
    }

    @Test
    void notEqualsIsTrueForOtherValuesAndForAnAbsentField() {
        assertThat(matches("operation!=D", A_UPDATE)).isTrue();
        assertThat(matches("operation!=D", C_DELETE)).isFalse();
        assertThat(matches("operation!=D", BARE)).isTrue();
        assertThat(matches("sys_updated_on!=2026-02-16 11:42:07", BARE)).isTrue();
    }

    @Test
    void anAbsentFieldEqualsNothing() {
        assertThat(matches("operation=U", BARE)).isFalse();
        assertThat(matches("operationINI,U,D", BARE)).isFalse();
        assertThat(matches("sys_updated_onSTARTSWITH2026", BARE)).isFalse();
        assertThat(matches("sys_mod_count=0", BARE)).isFalse();
        assertThat(matches("event_typeSTARTSWITHcdc", BARE)).isFalse();
    }

    @Test
    void inMatchesAnyListedValueWithEdgesTrimmed() {
        EncodedQuery query = EncodedQuery.parse("sys_idIN" + INCIDENT_A + ", " + INCIDENT_C);
        assertThat(query.matches(A_UPDATE)).isTrue();
        assertThat(query.matches(C_DELETE)).isTrue();
        assertThat(query.matches(B_INSERT)).isFalse();
        assertThat(matches("operationINI,D", B_INSERT)).isTrue();
        assertThat(matches("operationINI,D", A_UPDATE)).isFalse();
    }

    @Test
    void startsWithMatchesPrefixes() {
        assertThat(matches("sys_updated_onSTARTSWITH2026-02", A_UPDATE)).isTrue();
        assertThat(matches("sys_updated_onSTARTSWITH2026-02", B_INSERT)).isFalse();
        assertThat(matches("tableSTARTSWITHx_app", C_DELETE)).isTrue();
        assertThat(matches("tableSTARTSWITHx_app", A_UPDATE)).isFalse();
        assertThat(matches("sys_mod_countSTARTSWITH1", C_DELETE)).isTrue();
    }

    @Test
    void sysModCountComparesTheIntegerAsWrittenByServiceNow() {
        assertThat(matches("sys_mod_count=9", A_UPDATE)).isTrue();
        assertThat(matches("sys_mod_count=009", A_UPDATE)).isTrue();
        assertThat(matches("sys_mod_count=0", B_INSERT)).isTrue();
        assertThat(matches("sys_mod_count=000", B_INSERT)).isTrue();
        assertThat(matches("sys_mod_count=90", A_UPDATE)).isFalse();
        assertThat(matches("sys_mod_countIN3,12", C_DELETE)).isTrue();
    }

    @Test
    void orBindsTighterThanAnd() {
        // (operation=I OR operation=D) AND table=incident
        EncodedQuery query = EncodedQuery.parse("operation=I^ORoperation=D^table=incident");
        assertThat(query.clauses()).hasSize(2);
        assertThat(query.clauses().get(0).conditions()).hasSize(2);
        assertThat(query.matches(B_INSERT)).isTrue();
        assertThat(query.matches(A_UPDATE)).isFalse();
        // under left-to-right or AND-first grouping this delete would pass; here table=incident still applies
        assertThat(query.matches(C_DELETE)).isFalse();
    }

    @Test
    void andNeedsEveryClause() {
        EncodedQuery query = EncodedQuery.parse("table=incident^sys_updated_onSTARTSWITH2026-02^operation!=D");
        assertThat(query.matches(A_UPDATE)).isTrue();
        assertThat(query.matches(B_INSERT)).isFalse();
        assertThat(query.matches(C_DELETE)).isFalse();
    }

    @Test
    void orGroupsOnBothSidesOfAnAnd() {
        EncodedQuery query = EncodedQuery.parse(
                "table=x_app_ticket^ORoperation=I^sys_mod_count=0^ORsys_mod_count=12");
        assertThat(query.matches(B_INSERT)).isTrue();
        assertThat(query.matches(C_DELETE)).isTrue();
        assertThat(query.matches(A_UPDATE)).isFalse();
    }

    @Test
    void valuesMayContainOperatorCharacters() {
        RecordFacts odd = new RecordFacts("a=b!=c", "incident", null, null, null, "x,y");
        assertThat(matches("sys_id=a=b!=c", odd)).isTrue();
        assertThat(matches("event_type=x,y", odd)).isTrue();
    }

    @Test
    void keepsTheTextForDisplay() {
        EncodedQuery query = EncodedQuery.parse("table=incident^ORtable=problem");
        assertThat(query.text()).isEqualTo("table=incident^ORtable=problem");
        assertThat(query).hasToString("table=incident^ORtable=problem");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "short_descriptionLIKEemail",
            "sys_idLIKE46d4",
            "sys_mod_count>3",
            "sys_mod_count<3",
            "sys_updated_on>=2026-02-16 00:00:00",
            "sys_idISEMPTY",
            "sys_idISNOTEMPTY",
            "sys_idNOT IN" + "abc",
            "sys_idENDSWITHa3",
            "tableINSTANCEOFtask",
            "priority=1",
            "SYS_ID=abc",
            "sys_id",
            "table"})
    void unsupportedConditionsAreRefusedNamingTheConditionAndWhatIsSupported(String query) {
        assertThatThrownBy(() -> EncodedQuery.parse(query))
                .isInstanceOf(EncodedQueryException.class)
                .hasMessageContaining("condition 1 '" + query + "'")
                .hasMessageContaining("sys_id, sys_updated_on, sys_mod_count, operation, event_type, table")
                .hasMessageContaining("=, !=, IN, STARTSWITH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sys_id=", "sys_id!=", "sys_idIN", "tableSTARTSWITH"})
    void aMissingValueIsRefused(String query) {
        assertThatThrownBy(() -> EncodedQuery.parse(query))
                .isInstanceOf(EncodedQueryException.class)
                .hasMessageContaining("'" + query + "' has no value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "^table=incident", "table=incident^", "table=incident^^operation=U",
            "table=incident^OR", "table=incident^OR^operation=U"})
    void anEmptyConditionIsRefused(String query) {
        assertThatThrownBy(() -> EncodedQuery.parse(query))
                .isInstanceOf(EncodedQueryException.class)
                .hasMessageContaining("is empty");
    }

    @Test
    void theMessageCountsConditions() {
        assertThatThrownBy(() -> EncodedQuery.parse("table=incident^ORtable=problem^active=true"))
                .hasMessageStartingWith("encoded query condition 3 'active=true' does not start with a supported field");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "table=incident^NQtable=problem",
            "table=incident^ORDERBYsys_updated_on",
            "table=incident^ORDERBYDESCsys_updated_on",
            "table=incident^GROUPBYoperation"})
    void queryKeywordsAreRefused(String query) {
        assertThatThrownBy(() -> EncodedQuery.parse(query))
                .isInstanceOf(EncodedQueryException.class)
                .hasMessageContaining("which is not supported")
                .hasMessageContaining("^" + query.substring(query.indexOf('^') + 1, query.indexOf('^') + 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sys_id=javascript:gs.getUserID()", "sys_idINabc,JavaScript:evil()",
            "tableSTARTSWITHjavascript:x"})
    void javascriptValuesAreRefused(String query) {
        assertThatThrownBy(() -> EncodedQuery.parse(query))
                .isInstanceOf(EncodedQueryException.class)
                .hasMessageContaining("javascript:");
    }

    @Test
    void emptyInItemsAreRefused() {
        assertThatThrownBy(() -> EncodedQuery.parse("sys_idIN" + INCIDENT_A + ",," + INCIDENT_B))
                .hasMessageContaining("empty value in its IN list");
    }

    @ParameterizedTest
    @ValueSource(strings = {"operation=X", "operationINI,Insert", "sys_mod_count=-1", "sys_mod_count=1.5",
            "sys_mod_countSTARTSWITHa", "sys_updated_on=2026-02-16", "sys_updated_on!=2026-02-16T11:42:07Z"})
    void valuesThatCanNeverMatchAreRefused(String query) {
        assertThatThrownBy(() -> EncodedQuery.parse(query))
                .isInstanceOf(EncodedQueryException.class)
                .hasMessageContaining("condition 1");
    }

    @Test
    void nullTextIsRefused() {
        assertThatThrownBy(() -> EncodedQuery.parse(null)).isInstanceOf(EncodedQueryException.class);
    }

    @Test
    void aHugeConditionIsShortenedInTheMessage() {
        String query = "priority=" + "9".repeat(100_000);
        assertThatThrownBy(() -> EncodedQuery.parse(query))
                .isInstanceOf(EncodedQueryException.class)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
    }

    @Test
    void aHugeQueryParsesInLinearTime() {
        StringBuilder query = new StringBuilder("sys_id=r0");
        for (int i = 1; i < 50_000; i++) {
            query.append("^ORsys_id=r").append(i);
        }
        EncodedQuery parsed = EncodedQuery.parse(query.toString());
        assertThat(parsed.pushDownSysIds()).get().satisfies(ids -> assertThat(ids).hasSize(50_000));
    }

    @Test
    void pushDownGivesTheExactSysIdsOfAPureSysIdDisjunction() {
        assertThat(EncodedQuery.parse("sys_id=" + INCIDENT_B).pushDownSysIds()).contains(Set.of(INCIDENT_B));
        assertThat(EncodedQuery.parse("sys_idIN" + INCIDENT_C + "," + INCIDENT_A + "^ORsys_id=" + INCIDENT_B
                + "^ORsys_id=" + INCIDENT_A).pushDownSysIds())
                .contains(Set.of(INCIDENT_A, INCIDENT_B, INCIDENT_C));
    }

    @Test
    void pushDownSetIsSortedAndUnmodifiable() {
        Set<String> ids = EncodedQuery.parse("sys_idIN" + INCIDENT_C + "," + INCIDENT_A).pushDownSysIds()
                .orElseThrow();
        assertThat(ids).containsExactly(INCIDENT_A, INCIDENT_C);
        assertThatThrownBy(() -> ids.add(INCIDENT_B)).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "sys_id=46d44a5b2f3a6110b0e7d6e12c99b6a3^table=incident",
            "sys_id=46d44a5b2f3a6110b0e7d6e12c99b6a3^ORtable=incident",
            "sys_id!=46d44a5b2f3a6110b0e7d6e12c99b6a3",
            "sys_idSTARTSWITH46d4",
            "table=incident",
            "sys_idIN46d44a5b2f3a6110b0e7d6e12c99b6a3^sys_id=9c573169c611228700193229fff72400"})
    void noPushDownWhenTheQueryIsMoreThanASysIdDisjunction(String query) {
        assertThat(EncodedQuery.parse(query).pushDownSysIds()).isEqualTo(Optional.empty());
    }

    @Test
    void pushDownAgreesWithEvaluation() {
        EncodedQuery query = EncodedQuery.parse("sys_id=" + INCIDENT_A + "^ORsys_idIN" + INCIDENT_C);
        Set<String> ids = query.pushDownSysIds().orElseThrow();
        for (RecordFacts facts : new RecordFacts[] {A_UPDATE, B_INSERT, C_DELETE}) {
            assertThat(query.matches(facts)).isEqualTo(ids.contains(facts.sysId()));
        }
    }
}
