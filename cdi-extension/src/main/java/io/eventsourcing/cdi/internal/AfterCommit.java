package io.eventsourcing.cdi.internal;

import jakarta.enterprise.inject.Instance;

/**
 * Runs an action once the caller's transaction has committed, or at once when the caller runs in none (the save
 * then ran, and committed, a transaction of its own). Isolates JTA, which need not be on the class path.
 */
interface AfterCommit {

    /** There is no JTA here: every save commits on its own. */
    AfterCommit IMMEDIATELY = Runnable::run;

    void run(Runnable action);

    /** @return after-commit through the container's transaction registry, or {@link #IMMEDIATELY} if it has none */
    static AfterCommit find(Instance<Object> lookup) {
        return Jta.present() ? JtaAfterCommit.find(lookup) : IMMEDIATELY;
    }
}
