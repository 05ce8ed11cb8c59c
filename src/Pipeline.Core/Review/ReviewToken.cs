using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Review;

/// <summary>
/// The secret every request to the review server must carry: 32 random bytes, base64url. The printed URL carries it
/// as <c>?token=</c>; the page then sets it as an <c>HttpOnly; SameSite=Strict</c> cookie, which the page's
/// fetches and image loads send; scripts may send the <c>X-Review-Token</c> header instead. Compared in constant time.
/// </summary>
internal sealed class ReviewToken
{
    public const string Header = "X-Review-Token";

    private readonly byte[] _bytes;

    private ReviewToken(string value)
    {
        Value = value;
        _bytes = Encoding.ASCII.GetBytes(value);
    }

    public string Value { get; }

    public static ReviewToken Create() => new(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)));

    /// <summary>Cookies are not kept apart by port, so each server names its own.</summary>
    public static string CookieName(int port) => "pipeline_review_" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when the query, header or cookie of <paramref name="request"/> carries this token; <paramref name="fromQuery"/> says it came in the URL.</summary>
    public bool Accepts(HttpRequest request, int port, out bool fromQuery)
    {
        fromQuery = Matches(request.Query["token"]);
        return fromQuery || Matches(request.Headers[Header]) || Matches(request.Cookies[CookieName(port)]);
    }

    private bool Matches(string? candidate) =>
        candidate is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), _bytes);
}
