using System.Globalization;
using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Verification;

/// <summary>
/// <c>pipeline verify</c>: re-checks a campaign folder against its own records (every audit log and ledger, all
/// shards) without calling any provider. Kept files must match their audit row, sidecar and embedded record;
/// files no row claims are orphans; the ledgers must have no paid task without an outcome.
/// </summary>
public static class CampaignVerifier
{
    /// <summary>Checks every job and file of <paramref name="folder"/>.</summary>
    /// <exception cref="FormatException">An audit row has a value the contract does not allow.</exception>
    public static CampaignVerification Run(CampaignFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var audit = CampaignAudit.Read(folder);
        var ledgerPaths = folder.AllLedgerPaths();
        var entries = ledgerPaths.SelectMany(Ledger.Read).OrderBy(e => e.At).ToList();
        var requestIds = entries
            .Where(e => e.RequestId is not null)
            .GroupBy(e => e.JobId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(e => e.RequestId!).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        IReadOnlySet<string> none = new HashSet<string>(StringComparer.Ordinal);

        var checks = audit.Latest
            .AsParallel()
            .AsOrdered()
            .Select(row => Check(folder, row, ledgerPaths.Count == 0 ? null : requestIds.GetValueOrDefault(row.JobId, none)))
            .ToList();
        checks.AddRange(Orphans(folder, audit));
        checks.AddRange(LedgerGaps(audit, entries));
        checks.AddRange(RenditionFileCheck.Run(folder));
        return new CampaignVerification(folder, checks, audit.Logs.Count, ledgerPaths.Count, audit.TornBytes);
    }

    private static FileCheck Check(CampaignFolder folder, AuditRow row, IReadOnlySet<string>? ledgerRequestIds)
    {
        var status = row.Status.ToWire();
        if (row.Status == JobStatus.Succeeded)
        {
            return KeptFileCheck.Run(folder, row, ledgerRequestIds);
        }

        if (row.File is { } file && row.Status is JobStatus.VerificationFailed or JobStatus.NsfwFlagged)
        {
            var present = File.Exists(Path.Combine(folder.Root, file)) ? row.Verification : "quarantined file is gone";
            return new FileCheck(file, row.JobId, status, CheckResult.Quarantined, [present]);
        }

        return new FileCheck(null, row.JobId, status, CheckResult.NoOutput, [row.Detail ?? status]);
    }

    private static IEnumerable<FileCheck> Orphans(CampaignFolder folder, CampaignAudit audit)
    {
        if (!Directory.Exists(folder.ImagesDir))
        {
            yield break;
        }

        var claimed = audit.Rows.Where(r => r.File is not null).Select(r => r.File!).ToHashSet(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder.ImagesDir).Order(StringComparer.Ordinal))
        {
            var file = folder.Relative(path);
            if (file.EndsWith(".json", StringComparison.Ordinal))
            {
                if (!claimed.Contains(file[..^".json".Length]))
                {
                    yield return new FileCheck(file, null, null, CheckResult.Orphan, ["sidecar of an image no audit row claims"]);
                }
            }
            else if (!claimed.Contains(file))
            {
                yield return new FileCheck(file, null, null, CheckResult.Orphan, ["no audit row claims this file"]);
            }
        }
    }

    /// <summary>Paid tasks with no outcome after them, and settled jobs that no audit log records.</summary>
    private static IEnumerable<FileCheck> LedgerGaps(CampaignAudit audit, IReadOnlyList<LedgerEntry> entries)
    {
        var latest = audit.Latest.ToDictionary(r => r.JobId, StringComparer.Ordinal);
        // A crash between the audit row and the ledger's "settled" leaves a recorded outcome: that is fine.
        foreach (var (jobId, entry) in Ledger.Replay(entries).Open(audit.Rows).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var at = entry.At.UtcDateTime.ToString(AuditColumns.TimeFormat, CultureInfo.InvariantCulture);
            yield return new FileCheck(null, jobId, latest.GetValueOrDefault(jobId)?.Status.ToWire(), CheckResult.InFlight, [$"request {entry.RequestId} submitted {at} has no outcome; run again to re-attach"]);
        }

        foreach (var settled in entries.Where(e => e.Type == LedgerEntry.SettledType && !latest.ContainsKey(e.JobId)).DistinctBy(e => e.JobId))
        {
            yield return new FileCheck(null, settled.JobId, settled.Status, CheckResult.Unaudited, [$"ledger settled it as {settled.Status} but no audit log has a row for it"]);
        }
    }
}
