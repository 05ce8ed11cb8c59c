using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Pipeline.Planning;
using Pipeline.Domain;

namespace Pipeline.Providers.Replicate;

/// <summary>
/// Replicate predictions API (docs/providers.md#replicate-predictions-flow): <c>POST /v1/models/{owner}/{name}/predictions</c> with
/// <c>Authorization: Bearer</c> and <c>Prefer: wait</c>, then <c>GET urls.get</c> until a terminal status.
/// </summary>
/// <remarks>
/// With <c>Prefer: wait</c> the create answer may already be terminal (<see cref="SubmittedTask.Completed"/>) or not;
/// then <c>urls.get</c> is polled. The request can be held for up to <see cref="PreferWait"/>, so the client's timeout
/// must be longer (<see cref="ProviderFactory"/> sets it). <c>starting</c> is reported as queued; <c>failed</c>,
/// <c>canceled</c>, <c>aborted</c> and a blank output are failures; output files live one hour, so a prediction whose
/// data was removed cannot deliver.
/// </remarks>
internal sealed class ReplicateProvider(HttpClient http, string apiToken) : IImageProvider
{
    public static readonly Uri DefaultBaseUrl = new("https://api.replicate.com/");

    /// <summary>How long <c>Prefer: wait</c> holds a create request open (the documented default).</summary>
    public static readonly TimeSpan PreferWait = TimeSpan.FromSeconds(60);

    public string Name => ReplicateRequest.Provider;

    public async Task<SubmittedTask> SubmitAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var build = ReplicateRequest.Build(job);
        if (!build.Ok)
        {
            throw new ProviderException($"submit {job.Id}: {string.Join("; ", build.Problems)}", Acceptance.Rejected);
        }

        var model = ReplicateRequest.Map(job.Model).Endpoint;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"v1/models/{model}/predictions", UriKind.Relative))
        {
            Content = new StringContent(build.Body!.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        Authorize(request);
        request.Headers.Add("Prefer", "wait");
        using var response = await ProviderHttp.SendAsync(http, request, $"submit {job.Id}", cancellationToken);
        var body = await ProviderHttp.ReadJsonAsync(response, "submit", cancellationToken);
        return ParseCreate(body, response.Headers.Location, http.BaseAddress ?? DefaultBaseUrl) is var task && task.Completed is { } done
            ? task with { Completed = Redact(done) }
            : task;
    }

    public async Task<TaskPoll> PollAsync(SubmittedTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        using var request = new HttpRequestMessage(HttpMethod.Get, task.PollingUrl);
        Authorize(request);
        try
        {
            using var response = await ProviderHttp.SendAsync(http, request, $"poll {task.RequestId}", cancellationToken);
            return Redact(ParsePrediction(await ProviderHttp.ReadJsonAsync(response, "poll", cancellationToken)));
        }
        catch (ProviderException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return new TaskPoll(TaskState.NotFound, Detail: ex.Message);
        }
    }

    /// <summary>
    /// Reads a create answer. Polls <c>urls.get</c>, else the <c>Location</c> header (docs/providers.md#replicate-predictions-flow), else Replicate's
    /// <c>GET /v1/predictions/{id}</c>; a terminal answer is carried as <see cref="SubmittedTask.Completed"/>.
    /// </summary>
    internal static SubmittedTask ParseCreate(JsonElement prediction, Uri? location, Uri baseAddress)
    {
        var id = Text(prediction, "id") ?? throw new ProviderException("submit: response has no 'id'.", Acceptance.Ambiguous);
        var get = prediction.TryGetProperty("urls", out var urls) && Text(urls, "get") is { } g && Uri.TryCreate(g, UriKind.Absolute, out var u) ? u
            : location is not null ? new Uri(baseAddress, location)
            : new Uri(baseAddress, "v1/predictions/" + Uri.EscapeDataString(id));
        var poll = ParsePrediction(prediction);
        return new SubmittedTask(id, get, null) { Completed = poll.IsTerminal ? poll : null };
    }

    /// <summary>Maps a prediction object's <c>status</c> (docs/providers.md#replicate-statuses: six values) onto <see cref="TaskPoll"/>.</summary>
    internal static TaskPoll ParsePrediction(JsonElement prediction)
    {
        var error = Text(prediction, "error");
        return Text(prediction, "status") switch
        {
            "starting" => new TaskPoll(TaskState.Pending) { Queued = true },
            "processing" => new TaskPoll(TaskState.Pending),
            "succeeded" => Succeeded(prediction),
            "failed" when error is not null && IsModeration(error) => new TaskPoll(TaskState.ContentModerated, Detail: error),
            "failed" => new TaskPoll(TaskState.Failed, Detail: error ?? "prediction failed"),
            "canceled" => new TaskPoll(TaskState.Failed, Detail: error ?? "prediction canceled"),
            "aborted" => new TaskPoll(TaskState.Failed, Detail: error ?? "prediction aborted: its deadline passed before it started"),
            var other => new TaskPoll(TaskState.Failed, Detail: $"unknown status '{other}'"),
        };
    }

    private static TaskPoll Succeeded(JsonElement prediction)
    {
        if (prediction.TryGetProperty("data_removed", out var removed) && removed.ValueKind == JsonValueKind.True)
        {
            return new TaskPoll(TaskState.Failed, Detail: "output files already deleted (Replicate keeps API outputs for 1 hour)");
        }

        // FLUX models return one URI string (docs/providers.md#replicate-predictions-flow); an array of URIs is read defensively.
        var output = prediction.TryGetProperty("output", out var o) ? o : default;
        var url = output.ValueKind switch
        {
            JsonValueKind.String => output.GetString(),
            JsonValueKind.Array when output.GetArrayLength() > 0 && output[0].ValueKind == JsonValueKind.String => output[0].GetString(),
            _ => null,
        };
        if (string.IsNullOrEmpty(url))
        {
            return new TaskPoll(TaskState.Failed, Detail: "succeeded with a blank output");
        }

        if (DataUri.TryDecode(url, out var bytes, out var mediaType))
        {
            return new TaskPoll(TaskState.Ready, Progress: 1) { InlineImage = bytes, Reported = new ReportedImage(null, null, mediaType) };
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var sample)
            ? new TaskPoll(TaskState.Ready, sample, 1)
            : new TaskPoll(TaskState.Failed, Detail: "output is not an absolute URL");
    }

    // Replicate's safety checker fails the prediction with E005 "…flagged as sensitive…"; it is a moderation, not a fault.
    private static bool IsModeration(string error) =>
        error.Contains("(E005)", StringComparison.Ordinal) || error.Contains("flagged as sensitive", StringComparison.OrdinalIgnoreCase);

    private void Authorize(HttpRequestMessage request) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiToken);

    private TaskPoll Redact(TaskPoll poll) => poll.Detail is null ? poll : poll with { Detail = Redactor.Redact(poll.Detail, apiToken) };

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
