package io.rezilient.restore.contracts.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.rezilient.restore.contracts.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** zod 4 first-issue semantics the contract schemas rely on (conformance README §9). */
class SchemaSemanticsTest {
    private static final ObjectSchema PAIR = Schemas.object()
            .field("a", Schemas.string().min(1))
            .field("b", Schemas.number().integer());

    private static List<Issue> issues(Schema schema, String json) {
        return schema.parse(Json.parse(json)).issues();
    }

    private static List<String> messages(Schema schema, String json) {
        return issues(schema, json).stream().map(Issue::message).toList();
    }

    @Test
    void validatesFieldsInDeclarationOrderNotInputOrder() {
        assertThat(issues(PAIR, "{\"b\":\"x\",\"a\":\"\"}"))
                .extracting(Issue::path)
                .containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void reportsUnknownKeysAfterFieldIssuesInJavaScriptKeyOrder() {
        List<Issue> found = issues(PAIR, "{\"zz\":1,\"a\":\"\",\"b\":1,\"7\":2}");

        assertThat(found).extracting(Issue::code).containsExactly(IssueCode.TOO_SMALL, IssueCode.UNRECOGNIZED_KEYS);
        assertThat(found.get(1).keys()).containsExactly("7", "zz");
        assertThat(found.get(1).message()).isEqualTo("Unrecognized keys: \"7\", \"zz\"");
    }

    @Test
    void usesZodWordingForBuiltInIssues() {
        assertThat(messages(PAIR, "{\"b\":1.5}")).containsExactly(
                "Invalid input: expected string, received undefined",
                "Invalid input: expected int, received number");
        assertThat(messages(Schemas.number().gt(0), "0")).containsExactly("Too small: expected number to be >0");
        assertThat(messages(Schemas.array(Schemas.bool()).min(1), "[]"))
                .containsExactly("Too small: expected array to have >=1 items");
        assertThat(messages(Schemas.literal("1.0"), "\"1.1\"")).containsExactly("Invalid input: expected \"1.0\"");
        assertThat(messages(Schemas.oneOf("a", "b"), "null"))
                .containsExactly("Invalid option: expected one of \"a\"|\"b\"");
        assertThat(messages(PAIR, "[]")).containsExactly("Invalid input: expected object, received array");
    }

    @Test
    void acceptsIntegralDoublesAsIntegers() {
        assertThat(issues(PAIR, "{\"a\":\"x\",\"b\":7.0}")).isEmpty();
    }

    @Test
    void keepsRunningChecksAfterANonAbortingIssue() {
        StringSchema shape = Schemas.string().min(3).format(text -> text.startsWith("x"), "must start with x");

        assertThat(messages(shape, "\"a\"")).containsExactly(
                "Too small: expected string to have >=3 characters", "must start with x");
    }

    @Test
    void suppressesRefinementsOfTheObjectAndItsParentsAfterATypeError() {
        Schema inner = PAIR.refine(value -> false, "inner rule");
        Schema outer = Schemas.object().field("inner", inner).refine(value -> false, "outer rule");

        assertThat(messages(outer, "{\"inner\":{\"a\":5,\"b\":1}}"))
                .containsExactly("Invalid input: expected string, received number");
    }

    @Test
    void suppressesRefinementsAfterAnUnknownKey() {
        Schema checked = PAIR.refine(value -> false, "rule");

        assertThat(messages(checked, "{\"a\":\"x\",\"b\":1,\"c\":0}")).containsExactly("Unrecognized key: \"c\"");
    }

    @Test
    void runsEnclosingRefinementsAfterInnerRefinementIssues() {
        Schema inner = PAIR.refine(value -> false, "inner rule");
        Schema outer = Schemas.object().field("inner", inner)
                .refine((value, context) -> context.addIssue("outer rule", "inner", "a"));

        List<Issue> found = issues(outer, "{\"inner\":{\"a\":\"\",\"b\":1}}");

        assertThat(found).extracting(Issue::message)
                .containsExactly("Too small: expected string to have >=1 characters", "inner rule", "outer rule");
        assertThat(found.get(2).path()).containsExactly("inner", "a");
        assertThat(found.get(2).code()).isEqualTo(IssueCode.CUSTOM);
    }

    @Test
    void transformsOnlyValidValuesAndTurnsRejectionsIntoCustomIssues() {
        Schema upper = Schemas.string().min(2).transform(value -> Json.parse("\"" + value.textValue().toUpperCase() + "\""));
        Schema picky = Schemas.unknown().transform(value -> {
            throw new IllegalArgumentException("not accepted");
        });

        assertThat(upper.parse(Json.parse("\"ab\"")).value().textValue()).isEqualTo("AB");
        assertThat(upper.parse(Json.parse("\"a\"")).value().textValue()).isEqualTo("a");
        assertThat(issues(picky, "1")).containsExactly(Issue.of(IssueCode.CUSTOM, "not accepted"));
    }

    @Test
    void distinguishesAbsentFromNull() {
        ObjectSchema schema = Schemas.object()
                .field("opt", Schemas.string().optional())
                .field("nul", Schemas.string().nullable())
                .field("def", Schemas.array(Schemas.string()).withDefault(Schemas.emptyArray()));

        ParseResult absent = schema.parse(Json.parse("{\"nul\":null}"));
        assertThat(absent.isValid()).isTrue();
        assertThat(Json.write(absent.value())).isEqualTo("{\"nul\":null,\"def\":[]}");
        assertThat(messages(schema, "{\"opt\":null,\"nul\":null}"))
                .containsExactly("Invalid input: expected string, received null");
    }

    @Test
    void reportsUnknownOrMissingDiscriminatorAsInvalidUnionAtTheDiscriminator() {
        Schema union = Schemas.discriminatedUnion("type", Map.of("x", Schemas.object()
                .field("type", Schemas.literal("x"))));

        for (String json : List.of("{\"type\":\"y\"}", "{}", "{\"type\":5}")) {
            assertThat(issues(union, json)).containsExactly(
                    new Issue(IssueCode.INVALID_UNION, List.of("type"), "Invalid input", List.of()));
        }
        assertThat(messages(union, "null")).containsExactly("Invalid input: expected object, received null");
        assertThat(issues(union, "{\"type\":\"x\"}")).isEmpty();
    }

    @Test
    void aUnionTakesTheFirstPassingOptionAndReportsTheOnlyOptionWhoseTypeMatched() {
        Schema union = Schemas.union(Schemas.number().integer().gt(0),
                Schemas.string().regex(java.util.regex.Pattern.compile("P\\d+D"), "pattern"));

        assertThat(issues(union, "7")).isEmpty();
        assertThat(union.parse(Json.parse("\"P7D\"")).value().textValue()).isEqualTo("P7D");
        // a number that is not positive: the string option aborted on its type, so the number's issue is the answer
        assertThat(issues(union, "0")).containsExactly(
                new Issue(IssueCode.TOO_SMALL, List.of(), "Too small: expected number to be >0", List.of()));
        assertThat(issues(union, "\"P1W\"")).containsExactly(
                new Issue(IssueCode.INVALID_FORMAT, List.of(), "pattern", List.of()));
        // neither type matched (a fraction is a type issue for an integer): one invalid_union stands for both
        for (String json : List.of("true", "1.5", "null")) {
            assertThat(issues(union, json)).as(json).containsExactly(
                    new Issue(IssueCode.INVALID_UNION, List.of(), "Invalid input", List.of()));
        }
    }

    @Test
    void aUnionWithSeveralNearMissesIsOneInvalidUnion() {
        Schema union = Schemas.union(Schemas.string().min(3), Schemas.string().regex(
                java.util.regex.Pattern.compile("[0-9]+"), "digits"));

        assertThat(issues(union, "\"a\"")).containsExactly(
                new Issue(IssueCode.INVALID_UNION, List.of(), "Invalid input", List.of()));
        assertThat(issues(union, "\"12\"")).isEmpty();
    }

    @Test
    void checksTupleLengthThenEachItem() {
        Schema order = Schemas.literalTuple(List.of("a", "b"));

        assertThat(messages(order, "[\"a\"]")).containsExactly("Too small: expected array to have >=2 items");
        assertThat(issues(order, "[\"b\",\"a\"]")).extracting(Issue::path)
                .containsExactly(List.of(0), List.of(1));
    }

    @Test
    void throwsWithTheFirstIssuesFieldAndRule() {
        ParseResult result = PAIR.parse(Json.parse("{\"a\":\"\",\"b\":\"x\"}"));

        assertThatThrownBy(result::valueOrThrow)
                .isInstanceOf(ValidationException.class)
                .hasMessage("a: Too small: expected string to have >=1 characters (and 1 more)");
    }

    @Test
    void rendersNestedPathsForReaders() {
        Issue issue = new Issue(IssueCode.CUSTOM, List.of("rows", 0, "values", "diff_plain"), "m", List.of());

        assertThat(issue.pathText()).isEqualTo("rows[0].values.diff_plain");
        assertThat(Issue.of(IssueCode.CUSTOM, "m").pathText()).isEqualTo("(root)");
        JsonNode json = issue.toJson();
        assertThat(Json.write(json)).isEqualTo("{\"code\":\"custom\",\"path\":[\"rows\",0,\"values\",\"diff_plain\"],\"message\":\"m\"}");
    }
}
