namespace Pipeline.Sandbox.Protocol;

/// <summary>How a model decides its output size.</summary>
internal enum ModelShape
{
    /// <summary><c>aspect_ratio</c> → the Ultra table.</summary>
    Ultra,

    /// <summary><c>width</c>/<c>height</c>, multiples of 32 in 256–1440.</summary>
    Sized,

    /// <summary>The size of the input <c>image</c>.</summary>
    Fill,
}

/// <summary>An inclusive numeric range with the value BFL uses when the field is absent.</summary>
internal readonly record struct FieldRange(double Min, double Max, double Default);

/// <summary>One BFL endpoint the sandbox serves (docs/providers.md#bfl-request-fields, prices docs/providers.md#prices).</summary>
/// <param name="Cost">Credits reported on submit and charged when the task ends Ready.</param>
/// <param name="DefaultStrength">Finetune strength when absent; null for base models.</param>
/// <param name="Steps">Range of <c>steps</c>, or null when the endpoint has no such field.</param>
/// <param name="Guidance">Range of <c>guidance</c>, or null when the endpoint has no such field.</param>
internal sealed record BflModel(
    string Name, ModelShape Shape, int Cost, double? DefaultStrength, FieldRange? Steps, FieldRange? Guidance)
{
    public bool Finetuned => DefaultStrength is not null;
}
