using Pipeline.Providers;

namespace Pipeline.Execution;

/// <summary>A task the provider acknowledged, and the concurrency permit held for it until it is terminal.</summary>
internal readonly record struct Submission(SubmittedTask Task, IDisposable Permit);
