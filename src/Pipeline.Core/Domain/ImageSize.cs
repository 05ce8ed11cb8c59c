namespace Pipeline.Domain;

/// <summary>A <c>WIDTHxHEIGHT</c> pixel size (for <c>flux-pro-finetuned</c>).</summary>
public readonly record struct ImageSize(int Width, int Height)
{
    public override string ToString() => $"{Width}x{Height}";
}
