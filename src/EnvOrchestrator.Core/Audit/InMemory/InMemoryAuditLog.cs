namespace EnvOrchestrator.Core.Audit.InMemory;

/// <summary>An <see cref="IAuditLog"/> in memory, ordered and paged exactly as the table one.</summary>
public sealed class InMemoryAuditLog : IAuditLog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedList<string, AuditEntry>> _projects = new(StringComparer.Ordinal);

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (!_projects.TryGetValue(entry.Project, out var log))
            {
                _projects[entry.Project] = log = new SortedList<string, AuditEntry>(StringComparer.Ordinal);
            }

            log.Add(AuditCursor.For(entry.At).ToString(), entry);
        }

        return Task.CompletedTask;
    }

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var from = (query.After ?? AuditCursor.Start(query.From)).ToString();
        var to = AuditCursor.Start(query.To).ToString();
        lock (_gate)
        {
            if (!_projects.TryGetValue(query.Project, out var log))
            {
                return Task.FromResult(new AuditPage([], null));
            }

            var inRange = log.Where(e => string.CompareOrdinal(e.Key, from) > 0 && string.CompareOrdinal(e.Key, to) < 0).Take(query.PageSize + 1).ToList();
            var page = inRange.Take(query.PageSize).ToList();
            var next = inRange.Count > query.PageSize ? AuditCursor.Parse(page[^1].Key) : null;
            return Task.FromResult(new AuditPage([.. page.Select(e => e.Value)], next));
        }
    }
}
