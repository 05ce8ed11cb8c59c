using System.Buffers.Binary;
using System.Globalization;

namespace Pipeline.Domain;

/// <summary>
/// One part of a campaign split across processes (<c>--shard i/n</c>, 1-based): a deterministic partition of
/// the job ids, so every machine computes the same split without talking to the others.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The whole campaign (<c>1/1</c>).</summary>
    public static Shard Whole { get; } = new(1, 1);

    public bool IsWhole => Count == 1;

    /// <summary>File-name suffix: empty for the whole campaign, else <c>.shard-2-of-4</c>.</summary>
    public string Suffix => IsWhole ? string.Empty : string.Create(CultureInfo.InvariantCulture, $".shard-{Index}-of-{Count}");

    /// <summary>Parses <c>i/n</c> with 1 ≤ i ≤ n ≤ 1024.</summary>
    /// <exception cref="FormatException">The text is not of that form; the message says what is allowed.</exception>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count is >= 1 and <= 1024 && index >= 1 && index <= count)
        {
            return new Shard(index, count);
        }

        throw new FormatException($"--shard '{text}': expected i/n with 1 ≤ i ≤ n ≤ 1024, e.g. 1/4.");
    }

    /// <summary>Whether <paramref name="id"/> falls in this shard (its first 32 bits modulo the shard count).</summary>
    public bool Contains(JobId id)
    {
        if (IsWhole)
        {
            return true;
        }

        var bucket = BinaryPrimitives.ReadUInt32BigEndian(Convert.FromHexString(id.Value.AsSpan(0, 8)));
        return bucket % (uint)Count == (uint)(Index - 1);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
