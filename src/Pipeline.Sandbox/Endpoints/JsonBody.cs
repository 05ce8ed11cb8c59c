using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Pipeline.Sandbox.Protocol;

namespace Pipeline.Sandbox.Endpoints;

/// <summary>A request body parsed as a JSON object, or the FastAPI validation error for why it is not one.</summary>
internal sealed class JsonBody : IDisposable
{
    private readonly JsonDocument? _document;

    private JsonBody(JsonDocument? document, ValidationError? error)
    {
        _document = document;
        Error = error;
    }

    public ValidationError? Error { get; }

    public JsonElement Root => _document?.RootElement ?? throw new InvalidOperationException("The body is not a JSON object.");

    public static async Task<JsonBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            return new JsonBody(null, new ValidationError(["body"], "Field required", "missing"));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException exception)
        {
            return new JsonBody(null, new ValidationError(["body", exception.BytePositionInLine ?? 0], "JSON decode error", "json_invalid"));
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return new JsonBody(
                null, new ValidationError(["body"], "Input should be a valid dictionary or object to extract fields from", "model_attributes_type"));
        }

        return new JsonBody(document, null);
    }

    public void Dispose() => _document?.Dispose();
}
