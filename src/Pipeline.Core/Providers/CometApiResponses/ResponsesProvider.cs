using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pipeline.Domain;

namespace Pipeline.Providers.CometApiResponses;

/// <summary>
/// CometAPI's OpenAI Responses route for FLUX finetunes (docs/providers.md#cometapi-responses-route): <c>POST {base}/v1/responses</c>
/// with <c>Authorization: Bearer</c>. The answer is normally synchronous (<c>status: completed</c>), and the image is the
/// base64 <c>result</c> of the first <c>image_generation_call</c> output item, returned as <see cref="SubmittedTask.Completed"/>;
/// a <c>queued</c>/<c>in_progress</c> answer is polled with <c>GET /v1/responses/{id}</c>, which is also how a rerun
/// after a crash re-reads a stored response. <c>error.code</c> <c>content_policy_violation</c>/<c>moderation_blocked</c>
/// (a 400 at create, or a <c>failed</c> response) is a request moderation.
/// </summary>
/// <param name="http">A client whose <see cref="HttpClient.BaseAddress"/> is the API host (default <c>https://api.cometapi.com/</c>).</param>
/// <param name="apiKey">Sent as <c>Authorization: Bearer</c>; never logged.</param>
internal sealed class ResponsesProvider(HttpClient http, string apiKey) : IImageProvider
{
    private const string Path = "v1/responses";

    public string Name => ResponsesRequest.Provider;

    public async Task<SubmittedTask> SubmitAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var build = WireMapper.Map(ResponsesRequest.Map(job.Model), JobFields.Of(job), readFiles: true);
        if (!build.Ok)
        {
            throw new ProviderException($"submit {job.Id}: {string.Join("; ", build.Problems)}", Acceptance.Rejected);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Path, UriKind.Relative))
        {
            Content = new StringContent(build.Body!.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var fallbackId = $"{job.Id}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        try
        {
            using var response = await ProviderHttp.SendAsync(http, request, $"submit {job.Id}", cancellationToken);
            var body = await ProviderHttp.ReadJsonAsync(response, "submit", cancellationToken);
            var task = ParseSubmit(body, BaseAddress, fallbackId);
            return task.Completed is { Detail: { } detail } done ? task with { Completed = done with { Detail = Redactor.Redact(detail, apiKey) } } : task;
        }
        catch (ProviderException ex) when (ex.StatusCode == HttpStatusCode.BadRequest && IsModeration(ex.ErrorCode))
        {
            return new SubmittedTask(fallbackId, ResponseUrl(BaseAddress, fallbackId), null)
            {
                Completed = new TaskPoll(TaskState.RequestModerated, Detail: Redactor.Redact(ex.Message, apiKey)),
            };
        }
    }

    public async Task<TaskPoll> PollAsync(SubmittedTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        using var request = new HttpRequestMessage(HttpMethod.Get, task.PollingUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        try
        {
            using var response = await ProviderHttp.SendAsync(http, request, $"poll {task.RequestId}", cancellationToken);
            var poll = ParseResponse(await ProviderHttp.ReadJsonAsync(response, "poll", cancellationToken));
            return poll.Detail is null ? poll : poll with { Detail = Redactor.Redact(poll.Detail, apiKey) };
        }
        catch (ProviderException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return new TaskPoll(TaskState.NotFound, Detail: "the response is not stored (any more)");
        }
    }

    private Uri BaseAddress => http.BaseAddress ?? CometApiResponsesDescriptor.Descriptor.DefaultBaseUrl!;

    /// <summary>The task of a create answer: its <c>id</c>, <c>GET v1/responses/{id}</c>, and the outcome when terminal.</summary>
    internal static SubmittedTask ParseSubmit(JsonElement body, Uri baseAddress, string fallbackId)
    {
        var id = Text(body, "id") ?? fallbackId;
        var poll = ParseResponse(body);
        return new SubmittedTask(id, ResponseUrl(baseAddress, id), null) { Completed = poll.IsTerminal ? poll : null };
    }

    /// <summary>Maps a Responses object (<c>status</c>, <c>output</c>, <c>error</c>) onto <see cref="TaskPoll"/>. A missing <c>status</c> is read as completed: the output decides.</summary>
    internal static TaskPoll ParseResponse(JsonElement body) => Text(body, "status") switch
    {
        "queued" => new TaskPoll(TaskState.Pending) { Queued = true },
        "in_progress" => new TaskPoll(TaskState.Pending),
        "completed" or null => Image(body),
        "failed" => Failure(body),
        "incomplete" => new TaskPoll(TaskState.Failed, Detail: "incomplete: " + (body.TryGetProperty("incomplete_details", out var d) && d.ValueKind == JsonValueKind.Object ? Text(d, "reason") : null)),
        var other => new TaskPoll(TaskState.Failed, Detail: $"unknown status '{other}'"),
    };

    /// <summary>The first <c>image_generation_call</c> item that is completed (or has no status) with a non-empty base64 <c>result</c>.</summary>
    private static TaskPoll Image(JsonElement body)
    {
        var calls = body.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.Array
            ? output.EnumerateArray().Where(item => Text(item, "type") == "image_generation_call").ToList()
            : [];
        var call = calls.FirstOrDefault(item => Text(item, "status") is "completed" or null && Text(item, "result") is { Length: > 0 });
        if (call.ValueKind != JsonValueKind.Object)
        {
            return body.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object ? Failure(body)
                : calls.Count > 0 ? new TaskPoll(TaskState.Failed, Detail: $"the image_generation_call has no image (status '{Text(calls[0], "status")}')")
                : new TaskPoll(TaskState.Failed, Detail: "the response has no image_generation_call output item");
        }

        if (!DataUri.TryBase64(Text(call, "result"), out var bytes))
        {
            return new TaskPoll(TaskState.Failed, Detail: "the image_generation_call result is not valid base64");
        }

        var size = Text(call, "size")?.Split('x') is [var w, var h]
            && int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out var height)
                ? (width, height)
                : ((int, int)?)null;
        return new TaskPoll(TaskState.Ready, Progress: 1)
        {
            InlineImage = bytes,
            Reported = new ReportedImage(size?.Item1, size?.Item2, Text(call, "output_format")),
        };
    }

    private static TaskPoll Failure(JsonElement body)
    {
        var error = body.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
        var code = error.ValueKind == JsonValueKind.Object ? Text(error, "code") : null;
        var message = error.ValueKind == JsonValueKind.Object ? Text(error, "message") : null;
        var detail = string.Join(": ", new[] { code, message }.OfType<string>()) is { Length: > 0 } text ? text : "failed";
        return new TaskPoll(IsModeration(code) ? TaskState.RequestModerated : TaskState.Failed, Detail: detail);
    }

    private static bool IsModeration(string? code) => code is "content_policy_violation" or "moderation_blocked";

    private static Uri ResponseUrl(Uri baseAddress, string id) => new(baseAddress, Path + "/" + Uri.EscapeDataString(id));

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
