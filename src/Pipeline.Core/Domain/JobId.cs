namespace Pipeline.Domain;

/// <summary>
/// Content address of a job: the first 16 hex digits of the SHA-256 of its canonical request
/// (provider, model, finetune, prompt text, strength, seed, ratio or size, fixed params).
/// Equal requests have equal ids on every machine and in every run.
/// </summary>
public readonly record struct JobId(string Value)
{
    public override string ToString() => Value;
}
