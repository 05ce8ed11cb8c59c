using System.Collections.Concurrent;
using System.Security.Cryptography;
using Pipeline.Sandbox.Imaging;

namespace Pipeline.Sandbox.Delivery;

/// <summary>
/// Issues opaque, expiring sample URLs, one per poll of a Ready task (so a client can re-poll after expiry),
/// and remembers which tasks have been downloaded. Tokens are random, not seeded: they never change behaviour.
/// </summary>
internal sealed class DeliveryBoard(TimeSpan lifetime)
{
    private const int PruneThreshold = 4096;

    private readonly ConcurrentDictionary<string, DeliveryTicket> _tickets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _downloadedTasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeliveryTicket> _fixedByTask = new(StringComparer.Ordinal);

    public DeliveryTicket Issue(string taskId, ImageSpec image, DateTimeOffset now)
    {
        if (_tickets.Count > PruneThreshold)
        {
            Prune(now);
        }

        var ticket = new DeliveryTicket(RandomNumberGenerator.GetHexString(32, lowercase: true), taskId, image, now + lifetime);
        _tickets[ticket.Token] = ticket;
        return ticket;
    }

    /// <summary>
    /// One stable URL per task that expires at <paramref name="expiresAt"/> (fal, Replicate and OpenAI hand out one
    /// URL per result, unlike BFL's per-poll samples).
    /// </summary>
    public DeliveryTicket IssueOnce(string taskId, ImageSpec image, DateTimeOffset expiresAt) =>
        _fixedByTask.GetOrAdd(taskId, id =>
        {
            var ticket = new DeliveryTicket(RandomNumberGenerator.GetHexString(32, lowercase: true), id, image, expiresAt);
            _tickets[ticket.Token] = ticket;
            return ticket;
        });

    public DeliveryTicket? Find(string token) => _tickets.GetValueOrDefault(token);

    /// <summary>True exactly once per task: for its first download.</summary>
    public bool IsFirstDownload(string taskId) => _downloadedTasks.TryAdd(taskId, true);

    // Expired tickets are kept for one more lifetime so late downloads still get 403, not 404.
    private void Prune(DateTimeOffset now)
    {
        foreach (var (token, ticket) in _tickets)
        {
            if (ticket.ExpiresAt + lifetime < now)
            {
                _tickets.TryRemove(token, out _);
            }
        }
    }
}
