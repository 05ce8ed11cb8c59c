namespace Pipeline.Domain;

/// <summary>How a model is sized.</summary>
public enum ModelShape
{
    /// <summary>FLUX1.1 [pro] Ultra: <c>aspect_ratio</c>, ≈4 MP output from a fixed table.</summary>
    Ultra,

    /// <summary>FLUX.1 [pro]: explicit <c>width</c>/<c>height</c>, multiples of 32 in 256–1440.</summary>
    Sized,

    /// <summary>FLUX.1 Fill [pro]: the size comes from the input image.</summary>
    Fill,
}

/// <summary>A model's capabilities and list price.</summary>
/// <param name="Name">BFL's model name, the manifest's <c>model</c>.</param>
/// <param name="Finetuned">Requires <c>finetune_id</c> and takes a strength.</param>
/// <param name="PriceUsd">Per image, BFL direct list price.</param>
/// <param name="DefaultStrength">The host's default strength (sent explicitly, since hosts disagree).</param>
public sealed record ModelSpec(string Name, ModelShape Shape, bool Finetuned, decimal PriceUsd, decimal? DefaultStrength);
