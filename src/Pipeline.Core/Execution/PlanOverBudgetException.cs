namespace Pipeline.Execution;

/// <summary>
/// The plan's estimate (list price × jobs still to render, plus spend already recorded) exceeds the budget, and
/// <c>--allow-partial</c> was not given. Nothing was called or written; the CLI exits 2.
/// </summary>
public sealed class PlanOverBudgetException : Exception
{
    public PlanOverBudgetException()
    {
    }

    public PlanOverBudgetException(string message)
        : base(message)
    {
    }

    public PlanOverBudgetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
