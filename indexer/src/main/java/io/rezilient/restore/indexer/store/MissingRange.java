package io.rezilient.restore.indexer.store;

import java.math.BigInteger;

/** A run of offsets above a partition's frontier that nothing is indexed for (canonical decimals, inclusive). */
public record MissingRange(String firstOffset, String lastOffset) {
    public BigInteger count() {
        return new BigInteger(lastOffset).subtract(new BigInteger(firstOffset)).add(BigInteger.ONE);
    }
}
