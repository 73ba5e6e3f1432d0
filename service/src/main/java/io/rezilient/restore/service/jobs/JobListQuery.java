package io.rezilient.restore.service.jobs;

import io.rezilient.restore.contracts.restore.JobStatus;
import io.rezilient.restore.service.http.ApiError;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The query of {@code GET /v1/jobs} (ours; the reference has no listing): an optional {@code status}, a page size
 * {@code limit} (1–500, default 100) and the opaque {@code cursor} of the previous page's {@code next_cursor}.
 *
 * @param afterSeq the enqueue sequence the page starts after (0 for the first page)
 */
public record JobListQuery(Optional<JobStatus> status, int limit, long afterSeq) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    /**
     * @throws ApiError 400 {@code invalid_request} for an unknown status, a bad limit or a cursor this service did
     *                  not issue
     */
    public static JobListQuery parse(String status, String limit, String cursor) {
        Optional<JobStatus> parsedStatus = Optional.empty();
        if (status != null) {
            parsedStatus = Arrays.stream(JobStatus.values()).filter(s -> s.wire().equals(status)).findFirst();
            if (parsedStatus.isEmpty()) {
                throw ApiError.invalidRequest("status: must be one of " + Arrays.stream(JobStatus.values())
                        .map(JobStatus::wire).collect(Collectors.joining(", ")));
            }
        }
        int parsedLimit = DEFAULT_LIMIT;
        if (limit != null) {
            if (!DIGITS.matcher(limit).matches() || Long.parseLong(limit) < 1 || Long.parseLong(limit) > MAX_LIMIT) {
                throw ApiError.invalidRequest("limit: must be an integer from 1 to " + MAX_LIMIT);
            }
            parsedLimit = Integer.parseInt(limit);
        }
        long after = 0;
        if (cursor != null) {
            if (!DIGITS.matcher(cursor).matches()) {
                throw ApiError.invalidRequest("cursor: not a cursor returned by this endpoint");
            }
            after = Long.parseLong(cursor);
        }
        return new JobListQuery(parsedStatus, parsedLimit, after);
    }
}
