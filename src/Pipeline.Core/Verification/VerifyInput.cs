using Pipeline.Manifests;
using Pipeline.Planning;
using Pipeline.Domain;
using Pipeline.Imaging;

namespace Pipeline.Verification;

/// <summary>One output to verify: the job it answers, what its bytes are, and what else is known about it.</summary>
/// <param name="Nsfw">The provider flagged the output.</param>
/// <param name="DeclaredFormat">
/// The format the file claims by its name or HTTP content type (<c>jpeg</c>, <c>png</c>); null when nothing claims one.
/// </param>
/// <param name="FillInputSize">
/// For fill models, the size of the input image (the output follows it); null when unknown, which skips the size
/// rule. Taken from the job's input image once jobs carry one.
/// </param>
/// <param name="Decoded">The decoding verdict (<see cref="ImageVerification.Decode"/>); when given, it replaces the header-only integrity checks.</param>
/// <param name="ContentType">The response's Content-Type, compared with what the bytes are.</param>
/// <param name="Reported">What the provider said the image is (fal <c>images[]</c> width, height, content type); each value it gives must match the file.</param>
internal sealed record VerifyInput(Job Job, ImageFacts Facts, bool Nsfw, string? DeclaredFormat = null, ImageSize? FillInputSize = null, Providers.ReportedImage? Reported = null, Imaging.Decoding.DecodeVerdict? Decoded = null, string? ContentType = null);
