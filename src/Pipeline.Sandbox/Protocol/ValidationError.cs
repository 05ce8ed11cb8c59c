using System.Text.Json.Nodes;

namespace Pipeline.Sandbox.Protocol;

/// <summary>One entry of FastAPI's <c>HTTPValidationError.detail</c>: where, what, and pydantic's error type.</summary>
internal sealed record ValidationError(JsonArray Loc, string Msg, string Type)
{
    public static ValidationError Body(string field, string msg, string type) => new(["body", field], msg, type);
}
