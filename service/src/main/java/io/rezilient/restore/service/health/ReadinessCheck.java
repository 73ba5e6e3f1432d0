package io.rezilient.restore.service.health;

/** One dependency {@code /readyz} probes. {@link #probe()} returns when the dependency answers and throws otherwise. */
public interface ReadinessCheck {
    /** Short, stable name shown in the {@code /readyz} body ({@code postgres}, {@code schema}, {@code object_store}). */
    String name();

    /** Throws with an operator-readable message (no secrets) when the dependency is not usable. */
    void probe() throws Exception;
}
