namespace EnvOrchestrator.Lifecycle.Contracts;

/// <summary>A call a transport answered that asked for a change: who, for whom, what, on what, and the answer.</summary>
public sealed record AuditedCall(string Project, string Actor, string? OnBehalfOf, string Action, string Target, string Outcome, string? Detail);

/// <summary>A project's audit entries in <c>[From, To)</c> (defaults: the last 7 days up to now), a page at a time.</summary>
public sealed record AuditLogQuery(string Project)
{
    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public int PageSize { get; init; } = ListEnvironmentsQuery.DefaultPageSize;

    public string? ContinuationToken { get; init; }
}

/// <summary>One audit entry as callers see it.</summary>
public sealed record AuditEntryView(
    DateTimeOffset At, string Actor, string? OnBehalfOf, string Action, string Target, string Outcome, string? Detail);

/// <summary>A page of audit entries, oldest first, and the token of the next page (null on the last).</summary>
public sealed record AuditPageView(IReadOnlyList<AuditEntryView> Items, string? ContinuationToken);
