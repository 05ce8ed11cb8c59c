using System.Globalization;
using Pipeline.Planning;
using Pipeline.Providers;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// Before a run: would the jobs still to render, at list price, plus what the campaign has already spent, fit the
/// budget? Reads the audit log and ledger of the campaign folder, writes nothing. The executor's <see cref="Budget"/>
/// still guards every single submit; this check only refuses to start a run that cannot finish.
/// </summary>
internal static class BudgetPreflight
{
    /// <returns>The campaign's history as read for the check (the run refreshes it under its lock), or null when there is no check.</returns>
    /// <exception cref="PlanOverBudgetException">The estimate exceeds <paramref name="capUsd"/> and partial runs are not allowed.</exception>
    /// <param name="selection"><c>--only</c>: only the selected jobs count; null: every job.</param>
    /// <param name="force"><c>--force</c>: the selected verified jobs render again, and their price counts.</param>
    /// <param name="baseUrl">The run's <c>--base-url</c> (which open tasks it can re-attach to).</param>
    public static CampaignHistory? Check(Plan plan, CampaignFolder folder, JobSelection? selection, bool force, Uri? baseUrl, decimal? capUsd, string capSource, bool allowPartial, CancellationToken cancellationToken)
    {
        if (capUsd is not { } cap || allowPartial)
        {
            return null;
        }

        var history = CampaignHistory.Load(folder, plan.Manifest.Provider, cancellationToken);
        var work = RunWork.Of(plan, folder, selection, force, history, RunWork.ReattachableBeforeStart(plan.Manifest.Provider, baseUrl));
        var pending = work.Pending;
        var spent = history.SpentBefore(work.Reattach);
        var price = ModelCatalog.Models.TryGetValue(plan.Manifest.Model, out var model) ? model.PriceUsd : 0m;
        var needed = price * pending.Count;
        if (spent + needed <= cap)
        {
            return history;
        }

        throw new PlanOverBudgetException(string.Create(
            CultureInfo.InvariantCulture,
            $"the plan needs an estimated ${spent + needed:0.00}: {pending.Count} jobs still to render × ${price} list price = ${needed:0.00}, plus ${spent:0.00} already spent; "
            + $"the budget is ${cap} ({capSource}). Raise the budget, shrink the matrix, or pass --allow-partial to render what fits and record the rest as skipped_budget."));
    }
}
