package io.rezilient.restore.service.auth;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenAlgorithmTest {
    @Test
    void anAllowListParsesFromConfiguration() {
        assertThat(TokenAlgorithm.parseAllowList("HS256, RS256,EdDSA"))
                .isEqualTo(EnumSet.of(TokenAlgorithm.HS256, TokenAlgorithm.RS256, TokenAlgorithm.EDDSA));
    }

    @Test
    void noneAndUnknownNamesFailInsteadOfBeingSkipped() {
        for (String bad : new String[]{"none", "HS256,none", "hs256", "ES256", "HS256,", ""}) {
            assertThatThrownBy(() -> TokenAlgorithm.parseAllowList(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unsupported token algorithm");
        }
    }
}
