package io.rezilient.restore.service.queue;

/** The two admin entry points of the reconciler (service-spec §5.5): reconcile never forces, reset does. */
public enum QueueOperation {
    RECONCILE("queue/reconcile"),
    RESET("queue/reset");

    private final String route;

    QueueOperation(String route) {
        this.route = route;
    }

    /** The route's name as messages quote it. */
    public String route() {
        return route;
    }
}
