using Pipeline.Sandbox.Imaging;

namespace Pipeline.Sandbox.Delivery;

/// <summary>One issued sample URL: which task's image it serves and until when.</summary>
internal sealed record DeliveryTicket(string Token, string TaskId, ImageSpec Image, DateTimeOffset ExpiresAt)
{
    public string FileName => Image.Format == ImageFormat.Png ? "sample.png" : "sample.jpg";

    public string ContentType => Image.Format == ImageFormat.Png ? "image/png" : "image/jpeg";
}
