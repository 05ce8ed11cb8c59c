using System.Security.Cryptography;

namespace Pipeline.Imaging;

/// <summary>SHA-256 of a file as stored, lowercase hex (the form of the audit <c>sha256</c> column).</summary>
internal static class FileHash
{
    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
