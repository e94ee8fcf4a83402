namespace EnvOrchestrator.Core.Audit;

/// <summary>The append-only audit log: entries are added and read per project and time range, never changed or removed.</summary>
public interface IAuditLog
{
    /// <summary>Adds <paramref name="entry"/>; it is durable when the task completes.</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The project's entries in <paramref name="query"/>'s time range, oldest first, a page at a time.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}

/// <summary>Which entries to read: a project, a half-open time range <c>[From, To)</c>, a page size and where to go on.</summary>
public sealed record AuditQuery(string Project, DateTimeOffset From, DateTimeOffset To, int PageSize, AuditCursor? After);

/// <summary>A page of entries and the cursor of the next page (null on the last one).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, AuditCursor? Next);
