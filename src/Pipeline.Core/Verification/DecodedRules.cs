using System.Globalization;
using Pipeline.Domain;
using Pipeline.Imaging.Decoding;

namespace Pipeline.Verification;

/// <summary>
/// The rules that need the decoded image: its soundness, the displayed size (EXIF orientation), blank pixels under
/// <c>verify.blank</c>, and the notes kept in the audit <c>verification</c> column (bytes after the end, a declared
/// type that names another image format, an EXIF rotation).
/// </summary>
internal static class DecodedRules
{
    public static void Apply(VerifyInput input, DecodeVerdict decoded, VerificationRules rules, List<string> problems, List<string> notes)
    {
        if (!decoded.Ok)
        {
            problems.Add(decoded.Problem ?? "failed");
        }

        if (!decoded.IsImage())
        {
            return;
        }

        var actual = decoded.Format == BodyKind.Webp ? "webp" : input.Facts.Format!;
        Verifier.FormatProblems(input.Job, actual, null, rules, problems);
        if (BodyKinds.FromContentType(input.ContentType) is { } declared && declared != decoded.Format)
        {
            notes.Add($"declared {input.ContentType!.Split(';', 2)[0].Trim()}, bytes are {decoded.Format.Name()}");
        }

        if (!decoded.Ok)
        {
            return;
        }

        if (SizeProblem(input, decoded, rules) is { } size)
        {
            problems.Add(size);
        }

        if (decoded.Blank is { IsBlank: true } blank && rules.Blank != BlankPolicy.Allow)
        {
            (rules.Blank == BlankPolicy.Fail ? problems : notes).Add(blank.Describe()!);
        }

        if (decoded.TrailingBytes > 0)
        {
            var end = decoded.Format switch { BodyKind.Jpeg => "EOI", BodyKind.Png => "IEND", _ => "end of image" };
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{decoded.TrailingBytes} bytes after {end}"));
        }

        if (decoded.Orientation != 1)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"EXIF orientation {decoded.Orientation}"));
        }
    }

    /// <summary>The displayed size against the expected one; an EXIF rotation that turns a right raster wrong says so.</summary>
    private static string? SizeProblem(VerifyInput input, DecodeVerdict decoded, VerificationRules rules)
    {
        var displayed = new ImageSize(decoded.DisplayWidth!.Value, decoded.DisplayHeight!.Value);
        if (Verifier.SizeProblem(displayed, input.Job, input.FillInputSize, rules) is not { } problem)
        {
            return null;
        }

        return decoded.Orientation != 1 && Verifier.ExpectedSize(input.Job, input.FillInputSize) is { } expected
            ? OrientationCheck.Mismatch(decoded, expected.Width, expected.Height) ?? problem
            : problem;
    }
}
