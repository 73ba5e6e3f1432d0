/**
 * Standing a restore target up from a capture ground-truth file: the captured tables as the data shows them, loaded
 * with every record's state at a chosen time, so restores into the target can be checked against the truth.
 */
package io.rezilient.restore.agent.seed;
