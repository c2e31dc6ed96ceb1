package dev.novelkit.media.dashscope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.List;
import java.util.Objects;

/**
 * One look at a DashScope async task ({@code GET /api/v1/tasks/{id}}): its status, the error code and message
 * when it failed, the result URLs when it succeeded, and the raw {@code output} and {@code usage} objects for
 * anything model-specific.
 *
 * @param id         the task id
 * @param status     the task status
 * @param code       the error code (e.g. {@code InvalidParameter}, {@code DataInspectionFailed}), empty if none
 * @param message    the error message, empty if none
 * @param resultUrls result files: every {@code output.results[].url}, then {@code output.video_url} and
 *                   {@code output.image_url} where present (they expire after about 24 hours: download at once)
 * @param output     the raw {@code output} object
 * @param usage      the raw {@code usage} object (missing node if absent)
 * @param requestId  the {@code request_id}, empty if absent
 */
public record DashScopeTask(String id, TaskStatus status, String code, String message, List<String> resultUrls,
                            JsonNode output, JsonNode usage, String requestId) {
    public DashScopeTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        code = code == null ? "" : code;
        message = message == null ? "" : message;
        resultUrls = resultUrls == null ? List.of() : List.copyOf(resultUrls);
        output = output == null ? MissingNode.getInstance() : output;
        usage = usage == null ? MissingNode.getInstance() : usage;
        requestId = requestId == null ? "" : requestId;
    }

    /** Whether the failure (if any) is throttling or a server-side hiccup that a later retry may get past. */
    public boolean isRetriableFailure() {
        return status == TaskStatus.FAILED && DashScopeTasks.isRetriableCode(code);
    }
}
