package io.rezilient.restore.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rezilient.restore.agent.target.ChunkRequest;
import io.rezilient.restore.agent.target.ChunkResult;
import io.rezilient.restore.agent.target.ForwardingTargetWriter;
import io.rezilient.restore.agent.target.RecordRef;
import io.rezilient.restore.agent.target.TargetWriter;
import io.rezilient.restore.contracts.json.Json;
import io.rezilient.restore.contracts.restore.TargetState;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Where one agent's wall time goes, cut at the seams the agent already has: its HTTP exchanges with the service
 * ({@link #http}, wrapped around the client's {@link HttpClient}) and its calls into the target ({@link #target}).
 * The agent's loop runs on one thread, so its intervals never overlap; the time between two of them is named after
 * its two ends (between a claim's answer and the target apply it leads to: parsing the claim and decrypting its rows;
 * between the apply and the next claim: building the commit and waiting for the previous claim's commit), and the
 * loop's steps and gaps add up to the run's wall time. With pipelined claims (deviation S71) the agent also works on
 * other threads — commits on its commit thread, the next claim's revalidation reads on its reader thread — while the
 * loop goes on: those calls are timed like the others ({@code off_loop_seconds}) but overlap the loop, so they are
 * left out of that sum.
 */
final class AgentTimeline {
    /** The agent's steps, in the order a claim goes through them. */
    enum Step {
        NEXT_ROWS_HTTP("next_rows_http", "GET …/execute-batches/next (revalidation: which rows the claim will take; "
                + "after the first claim on the reader thread, while the claim before is applied)"),
        TARGET_STATES("target_state_read", "TargetWriter.states: the revalidation read of those records on the target "
                + "(after the first claim on the reader thread)"),
        CLAIM_HTTP("claim_http", "POST …/execute-batches/claim, request sent to last response byte"),
        TARGET_APPLY("target_apply", "TargetWriter.apply: one transaction per claim (locks, read, before-images "
                + "sealed, writes, target ledger, commit)"),
        COMMIT_HTTP("commit_http", "POST …/execute-batches/commit, request sent to last response byte (on the commit "
                + "thread, overlapping the loop's next claim and apply)"),
        OTHER_HTTP("other_http", "any other request (execution/job reads)");

        final String key;
        final String meaning;

        Step(String key, String meaning) {
            this.key = key;
            this.meaning = meaning;
        }
    }

    private final Map<Step, long[]> steps = new LinkedHashMap<>();
    private final Map<Step, List<Long>> calls = new LinkedHashMap<>();
    private final Map<String, long[]> gaps = new LinkedHashMap<>();
    private long started;
    private long lastEnd;
    private Step last;
    private Thread loop;

    AgentTimeline() {
        for (Step step : Step.values()) {
            steps.put(step, new long[3]);
            calls.put(step, new ArrayList<>());
        }
    }

    /** The run starts now. */
    synchronized void start() {
        loop = Thread.currentThread();
        started = System.nanoTime();
        lastEnd = started;
        last = null;
    }

    private synchronized long begin(Step step) {
        long now = System.nanoTime();
        if (Thread.currentThread() != loop) {
            return now; // on another thread of the agent: overlaps the loop
        }
        String gap = (last == null ? "start" : last.key) + "->" + step.key;
        long[] slot = gaps.computeIfAbsent(gap, k -> new long[2]);
        slot[0] += now - lastEnd;
        slot[1]++;
        return now;
    }

    private synchronized void end(Step step, long begun) {
        long now = System.nanoTime();
        long[] slot = steps.get(step);
        slot[0] += now - begun;
        slot[1]++;
        calls.get(step).add(now - begun);
        if (Thread.currentThread() == loop) {
            lastEnd = now;
            last = step;
        } else {
            slot[2] += now - begun;
        }
    }

    /** The breakdown of the run that ended at {@code endedNanos}: seconds and counts per step and per gap. */
    synchronized ObjectNode toJson(long endedNanos) {
        ObjectNode json = Json.mapper().createObjectNode();
        double total = (endedNanos - started) / 1e9;
        json.put("total_seconds", BenchReports.round(total));
        ObjectNode stepsJson = json.putObject("steps");
        double accounted = 0;
        for (Map.Entry<Step, long[]> entry : steps.entrySet()) {
            if (entry.getValue()[1] == 0) {
                continue;
            }
            double seconds = entry.getValue()[0] / 1e9;
            double offLoop = entry.getValue()[2] / 1e9;
            accounted += seconds - offLoop;
            ObjectNode step = stepsJson.putObject(entry.getKey().key);
            step.put("seconds", BenchReports.round(seconds));
            step.put("off_loop_seconds", BenchReports.round(offLoop));
            step.put("share", BenchReports.round(seconds / total));
            step.put("calls", entry.getValue()[1]);
            step.put("ms_per_call", BenchReports.round(seconds * 1000 / entry.getValue()[1]));
            List<Long> each = calls.get(entry.getKey());
            if (each.size() >= 10) {
                // a cost that grows with the rows done shows as a last tenth slower than the first
                step.put("ms_per_call_first_tenth", millis(each.subList(0, each.size() / 10)));
                step.put("ms_per_call_last_tenth", millis(each.subList(each.size() - each.size() / 10, each.size())));
            }
            step.put("what", entry.getKey().meaning);
        }
        ObjectNode between = json.putObject("between_steps");
        for (Map.Entry<String, long[]> entry : gaps.entrySet()) {
            double seconds = entry.getValue()[0] / 1e9;
            accounted += seconds;
            ObjectNode gap = between.putObject(entry.getKey());
            gap.put("seconds", BenchReports.round(seconds));
            gap.put("share", BenchReports.round(seconds / total));
            gap.put("times", entry.getValue()[1]);
            gap.put("what", gapMeaning(entry.getKey()));
        }
        json.put("after_last_step_seconds", BenchReports.round(total - accounted));
        return json;
    }

    private static double millis(List<Long> nanos) {
        return BenchReports.round(nanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6);
    }

    private static String gapMeaning(String gap) {
        return switch (gap) {
            case "claim_http->target_apply" -> "parsing the claim answer (JSON) and decrypting its rows "
                    + "(RowValueOpener: AES-GCM open + JSON parse per row), building the chunk";
            case "target_apply->next_rows_http", "target_apply->claim_http" -> "building the commit body (row "
                    + "outcomes with sealed before-images) and handing it to the commit thread, after waiting for the "
                    + "previous claim's commit to be answered (pipelined: it was in flight during this claim's "
                    + "claim, decrypt and apply)";
            case "next_rows_http->target_state_read" -> "parsing the next-rows answer";
            case "target_state_read->claim_http" -> "building and serialising the claim body";
            default -> "agent code between the two steps";
        };
    }

    /** {@code delegate} with each {@link HttpClient#send} timed as the step its path names. */
    HttpClient http(HttpClient delegate) {
        return new TimedHttpClient(delegate);
    }

    /** {@code delegate} with {@link TargetWriter#apply} and {@link TargetWriter#states} timed. */
    TargetWriter target(TargetWriter delegate) {
        return new ForwardingTargetWriter(delegate) {
            @Override
            public ChunkResult apply(ChunkRequest chunk) {
                long begun = begin(Step.TARGET_APPLY);
                try {
                    return super.apply(chunk);
                } finally {
                    end(Step.TARGET_APPLY, begun);
                }
            }

            @Override
            public Map<RecordRef, TargetState> states(Collection<RecordRef> records) {
                long begun = begin(Step.TARGET_STATES);
                try {
                    return super.states(records);
                } finally {
                    end(Step.TARGET_STATES, begun);
                }
            }
        };
    }

    private static Step stepOf(HttpRequest request) {
        String path = request.uri().getPath();
        if (path.endsWith("/execute-batches/next")) {
            return Step.NEXT_ROWS_HTTP;
        }
        if (path.endsWith("/execute-batches/claim")) {
            return Step.CLAIM_HTTP;
        }
        if (path.endsWith("/execute-batches/commit")) {
            return Step.COMMIT_HTTP;
        }
        return Step.OTHER_HTTP;
    }

    private final class TimedHttpClient extends HttpClient {
        private final HttpClient delegate;

        TimedHttpClient(HttpClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                throws IOException, InterruptedException {
            Step step = stepOf(request);
            long begun = begin(step);
            try {
                return delegate.send(request, handler);
            } finally {
                end(step, begun);
            }
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                                                                HttpResponse.BodyHandler<T> handler) {
            return delegate.sendAsync(request, handler);
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                                                                HttpResponse.BodyHandler<T> handler,
                                                                HttpResponse.PushPromiseHandler<T> push) {
            return delegate.sendAsync(request, handler, push);
        }

        @Override
        public Optional<CookieHandler> cookieHandler() {
            return delegate.cookieHandler();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return delegate.connectTimeout();
        }

        @Override
        public Redirect followRedirects() {
            return delegate.followRedirects();
        }

        @Override
        public Optional<ProxySelector> proxy() {
            return delegate.proxy();
        }

        @Override
        public SSLContext sslContext() {
            return delegate.sslContext();
        }

        @Override
        public SSLParameters sslParameters() {
            return delegate.sslParameters();
        }

        @Override
        public Optional<Authenticator> authenticator() {
            return delegate.authenticator();
        }

        @Override
        public Version version() {
            return delegate.version();
        }

        @Override
        public Optional<Executor> executor() {
            return delegate.executor();
        }
    }
}
