using Pipeline.Manifests.Reading;
using Pipeline.Notifications;

namespace Pipeline.Scheduling;

/// <summary>Reads <c>notify: {webhook: URL, on: [succeeded, failed, budget, interrupted]}</c>, at the top or in an entry.</summary>
internal static class NotifyReader
{
    private static readonly string[] Keys = ["webhook", "on"];

    public static NotifySettings? Read(Fields owner, ReadContext cx)
    {
        var path = owner.PathOf("notify");
        if (cx.Mapping(owner.Optional("notify", "a mapping with webhook and on"), path, "notify", Keys) is not { } fields)
        {
            return null;
        }

        const string Expected = "an absolute http(s) URL";
        Uri? webhook = null;
        if (cx.Text(fields.Required("webhook", Expected), fields.PathOf("webhook"), Expected) is { } text)
        {
            webhook = Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
            if (webhook is null)
            {
                // The URL is often a secret (Slack's hook path): never echo it.
                cx.Error(fields.PathOf("webhook"), $"the webhook is not {Expected}");
            }
        }

        var on = new HashSet<RunEnding>();
        if (fields.Has("on"))
        {
            var items = cx.List(fields.Optional("on", "a list of run endings"), fields.PathOf("on"), "run endings") ?? [];
            for (var i = 0; i < items.Count; i++)
            {
                var itemPath = ReadContext.Index(fields.PathOf("on"), i);
                if (cx.OneOf(items[i], itemPath, "on", RunEndings.Names) is { } name)
                {
                    on.Add(RunEndings.Parse(name)!.Value);
                }
            }
        }

        return webhook is null ? null : new NotifySettings(webhook, fields.Has("on") ? on : NotifySettings.Always);
    }
}
