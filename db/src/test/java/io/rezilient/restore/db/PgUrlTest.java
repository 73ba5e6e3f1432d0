package io.rezilient.restore.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgUrlTest {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5544/rez?user=rez&password=s3cret";

    @Test
    void parsesHostDatabaseAndParameters() {
        PgUrl url = PgUrl.parse(URL);
        assertThat(url.hostSpec()).isEqualTo("127.0.0.1:5544");
        assertThat(url.database()).isEqualTo("rez");
        assertThat(url.query()).isEqualTo("user=rez&password=s3cret");
        assertThat(url.jdbcUrl()).isEqualTo(URL);
    }

    @Test
    void swapsTheDatabaseKeepingCredentials() {
        assertThat(PgUrl.parse(URL).withDatabase("other").jdbcUrl())
                .isEqualTo("jdbc:postgresql://127.0.0.1:5544/other?user=rez&password=s3cret");
    }

    @Test
    void redactsThePasswordWhereverItStands() {
        assertThat(PgUrl.parse(URL).redacted()).isEqualTo("jdbc:postgresql://127.0.0.1:5544/rez?user=rez&password=***");
        assertThat(PgUrl.parse("jdbc:postgresql://h/d?PASSWORD=x&user=u").toString())
                .isEqualTo("jdbc:postgresql://h/d?PASSWORD=***&user=u");
        assertThat(PgUrl.parse("jdbc:postgresql://h/d").redacted()).isEqualTo("jdbc:postgresql://h/d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "postgres://h/d", "jdbc:postgresql:rez", "jdbc:postgresql://h/", "jdbc:mysql://h/d?password=leak"})
    void rejectsOtherFormsWithoutEchoingThem(String bad) {
        assertThatThrownBy(() -> PgUrl.parse(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected jdbc:postgresql://HOST:PORT/DATABASE")
                .hasMessageNotContaining("leak");
    }
}
