using System.Net.Http.Headers;
using System.Text.Json;
using Pipeline.Planning;
using Pipeline.Domain;

namespace Pipeline.Providers.Bfl;

/// <summary>
/// Black Forest Labs direct API (docs/providers.md#bfl): <c>POST /v1/{model}</c> with <c>x-key</c>, then
/// <c>GET polling_url</c> exactly as returned. Also serves <c>provider: sandbox</c>, which speaks this protocol, and
/// pass-throughs with another <see cref="BflDialect"/> (CometAPI: Bearer auth under <c>/flux/v1/</c>).
/// </summary>
/// <param name="http">A client whose <see cref="HttpClient.BaseAddress"/> is the API host (default <c>https://api.us1.bfl.ai/</c>).</param>
/// <param name="apiKey">Sent as <c>x-key</c> (or as the dialect says); never logged.</param>
/// <param name="dialect">Path prefix and auth of the host; default <see cref="BflDialect.Bfl"/>.</param>
internal sealed class BflProvider(HttpClient http, string apiKey, string name = "bfl", BflDialect? dialect = null) : IImageProvider
{
    private readonly BflDialect _dialect = dialect ?? BflDialect.Bfl;

    /// <summary>The finetune region (finetunes only run where they were trained; docs/providers.md#bfl-hosts-and-auth).</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.us1.bfl.ai/");

    /// <summary>1 credit = $0.01 (docs/providers.md#bfl-submit-response).</summary>
    public const decimal UsdPerCredit = 0.01m;

    public string Name { get; } = name;

    public async Task<SubmittedTask> SubmitAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var build = BflRequest.Build(Name, job);
        if (!build.Ok)
        {
            throw new ProviderException($"submit {job.Id}: {string.Join("; ", build.Problems)}", Acceptance.Rejected);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_dialect.PathPrefix + job.Model, UriKind.Relative))
        {
            Content = new StringContent(build.Body!.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        Authorize(request);
        using var response = await ProviderHttp.SendAsync(http, request, $"submit {job.Id}", cancellationToken);
        var body = await ProviderHttp.ReadJsonAsync(response, "submit", cancellationToken);
        return ParseSubmit(body, http.BaseAddress, _dialect);
    }

    public async Task<TaskPoll> PollAsync(SubmittedTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        using var request = new HttpRequestMessage(HttpMethod.Get, task.PollingUrl);
        Authorize(request);
        using var response = await ProviderHttp.SendAsync(http, request, $"poll {task.RequestId}", cancellationToken);
        var body = await ProviderHttp.ReadJsonAsync(response, "poll", cancellationToken);
        var poll = ParseResult(body);
        return poll.Detail is null ? poll : poll with { Detail = Redactor.Redact(poll.Detail, apiKey) };
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (_dialect.BearerAuth)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        else
        {
            request.Headers.Add("x-key", apiKey);
        }
    }

    /// <summary>Reads either submit shape: <c>AsyncResponse</c> or <c>AsyncWebhookResponse</c> (no <c>polling_url</c>; docs/providers.md#bfl-submit-response).</summary>
    internal static SubmittedTask ParseSubmit(JsonElement body, Uri? baseAddress, BflDialect? dialect = null)
    {
        dialect ??= BflDialect.Bfl;
        var host = baseAddress ?? DefaultBaseUrl;
        var id = body.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
            ? idElement.GetString()!
            : throw new ProviderException("submit: response has no 'id'.", Acceptance.Ambiguous);
        Uri pollingUrl;
        if (body.TryGetProperty("polling_url", out var url) && url.ValueKind == JsonValueKind.String
            && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var parsed)
            && (!dialect.PollOnSameHost || Uri.Compare(parsed, host, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0))
        {
            pollingUrl = parsed;
        }
        else
        {
            // Webhook-shaped answer, or a pass-through polling_url on another host: get_result on the host that
            // accepted the task is the documented fallback (docs/providers.md#bfl-submit-response; CometAPI: GET /flux/v1/get_result, docs/providers.md#cometapi-bfl-pass-through).
            pollingUrl = new Uri(host, dialect.PathPrefix + "get_result?id=" + Uri.EscapeDataString(id));
        }

        decimal? cost = body.TryGetProperty("cost", out var c) && c.ValueKind == JsonValueKind.Number
            ? c.GetDecimal() * UsdPerCredit
            : null;
        return new SubmittedTask(id, pollingUrl, cost);
    }

    /// <summary>Maps a <c>get_result</c> body onto <see cref="TaskPoll"/> (docs/providers.md#bfl-polling). Unknown statuses are failures.</summary>
    internal static TaskPoll ParseResult(JsonElement body)
    {
        var status = body.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : string.Empty;
        double? progress = body.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble() : null;
        var details = body.TryGetProperty("details", out var d) && d.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? Describe(d) : null;
        return status switch
        {
            "Pending" => new TaskPoll(TaskState.Pending, Progress: progress),
            "Ready" => Ready(body),
            "Request Moderated" => new TaskPoll(TaskState.RequestModerated, Detail: details ?? status),
            "Content Moderated" => new TaskPoll(TaskState.ContentModerated, Detail: details ?? status),
            "Task not found" => new TaskPoll(TaskState.NotFound, Detail: "Task not found"),
            "Error" or "Failed" => new TaskPoll(TaskState.Failed, Detail: details ?? status),
            _ => new TaskPoll(TaskState.Failed, Detail: $"unknown status '{status}'"),
        };
    }

    private static TaskPoll Ready(JsonElement body)
    {
        if (!body.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object
            || !result.TryGetProperty("sample", out var sample) || sample.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(sample.GetString(), UriKind.Absolute, out var sampleUrl))
        {
            return new TaskPoll(TaskState.Failed, Detail: "Ready without result.sample");
        }

        long? seed = result.TryGetProperty("seed", out var seedElement) && seedElement.ValueKind == JsonValueKind.Number && seedElement.TryGetInt64(out var value) ? value : null;
        TimeSpan? duration = result.TryGetProperty("duration", out var d) && d.ValueKind == JsonValueKind.Number && d.GetDouble() is > 0 and < 86400 and var seconds
            ? TimeSpan.FromSeconds(seconds)
            : null;
        return new TaskPoll(TaskState.Ready, sampleUrl, Progress: 1, Seed: seed) { ServiceTime = duration };
    }

    private static string Describe(JsonElement details)
    {
        if (details.ValueKind == JsonValueKind.Object && details.TryGetProperty("Moderation Reasons", out var reasons)
            && reasons.ValueKind == JsonValueKind.Array)
        {
            return string.Join(", ", reasons.EnumerateArray().Select(r => r.ToString()));
        }

        var raw = details.GetRawText();
        return raw.Length > 300 ? raw[..300] : raw;
    }
}
